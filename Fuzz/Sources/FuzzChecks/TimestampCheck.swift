import CallModel

/// One input through the timestamp readers: `LocalDateTime` (`YYYY-MM-DD HH:MM:SS` or with `T`)
/// and `LocalDate` (`YYYY-MM-DD`), which read every start and end time of every record.
public enum TimestampCheck {
    public static func run(_ text: String) {
        if let time = LocalDateTime(text) {
            let written = text.replacingFirstT()
            require(time.description == written, "\(text.debugDescription) reads as \(time)")
            check(time.date)
            require(
                time.wallSeconds == time.date.dayNumber * 86_400 + time.hour * 3600 + time.minute * 60 + time.second,
                "wall seconds of \(time)")
            require(LocalDateTime(Substring(text)) == time, "a substring reads differently")
        }
        if let date = LocalDate(text) {
            require(date.description == text, "\(text.debugDescription) reads as \(date)")
            check(date)
        }
        // The first 10 bytes as a date and the text as a time agree on the date.
        if let time = LocalDateTime(text), let date = LocalDate(String(decoding: text.utf8.prefix(10), as: UTF8.self)) {
            require(time.date == date, "the date of \(text.debugDescription)")
        }
    }

    /// A date that exists, whose day number goes there and back, and whose neighbours are in order.
    static func check(_ date: LocalDate) {
        require((1...12).contains(date.month), "month \(date.month)")
        require(date.day >= 1 && date.day <= LocalDate.daysIn(year: date.year, month: date.month), "day of \(date)")
        require(LocalDate(dayNumber: date.dayNumber) == date, "\(date) does not survive its day number")
        let next = date.adding(days: 1)
        require(date < next && date.days(to: next) == 1, "the day after \(date) is \(next)")
        require(LocalDate(date.description) == date, "\(date) does not read back")
    }
}

extension String {
    /// The text with a `T` at the date/time separator turned into a space.
    fileprivate func replacingFirstT() -> String {
        var bytes = Array(utf8)
        if bytes.count == 19, bytes[10] == UInt8(ascii: "T") { bytes[10] = UInt8(ascii: " ") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
