/// A wall-clock time in the account's local time, as CloudAgent writes it.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init?(date: LocalDate, hour: Int, minute: Int, second: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Reads exactly `YYYY-MM-DD HH:MM:SS`, or the same with `T` in place of the space.
    /// Anything else, or a date or time that does not exist, gives `nil`.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let time = text.withUTF8({ LocalDateTime(utf8: $0) }) else { return nil }
        self = time
    }

    /// Reads the 19 bytes of `YYYY-MM-DD HH:MM:SS` (or with `T`) straight from UTF-8, without
    /// copying them: every record of a month has one or two of these.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 19 else { return nil }
        guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        guard let date = LocalDate(utf8: bytes, at: 0),
            let h = Digits.fixed(bytes, 11, 2), let m = Digits.fixed(bytes, 14, 2),
            let s = Digits.fixed(bytes, 17, 2)
        else { return nil }
        self.init(date: date, hour: h, minute: m, second: s)
    }

    /// Seconds since 1970-01-01 00:00:00 of the same wall clock, as if it were UTC.
    public var wallSeconds: Int {
        date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.wallSeconds < rhs.wallSeconds
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    public var description: String {
        date.description + " " + Digits.padded(hour, 2) + ":" + Digits.padded(minute, 2) + ":"
            + Digits.padded(second, 2)
    }
}
