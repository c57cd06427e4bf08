import CallModel
import CallPipeline
import Foundation
import Testing

/// The previous period of the same length, for ranges (`--from/--to`) and with `compareTo`.
@Suite("Previous period of the same length")
struct RangeComparisonTests {
    @Test("a 10-day range compares with the 10 days before it; compareTo picks any report of the same length")
    func ranges() throws {
        let folder = try temporaryFolder()
        let saved = folder.appendingPathComponent("saved", isDirectory: true)
        var demo = settings(ReportPeriod(month: "2026-10"), in: folder)
        demo.output = folder.appendingPathComponent("demo", isDirectory: true)
        _ = try pipeline(demo).0.demo(records: 2000, format: .json, saveResponsesTo: saved)

        let out = folder.appendingPathComponent("out", isDirectory: true)
        func range(_ from: String, _ to: String) -> ReportSettings {
            var chosen = settings(.days(from, to), in: folder)
            chosen.output = out
            return chosen
        }
        _ = try report([saved.path], range("2026-10-01", "2026-10-10"))
        let second = try MetricsDocument(report([saved.path], range("2026-10-11", "2026-10-20")))
        #expect(second["comparison"]["previousFrom"] as? String == "2026-10-01")
        #expect(second["comparison"]["previousTo"] as? String == "2026-10-10")
        // 11 days: the 11 days before (2026-10-10 … 2026-10-20) have no report, so no comparison.
        let third = try MetricsDocument(report([saved.path], range("2026-10-21", "2026-10-31")))
        #expect(third.root["comparison"] == nil)

        // compareTo names any folder; a report of another length is not compared with (SPEC §5).
        var chosen = range("2026-10-21", "2026-10-31")
        chosen.compareTo = out.appendingPathComponent("2026-10-11_2026-10-20", isDirectory: true)
        chosen.repeatWindowDays = 3
        let refused = try report([saved.path], chosen)
        #expect(refused.folder == out.appendingPathComponent("2026-10-21_2026-10-31", isDirectory: true))
        #expect(try MetricsDocument(refused).root["comparison"] == nil)
        #expect(try MetricsDocument(refused)["callers"]["repeatWindowDays"] as? Int == 3)
        var sameLength = range("2026-10-22", "2026-10-31")
        sameLength.compareTo = chosen.compareTo
        let metrics = try MetricsDocument(report([saved.path], sameLength))
        #expect(metrics["comparison"]["previousFrom"] as? String == "2026-10-11")
    }
}
