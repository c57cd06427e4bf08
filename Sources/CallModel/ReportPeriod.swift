/// The dates a report covers, both ends inclusive, and the label of its folder.
public struct ReportPeriod: Hashable, Sendable {
    public let from: LocalDate
    public private(set) var to: LocalDate
    /// `2026-10` for a whole month chosen with `--month`, `2026-10-01_2026-10-15` otherwise.
    public let label: String
    /// Whether the period is a whole month chosen as a month (`--month`), which
    /// decides what "the previous period" is.
    public let isWholeMonth: Bool
    /// The last date asked for, when the period was cut short at the last
    /// complete day (``through(_:)``); `nil` for a period reported whole.
    public private(set) var requestedTo: LocalDate? = nil

    /// The longest period a report or fetch takes: any ten calendar years (3 652
    /// or 3 653 dates). Longer ranges are refused before any work: a daily table
    /// of millennia is a typing mistake, not a report.
    public static let longestDays = 3_653

    /// A period from `from` to `to`; `nil` when `to` is before `from`.
    public init?(from: LocalDate, to: LocalDate) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
        self.label = "\(from)_\(to)"
        self.isWholeMonth = false
    }

    /// The whole month `YYYY-MM`.
    public init?(month text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
            let y = Digits.value(bytes[0..<4]), let m = Digits.value(bytes[5..<7]),
            let first = LocalDate(year: y, month: m, day: 1),
            let last = LocalDate(year: y, month: m, day: LocalDate.daysIn(year: y, month: m))
        else { return nil }
        self.from = first
        self.to = last
        self.label = text
        self.isWholeMonth = true
    }

    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    /// Number of dates in the period.
    public var dayCount: Int { from.days(to: to) + 1 }

    /// Every date of the period, in order.
    public var dates: [LocalDate] { (0..<dayCount).map { from.adding(days: $0) } }

    /// The month before the one containing `date`, as a period: the default report.
    public static func previousMonth(of date: LocalDate) -> ReportPeriod {
        let (y, m) = date.month == 1 ? (date.year - 1, 12) : (date.year, date.month - 1)
        return ReportPeriod(month: Digits.padded(y, 4) + "-" + Digits.padded(m, 2))!
    }

    /// The same period (label and kind) cut at `last`, the last complete day:
    /// a period that reaches today or later is reported up to yesterday, and says so.
    public func through(_ last: LocalDate) -> ReportPeriod {
        guard last < to, last >= from else { return self }
        var cut = self
        cut.requestedTo = to
        cut.to = last
        return cut
    }

    /// The period a report compares itself with: the month before for a month
    /// (`2026-09` before `2026-10`), else the same number of days before `from`.
    public var previous: ReportPeriod {
        if isWholeMonth { return ReportPeriod.previousMonth(of: from) }
        // A cut month compares with the month before too; the comparison then says the lengths differ.
        return ReportPeriod(from: from.adding(days: -dayCount), to: from.adding(days: -1))!
    }
}
