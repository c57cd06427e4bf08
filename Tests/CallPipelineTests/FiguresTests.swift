import CallModel
import CallPipeline
import CallTestSupport
import Foundation
import Testing

/// Figures of whole reports, in process: hand-made responses with hand-computed figures,
/// the campaign filter, and the demo in both API formats.
@Suite("Report figures")
struct FiguresTests {
    @Test("the demo as XML gives the same metrics.json as the demo as JSON")
    func demoXMLMatchesJSON() throws {
        let folder = try temporaryFolder()
        var files: [Data] = []
        for format in [ResponseFormat.json, .xml] {
            var chosen = settings(ReportPeriod(month: "2026-02"), in: folder)
            chosen.output = folder.appendingPathComponent("\(format)", isDirectory: true)
            let result = try pipeline(chosen).0.demo(records: 2000, format: format)
            files.append(try Data(contentsOf: result.folder.appendingPathComponent("metrics.json")))
        }
        #expect(files[0] == files[1])
    }

    @Test("a hand-made response gives the hand-computed figures", arguments: ["hand-made.json", "hand-made.xml"])
    func handMadeFigures(fixture name: String) throws {
        let folder = try temporaryFolder()
        let result = try report([fixture(name).path], settings(ReportPeriod(month: "2026-10"), in: folder))
        let metrics = try MetricsDocument(result)

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
        for file in try FileManager.default.contentsOfDirectory(atPath: result.folder.path) {
            // report.xlsx is a zip: its XML parts are searched.
            let text = try WorkbookReader.text(of: result.folder.appendingPathComponent(file))
            #expect(!text.contains("SECRET-KEY-123"), "\(file) holds the API key")
        }
        let quarantine = try String(
            contentsOf: result.folder.appendingPathComponent("quarantine.jsonl"), encoding: .utf8)
        #expect(quarantine.split(separator: "\n").count == 2)
    }

    @Test("--campaign filters ignoring case; a call without campaign matches nothing")
    func campaignFilter() throws {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.campaigns = ["SUPPORT"]
        let metrics = try MetricsDocument(report([fixture("hand-made.json").path], chosen))
        #expect(metrics["totals"]["offered"] as? Int == 3)
        #expect(metrics.rows("campaigns").map { $0["name"] as? String } == ["Support", "support"])
        #expect(metrics["dataQuality"]["outOfPeriod"] as? Int == 1)
    }
}
