import Foundation
import Testing

/// The previous period of the same length, for ranges (`--from/--to`) and with `--compare-to`.
@Suite("Previous period of the same length")
struct ComparisonPeriodTests {
    @Test("a 10-day range compares with the 10 days before it; --compare-to picks any report")
    func ranges() throws {
        let folder = try CommandRunner.temporaryFolder()
        let demo = try CommandRunner.run(
            [
                "demo", "--month", "2026-10", "--records", "2000", "--save-responses", "saved", "--output", "demo",
                "--templates", CommandRunner.templates,
            ],
            in: folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        func report(_ from: String, _ to: String, _ extra: [String] = []) throws {
            let outcome = try CommandRunner.run(
                [
                    "report", "--input", "saved", "--from", from, "--to", to, "--output", "out",
                    "--templates", CommandRunner.templates,
                ] + extra,
                in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        try report("2026-10-01", "2026-10-10")
        try report("2026-10-11", "2026-10-20")
        try report("2026-10-21", "2026-10-31")
        let second = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10-11_2026-10-20/metrics.json"))
        #expect(second["comparison"]["previousFrom"] as? String == "2026-10-01")
        #expect(second["comparison"]["previousTo"] as? String == "2026-10-10")
        // 11 days: the 11 days before (2026-10-10 … 2026-10-20) have no report, so no comparison.
        let third = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10-21_2026-10-31/metrics.json"))
        #expect(third.root["comparison"] == nil)
        try report("2026-10-21", "2026-10-31", ["--compare-to", "out/2026-10-11_2026-10-20", "--repeat-window", "3"])
        let compared = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10-21_2026-10-31/metrics.json"))
        #expect(compared["comparison"]["previousFrom"] as? String == "2026-10-11")
        #expect(compared["callers"]["repeatWindowDays"] as? Int == 3)
    }
}
