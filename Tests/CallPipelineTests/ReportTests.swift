import CallAggregate
import CallFetch
import CallModel
import CallPipeline
import Foundation
import Testing

@Suite("Reports in process")
struct ReportTests {
    @Test("a month compares with the month before it; the first month has nothing to compare with")
    func comparisonLookup() throws {
        let folder = try temporaryFolder()
        let september = try pipeline(settings(ReportPeriod(month: "2026-09"), in: folder)).0
            .demo(records: 1500, format: .json)
        #expect(september.metrics.comparison == nil)
        let october = try pipeline(settings(ReportPeriod(month: "2026-10"), in: folder)).0
            .demo(records: 1500, format: .json)
        #expect(october.metrics.comparison?.previousFrom == "2026-09-01")
        #expect(october.metrics.comparison?.previousTo == "2026-09-30")
        #expect(october.folder.lastPathComponent == "2026-10")
        #expect(october.files.contains("metrics.json") && october.files.contains("calls.csv"))
    }

    @Test("a chosen comparison folder must hold a metrics.json; an unreadable default one is a warning")
    func comparisonFolders() throws {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.compareTo = folder.appendingPathComponent("nowhere")
        #expect(throws: PipelineError.compareToMissing(chosen.compareTo!.path)) {
            try pipeline(chosen).0.demo(records: 100, format: .json)
        }
        let plain = settings(ReportPeriod(month: "2026-10"), in: folder)
        let previous = plain.reportFolder(for: ReportPeriod(month: "2026-09")!)
        try FileManager.default.createDirectory(at: previous, withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: previous.appendingPathComponent("metrics.json"))
        let (reporter, log) = pipeline(plain)
        let result = try reporter.demo(records: 100, format: .json)
        #expect(result.metrics.comparison == nil)
        #expect(result.warnings.count == 1 && result.warnings[0].contains("no comparison this time"))
        #expect(log.entries.contains { $0.level == .warning && "\($0.message)".contains("no comparison") })
    }

    @Test("every response empty: a warning that the key or user name may be wrong")
    func emptyWarning() throws {
        let folder = try temporaryFolder()
        let body = Data(#"{"status":"failure","message":"no record found"}"#.utf8)
        let (reporter, log) = pipeline(settings(ReportPeriod(month: "2026-10"), in: folder))
        let result = try reporter.report([.memory(name: "empty.json", body: body)])
        #expect(result.metrics.totals.offered == 0)
        #expect(
            result.warnings == [
                "every response was 'no record found': the period may hold no calls, "
                    + "or the API key, user name or campaign may be wrong."
            ])
        #expect(log.entries.contains { "\($0.message)" == "read empty.json: no record found (empty window)" })
    }

    @Test("each response read is logged with its record count")
    func progressLines() throws {
        let folder = try temporaryFolder()
        let (reporter, log) = pipeline(settings(ReportPeriod(month: "2026-10"), in: folder))
        let body = responseBody(["2026-10-01 10:00:00", "2026-10-02 11:00:00", "2026-11-01 09:00:00"])
        let result = try reporter.report([.memory(name: "a.json", body: body)])
        #expect(result.metrics.totals.offered == 2)
        #expect(result.metrics.dataQuality.outOfPeriod == 1)
        #expect(log.entries.map { "\($0.message)" } == ["read a.json: 3 records"])
    }

    @Test("the archive's newest response speaks for its dates; older ones only for the rest")
    func archiveRule() throws {
        let folder = try temporaryFolder()
        let account = CloudAgentAccount(
            baseURL: URL(string: "http://127.0.0.1:9")!, userName: "acme", apiKey: "KEY-1234", format: .json)
        let zone = TimeZone(identifier: "Asia/Kolkata")!
        let archive = ResponseArchive(
            root: folder.appendingPathComponent("archive"), account: account, timeZone: zone)
        try archive.prepare()
        func store(_ starts: [String], prefix: String, window: FetchWindow, at seconds: TimeInterval) throws {
            let body = folder.appendingPathComponent("body-\(prefix).json")
            try responseBody(starts, ucidPrefix: prefix).write(to: body)
            try archive.store(
                body: body, window: window, fetchedAt: Date(timeIntervalSince1970: seconds), records: starts.count)
        }
        let october = ReportPeriod(month: "2026-10")!
        // Fetched on 10-03: two calls on the 1st, one on the 2nd (not yet complete).
        try store(
            ["2026-10-01 09:00:00", "2026-10-01 10:00:00", "2026-10-02 09:00:00"], prefix: "old",
            window: FetchWindow(from: october.from, to: LocalDate("2026-10-02")!), at: 1_791_000_000)
        // Fetched later for the 2nd to the 31st: three calls on the 2nd, one on the 31st.
        try store(
            ["2026-10-02 09:00:00", "2026-10-02 10:00:00", "2026-10-02 11:00:00", "2026-10-31 12:00:00"],
            prefix: "new", window: FetchWindow(from: LocalDate("2026-10-02")!, to: october.to), at: 1_794_000_000)
        let responses = try archive.responses(for: october, through: october.to)
        #expect(responses.count == 2)
        let result = try pipeline(settings(october, in: folder)).0.report(responses.map { .archived($0) })
        // 2 from the old response (the 1st), 4 from the new one; the old response's call on the 2nd is not read.
        #expect(result.metrics.totals.offered == 6)
        #expect(result.metrics.daily[1].offered == 3)
        #expect(result.metrics.dataQuality.inputRecords == 6)
    }

    @Test("the templates folder must be a folder; a broken one stops before any output")
    func templates() throws {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.templates = folder.appendingPathComponent("missing")
        #expect(throws: PipelineError.templatesNotAFolder(chosen.templates!.relativePath)) {
            try pipeline(chosen).0.demo(records: 10, format: .json)
        }
        #expect(!FileManager.default.fileExists(atPath: chosen.output.path))
    }

    @Test("report needs a period; demo defaults to last month in the settings' zone")
    func periods() throws {
        let folder = try temporaryFolder()
        #expect(throws: PipelineError.missingPeriod) {
            try pipeline(settings(nil, in: folder)).0.report([])
        }
        let result = try pipeline(settings(nil, in: folder)).0.demo(records: 10, format: .json)
        let lastMonth = ReportPeriod.previousMonth(of: LocalDate.today(in: TimeZone(identifier: "Asia/Kolkata")!))
        #expect(result.folder.lastPathComponent == lastMonth.label)
    }

    @Test("--mail-to writes summary.eml with the default subject naming the account")
    func mail() throws {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.mail = try MailSettings.parse(from: "Reports <r@example.com>", to: ["a@example.com"], subject: nil)
        let result = try pipeline(chosen).0.demo(records: 200, format: .xml)
        let mail = try String(contentsOf: result.folder.appendingPathComponent("summary.eml"), encoding: .utf8)
        #expect(mail.contains("\r\nTo: a@example.com\r\n") || mail.contains("\nTo: a@example.com\n"))
        // The subject is encoded words (it holds an en dash): decode them back.
        let words = mail.components(separatedBy: "=?UTF-8?B?").dropFirst().map { $0.components(separatedBy: "?=")[0] }
        let subject = words.map { String(decoding: Data(base64Encoded: $0)!, as: UTF8.self) }.joined()
        #expect(subject == "Call report 2026-10 (2026-10-01 to 2026-10-31) – demo")
    }
}
