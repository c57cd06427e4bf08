import CallAggregate
import CallModel
import Foundation
import Logging

/// The metrics.json a report compares itself with: the settings' `compareTo`
/// folder, else the previous period's folder under the output folder.
enum PreviousReport {
    /// `nil` when there is none to compare with. A chosen folder without a
    /// readable metrics.json is an error; the default folder's only a warning.
    static func metrics(for period: ReportPeriod, settings: ReportSettings, warnings: inout Warnings)
        throws(PipelineError) -> Metrics?
    {
        let folder = settings.compareTo ?? settings.reportFolder(for: period.previous)
        let file = folder.appendingPathComponent("metrics.json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            if let chosen = settings.compareTo { throw .compareToMissing(chosen.path) }
            return nil
        }
        do {
            return try MetricsJSON.decode(Data(contentsOf: file))
        } catch {
            if settings.compareTo != nil { throw .compareToUnreadable(file.path, reason: "\(error)") }
            warnings.add("\(file.path) could not be read (\(error)); no comparison this time.")
            return nil
        }
    }
}
