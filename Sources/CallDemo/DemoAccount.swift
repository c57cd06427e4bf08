import CallModel

/// One API response of the synthetic account: the body of one 30-day window.
public struct DemoResponse: Sendable {
    /// `2026-10-01_2026-10-30.json`: the window's dates and the format.
    public let fileName: String
    public let from: LocalDate
    public let to: LocalDate
    public let body: [UInt8]
}

/// The embedded default: a synthetic but realistic contact center.
///
/// Forty-eight agents over five skills, three inbound queues and a dialer
/// (`Progressive`, `Predictive`, `Preview` and `Manual` campaigns, call-backs
/// of missed callers among the manual calls), a weekly and daily load curve,
/// dispositions and hang-up sides, abandoned calls with their waits,
/// transferred calls, and a sprinkling of the dirt real logs carry
/// (field-name variants, numbers for strings, missing and unreadable start
/// times, abandons without an end, impossible durations, repeated records), so
/// that a new user sees every part of every report with no account. The same
/// month and size give the same bytes everywhere.
public struct DemoAccount: Sendable {
    public let period: ReportPeriod
    public let records: Int

    public init(period: ReportPeriod, records: Int) {
        self.period = period
        self.records = max(0, records)
    }

    /// The period split into the fewest windows of at most 30 dates, as the API requires.
    public var windows: [(from: LocalDate, to: LocalDate)] {
        stride(from: 0, to: period.dayCount, by: 30).map { offset in
            let from = period.from.adding(days: offset)
            return (from, min(from.adding(days: 29), period.to))
        }
    }

    /// Every window of the period as an API response body, in date order.
    public func responses(format: ResponseFormat) -> [DemoResponse] {
        let perDay = callsPerDay()
        return windows.map { window in
            var encoder = ResponseEncoder(format: format)
            var date = window.from
            while date <= window.to {
                let index = period.from.days(to: date)
                var day = DemoDay(date: date, calls: perDay[index], seed: seed(for: date))
                if index == 0 { day.addEveOfPeriodCalls() }
                day.generate { encoder.add($0) }
                date = date.adding(days: 1)
            }
            let name = "\(window.from)_\(window.to).\(format.fileExtension)"
            return DemoResponse(fileName: name, from: window.from, to: window.to, body: encoder.finish())
        }
    }

    /// Spreads `records` over the dates by weekday weight (largest remainder, so the total is exact).
    func callsPerDay() -> [Int] {
        let weights = period.dates.map { DemoCenter.weekdayWeight[($0.dayNumber + 4) % 7] }
        let total = weights.reduce(0, +)
        guard total > 0 else { return [] }
        let exact = weights.map { Double(records) * $0 / total }
        var counts = exact.map { Int($0) }
        let missing = records - counts.reduce(0, +)
        let byRemainder = exact.indices.sorted {
            (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1)
        }
        for index in byRemainder.prefix(missing) { counts[index] += 1 }
        return counts
    }

    private func seed(for date: LocalDate) -> UInt64 {
        UInt64(bitPattern: Int64(date.dayNumber)) &* 0x2545_F491_4F6C_DD1D ^ UInt64(records) &* 0x9E37_79B9
    }
}
