import CallModel
import Testing

@testable import CallNormalize

@Suite("Timestamps")
struct TimestampTests {
    @Test(
        "a space or a T between date and time",
        arguments: ["2026-10-01 09:15:00", "2026-10-01T09:15:00", " 2026-10-01 09:15:00 "])
    func readable(text: String) throws {
        let record = try #require(try build([("StartTime", .string(text)), ("EndTime", .string(text))]).0)
        #expect(record.start == at("2026-10-01 09:15:00"))
        #expect(record.end == at("2026-10-01 09:15:00"))
    }

    @Test("a leap day exists in 2028")
    func leapDay() throws {
        let record = try #require(try build([("StartTime", .string("2028-02-29 23:59:59"))]).0)
        #expect(record.start == at("2028-02-29 23:59:59"))
    }

    static let unreadable: [RawValue] = [
        .string("2026-02-30 10:00:00"), .string("2026-02-29 10:00:00"), .string("2026-13-01 10:00:00"),
        .string("2026-10-01 24:00:00"), .string("2026-10-01 10:60:00"), .string("2026-10-01 9:15:00"),
        .string("2026/10/01 09:15:00"), .string("01-10-2026 09:15:00"), .string("2026-10-01"),
        .string("2026-10-01T09:15:00Z"), .string("2026-10-01 09:15:00.000"), .string("2026-10-01  09:15:00"),
        .string("yesterday"), .number("1759300000"), .bool(true),
    ]

    @Test("an unreadable start quarantines the record as invalid_start", arguments: unreadable)
    func invalidStart(value: RawValue) throws {
        let (record, quarantined) = try build([("UCID", .string("1")), ("StartTime", value)])
        #expect(record == nil)
        #expect(quarantined?.reason == .invalidStart)
    }

    @Test(
        "a start that is absent or missing quarantines the record as missing_start",
        arguments: [RawValue.null, .string(""), .string("null"), .string(" N/A "), .nested("{}")])
    func missingStart(value: RawValue) throws {
        #expect(try build([("UCID", .string("1")), ("StartTime", value)]).1?.reason == .missingStart)
        #expect(try build([("UCID", .string("1"))]).1?.reason == .missingStart)
    }

    @Test("an unreadable end is dropped, the record kept")
    func unreadableEnd() throws {
        let record = try #require(
            try build([("StartTime", .string("2026-10-01 09:15:00")), ("EndTime", .string("2026-10-01 25:00:00"))]).0)
        #expect(record.end == nil)
    }
}
