import CallModel
import Foundation
import Testing

@testable import CallRender

@Suite("Offset formatter")
struct OffsetFormatterTests {
    static func iso(_ zone: String, _ local: String) -> String {
        OffsetFormatter(timeZone: TimeZone(identifier: zone)!).iso8601(LocalDateTime(local)!)
    }

    @Test(
        "offsets, including repeated and skipped wall times",
        arguments: [
            ("Asia/Kolkata", "2026-10-03 10:15:00", "2026-10-03T10:15:00+05:30"),
            ("Asia/Kolkata", "2026-01-01 00:00:00", "2026-01-01T00:00:00+05:30"),
            ("UTC", "2026-10-03 10:15:00", "2026-10-03T10:15:00+00:00"),
            // New York, spring forward on 2026-03-08: 02:00–02:59 does not exist.
            ("America/New_York", "2026-03-08 01:59:59", "2026-03-08T01:59:59-05:00"),
            ("America/New_York", "2026-03-08 02:00:00", "2026-03-08T02:00:00-05:00"),
            ("America/New_York", "2026-03-08 02:30:00", "2026-03-08T02:30:00-05:00"),
            ("America/New_York", "2026-03-08 03:00:00", "2026-03-08T03:00:00-04:00"),
            ("America/New_York", "2026-07-01 12:00:00", "2026-07-01T12:00:00-04:00"),
            // Fall back on 2026-11-01: 01:00–01:59 happens twice; the earlier is EDT.
            ("America/New_York", "2026-11-01 00:59:59", "2026-11-01T00:59:59-04:00"),
            ("America/New_York", "2026-11-01 01:00:00", "2026-11-01T01:00:00-04:00"),
            ("America/New_York", "2026-11-01 01:30:00", "2026-11-01T01:30:00-04:00"),
            ("America/New_York", "2026-11-01 01:59:59", "2026-11-01T01:59:59-04:00"),
            ("America/New_York", "2026-11-01 02:00:00", "2026-11-01T02:00:00-05:00"),
            ("America/New_York", "2026-12-01 09:00:00", "2026-12-01T09:00:00-05:00"),
            // London: GMT in winter, BST in summer; 01:00–01:59 skipped on 2026-03-29,
            // repeated on 2026-10-25.
            ("Europe/London", "2026-01-15 09:00:00", "2026-01-15T09:00:00+00:00"),
            ("Europe/London", "2026-07-15 09:00:00", "2026-07-15T09:00:00+01:00"),
            ("Europe/London", "2026-03-29 01:30:00", "2026-03-29T01:30:00+00:00"),
            ("Europe/London", "2026-03-29 02:00:00", "2026-03-29T02:00:00+01:00"),
            ("Europe/London", "2026-10-25 01:30:00", "2026-10-25T01:30:00+01:00"),
            ("Europe/London", "2026-10-25 02:00:00", "2026-10-25T02:00:00+00:00"),
            // Lord Howe moves by 30 minutes: a half-skipped hour must not be cached whole.
            ("Australia/Lord_Howe", "2026-10-04 02:15:00", "2026-10-04T02:15:00+10:30"),
            ("Australia/Lord_Howe", "2026-10-04 02:45:00", "2026-10-04T02:45:00+11:00"),
        ])
    func offsets(zone: String, local: String, expected: String) {
        #expect(Self.iso(zone, local) == expected)
    }

    @Test("the cache gives the same answers as a fresh formatter, in any order")
    func cacheIsConsistent() {
        let zone = TimeZone(identifier: "America/New_York")!
        let shared = OffsetFormatter(timeZone: zone)
        let start = LocalDateTime("2026-10-30 00:00:00")!.wallSeconds
        // Every 17 minutes over four days around the change, twice.
        let times = stride(from: start, to: start + 4 * 86_400, by: 17 * 60).map { wall -> LocalDateTime in
            let date = LocalDate(dayNumber: wall / 86_400)
            let s = wall % 86_400
            return LocalDateTime(date: date, hour: s / 3600, minute: s / 60 % 60, second: s % 60)!
        }
        for time in times + times.reversed() {
            #expect(shared.iso8601(time) == OffsetFormatter(timeZone: zone).iso8601(time))
        }
    }

    @Test("offset text")
    func offsetText() {
        #expect(OffsetFormatter.offsetText(19_800) == "+05:30")
        #expect(OffsetFormatter.offsetText(-16_200) == "-04:30")
        #expect(OffsetFormatter.offsetText(0) == "+00:00")
        #expect(OffsetFormatter.offsetText(-(4 * 3600 + 56 * 60 + 2)) == "-04:56:02")
    }
}

@Suite("Offset formatter: a writer's last hour")
struct OffsetLastHourTests {
    @Test(
        "one remembered hour gives what a fresh formatter gives, across changes",
        arguments: ["America/New_York", "Australia/Lord_Howe", "Europe/London", "Asia/Kolkata"])
    func lastHourIsConsistent(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let shared = OffsetFormatter(timeZone: timeZone)
        var lastHour = OffsetFormatter.LastHour()
        let starts = [
            "2026-03-06 00:00:00", "2026-03-27 00:00:00", "2026-10-02 00:00:00", "2026-10-23 00:00:00",
            "2026-10-30 00:00:00", "2026-04-03 00:00:00",
        ]
        for start in starts {
            let first = LocalDateTime(start)!.wallSeconds
            // Every 7 minutes over four days, forwards then backwards, so hours repeat and alternate.
            let walls = Array(stride(from: first, to: first + 4 * 86_400, by: 7 * 60))
            for wall in walls + walls.reversed() {
                let s = wall % 86_400
                let time = LocalDateTime(
                    date: LocalDate(dayNumber: wall / 86_400), hour: s / 3600, minute: s / 60 % 60, second: s % 60)!
                #expect(
                    shared.offsetSeconds(time, lastHour: &lastHour)
                        == OffsetFormatter(timeZone: timeZone).offsetSeconds(time))
            }
        }
    }
}
