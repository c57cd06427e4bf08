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
/// Safe to share between tasks: the cache is behind a lock. A writer that
/// asks from one task alone keeps a ``LastHour`` besides, which answers most
/// calls without the lock.
public struct OffsetFormatter: Sendable {
    public let timeZone: TimeZone
    private let cache: Cache

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        self.cache = Cache()
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    public func iso8601(_ time: LocalDateTime) -> String {
        var lastHour = LastHour()
        return String(unsafeUninitializedCapacity: Self.longestISO8601) { text in
            putISO8601(time, lastHour: &lastHour, at: text.baseAddress!)
        }
    }

    /// The hour whose offset was looked up last, with that offset: calls come
    /// roughly in time order and a call mostly ends in the hour it started,
    /// so one remembered hour saves most lookups in the shared cache (a lock
    /// and a dictionary). Only hours with one offset throughout are kept.
    struct LastHour {
        /// Year, month, day and hour packed into one number; cheaper than the day number.
        fileprivate var key = -1
        fileprivate var offset = 0
    }

    /// `2026-10-03T10:15:00+05:30:45` (an offset with seconds) is the longest text.
    static let longestISO8601 = 28

    /// `iso8601` written straight to memory with room for ``longestISO8601``
    /// bytes; returns how many it wrote. The streamed calls.csv writes two
    /// timestamps a row, and building strings for them was the largest cost
    /// of the writer.
    func putISO8601(_ time: LocalDateTime, lastHour: inout LastHour, at text: UnsafeMutablePointer<UInt8>) -> Int {
        // LocalDate keeps years within 1…9999, so four digits always suffice.
        var end = Self.putTwoDigits(time.date.year / 100, at: 0, in: text)
        end = Self.putTwoDigits(time.date.year % 100, at: end, in: text)
        text[end] = 0x2D  // -
        end = Self.putTwoDigits(time.date.month, at: end + 1, in: text)
        text[end] = 0x2D
        end = Self.putTwoDigits(time.date.day, at: end + 1, in: text)
        text[end] = 0x54  // T
        end = Self.putTwoDigits(time.hour, at: end + 1, in: text)
        text[end] = 0x3A  // :
        end = Self.putTwoDigits(time.minute, at: end + 1, in: text)
        text[end] = 0x3A
        end = Self.putTwoDigits(time.second, at: end + 1, in: text)
        return Self.putOffset(offsetSeconds(time, lastHour: &lastHour), at: end, in: text)
    }

    /// Seconds east of UTC for this wall time, by the rules above.
    public func offsetSeconds(_ time: LocalDateTime) -> Int {
        var lastHour = LastHour()
        return offsetSeconds(time, lastHour: &lastHour)
    }

    /// `offsetSeconds`, asking `lastHour` before the shared cache and keeping
    /// the answer there when it holds for the whole hour.
    func offsetSeconds(_ time: LocalDateTime, lastHour: inout LastHour) -> Int {
        let key = ((time.date.year * 16 + time.date.month) * 32 + time.date.day) * 32 + time.hour
        if key == lastHour.key { return lastHour.offset }
        guard let offset = hourOffset(time) else { return exactOffset(wall: time.wallSeconds) }
        lastHour = LastHour(key: key, offset: offset)
        return offset
    }

    /// The offset of the hour of `time` when the whole hour has one offset;
    /// `nil` for an hour near a change, whose times are worked out one by one.
    private func hourOffset(_ time: LocalDateTime) -> Int? {
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
        return nil
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
        String(unsafeUninitializedCapacity: 10) { putOffset(seconds, at: 0, in: $0.baseAddress!) }
    }

    /// Writes the offset at `start` and returns where it ends. Offsets stay
    /// within a day, so every part has two digits.
    private static func putOffset(_ seconds: Int, at start: Int, in text: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = abs(seconds)
        text[start] = seconds < 0 ? 0x2D : 0x2B  // - or +
        var end = putTwoDigits(magnitude / 3600, at: start + 1, in: text)
        text[end] = 0x3A
        end = putTwoDigits(magnitude / 60 % 60, at: end + 1, in: text)
        if magnitude % 60 != 0 {
            text[end] = 0x3A
            end = putTwoDigits(magnitude % 60, at: end + 1, in: text)
        }
        return end
    }

    /// Writes a number below 100 as two digits, zero-padded, and returns where they end.
    private static func putTwoDigits(_ value: Int, at start: Int, in text: UnsafeMutablePointer<UInt8>) -> Int {
        text[start] = 0x30 + UInt8(truncatingIfNeeded: value / 10)
        text[start + 1] = 0x30 + UInt8(truncatingIfNeeded: value % 10)
        return start + 2
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
