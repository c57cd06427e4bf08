import CallModel
import Foundation
import Testing

@testable import CallAggregate

@Suite("metrics.json")
struct MetricsJSONTests {
    /// Keys of the JSON text in order, with their indentation, read line by line
    /// (the pretty-printed layout puts one member on a line).
    static func keys(_ data: Data, indent: Int? = nil) -> [String] {
        String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let body = line.drop { $0 == " " }
            guard body.hasPrefix("\""), let end = body.range(of: "\" : ") else { return nil }
            if let indent, line.count - body.count != indent { return nil }
            return String(body[body.index(after: body.startIndex)..<end.lowerBound])
        }
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func encoded(_ value: some Encodable) throws -> Data {
        try OrderedJSONEncoder().encode(value)
    }

    @Test("top-level keys in SPEC §5 order")
    func topLevelOrder() throws {
        let data = try MetricsJSON.encode(metrics(sampleRecords))
        #expect(
            Self.keys(data, indent: 2) == [
                "period", "totals", "agents", "skills", "campaigns", "daily", "hourly", "dataQuality", "fetch",
                "callers", "inbound", "outbound", "dispositions", "hangups", "recovery", "intervals",
            ])
    }

    @Test("§4b keys in SPEC order, nulls written out")
    func directionOrder() throws {
        let m = metrics(sampleRecords + [CallRecord(start: at("2026-10-01 10:00:00"), type: "Manual")])
        #expect(
            Self.keys(try Self.encoded(try #require(m.inbound)), indent: 2) == [
                "offered", "answered", "unanswered", "shortAbandoned", "serviceLevel", "serviceLevelExcludingShort",
                "asa", "abandonRate", "abandonRateExcludingShort", "aht", "medianHandle", "p90Handle", "transferred",
                "transferRate", "abandonWait",
            ])
        #expect(
            Self.keys(try Self.encoded(try #require(m.inbound?.abandonWait)), indent: 2) == [
                "known", "unknown", "median", "buckets",
            ])
        let buckets = try Self.encoded(try #require(m.inbound?.abandonWait.buckets.last))
        #expect(Self.keys(buckets) == ["fromSeconds", "toSeconds", "calls"])
        #expect(try Self.object(buckets)["toSeconds"] is NSNull)
        #expect(
            Self.keys(try Self.encoded(try #require(m.outbound)), indent: 2) == [
                "attempts", "connected", "connectRate", "aht", "medianHandle", "p90Handle", "talkSeconds",
                "handleSeconds", "transferred", "transferRate",
            ])
        #expect(
            Self.keys(try Self.encoded(try #require(m.dispositions?.first))) == [
                "name", "calls", "answered", "share", "aht",
            ])
        #expect(Self.keys(try Self.encoded(try #require(m.hangups?.first))) == ["name", "calls", "share"])
        #expect(
            Self.keys(try Self.encoded(try #require(m.recovery))) == [
                "missedNumbers", "recovered", "recoveryRate", "medianRecoverySeconds",
            ])
        #expect(try Self.object(try Self.encoded(try #require(m.recovery)))["medianRecoverySeconds"] is NSNull)
        #expect(
            Self.keys(try Self.encoded(try #require(m.intervals)), indent: 2) == [
                "minutes", "targetServiceLevel", "serviceLevelSeconds", "rows",
            ])
        #expect(
            Self.keys(try Self.encoded(try #require(m.intervals?.rows.first))) == [
                "weekday", "start", "days", "offered", "averageOffered", "answered", "aht", "serviceLevel",
                "requiredAgents", "occupancy",
            ])
        #expect(
            Self.keys(try Self.encoded(try #require(m.campaigns.first { $0.name == "Outbound" }))).prefix(3) == [
                "name", "direction", "offered",
            ])
        // The sample has no types (inbound); the added Manual call has no campaign.
        #expect(m.campaigns.map(\.name) == ["Inbound", "(none)", "Outbound"])
        #expect(m.campaigns.map(\.direction) == [.inbound, .mixed, .inbound] as [CallDirection?])
    }

    @Test("a metrics.json of version 1, without the §4b figures, still reads back")
    func versionOne() throws {
        var object = try Self.object(try MetricsJSON.encode(metrics(sampleRecords)))
        for key in ["inbound", "outbound", "dispositions", "hangups", "recovery", "intervals"] {
            object[key] = nil
        }
        for section in ["skills", "campaigns"] {
            object[section] = (object[section] as! [[String: Any]]).map { row in
                var row = row
                row["direction"] = nil
                return row
            }
        }
        let old = try MetricsJSON.decode(JSONSerialization.data(withJSONObject: object))
        #expect(old.inbound == nil && old.intervals == nil && old.dispositions == nil)
        #expect(old.skills.allSatisfy { $0.direction == nil })
        #expect(old.totals.offered == 10 && old.skills.count == 3)
        // Written again, it stays a version-1 file: no key made up.
        #expect(!String(decoding: try MetricsJSON.encode(old), as: UTF8.self).contains("direction"))
    }

    @Test("row keys in SPEC §4 order")
    func rowOrder() throws {
        let m = metrics(sampleRecords)
        #expect(Self.keys(try Self.encoded(m.period)) == ["from", "to", "timezone", "serviceLevelSeconds"])
        #expect(
            Self.keys(try Self.encoded(m.totals)) == [
                "offered", "answered", "unanswered", "transferred", "handleSeconds", "aht", "asa", "serviceLevel",
                "abandonRate", "transferRate", "medianHandle", "p90Handle",
            ])
        #expect(
            Self.keys(try Self.encoded(m.agents[0])) == [
                "id", "name", "offered", "answered", "handleSeconds", "talkSeconds", "holdSeconds", "wrapupSeconds",
                "aht", "medianHandle", "p90Handle", "asa", "transferred", "transferRate",
            ])
        #expect(
            Self.keys(try Self.encoded(m.skills[2])) == [
                "name", "direction", "offered", "answered", "unanswered", "abandonRate", "handleSeconds", "aht", "asa",
                "serviceLevel", "transferred", "transferRate",
            ])
        #expect(
            Self.keys(try Self.encoded(m.daily[2])) == [
                "date", "offered", "answered", "unanswered", "handleSeconds", "aht",
            ])
        #expect(Self.keys(try Self.encoded(m.hourly[0])) == ["hour", "offered", "answered"])
        #expect(
            Self.keys(try Self.encoded(m.dataQuality)) == [
                "inputRecords", "normalized", "duplicates", "quarantined", "outOfPeriod", "reasons",
                "missing_start", "invalid_start", "invalid_duration",
            ])
        #expect(Self.keys(try Self.encoded(m.fetch)) == ["requests", "windows", "fromArchive"])
    }

    @Test("layout: two-space indent, `\"key\" : value`, final newline")
    func layout() throws {
        let text = String(decoding: try Self.encoded(HourFigures(hour: 9, offered: 4, answered: 3)), as: UTF8.self)
        #expect(text == "{\n  \"hour\" : 9,\n  \"offered\" : 4,\n  \"answered\" : 3\n}\n")
        let reasons = DataQuality(
            inputRecords: 5, normalized: 4, duplicates: 0, quarantined: 1, outOfPeriod: 0,
            reasons: .init(missingStart: 1, invalidStart: 0, invalidDuration: 0))
        #expect(
            String(decoding: try Self.encoded(reasons), as: UTF8.self) == """
                {
                  "inputRecords" : 5,
                  "normalized" : 4,
                  "duplicates" : 0,
                  "quarantined" : 1,
                  "outOfPeriod" : 0,
                  "reasons" : {
                    "missing_start" : 1,
                    "invalid_start" : 0,
                    "invalid_duration" : 0
                  }
                }

                """)
        #expect(String(decoding: try Self.encoded([Int]()), as: UTF8.self) == "[]\n")
    }

    @Test("a zero denominator is written as null, not left out")
    func nulls() throws {
        let m = metrics([CallRecord(start: at("2026-10-01 10:00:00"), agentId: "A9", status: "Unanswered")])
        let json = try Self.object(try MetricsJSON.encode(m))
        let totals = try #require(json["totals"] as? [String: Any])
        for key in ["aht", "asa", "transferRate", "medianHandle", "p90Handle"] {
            #expect(totals[key] is NSNull, "totals.\(key)")
        }
        #expect((totals["abandonRate"] as? NSNumber)?.doubleValue == 1)
        #expect((totals["serviceLevel"] as? NSNumber)?.doubleValue == 0)
        let agent = try #require((json["agents"] as? [[String: Any]])?.first)
        for key in ["aht", "medianHandle", "p90Handle", "asa", "transferRate"] {
            #expect(agent[key] is NSNull, "agents[0].\(key)")
        }
        let skill = try #require((json["skills"] as? [[String: Any]])?.first)
        for key in ["aht", "asa", "transferRate"] { #expect(skill[key] is NSNull, "skills[0].\(key)") }
        let emptyDay = try #require((json["daily"] as? [[String: Any]])?.last)
        #expect(emptyDay["aht"] is NSNull)

        let none = try Self.object(try MetricsJSON.encode(metrics([])))
        let noneTotals = try #require(none["totals"] as? [String: Any])
        for key in ["aht", "asa", "serviceLevel", "abandonRate", "transferRate", "medianHandle", "p90Handle"] {
            #expect(noneTotals[key] is NSNull, "empty totals.\(key)")
        }
        #expect((none["agents"] as? [Any])?.isEmpty == true)
    }

    @Test("encode → decode gives the same metrics", arguments: [0, 1, 2])
    func roundTrip(variant: Int) throws {
        let m: Metrics
        switch variant {
        case 0: m = metrics(sampleRecords, fetch: FetchSummary(requests: 2, windows: 1, fromArchive: 0))
        case 1: m = metrics([])
        default:
            // Text that needs escaping, and values beyond plain ASCII, must come back exactly.
            let start = at("2026-10-02 10:00:00")
            m = metrics([
                CallRecord(
                    start: start, campaign: "a/b \"q\" \\ tab\t nl\n", skill: "Ren\u{E9}e \u{1F4DE}",
                    agentId: "\u{1}ctl", agentName: "e\u{301}", timeToAnswer: 7, talk: 1, status: "answered"),
                CallRecord(start: start, timeToAnswer: 3, status: "answered"),
                CallRecord(start: start, timeToAnswer: 11, handling: 13, status: "answered"),
            ])
        }
        let data = try MetricsJSON.encode(m)
        #expect(try MetricsJSON.decode(data) == m)
        #expect(try JSONDecoder().decode(Metrics.self, from: data) == m)
    }

    @Test("slashes are not escaped")
    func slashes() throws {
        let m = metrics([CallRecord(start: at("2026-10-02 10:00:00"), campaign: "Sales/North")])
        let text = String(decoding: try MetricsJSON.encode(m), as: UTF8.self)
        #expect(text.contains("\"name\" : \"Sales/North\""))
        #expect(!text.contains("\\/"))
    }

    @Test("exact ratios are written with every digit needed to read them back")
    func doubles() throws {
        // Checked on the text and with JSONDecoder: JSONSerialization on Linux reads such numbers
        // as NSDecimalNumber, whose doubleValue can be off in the last digit (118.57142857142858).
        let m = metrics(sampleRecords)
        let data = try MetricsJSON.encode(m)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"aht\" : \(830.0 / 7),"))
        #expect(text.contains("\"aht\" : 118.57142857142857,"))
        #expect(text.contains("\"transferRate\" : 0.2857142857142857,"))
        #expect(try MetricsJSON.decode(data).totals.aht == 830.0 / 7)
    }

    @Test("encoding is the same every time")
    func deterministic() throws {
        let m = metrics(sampleRecords)
        #expect(try MetricsJSON.encode(m) == MetricsJSON.encode(m))
    }
}
