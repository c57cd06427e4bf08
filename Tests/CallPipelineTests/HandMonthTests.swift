import CallModel
import CallPipeline
import CallTestSupport
import Foundation
import Testing

/// A month written by hand, with inbound and outbound calls, whose §4b figures are worked out by
/// hand below and checked in metrics.json and in dispositions.csv, intervals.csv and skills.csv,
/// from a JSON response and from the same records as XML.
@Suite("A hand-written month of inbound and outbound calls")
struct HandMonthTests {
    /// October 2026 (31 days from a Thursday), T = 20, S = 5, 30-minute intervals, target 0.8.
    ///
    ///     #   start (weekday)       type         status  wait  tta  handle      skill    disposition                 hangup    caller
    ///     U1  10-05 09:05:00 Mon    InBound      ans           10   240 (THT)   Sales    Sale                        Customer  9001
    ///     U2  10-05 09:20:00 Mon    inbound      miss    3                      Sales    —                           Customer  9002
    ///     U3  10-05 09:40:00 Mon    —            miss    60                     Sales    Wrap up time exceeded :30   System    9003
    ///     U4  10-05 10:10:00 Mon    Manual       ans            0   150 (THT)   Sales    wrap up time exceeded: 5    Agent     9002
    ///     U5  10-12 09:10:00 Mon    Incoming     ans           30   150 (100+20+30) Support Sale                     Customer  9003
    ///     U6  10-14 14:00:00 Wed    Progressive  miss    20                     Dialer   No Answer                   System    9004
    ///     U7  10-14 14:05:00 Wed    Predictive   ans            0    90 (THT)   Dialer   Sale (transferred)          Customer  9005
    ///     U8  10-31 23:50:00 Sat    InBound      miss    ?                      Support  —                           —         9006
    static let records: [[String: String]] = [
        record(
            "U1", "2026-10-05 09:05:00", end: "2026-10-05 09:09:10", type: "InBound", status: "Answered",
            tta: "00:00:10", talk: "00:03:00", handling: "00:04:00", skill: "Sales", campaign: "Inbound_Sales",
            disposition: "Sale", hangup: "Customer", caller: "9001", agent: "A1"),
        record(
            "U2", "2026-10-05 09:20:00", end: "2026-10-05 09:20:03", type: "inbound", status: "NotAnswered",
            skill: "Sales", campaign: "Inbound_Sales", hangup: "Customer", caller: "9002"),
        record(
            "U3", "2026-10-05 09:40:00", end: "2026-10-05 09:41:00", status: "NotAnswered", skill: "Sales",
            campaign: "Inbound_Sales", disposition: "Wrap up time exceeded :30", hangup: "System", caller: "9003"),
        record(
            "U4", "2026-10-05 10:10:00", end: "2026-10-05 10:12:30", type: "Manual", status: "Answered",
            tta: "0", talk: "00:02:00", handling: "150", skill: "Sales", campaign: "Outbound_Renewals",
            disposition: "wrap up time exceeded: 5", hangup: "Agent", caller: "9002", agent: "A2"),
        record(
            "U5", "2026-10-12 09:10:00", end: "2026-10-12 09:13:00", type: "Incoming", status: "Answered",
            tta: "00:00:30", talk: "100", hold: "00:20", wrapup: "30", skill: "Support", campaign: "Inbound_Sales",
            disposition: "Sale", hangup: "Customer", caller: "9003", agent: "A1"),
        record(
            "U6", "2026-10-14 14:00:00", end: "2026-10-14 14:00:20", type: "Progressive", status: "NotAnswered",
            skill: "Dialer", campaign: "Outbound_Renewals", disposition: "No Answer", hangup: "System",
            caller: "9004"),
        record(
            "U7", "2026-10-14 14:05:00", end: "2026-10-14 14:06:30", type: "Predictive", status: "Answered",
            tta: "0", talk: "60", handling: "90", skill: "Dialer", campaign: "Outbound_Renewals",
            disposition: "Sale", hangup: "Customer", caller: "9005", agent: "A2", transfer: "Blind"),
        record(
            "U8", "2026-10-31 23:50:00", type: "InBound", status: "NotAnswered", skill: "Support",
            campaign: "Inbound_Sales", caller: "9006"),
    ]

    static func record(
        _ ucid: String, _ start: String, end: String? = nil, type: String? = nil, status: String, tta: String? = nil,
        talk: String? = nil, hold: String? = nil, wrapup: String? = nil, handling: String? = nil, skill: String,
        campaign: String, disposition: String? = nil, hangup: String? = nil, caller: String, agent: String? = nil,
        transfer: String? = nil
    ) -> [String: String] {
        let fields: [String: String?] = [
            "UCID": ucid, "StartTime": start, "EndTime": end, "Type": type, "Status": status, "TimeToAnswer": tta,
            "TalkTime": talk, "HoldDuration": hold, "WrapupDuration": wrapup, "TotalHandlingTime": handling,
            "Skill": skill, "CampaignName": campaign, "Disposition": disposition, "HangupBy": hangup,
            "CallerID": caller, "AgentID": agent, "TransferType": transfer,
        ]
        return fields.compactMapValues { $0 }
    }

    /// The same records as the XML variant of the API writes them.
    static func xml(_ records: [[String: String]]) -> Data {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><status>success</status><message>\n"
        for record in records {
            text += "<item>"
            for (key, value) in record.sorted(by: { $0.key < $1.key }) { text += "<\(key)>\(value)</\(key)>" }
            text += "</item>\n"
        }
        return Data((text + "</message></xml>\n").utf8)
    }

    struct Report {
        let metrics: MetricsDocument
        let folder: URL

        /// The CSV's lines, without the byte-order mark and the CRLF row ends.
        func lines(_ name: String) throws -> [String] {
            var text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "\(name): bare LF")
            return text.components(separatedBy: "\r\n").dropLast()
        }
    }

    static func run(format: String) throws -> Report {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("october.\(format)")
        if format == "xml" {
            try xml(records).write(to: input)
        } else {
            try APIRecords.write(records, to: input)
        }
        let result = try report([input.path], settings(ReportPeriod(month: "2026-10"), in: folder))
        return Report(metrics: try MetricsDocument(result), folder: result.folder)
    }

    @Test("metrics.json: inbound, outbound, dispositions, hang-ups, recovery, intervals, direction")
    func metricsJSON() throws {
        let m = try Self.run(format: "json").metrics
        #expect(m["totals"]["offered"] as? Int == 8)
        #expect(m["totals"]["answered"] as? Int == 4)

        // Inbound: U1 U2 U3 U5 U8. Answered U1 (tta 10 ≤ 20) and U5 (tta 30); U2 is a short abandon (3 < 5).
        let inbound = m["inbound"]
        #expect(inbound["offered"] as? Int == 5)
        #expect(inbound["answered"] as? Int == 2)
        #expect(inbound["unanswered"] as? Int == 3)
        #expect(inbound["shortAbandoned"] as? Int == 1)
        #expect(inbound["serviceLevel"] as? Double == 0.2)
        #expect(inbound["serviceLevelExcludingShort"] as? Double == 0.25)
        #expect(inbound["asa"] as? Double == 20)
        #expect(inbound["abandonRate"] as? Double == 0.6)
        #expect(inbound["abandonRateExcludingShort"] as? Double == 0.5)
        #expect(inbound["aht"] as? Double == 195)
        #expect(inbound["medianHandle"] as? Int == 150)
        #expect(inbound["p90Handle"] as? Int == 240)
        #expect(inbound["transferred"] as? Int == 0)
        #expect(inbound["transferRate"] as? Double == 0)
        let wait = try #require(inbound["abandonWait"] as? [String: Any])
        #expect(wait["known"] as? Int == 2)
        #expect(wait["unknown"] as? Int == 1)
        #expect(wait["median"] as? Int == 3)
        let buckets = try #require(wait["buckets"] as? [[String: Any]])
        #expect(buckets.map { $0["calls"] as? Int } == [1, 0, 0, 0, 0, 1, 0, 0])
        #expect(buckets.last?["toSeconds"] is NSNull)

        // Outbound: U4 U6 U7; connected U4 (150, talk 120) and U7 (90, talk 60, transferred).
        let outbound = m["outbound"]
        #expect(outbound["attempts"] as? Int == 3)
        #expect(outbound["connected"] as? Int == 2)
        #expect(outbound["connectRate"] as? Double == 2.0 / 3)
        #expect(outbound["aht"] as? Double == 120)
        #expect(outbound["medianHandle"] as? Int == 90)
        #expect(outbound["p90Handle"] as? Int == 150)
        #expect(outbound["talkSeconds"] as? Int == 180)
        #expect(outbound["handleSeconds"] as? Int == 240)
        #expect(outbound["transferred"] as? Int == 1)
        #expect(outbound["transferRate"] as? Double == 0.5)

        let dispositions = m.rows("dispositions")
        #expect(
            dispositions.map { $0["name"] as? String } == ["Sale", "(none)", "Wrap up time exceeded", "No Answer"])
        #expect(dispositions.map { $0["calls"] as? Int } == [3, 2, 2, 1])
        #expect(dispositions.map { $0["answered"] as? Int } == [3, 0, 1, 0])
        #expect(dispositions.map { $0["share"] as? Double } == [0.375, 0.25, 0.25, 0.125])
        #expect(dispositions[0]["aht"] as? Double == 160)
        #expect(dispositions[1]["aht"] is NSNull)

        let hangups = m.rows("hangups")
        #expect(hangups.map { $0["name"] as? String } == ["Customer", "System", "(none)", "Agent"])
        #expect(hangups.map { $0["calls"] as? Int } == [4, 2, 1, 1])
        #expect(hangups.map { $0["share"] as? Double } == [0.5, 0.25, 0.125, 0.125])

        // Missed: 9002, 9003, 9006 (9004's miss was outbound). 9002 reached by U4 after 50 minutes,
        // 9003 by U5 a week less half an hour later; median of 3000 and 603000 by nearest rank: 3000.
        let recovery = m["recovery"]
        #expect(recovery["missedNumbers"] as? Int == 3)
        #expect(recovery["recovered"] as? Int == 2)
        #expect(recovery["recoveryRate"] as? Double == 2.0 / 3)
        #expect(recovery["medianRecoverySeconds"] as? Int == 3000)

        #expect(m.rows("skills").map { $0["name"] as? String } == ["Sales", "Dialer", "Support"])
        #expect(m.rows("skills").map { $0["direction"] as? String } == ["mixed", "outbound", "inbound"])
        #expect(m.rows("campaigns").map { $0["direction"] as? String } == ["inbound", "outbound"])

        let intervals = m["intervals"]
        #expect(intervals["minutes"] as? Int == 30)
        #expect(intervals["targetServiceLevel"] as? Double == 0.8)
        #expect(intervals["serviceLevelSeconds"] as? Int == 20)
        let rows = try #require(intervals["rows"] as? [[String: Any]])
        #expect(rows.count == 7 * 48)
        // October 2026: four Mondays, Tuesdays, Wednesdays and Sundays; five Thursdays, Fridays, Saturdays.
        #expect(
            stride(from: 0, to: rows.count, by: 48).map { "\(rows[$0]["weekday"]!) \(rows[$0]["days"]!)" } == [
                "Mon 4", "Tue 4", "Wed 4", "Thu 5", "Fri 5", "Sat 5", "Sun 4",
            ])
        // Monday 09:00: U1, U2, U5 over 4 Mondays; handle 240, 150; U1 within T.
        let monday = rows[18]
        #expect(monday["start"] as? String == "09:00")
        #expect(monday["offered"] as? Int == 3)
        #expect(monday["averageOffered"] as? Double == 0.75)
        #expect(monday["answered"] as? Int == 2)
        #expect(monday["aht"] as? Double == 195)
        #expect(monday["serviceLevel"] as? Double == 1.0 / 3)
        // A = 0.75 · 195 / 1800 = 0.08125; one agent: C(1, A) = A, SL(1) = 1 − A·e^(−(1 − A)·20/195) ≈ 0.926.
        #expect(monday["requiredAgents"] as? Int == 1)
        #expect(abs((monday["occupancy"] as? Double ?? 0) - 0.08125) < 1e-12)
        // Saturday 23:30: U8 alone, unanswered: the inbound aht (195) stands in for its own.
        let saturday = rows[5 * 48 + 47]
        #expect(saturday["start"] as? String == "23:30" && saturday["weekday"] as? String == "Sat")
        #expect(saturday["averageOffered"] as? Double == 0.2)
        #expect(saturday["aht"] is NSNull)
        #expect(saturday["requiredAgents"] as? Int == 1)
        #expect(abs((saturday["occupancy"] as? Double ?? 0) - 0.2 * 195 / 1800) < 1e-12)
        // The outbound calls of Wednesday 14:00 are in no interval.
        #expect(rows[2 * 48 + 28]["offered"] as? Int == 0)
        #expect(rows[2 * 48 + 28]["requiredAgents"] as? Int == 0)
    }

    @Test("dispositions.csv, intervals.csv and the direction column of skills.csv and campaigns.csv")
    func csvFiles() throws {
        let report = try Self.run(format: "json")
        #expect(
            try report.lines("dispositions.csv") == [
                "name,calls,answered,share,aht",
                "Sale,3,3,0.375,160.0",
                "(none),2,0,0.25,",
                "Wrap up time exceeded,2,1,0.25,150.0",
                "No Answer,1,0,0.125,",
            ])
        let intervals = try report.lines("intervals.csv")
        #expect(intervals.count == 1 + 7 * 48)
        #expect(
            intervals[0]
                == "weekday,start,days,offered,averageOffered,answered,aht,serviceLevel,requiredAgents,occupancy")
        #expect(intervals[1] == "Mon,00:00,4,0,0.0,0,,,0,")
        #expect(intervals[1 + 18] == "Mon,09:00,4,3,0.75,2,195.0,0.3333333333333333,1,\(0.75 * 195.0 / 1800.0)")
        #expect(intervals[1 + 19] == "Mon,09:30,4,1,0.25,0,,0.0,1,\(0.25 * 195.0 / 1800.0)")
        #expect(intervals[1 + 5 * 48 + 47] == "Sat,23:30,5,1,0.2,0,,0.0,1,\(0.2 * 195.0 / 1800.0)")
        #expect(intervals.last == "Sun,23:30,4,0,0.0,0,,,0,")
        #expect(
            try report.lines("skills.csv") == [
                "name,direction,offered,answered,unanswered,abandonRate,handleSeconds,aht,asa,serviceLevel,"
                    + "transferred,transferRate",
                "Sales,mixed,4,2,2,0.5,390,195.0,5.0,0.5,0,0.0",
                "Dialer,outbound,2,1,1,0.5,90,90.0,0.0,0.5,1,1.0",
                "Support,inbound,2,1,1,0.5,150,150.0,30.0,0.0,0,0.0",
            ])
        let campaigns = try report.lines("campaigns.csv")
        #expect(campaigns[0].hasPrefix("name,direction,offered,"))
        #expect(
            campaigns.dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") } == [
                "Inbound_Sales,inbound,5", "Outbound_Renewals,outbound,3",
            ])
    }

    @Test("the summaries show the hand-computed inbound, outbound, wait, disposition, recovery and staffing figures")
    func summaries() throws {
        let report = try Self.run(format: "json")
        let html = try String(contentsOf: report.folder.appendingPathComponent("summary.html"), encoding: .utf8)
        let shown = html.replacing(#/<[^>]*>/#, with: "")
        // Inbound tiles: SL 1 of 5 within T, abandon 3 of 5, AHT (240 + 150) / 2, ASA (10 + 30) / 2.
        for figure in ["5", "2", "20.0 %", "60.0 %", "3m 15s", "20s"] {
            #expect(html.contains("font-weight:bold;color:#1f2933\">\(figure)</div>"), "\(figure)")
        }
        #expect(shown.contains("Excluding 1 short abandon (under 5 s): service level 25.0 %, abandon rate 50.0 %."))
        #expect(shown.contains("Outbound: 3 attempts, 2 connected (connect rate 66.7 %), AHT 2m 00s."))
        #expect(shown.contains("All calls, inbound and outbound: 8 offered, 4 answered"))
        // Waits: U2 3 s, U3 60 s, U8 unknown.
        #expect(shown.contains("median 3s; 1 without a readable end are not shown"))
        #expect(html.contains(">0–5 s</td>") && html.contains(">1–2 min</td>"))
        #expect(html.contains(">1</td><td style=\"background:#fff;color:#222\">50.0 %</td>"))  // U2
        // Sale: U1 U5 U7, handle 240 + 150 + 90 over 3; Customer hung up 4 of 8.
        #expect(html.contains(">Sale</th>"))
        #expect(html.contains(">37.5 %</td><td style=\"background:#fff;color:#222\">2m 40s</td>"))
        #expect(
            shown.contains("Who hung up: Customer 4 (50.0 %); System 2 (25.0 %); (none) 1 (12.5 %); Agent 1 (12.5 %)."))
        #expect(shown.contains("Recovery: 2 of 3 numbers that missed an inbound call (66.7 %)"))
        #expect(shown.contains("a median 50m 00s after the first miss"))
        // Monday 09:00–10:00: 0.75 + 0.25 calls (the busiest hour); Saturday 23:00: 0.2. Peak agents: 1 on both.
        #expect(html.contains(">09</td><td style=\"background:#147;color:#fff\">1.0</td>"))
        #expect(html.contains("<td style=\"background:#def;color:#222\">0.2</td>"))
        #expect(shown.contains("the 30-minute intervals of intervals.csv added up to hours"))
        let md = try String(contentsOf: report.folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(md.contains("| 5 | 2 | 40.0 % | 20.0 % | 3m 15s | 20s | 60.0 % | 0.0 % |"))
        #expect(md.contains("| Sale | 3 | 37.5 % | 2m 40s |"))
        #expect(md.contains("| Wrap up time exceeded | 2 | 25.0 % | 2m 30s |"))
        #expect(md.contains("| 1–2 min | 1 | 50.0 % |"))
        #expect(md.contains("| **Peak agents** | **1** | **0** | **0** | **0** | **0** | **1** | **0** |"))
        #expect(md.contains("| 09 | 1.0 |  |  |  |  |  |  |"))
        let text = try String(contentsOf: report.folder.appendingPathComponent("summary.txt"), encoding: .utf8)
        #expect(text.contains("  Service level           20.0 %\n"))
        #expect(text.contains("  Short abandons          1 (under 5 s)\n  SL without them         25.0 %\n"))
        #expect(text.contains("  Connect rate            66.7 %\n"))
        #expect(text.contains("  Mon   1\n"))
    }

    @Test("the same records as XML give the same metrics.json and CSV files")
    func xmlAgrees() throws {
        let json = try Self.run(format: "json")
        let xml = try Self.run(format: "xml")
        for name in ["metrics.json", "dispositions.csv", "intervals.csv", "skills.csv", "campaigns.csv", "missed.csv"] {
            #expect(
                try Data(contentsOf: json.folder.appendingPathComponent(name))
                    == Data(contentsOf: xml.folder.appendingPathComponent(name)), "\(name)")
        }
    }
}
