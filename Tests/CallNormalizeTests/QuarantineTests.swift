import CallModel
import Foundation
import Testing

@testable import CallNormalize

@Suite("Quarantine")
struct QuarantineTests {
    @Test("reasons, positions and counts")
    func reasons() throws {
        let (collected, counts) = try read(
            response(
                #"{"UCID":"1","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"2"}"#,
                #"{"UCID":"3","StartTime":"2026-02-30 09:00:00"}"#,
                #"{"UCID":"4","Start Time":"  "}"#),
            source: "w1.json")
        #expect(collected.quarantined.map(\.reason) == [.missingStart, .invalidStart, .missingStart])
        #expect(collected.quarantined.map(\.position) == [2, 3, 4])
        #expect(collected.quarantined.allSatisfy { $0.source == "w1.json" })
        #expect(counts.inputRecords == 4)
        #expect(counts.quarantined == 3)
        #expect(counts.missingStart == 2)
        #expect(counts.invalidStart == 1)
        #expect(counts.normalized == 1)
    }

    @Test("the quarantine line keeps the record as received: order, exact numbers, null, bools, nesting")
    func line() throws {
        let (collected, _) = try read(
            response(
                #"{"UCID": 48712345678912345678, "Start Time": null, "Talk": 90.0, "ok": true, "x": {"b": [1, 2.50], "a": "s p"}, "Name": "राहुल \"R\"\n😀"}"#
            ),
            source: "w1.json")
        let quarantined = try #require(collected.quarantined.first)
        let line = QuarantineLine.json(for: quarantined)
        #expect(
            line
                == #"{"reason":"missing_start","source":"w1.json","position":1,"record":{"UCID":48712345678912345678,"Start Time":null,"Talk":90.0,"ok":true,"x":{"b":[1,2.50],"a":"s p"},"Name":"राहुल \"R\"\n😀"}}"#
        )
        #expect(!line.contains("\n"))

        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(parsed["reason"] as? String == "missing_start")
        #expect(parsed["source"] as? String == "w1.json")
        #expect(parsed["position"] as? Int == 1)
        let record = try #require(parsed["record"] as? [String: Any])
        #expect(record["Name"] as? String == "राहुल \"R\"\n😀")
        #expect(record["Start Time"] is NSNull)
        #expect(record["ok"] as? Bool == true)
    }

    @Test("ApiKey in any spelling never reaches a record or a quarantine line")
    func apiKeyDropped() throws {
        let secret = "KK0123456789abcdef"
        let (collected, _) = try read(
            response(
                #"{"UCID":"1","ApiKey":"\#(secret)","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"2","api_key":"\#(secret)","API KEY":"\#(secret)","StartTime":"bad"}"#))
        #expect(!String(describing: collected.records).contains(secret))
        let quarantined = try #require(collected.quarantined.first)
        #expect(quarantined.fields.map(\.key) == ["UCID", "StartTime"])
        #expect(!QuarantineLine.json(for: quarantined).contains(secret))

        // Even a quarantined record built elsewhere, still holding the key, does not write it.
        let handMade = QuarantinedRecord(
            reason: .missingStart, source: "s", position: 1,
            fields: [RawField(key: "Api-Key", value: .string(secret)), RawField(key: "UCID", value: .number("1"))])
        #expect(
            QuarantineLine.json(for: handMade)
                == #"{"reason":"missing_start","source":"s","position":1,"record":{"UCID":1}}"#)
    }

    @Test("control characters are escaped; a hand-made number that is not JSON is written as a string")
    func escaping() {
        let record = QuarantinedRecord(
            reason: .invalidStart, source: "a\"b.json", position: 2,
            fields: [
                RawField(key: "k", value: .string("\u{01}\t\u{2028}")),
                RawField(key: "n", value: .number("12abc")),
                RawField(key: "m", value: .number("-1.5e+3")),
            ])
        #expect(
            QuarantineLine.json(for: record)
                == #"{"reason":"invalid_start","source":"a\"b.json","position":2,"record":{"k":"\u0001\t\u2028","n":"12abc","m":-1.5e+3}}"#
        )
    }
}
