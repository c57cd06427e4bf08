import CallModel
import CallPipeline
import Foundation
import InMemoryLogging
import Logging

/// A fresh folder for one test, under the test process's own folder.
func temporaryFolder() throws -> URL {
    let url = testFilesRoot.appendingPathComponent(UUID().uuidString, isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Where this test process keeps its files (reports of ten thousand agents, demos of thousands of
/// calls): removed when the process exits, unless `CALLREPORT_KEEP_TEST_FILES` is set.
private let testFilesRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "callpipeline-tests-\(getpid())", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    if ProcessInfo.processInfo.environment["CALLREPORT_KEEP_TEST_FILES"] == nil {
        atexit {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("callpipeline-tests-\(getpid())")
            try? FileManager.default.removeItem(at: root)
        }
    }
    return url
}()

/// The repository's templates folder (what the build compiles in).
let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates", isDirectory: true)

/// Settings for a report of `period` written under `folder`, with the built-in templates.
func settings(_ period: ReportPeriod?, in folder: URL) -> ReportSettings {
    var settings = ReportSettings(period: period)
    settings.output = folder.appendingPathComponent("reports", isDirectory: true)
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

/// A fixture of the command line's tests, read where it lies so that there is one copy.
func fixture(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("callreportTests/Fixtures/\(name)")
}

/// `report` of the responses at `paths` (files or folders), as `callreport report --input` reads them.
func report(
    _ paths: [String], _ settings: ReportSettings, environment: [String: String] = ["SOURCE_DATE_EPOCH": "1767225600"]
) throws -> ReportResult {
    try pipeline(settings.validated(), environment: environment).0.report(ResponseInput.files(at: paths))
}

/// A parsed `metrics.json`, for reading figures by path as a reader of the file would.
struct MetricsDocument {
    let root: [String: Any]

    init(url: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// The metrics.json of a report.
    init(_ result: ReportResult) throws {
        try self.init(url: result.folder.appendingPathComponent("metrics.json"))
    }

    subscript(section: String) -> [String: Any] { root[section] as! [String: Any] }

    func rows(_ section: String) -> [[String: Any]] { root[section] as! [[String: Any]] }
}
