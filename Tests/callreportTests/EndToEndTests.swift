import Foundation
import Testing

/// The whole pipeline through the real binary: files written, figures, exit codes.
@Suite("callreport end to end")
struct EndToEndTests {
    static let reportFiles = [
        "summary.html", "summary.md", "agents.csv", "skills.csv", "campaigns.csv", "daily.csv", "calls.csv",
        "metrics.json",
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

    @Test("the demo as XML gives the same metrics.json as the demo as JSON")
    func demoXMLMatchesJSON() throws {
        let folder = try CommandRunner.temporaryFolder()
        for format in ["json", "xml"] {
            let outcome = try CommandRunner.run(
                [
                    "demo", "--month", "2026-02", "--records", "2000", "--api-format", format, "--output", format,
                    "--templates", CommandRunner.templates,
                ],
                in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let json = try Data(contentsOf: folder.appendingPathComponent("json/2026-02/metrics.json"))
        let xml = try Data(contentsOf: folder.appendingPathComponent("xml/2026-02/metrics.json"))
        #expect(json == xml)
    }

    @Test("a hand-made response gives the hand-computed figures", arguments: ["hand-made.json", "hand-made.xml"])
    func handMadeFigures(fixture: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let outcome = try CommandRunner.run(
            [
                "report", "--input", CommandRunner.fixture(fixture).path, "--month", "2026-10", "--output", "out",
                "--templates", CommandRunner.templates,
            ],
            in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let metrics = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10/metrics.json"))

        let totals = metrics["totals"]
        #expect(totals["offered"] as? Int == 7)
        #expect(totals["answered"] as? Int == 5)
        #expect(totals["unanswered"] as? Int == 2)
        #expect(totals["transferred"] as? Int == 1)
        // Handle: 120+30+15, 240 (TotalHandlingTime), 3600+0+0, 130, 130.
        #expect(totals["handleSeconds"] as? Int == 4265)
        #expect(totals["aht"] as? Double == 853)
        #expect(totals["asa"] as? Double == 35)
        #expect(totals["serviceLevel"] as? Double == 2.0 / 7.0)
        #expect(totals["abandonRate"] as? Double == 2.0 / 7.0)
        #expect(totals["transferRate"] as? Double == 0.2)
        #expect(totals["medianHandle"] as? Int == 165)
        #expect(totals["p90Handle"] as? Int == 3600)

        let quality = metrics["dataQuality"]
        #expect(quality["inputRecords"] as? Int == 11)
        #expect(quality["normalized"] as? Int == 9)
        #expect(quality["quarantined"] as? Int == 2)
        #expect(quality["duplicates"] as? Int == 1)
        #expect(quality["outOfPeriod"] as? Int == 1)
        let reasons = quality["reasons"] as! [String: Any]
        #expect(reasons["missing_start"] as? Int == 1)
        #expect(reasons["invalid_start"] as? Int == 1)
        #expect(reasons["invalid_duration"] as? Int == 2)

        let agents = metrics.rows("agents")
        #expect(agents.map { $0["id"] as? String } == ["A1", "Bob", "A2"])
        #expect(agents.map { $0["name"] as? String } == ["<script>alert(1)</script>", "Bob", "राहुल 📞"])
        #expect(agents[0]["handleSeconds"] as? Int == 405)
        #expect(agents[0]["talkSeconds"] as? Int == 300)
        #expect(agents[0]["aht"] as? Double == 202.5)
        #expect(agents[0]["medianHandle"] as? Int == 165)
        #expect(agents[0]["p90Handle"] as? Int == 240)
        #expect(agents[0]["asa"] as? Double == 17.5)
        #expect(agents[0]["transferRate"] as? Double == 0.5)
        #expect(agents[2]["offered"] as? Int == 2)
        #expect(agents[2]["answered"] as? Int == 1)

        #expect(metrics.rows("skills").map { $0["name"] as? String } == [#"=HYPERLINK("x")"#, "a|b", "(none)"])
        #expect(metrics.rows("skills").map { $0["offered"] as? Int } == [4, 2, 1])
        #expect(metrics.rows("campaigns").map { $0["name"] as? String } == ["Sales", "Support", "support"])

        let daily = metrics.rows("daily")
        #expect(daily.count == 31)
        #expect(daily[0]["date"] as? String == "2026-10-01")
        #expect(daily[0]["handleSeconds"] as? Int == 405)
        #expect(daily[2]["offered"] as? Int == 0)
        #expect(daily[2]["aht"] is NSNull)
        let hourly = metrics.rows("hourly")
        #expect(hourly.count == 24)
        #expect(
            hourly.map { $0["offered"] as? Int }.enumerated().filter { $0.element != 0 }.map(\.offset) == [
                9, 10, 14, 23,
            ])

        // Nothing of the key that one record carried reaches any file.
        let out = folder.appendingPathComponent("out/2026-10")
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("SECRET-KEY-123"), "\(file) holds the API key")
        }
        let quarantine = try String(contentsOf: out.appendingPathComponent("quarantine.jsonl"), encoding: .utf8)
        #expect(quarantine.split(separator: "\n").count == 2)
    }

    @Test("--campaign filters ignoring case; a call without campaign matches nothing")
    func campaignFilter() throws {
        let folder = try CommandRunner.temporaryFolder()
        let outcome = try CommandRunner.run(
            [
                "report", "--input", CommandRunner.fixture("hand-made.json").path, "--month", "2026-10",
                "--campaign", "SUPPORT", "--output", "out", "--templates", CommandRunner.templates,
            ],
            in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let metrics = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10/metrics.json"))
        #expect(metrics["totals"]["offered"] as? Int == 3)
        #expect(metrics.rows("campaigns").map { $0["name"] as? String } == ["Support", "support"])
        #expect(metrics["dataQuality"]["outOfPeriod"] as? Int == 1)
    }
}
