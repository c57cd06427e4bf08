import Foundation

/// A calendar date as written in the account's local time, with no zone.
///
/// CloudAgent writes timestamps in the account's local time without an
/// offset, and a call's date and hour are the ones written; so dates stay
/// plain numbers and only the CSV writer ever looks at a time zone.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or `nil` when the day does not exist in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= LocalDate.daysIn(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads exactly `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        // Exactly ten bytes: the byte reader below reads a prefix (found by FuzzTimestamp:
        // "2026-10-01 09:15" read as a date).
        guard let date = text.withUTF8({ $0.count == 10 ? LocalDate(utf8: $0, at: 0) : nil }) else { return nil }
        self = date
    }

    /// Reads exactly `YYYY-MM-DD` from the ten bytes at `start` (no copy, no allocation: this runs
    /// for every record of a month).
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>, at start: Int) {
        guard bytes.count >= start + 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
            let y = Digits.fixed(bytes, start, 4), let m = Digits.fixed(bytes, start + 5, 2),
            let d = Digits.fixed(bytes, start + 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 (negative before it); the basis of date arithmetic.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Days from `self` to `other`; positive when `other` is later.
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        Digits.padded(year, 4) + "-" + Digits.padded(month, 2) + "-" + Digits.padded(day, 2)
    }
}

/// Small helpers for fixed-width decimal fields, shared by the date types.
public enum Digits {
    /// The value of one hexadecimal digit (either case), as in JSON's `\uXXXX`; `nil` for another byte.
    @inlinable
    public static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The value of a run of ASCII digits, or `nil` if any byte is not a digit or the run is empty.
    @inlinable
    public static func value(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var result = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            result = result * 10 + Int(b - 48)
        }
        return result
    }

    /// The value of exactly `count` ASCII digits at `start`, or `nil`.
    @inline(__always)
    static func fixed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var result = 0
        for i in start..<start + count {
            let b = bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            result = result * 10 + Int(b &- 48)
        }
        return result
    }

    /// `value` written with at least `width` digits, zero-padded.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension LocalDate {
    /// The date it is at `instant` on the wall clocks of `zone`: "today" for the
    /// account, whose timestamps are written in its own zone.
    public static func today(in zone: TimeZone, at instant: Date = Date()) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
