import CallModel
import CallPipeline
import Foundation
import InMemoryLogging
import Logging

/// A fresh folder under the system's temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "callpipeline-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The repository's templates folder.
let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates", isDirectory: true)

/// Settings for a report of `period` written under `folder`, with the repository's templates.
func settings(_ period: ReportPeriod?, in folder: URL) -> ReportSettings {
    var settings = ReportSettings(period: period)
    settings.output = folder.appendingPathComponent("reports", isDirectory: true)
    settings.templates = templatesFolder
    settings.cloudAgent.archive = folder.appendingPathComponent("archive", isDirectory: true)
    return settings
}

/// A pipeline whose log lines are kept in memory, and read no real environment.
func pipeline(_ settings: ReportSettings, environment: [String: String] = ["SOURCE_DATE_EPOCH": "1767225600"])
    -> (CallPipeline, InMemoryLogHandler)
{
    let handler = InMemoryLogHandler()
    let logger = Logger(label: "test") { _ in handler }
    return (CallPipeline(settings: settings, logger: logger, environment: environment), handler)
}

/// A response body as CloudAgent writes it, with one record per start time.
func responseBody(_ starts: [String], ucidPrefix: String = "U") -> Data {
    let records = starts.enumerated().map { index, start in
        """
        {"UCID":"\(ucidPrefix)\(index)","StartTime":"\(start)","EndTime":"\(start)","Status":"Answered",\
        "AgentID":"a1","AgentName":"Asha","Skill":"Sales","CampaignName":"Inbound","TimeToAnswer":"00:00:05",\
        "Duration":"00:01:00"}
        """
    }
    return Data(#"{"status":"success","message":["#.utf8 + Data(records.joined(separator: ",").utf8) + Data("]}".utf8))
}

extension ReportPeriod {
    static func days(_ from: String, _ to: String) -> ReportPeriod {
        ReportPeriod(from: LocalDate(from)!, to: LocalDate(to)!)!
    }
}
