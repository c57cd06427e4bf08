import CallModel
import Testing

@testable import CallNormalize

@Suite("Durations")
struct DurationTests {
    @Test(
        "valid text forms",
        arguments: [
            ("0:00:00", 0), ("00:05:18", 318), ("4:05:09", 14709), ("123:00:01", 442_801), ("05:07", 307),
            ("59:59", 3599), ("00:00", 0), ("90", 90), ("0090", 90), (" 90 ", 90), ("0", 0), ("\t01:00:00\n", 3600),
        ])
    func validText(text: String, seconds: Int) {
        #expect(DurationParser.parse(.string(text)) == .seconds(seconds))
    }

    @Test(
        "whole JSON numbers",
        arguments: [
            ("90", 90), ("90.0", 90), ("90.000", 90), ("9e1", 90), ("9E+1", 90), ("1.50e2", 150), ("0", 0),
            ("0.0", 0), ("900e-1", 90),
        ])
    func wholeNumbers(text: String, seconds: Int) {
        #expect(DurationParser.parse(.number(text)) == .seconds(seconds))
    }

    @Test(
        "invalid text forms",
        arguments: [
            "12:75:00", "5:07", "-5", "1.5", "abc", "1:60", "00:60", "60:00", "1:2:3", "::", "1::00", "90.0",
            "12:00:00:00", "+5", "1:00:0", "1:000:00", "１２", "00:05:18 AM", "1 h",
        ])
    func invalidText(text: String) {
        #expect(DurationParser.parse(.string(text)) == .invalid)
    }

    @Test("invalid JSON numbers", arguments: ["-5", "1.5", "1e-1", "-0", "99999999999999999999"])
    func invalidNumbers(text: String) {
        #expect(DurationParser.parse(.number(text)) == .invalid)
    }

    @Test("booleans are invalid")
    func booleans() {
        #expect(DurationParser.parse(.bool(true)) == .invalid)
    }

    @Test("missing values", arguments: [RawValue.null, .string(""), .string(" N/A "), .string("-"), .nested("[]")])
    func missing(value: RawValue) {
        #expect(DurationParser.parse(value) == .missing)
    }

    @Test("in a record: missing is 0 (handling nil), invalid is 0 (handling nil) and flags the record")
    func inRecord() throws {
        let clean = try #require(try onlyRecord(#"{"StartTime":"2026-10-01 00:00:00","TalkTime":"","Hold Time":null}"#))
        #expect(clean.talk == 0 && clean.hold == 0 && clean.wrapup == 0 && clean.timeToAnswer == 0)
        #expect(clean.handling == nil)
        #expect(!clean.hasInvalidDuration)

        let invalidHandling = try #require(
            try onlyRecord(#"{"StartTime":"2026-10-01 00:00:00","TotalHandlingTime":"1.5","TalkTime":"00:00:40"}"#))
        #expect(invalidHandling.handling == nil)
        #expect(invalidHandling.talk == 40)
        #expect(invalidHandling.hasInvalidDuration)

        let handled = try #require(try onlyRecord(#"{"StartTime":"2026-10-01 00:00:00","HandlingTime":"00:00"}"#))
        #expect(handled.handling == 0)
    }

    @Test("only the value used counts: an invalid Duration beside a valid TalkTime does not flag the record")
    func unusedDuration() throws {
        let record = try #require(
            try onlyRecord(#"{"StartTime":"2026-10-01 00:00:00","Duration":"12:75:00","TalkTime":"00:02:00"}"#))
        #expect(record.talk == 120)
        #expect(!record.hasInvalidDuration)
        let used = try #require(try onlyRecord(#"{"StartTime":"2026-10-01 00:00:00","Duration":"12:75:00"}"#))
        #expect(used.talk == 0)
        #expect(used.hasInvalidDuration)
    }
}
