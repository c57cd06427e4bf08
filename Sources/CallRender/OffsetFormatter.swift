import CallModel
import Foundation

/// Writes a local wall-clock time as ISO 8601 with the offset it has in a
/// time zone: `2026-10-03T10:15:00+05:30`.
///
/// CloudAgent writes local times without an offset, and the date and hour of
/// a call are the ones written (SPEC §3), so the time itself is never
/// shifted: only the offset is looked up. Two wall times need a rule:
/// - a repeated time (the hour that repeats when clocks go back) takes the
///   earlier instant, i.e. the larger offset (SPEC §3);
/// - a time that does not exist (the hour skipped when clocks go forward)
///   takes the offset in force before the gap, as if the clock had not yet
///   been changed.
///
/// `calls.csv` asks for an offset once or twice per call, a million times for
/// a big month, so offsets are cached per (date, hour) wherever the whole
/// hour has one offset; hours near a change are worked out one by one.
/// Safe to share between tasks: the cache is behind a lock.
public struct OffsetFormatter: Sendable {
    public let timeZone: TimeZone
    private let cache: Cache

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        self.cache = Cache()
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    public func iso8601(_ time: LocalDateTime) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        appendISO8601(time, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `iso8601` written straight into a byte buffer: the streamed calls.csv
    /// writes two timestamps a row, and building strings for them was the
    /// largest cost of the writer.
    func appendISO8601(_ time: LocalDateTime, to out: inout [UInt8]) {
        Self.appendDigits(time.date.year, 4, to: &out)
        out.append(0x2D)  // -
        Self.appendDigits(time.date.month, 2, to: &out)
        out.append(0x2D)
        Self.appendDigits(time.date.day, 2, to: &out)
        out.append(0x54)  // T
        Self.appendDigits(time.hour, 2, to: &out)
        out.append(0x3A)  // :
        Self.appendDigits(time.minute, 2, to: &out)
        out.append(0x3A)
        Self.appendDigits(time.second, 2, to: &out)
        Self.appendOffset(offsetSeconds(time), to: &out)
    }

    /// Seconds east of UTC for this wall time, by the rules above.
    public func offsetSeconds(_ time: LocalDateTime) -> Int {
        let hourKey = time.date.dayNumber * 24 + time.hour
        if let cached = cache.offset(forHour: hourKey) { return cached }
        let hourStart = time.wallSeconds - time.minute * 60 - time.second
        // No zone changes its offset twice within four days, so equal offsets
        // two days either side mean the whole hour has that offset.
        let before = offsetAt(instant: hourStart - Self.twoDays)
        let after = offsetAt(instant: hourStart + Self.twoDays)
        if before == after, offsetAt(instant: hourStart - before) == before {
            cache.store(before, forHour: hourKey)
            return before
        }
        return exactOffset(wall: time.wallSeconds)
    }

    /// The offset for a wall time near a change: a candidate offset is valid
    /// when the instant it gives really has that offset.
    private func exactOffset(wall: Int) -> Int {
        let before = offsetAt(instant: wall - Self.twoDays)
        let after = offsetAt(instant: wall + Self.twoDays)
        let valid = [before, after].filter { offsetAt(instant: wall - $0) == $0 }
        // Two valid offsets: a repeated time; the larger gives the earlier instant.
        // None: the time falls in a gap; keep the offset in force before it.
        return valid.max() ?? before
    }

    private func offsetAt(instant: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    private static let twoDays = 2 * 86_400

    /// `+05:30`, `-04:00`, `+00:00`; seconds only for the odd historical
    /// offset that has them, since dropping them would misstate the instant.
    static func offsetText(_ seconds: Int) -> String {
        var bytes: [UInt8] = []
        appendOffset(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendOffset(_ seconds: Int, to out: inout [UInt8]) {
        let magnitude = abs(seconds)
        out.append(seconds < 0 ? 0x2D : 0x2B)  // - or +
        appendDigits(magnitude / 3600, 2, to: &out)
        out.append(0x3A)
        appendDigits(magnitude / 60 % 60, 2, to: &out)
        if magnitude % 60 != 0 {
            out.append(0x3A)
            appendDigits(magnitude % 60, 2, to: &out)
        }
    }

    /// A non-negative number with at least `width` digits, zero-padded.
    private static func appendDigits(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        var divisor = 1
        var digits = 1
        while divisor <= value / 10 {
            divisor *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { out.append(0x30) }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A reference type so that `iso8601` can stay non-mutating and the
    /// formatter can be copied freely while sharing what it has learnt.
    private final class Cache: @unchecked Sendable {
        // Guarded by `lock`; that is what makes the unchecked Sendable true.
        private var offsets: [Int: Int] = [:]
        private let lock = NSLock()

        func offset(forHour key: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            return offsets[key]
        }

        func store(_ offset: Int, forHour key: Int) {
            lock.lock()
            defer { lock.unlock() }
            offsets[key] = offset
        }
    }
}
