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
        var utf8 = Array(text.utf8)
        guard utf8.count == 19 else { return nil }
        guard utf8[10] == UInt8(ascii: " ") || utf8[10] == UInt8(ascii: "T"),
            utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":")
        else { return nil }
        utf8[10] = UInt8(ascii: " ")
        guard let date = LocalDate(String(decoding: utf8[0..<10], as: UTF8.self)),
            let h = Digits.value(utf8[11..<13]), let m = Digits.value(utf8[14..<16]),
            let s = Digits.value(utf8[17..<19])
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
