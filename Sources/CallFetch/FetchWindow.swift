import CallModel

/// One request's worth of dates: at most 30, from `from 00:00:00` to `to 23:59:59`.
public struct FetchWindow: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The API refuses a request spanning more than 30 days.
    public static let maximumDays = 30

    public let from: LocalDate
    public let to: LocalDate

    public init(from: LocalDate, to: LocalDate) {
        precondition(from <= to && from.days(to: to) < FetchWindow.maximumDays, "a window spans 1 to 30 dates")
        self.from = from
        self.to = to
    }

    public var dayCount: Int { from.days(to: to) + 1 }

    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    /// Every date of the window, in order.
    public var dates: [LocalDate] { (0..<dayCount).map { from.adding(days: $0) } }

    /// `from_date` as the API wants it.
    public var fromParameter: String { "\(from) 00:00:00" }
    /// `to_date` as the API wants it.
    public var toParameter: String { "\(to) 23:59:59" }

    /// `2026-10-01_2026-10-30`.
    public var description: String { "\(from)_\(to)" }

    public static func < (lhs: FetchWindow, rhs: FetchWindow) -> Bool {
        (lhs.from, lhs.to) < (rhs.from, rhs.to)
    }
}

/// Chooses the fewest requests that cover a set of dates.
public enum WindowPlanner {
    /// The fewest windows of at most 30 dates that cover every date in `needed`.
    ///
    /// Greedy from the earliest needed date is optimal for covering points on
    /// a line with fixed-length intervals; each window is then shrunk to end on
    /// its last needed date, so it asks for nothing it does not need at its end.
    /// A window may span dates that are already covered between two needed ones:
    /// re-reading them costs no extra request.
    public static func windows(covering needed: some Sequence<LocalDate>) -> [FetchWindow] {
        let dates = Set(needed).sorted()
        var windows: [FetchWindow] = []
        var index = 0
        while index < dates.count {
            let start = dates[index]
            let limit = start.adding(days: FetchWindow.maximumDays - 1)
            var end = start
            while index < dates.count, dates[index] <= limit {
                end = dates[index]
                index += 1
            }
            windows.append(FetchWindow(from: start, to: end))
        }
        return windows
    }

    /// All the windows of a period when nothing is archived yet.
    public static func windows(covering period: ReportPeriod) -> [FetchWindow] {
        windows(covering: period.dates)
    }
}
