/// How figures read in the HTML and Markdown summaries. The CSV files and
/// metrics.json carry the exact numbers; these texts are for people, so they
/// round, and every missing figure reads as an em dash.
///
/// Formatting is by hand, not by `NumberFormatter` or `String(format:)`: the
/// output must not depend on the machine's locale, and `%.1f` rounds the
/// binary value (81.25 % → "81.2 %"), which surprises readers.
enum DisplayText {
    /// Shown for a figure that does not exist (a ratio over 0 calls).
    static let missing = "—"

    /// `81.3 %`: a fraction as a percentage with one decimal, half away from zero.
    static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return missing }
        let tenths = Int((fraction * 1000).rounded(.toNearestOrAwayFromZero))
        return "\(tenths / 10).\(abs(tenths % 10)) %"
    }

    /// A number of seconds, rounded to whole seconds: `42s`, `4m 07s`, `2h 05m 09s`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return missing }
        return duration(Int(seconds.rounded(.toNearestOrAwayFromZero)))
    }

    static func duration(_ seconds: Int?) -> String {
        guard let seconds else { return missing }
        if seconds < 60 { return "\(seconds)s" }
        let (m, s) = (seconds / 60, seconds % 60)
        if m < 60 { return "\(m)m " + two(s) + "s" }
        return "\(m / 60)h " + two(m % 60) + "m " + two(s) + "s"
    }

    /// A longer span, to the minute or the hour: `42s`, `4m 07s`, `3h 12m`, `6d 23h`: how long a
    /// missed caller waited to be reached, where seconds would be noise.
    static func span(_ seconds: Int?) -> String {
        guard let seconds else { return missing }
        if seconds < 3600 { return duration(seconds) }
        let minutes = (seconds + 30) / 60
        if minutes < 24 * 60 { return "\(minutes / 60)h " + two(minutes % 60) + "m" }
        let hours = (seconds + 1800) / 3600
        return "\(hours / 24)d " + two(hours % 24) + "h"
    }

    /// `a / b` when b is not 0: the one ratio the summaries show that
    /// metrics.json does not carry (the answer rate).
    static func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    /// Width of a chart bar in percent of the longest one. A bar for a
    /// non-zero value is at least 1 % wide, so a quiet day still shows.
    static func barPercent(_ value: Int, max: Int) -> Int {
        guard value > 0, max > 0 else { return 0 }
        return Swift.max(1, Int((Double(value) * 100 / Double(max)).rounded(.toNearestOrAwayFromZero)))
    }

    /// English weekday abbreviation of a date (1970-01-01 was a Thursday).
    static func weekday(dayNumber: Int) -> String {
        let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        return names[((dayNumber % 7) + 7) % 7]
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
