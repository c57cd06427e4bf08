import Foundation
import Testing

/// The whole pipeline through the real binary: the demo writes every file, and `report --input`
/// reads its saved responses back. Figures are checked in process (CallPipelineTests/FiguresTests.swift).
@Suite("callreport end to end")
struct EndToEndTests {
    static let reportFiles = [
        "summary.html", "summary.md", "summary.txt", "agents.csv", "skills.csv", "campaigns.csv", "daily.csv",
        "dispositions.csv", "intervals.csv", "calls.csv",
        "metrics.json", "report.xlsx",
    ]

    @Test("demo writes every report file, and report --input on its saved responses agrees")
    func demoRoundTrip() throws {
        let folder = try CommandRunner.temporaryFolder()
        let demo = try CommandRunner.run(
            [
                "demo", "--month", "2026-10", "--records", "3000", "--save-responses", "saved", "--output", "out",
                "--templates", CommandRunner.templates,
            ],
            in: folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        let written = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("out/2026-10").path)
        for file in Self.reportFiles { #expect(written.contains(file), "missing \(file)") }
        // The demo carries dirty records on purpose: some must be quarantined.
        #expect(written.contains("quarantine.jsonl"))
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("saved").path)
            .sorted()
        #expect(saved == ["2026-10-01_2026-10-30.json", "2026-10-31_2026-10-31.json"])

        let report = try CommandRunner.run(
            [
                "report", "--input", "saved/2026-10-01_2026-10-30.json", "saved/2026-10-31_2026-10-31.json",
                "--month", "2026-10", "--output", "again", "--templates", CommandRunner.templates,
            ],
            in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let first = try Data(contentsOf: folder.appendingPathComponent("out/2026-10/metrics.json"))
        let second = try Data(contentsOf: folder.appendingPathComponent("again/2026-10/metrics.json"))
        #expect(first == second)

        let metrics = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10/metrics.json"))
        let quality = metrics["dataQuality"]
        #expect(quality["inputRecords"] as? Int ?? 0 > 3000)
        #expect(quality["outOfPeriod"] as? Int == 3)
        #expect(metrics.rows("daily").count == 31)
        #expect(metrics.rows("agents").count == 48)
    }
}
