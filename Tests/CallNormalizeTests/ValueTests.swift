import CallModel
import Foundation
import Testing

@testable import CallNormalize

@Suite("Values")
struct ValueTests {
    @Test(
        "missing markers, in any case and with white space, mean missing",
        arguments: [
            "", "   ", "none", "NONE", "None", "null", "NULL", "na", "NA", "n/a", "N/A", "-", " - ", "\tnull\n",
        ])
    func missingMarker(text: String) throws {
        let record = try #require(
            try build([("StartTime", .string("2026-10-01 00:00:00")), ("Disposition", .string(text))]).0)
        #expect(record.disposition == nil)
    }

    @Test(
        "other short texts are values, trimmed",
        arguments: [("0", "0"), ("nan", "nan"), ("--", "--"), ("n.a", "n.a"), (" NA1 ", "NA1"), ("nil", "nil")])
    func notMissing(text: String, expected: String) throws {
        let record = try #require(
            try build([("StartTime", .string("2026-10-01 00:00:00")), ("Disposition", .string(text))]).0)
        #expect(record.disposition == expected)
    }

    @Test("JSON null, booleans and nested values")
    func jsonTypes() throws {
        let record = try #require(
            try onlyRecord(
                #"{"StartTime":"2026-10-01 00:00:00","Status":true,"Skill":false,"Disposition":null,"Location":{"city":"Pune"},"Campaign":["a"]}"#
            ))
        #expect(record.status == "true")
        #expect(record.skill == "false")
        #expect(record.disposition == nil)
        #expect(record.location == nil)
        #expect(record.campaign == nil)
    }

    @Test("numbers stand for strings, digits exactly as written")
    func numbersAsStrings() throws {
        let record = try #require(
            try onlyRecord(
                #"{"StartTime":"2026-10-01 00:00:00","Did":918061234567,"CallerID":9876543210,"Skill":1.50,"Location":1e3,"AgentID":-0}"#
            ))
        #expect(record.did == "918061234567")
        #expect(record.callerId == "9876543210")
        #expect(record.skill == "1.50")
        #expect(record.location == "1e3")
        #expect(record.agentId == "-0")
    }

    /// Above 2^53 a `Double` cannot hold every integer: 48712345678912345678 would come back
    /// as 48712345678912344064, and 12345678901234567 as 12345678901234568.
    @Test(
        "big UCIDs given as JSON numbers keep every digit",
        arguments: ["48712345678912345678", "12345678901234567", "99999999999999999999999999999999999999999"])
    func bigUCID(digits: String) throws {
        let record = try #require(try onlyRecord(#"{"UCID":\#(digits),"StartTime":"2026-10-01 00:00:00"}"#))
        #expect(record.ucid == digits)
    }

    @Test("escaped strings are decoded, including PHP's \\/ and \\u escapes and surrogate pairs")
    func escapes() throws {
        let record = try #require(
            try onlyRecord(
                #"{"StartTime":"2026-10-01 00:00:00","AgentName":"\u0930\u093e\u0939\u0941\u0932 \ud83d\ude00","Disposition":"a\/b \"q\" \\ \t|","Skill":"\ud800x"}"#
            ))
        #expect(record.agentName == "राहुल 😀")
        #expect(record.disposition == "a/b \"q\" \\ \t|")
        #expect(record.skill == "\u{FFFD}x")
    }

    @Test("keys are decoded before they are matched")
    func escapedKey() throws {
        let record = try #require(try onlyRecord(#"{"Start\u0054ime":"2026-10-01 00:00:00","Caller\u0020Id":"1"}"#))
        #expect(record.callerId == "1")
    }
}
