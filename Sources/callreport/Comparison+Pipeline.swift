import CallAggregate
import CallModel
import Foundation

extension ReportPeriod {
    /// The previous period of the same length: the month before for a
    /// month (`2026-09` before `2026-10`), else the N days before `from`.
    var previous: ReportPeriod {
        if label.count == 7, from.day == 1 {
            let year = from.month == 1 ? from.year - 1 : from.year
            let month = from.month == 1 ? 12 : from.month - 1
            let text = "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
            if let period = ReportPeriod(month: text) { return period }
        }
        let days = from.days(to: to) + 1
        return ReportPeriod(from: from.adding(days: -days), to: from.adding(days: -1))!
    }
}

/// Finds and reads the metrics.json to compare with (`--compare-to`, else
/// the previous period's folder under `--output`).
enum PreviousMetrics {
    static func load(period: ReportPeriod, options: ReportOptions) throws -> Metrics? {
        let explicit = options.compareTo.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let folder =
            explicit
            ?? URL(fileURLWithPath: options.output, isDirectory: true)
            .appendingPathComponent(period.previous.label, isDirectory: true)
        let file = folder.appendingPathComponent("metrics.json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            if let explicit {
                throw ConfigurationError("--compare-to \(explicit.path): there is no metrics.json in that folder.")
            }
            return nil
        }
        do {
            return try MetricsJSON.decode(Data(contentsOf: file))
        } catch {
            if explicit != nil {
                throw ConfigurationError("--compare-to: \(file.path) is not a callreport metrics.json: \(error).")
            }
            Console.progress("warning: \(file.path) could not be read (\(error)); no comparison this time.")
            return nil
        }
    }
}
