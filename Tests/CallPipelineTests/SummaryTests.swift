import CallModel
import CallPipeline
import Foundation
import Testing

/// Month over month, missed callers and reproducibility, in process.
@Suite("Summary outputs")
struct SummaryTests {
    static let mail = try! MailSettings.parse(
        from: "Call Reports <reports@example.com>", to: ["Ananya Rāo <ananya@example.com>", "ops@example.com"],
        subject: nil)

    /// The demo of `month` (2000 records) under `folder/output`, stamped as the command line's tests were.
    static func demo(
        _ month: String, output: String, in folder: URL, change: (inout ReportSettings) -> Void = { _ in }
    ) throws -> ReportResult {
        var chosen = settings(ReportPeriod(month: month), in: folder)
        chosen.output = folder.appendingPathComponent(output, isDirectory: true)
        change(&chosen)
        return try pipeline(chosen.validated(), environment: ["SOURCE_DATE_EPOCH": "1790000000"]).0
            .demo(records: 2000, format: .json)
    }

    @Test("the previous month's metrics.json under the output folder gives every headline figure its change")
    func monthOverMonth() throws {
        let folder = try temporaryFolder()
        let september = try Self.demo("2026-09", output: "out", in: folder).folder
        let october = try Self.demo("2026-10", output: "out", in: folder) { $0.alertChangePercent = 0 }.folder
        let json = try String(contentsOf: october.appendingPathComponent("metrics.json"), encoding: .utf8)
        #expect(json.contains("\"previousFrom\" : \"2026-09-01\""))
        let html = try String(contentsOf: october.appendingPathComponent("summary.html"), encoding: .utf8)
        // The dates sit in spans that keep each on one line; the reader sees the sentence.
        let shown = html.replacing(#/<[^>]*>/#, with: "")
        #expect(shown.contains("against 2026-09-01 to 2026-09-30"))
        #expect(html.contains("(was "))
        #expect(html.contains("▲") || html.contains("▼"))
        #expect(shown.contains("beyond 0 %"))
        let md = try String(contentsOf: october.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(md.contains("Second row: change against 2026-09-01 to 2026-09-30"))
        // September had no month before it: no comparison, no change text.
        let first = try String(contentsOf: september.appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(!first.contains("(was "))

        // compareTo a folder without metrics.json is a configuration error (exit 78).
        var missing = settings(ReportPeriod(month: "2026-10"), in: folder)
        missing.output = folder.appendingPathComponent("x", isDirectory: true)
        missing.compareTo = folder.appendingPathComponent("nowhere", isDirectory: true)
        let error = #expect(throws: PipelineError.self) { try pipeline(missing).0.demo(records: 200, format: .json) }
        #expect(error == PipelineError.compareToMissing(missing.compareTo!.path))
        #expect(error?.exitStatus == .configuration)
    }

    @Test("missed.csv lists callers to call back; the summaries carry only their count")
    func missedCallers() throws {
        let folder = try temporaryFolder()
        let out = try Self.demo("2026-10", output: "out", in: folder).folder
        let bytes = try Data(contentsOf: out.appendingPathComponent("missed.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(csv.hasPrefix("callerId,firstMissed,lastMissed,missedCount,skill,campaign\r\n"))
        let rows = csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(!rows.isEmpty)
        let metrics = try MetricsDocument(url: out.appendingPathComponent("metrics.json"))
        #expect(metrics["callers"]["missedCallers"] as? Int == rows.count)
        #expect(metrics["callers"]["repeatWindowDays"] as? Int == 7)
        let numbers = rows.map { String($0.prefix { $0 != "," }) }
        for name in ["summary.html", "summary.md"] {
            let summary = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(summary.contains("\(rows.count) numbers with an unanswered call"), "\(name)")
            #expect(summary.contains("first-contact-resolution proxy"), "\(name)")
            #expect(!numbers.contains { summary.contains($0) }, "\(name) shows a caller number")
        }
    }

    @Test("the same inputs give byte-identical files, mail included")
    func reproducible() throws {
        let folder = try temporaryFolder()
        for output in ["a", "b"] { _ = try Self.demo("2026-09", output: output, in: folder) }
        for output in ["a", "b"] { _ = try Self.demo("2026-10", output: output, in: folder) { $0.mail = Self.mail } }
        for month in ["2026-09", "2026-10"] {
            let a = folder.appendingPathComponent("a/\(month)")
            let names = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
            #expect(names.count >= 10)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("b/\(month)").path)
                    .sorted() == names)
            for name in names {
                let first = try Data(contentsOf: a.appendingPathComponent(name))
                let second = try Data(contentsOf: folder.appendingPathComponent("b/\(month)/\(name)"))
                #expect(first == second, "\(month)/\(name) differs")
            }
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("a/2026-10/summary.eml").path))
    }
}
