import CallAggregate
import CallModel
import Foundation
import Logging

/// The metrics.json a report compares itself with: the settings' `compareTo`
/// folder, else the previous period's folder under the output folder.
///
/// A comparison is made only with a report of the same length, campaigns and
/// service-level threshold (SPEC §5); otherwise ``Lookup/note`` says why there is none.
enum PreviousReport {
    struct Lookup {
        var metrics: Metrics?
        /// Why there is no comparison, for the summary; `nil` when there is one.
        var note: String?
    }

    /// A chosen folder without a readable metrics.json is an error; the default folder's only a warning.
    static func lookup(for period: ReportPeriod, settings: ReportSettings, warnings: inout Warnings)
        throws(PipelineError) -> Lookup
    {
        let folder = settings.compareTo ?? settings.reportFolder(for: period.previous)
        let file = folder.appendingPathComponent("metrics.json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            if let chosen = settings.compareTo { throw .compareToMissing(chosen.path) }
            return Lookup(
                note: "there is no earlier report of \(settings.reportLabel(for: period.previous)) to compare with.")
        }
        let previous: Metrics
        do {
            previous = try MetricsJSON.decode(Data(contentsOf: file))
        } catch {
            if settings.compareTo != nil { throw .compareToUnreadable(file.path, reason: ErrorText.phrase(error)) }
            warnings.add("\(file.path) could not be read (\(ErrorText.phrase(error))); no comparison this time.")
            return Lookup(note: "the earlier report's metrics.json could not be read.")
        }
        if let reason = mismatch(previous.period, period: period, settings: settings) {
            return Lookup(note: reason)
        }
        return Lookup(metrics: previous)
    }

    /// Why a report of `earlier` cannot be compared with this one, or `nil` when it can. "The same
    /// length" is a whole month for a month (30 days compare with 31), else the same number of days.
    static func mismatch(_ earlier: PeriodInfo, period: ReportPeriod, settings: ReportSettings) -> String? {
        let range = "\(earlier.from) to \(earlier.to)"
        if period.requestedTo != nil {
            return "this report is partial (data through \(period.to)); it is compared once its period is complete."
        }
        if earlier.requestedTo != nil {
            return "the earlier report (\(range)) was partial."
        }
        guard let from = LocalDate(earlier.from), let to = LocalDate(earlier.to) else {
            return "the earlier report's period (\(range)) cannot be read."
        }
        if period.isWholeMonth {
            guard from.day == 1, to.year == from.year, to.month == from.month,
                to.day == LocalDate.daysIn(year: from.year, month: from.month)
            else { return "the earlier report (\(range)) is not a whole month, and this one is." }
        } else if from.days(to: to) + 1 != period.dayCount {
            return "the earlier report (\(range)) covers \(from.days(to: to) + 1) day(s), this one \(period.dayCount)."
        }
        if earlier.serviceLevelSeconds != settings.serviceLevelSeconds {
            return "the earlier report (\(range)) counts service level within \(earlier.serviceLevelSeconds) s, "
                + "this one within \(settings.serviceLevelSeconds) s."
        }
        let theirs = Set((earlier.campaigns ?? []).map { $0.lowercased() })
        let ours = Set(settings.campaigns.map { $0.lowercased() })
        if theirs != ours {
            let describe = { (names: [String]?) in
                (names ?? []).isEmpty ? "every campaign" : "campaigns " + (names ?? []).joined(separator: ", ")
            }
            return "the earlier report (\(range)) covers \(describe(earlier.campaigns)), "
                + "this one \(describe(settings.campaigns))."
        }
        return nil
    }
}
