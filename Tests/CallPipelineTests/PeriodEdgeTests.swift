import CallAggregate
import CallModel
import CallPipeline
import Foundation
import InMemoryLogging
import Logging
import Testing

@Suite("Partial, future and unmatched periods")
struct PeriodEdgeTests {
    /// 2026-10-03 10:00 in Asia/Kolkata.
    static let thirdOfOctober = Date(timeIntervalSince1970: 1_791_004_800)

    private func pipeline(_ settings: ReportSettings, at now: Date) -> CallPipeline {
        CallPipeline(
            settings: settings, logger: Logger(label: "test") { _ in InMemoryLogHandler() },
            environment: ["SOURCE_DATE_EPOCH": "1767225600"], now: { now })
    }

    @Test("a month that reaches today is reported up to yesterday, and says so")
    func partialMonth() throws {
        let folder = try temporaryFolder()
        let result = try pipeline(settings(ReportPeriod(month: "2026-10"), in: folder), at: Self.thirdOfOctober)
            .demo(records: 3000, format: .json)
        #expect(result.folder.lastPathComponent == "2026-10")
        #expect(result.metrics.period.to == "2026-10-02")
        #expect(result.metrics.period.requestedTo == "2026-10-31")
        #expect(result.metrics.daily.map(\.date) == ["2026-10-01", "2026-10-02"])
        #expect(result.metrics.totals.offered > 0)
        let html = try String(contentsOf: result.folder.appendingPathComponent("summary.html"), encoding: .utf8)
        // The date sits in a span that keeps it on one line; the reader sees the sentence.
        #expect(html.replacing(#/<[^>]*>/#, with: "").contains("partial, data through 2026-10-02"))
        let markdown = try String(contentsOf: result.folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(markdown.contains("**partial**, data through 2026-10-02"))
        let json = try String(contentsOf: result.folder.appendingPathComponent("metrics.json"), encoding: .utf8)
        #expect(json.contains(#""requestedTo" : "2026-10-31""#) || json.contains(#""requestedTo":"2026-10-31""#))
    }

    @Test("a whole period is written as before: no partial mark")
    func wholeMonth() throws {
        let folder = try temporaryFolder()
        let result = try pipeline(settings(ReportPeriod(month: "2026-09"), in: folder), at: Self.thirdOfOctober)
            .demo(records: 300, format: .json)
        #expect(result.metrics.period.requestedTo == nil)
        let json = try String(contentsOf: result.folder.appendingPathComponent("metrics.json"), encoding: .utf8)
        #expect(!json.contains("requestedTo"))
        let html = try String(contentsOf: result.folder.appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(!html.contains("partial"))
    }

    @Test("a period with no ended day is bad usage, before any output")
    func futurePeriod() throws {
        let folder = try temporaryFolder()
        let november = settings(ReportPeriod(month: "2026-11"), in: folder)
        #expect(throws: PipelineError.futurePeriod("2026-11", lastCompleteDay: "2026-10-02")) {
            try pipeline(november, at: Self.thirdOfOctober).demo(records: 10, format: .json)
        }
        let today = settings(.days("2026-10-03", "2026-10-05"), in: folder)
        #expect(throws: PipelineError.futurePeriod("2026-10-03_2026-10-05", lastCompleteDay: "2026-10-02")) {
            try pipeline(today, at: Self.thirdOfOctober).report([])
        }
        #expect(PipelineError.futurePeriod("x", lastCompleteDay: "y").exitStatus == .usage)
        #expect(!FileManager.default.fileExists(atPath: november.output.path))
    }

    @Test("a --campaign that matches no call warns and names the campaigns the period has")
    func unmatchedCampaign() throws {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-09"), in: folder)
        chosen.campaigns = ["Inbound_Sales", "No_Such_Campaign"]
        let result = try pipeline(chosen, at: Self.thirdOfOctober).demo(records: 2000, format: .json)
        #expect(result.metrics.totals.offered > 0)
        #expect(result.warnings.count == 1)
        let warning = result.warnings.first ?? ""
        #expect(warning.hasPrefix("--campaign No_Such_Campaign matched no call of the period; its campaigns are: "))
        #expect(warning.contains("Inbound_Sales") && warning.contains("Outbound_Renewals"))
        // Every value matched: no warning.
        chosen.campaigns = ["inbound_sales"]
        #expect(try pipeline(chosen, at: Self.thirdOfOctober).demo(records: 2000, format: .json).warnings.isEmpty)
    }
}
