import CallModel
import CallPipeline
import CallTestSupport
import Foundation
import Testing

/// Inputs of unusual size, in process: ten thousand agents, ten years.
@Suite("Limits")
struct LimitsTests {
    private static func lines(_ url: URL) throws -> [Substring] {
        String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\r\n")
    }

    @Test("ten thousand agents: every one in agents.csv and metrics.json, the summaries show the top 25")
    func tenThousandAgents() throws {
        let folder = try temporaryFolder()
        var records: [[String: String]] = []
        for agent in 0..<10_000 {
            let id = String(format: "AG%05d", agent)
            let day = String(format: "2026-10-%02d %02d:%02d:00", 1 + agent % 31, 8 + agent % 10, agent % 60)
            records.append(
                APIRecords.record(
                    ucid: "\(agent)-a", agent: id, name: "Agent \(id)", start: day,
                    handle: "00:0\(2 + agent % 5):00", caller: String(format: "9198%08d", agent)))
            records.append(
                APIRecords.record(
                    ucid: "\(agent)-b", agent: id, name: "Agent \(id)", start: day, status: "NotAnswered",
                    caller: String(format: "9197%08d", agent)))
        }
        let input = folder.appendingPathComponent("big.json")
        try APIRecords.write(records, to: input)
        let out = try report([input.path], settings(ReportPeriod(month: "2026-10"), in: folder)).folder

        let metrics = try MetricsDocument(url: out.appendingPathComponent("metrics.json"))
        let agents = metrics.rows("agents")
        #expect(agents.count == 10_000)
        #expect(Set(agents.compactMap { $0["id"] as? String }).count == 10_000)
        #expect(agents.allSatisfy { $0["offered"] as? Int == 2 && $0["answered"] as? Int == 1 })
        // Rows in the order of metrics.json: every agent answered one call, so by name.
        let csv = try Self.lines(out.appendingPathComponent("agents.csv"))
        #expect(csv.count == 10_001)
        #expect(
            csv.dropFirst().map { $0.split(separator: ",").first.map(String.init) }
                == agents.map { $0["id"] as? String })
        #expect(try Self.lines(out.appendingPathComponent("missed.csv")).count == 10_001)

        for name in ["summary.html", "summary.md"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(text.components(separatedBy: "Agent AG").count - 1 == 25, "\(name)")
            #expect(text.utf8.count < 100_000, "\(name) is \(text.utf8.count) bytes")
        }
    }

    @Test("a ten-year range reports every date")
    func tenYears() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("two.json")
        try APIRecords.write(
            [
                APIRecords.record(
                    ucid: "1", agent: "A1", name: "Early", start: "2016-01-01 00:00:00", caller: "919800000001"),
                APIRecords.record(
                    ucid: "2", agent: "A1", name: "Early", start: "2025-12-31 23:59:59", caller: "919800000002"),
            ], to: input)
        let result = try report([input.path], settings(.days("2016-01-01", "2025-12-31"), in: folder))
        #expect(result.folder.lastPathComponent == "2016-01-01_2025-12-31")
        let metrics = try MetricsDocument(result)
        #expect(metrics["totals"]["offered"] as? Int == 2)
        #expect(metrics.rows("daily").count == 3_653)
        #expect(try Self.lines(result.folder.appendingPathComponent("daily.csv")).count == 3_654)
        // One day more is refused by the library itself, before any output.
        let longer = settings(.days("2016-01-01", "2026-01-01"), in: folder.appendingPathComponent("longer"))
        #expect(throws: PipelineError.self) { try report([input.path], longer) }
        #expect(!FileManager.default.fileExists(atPath: longer.output.path))
    }

    @Test("settings out of range are refused by every entry point of the library, not only the command line")
    func validatedInLibrary() throws {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.repeatWindowDays = -3
        #expect(
            throws: PipelineError.invalidSetting(
                "--repeat-window", "--repeat-window must be one day or more; got -3.")
        ) {
            try pipeline(chosen).0.demo(records: 10, format: .json)
        }
        chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.serviceLevelSeconds = -5
        #expect(throws: PipelineError.self) { try pipeline(chosen).0.report([]) }
    }
}
