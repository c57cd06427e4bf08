import CallModel

/// The running figures of inbound calls by weekday and interval of the day (SPEC §4b `intervals`).
///
/// One ``Tally`` per weekday × interval (at most 7 × 96), indexed by integers worked out from the
/// start time, so counting a call costs no lookup; the dates of each weekday are counted from the
/// period only when the rows are built.
struct IntervalTallies: Sendable {
    let minutes: Int
    /// Weekday of the period's first date, Monday 0.
    private let firstWeekday: Int
    private var slots: [Tally]

    init(minutes: Int, period: ReportPeriod) {
        precondition(minutes > 0 && 1440 % minutes == 0, "IntervalTallies: minutes must divide a day")
        self.minutes = minutes
        firstWeekday = Self.weekday(of: period.from)
        slots = [Tally](repeating: Tally(), count: 7 * (1440 / minutes))
    }

    private var slotsPerDay: Int { 1440 / minutes }

    /// Monday 0 … Sunday 6 (1970-01-01, day 0, was a Thursday).
    static func weekday(of date: LocalDate) -> Int {
        ((date.dayNumber + 3) % 7 + 7) % 7
    }

    /// Counts an inbound call that started `dayIndex` days after the period's first date.
    mutating func add(_ call: CallFigures, dayIndex: Int, start: LocalDateTime) {
        let weekday = (firstWeekday + dayIndex) % 7
        let slot = (start.hour * 60 + start.minute) / minutes
        slots[weekday * slotsPerDay + slot].add(call)
    }

    mutating func merge(_ other: IntervalTallies) {
        for index in slots.indices { slots[index].merge(other.slots[index]) }
    }

    /// The rows of the weekdays the period has, Monday first, each with every interval of the day.
    /// `inboundAHT` stands in for the handle time of an interval without answered calls.
    func figures(
        period: ReportPeriod, targetServiceLevel: Double, serviceLevelSeconds: Int, inboundAHT: Double?
    ) -> IntervalFigures {
        var days = [Int](repeating: 0, count: 7)
        for dayIndex in 0..<min(period.dayCount, 7) {
            days[(firstWeekday + dayIndex) % 7] = (period.dayCount - dayIndex + 6) / 7
        }
        var rows: [IntervalRow] = []
        for weekday in 0..<7 where days[weekday] > 0 {
            for slot in 0..<slotsPerDay {
                let tally = slots[weekday * slotsPerDay + slot]
                let minute = slot * minutes
                let average = Double(tally.offered) / Double(days[weekday])
                let staffing = Self.staffing(
                    averageOffered: average, handleSeconds: tally.aht ?? inboundAHT, intervalMinutes: minutes,
                    serviceLevelSeconds: serviceLevelSeconds, target: targetServiceLevel)
                rows.append(
                    IntervalRow(
                        weekday: IntervalRow.weekdays[weekday],
                        start: Digits.padded(minute / 60, 2) + ":" + Digits.padded(minute % 60, 2),
                        days: days[weekday], offered: tally.offered, averageOffered: average,
                        answered: tally.answered, aht: tally.aht, serviceLevel: tally.serviceLevel,
                        requiredAgents: staffing.agents, occupancy: staffing.occupancy))
            }
        }
        return IntervalFigures(
            minutes: minutes, targetServiceLevel: targetServiceLevel, serviceLevelSeconds: serviceLevelSeconds,
            rows: rows)
    }

    /// SPEC §4b: no calls, no agents; no handle time, no answer; a handle time of 0 needs one agent
    /// who is never busy; otherwise Erlang C on the traffic A = averageOffered × h / interval seconds.
    static func staffing(
        averageOffered: Double, handleSeconds: Double?, intervalMinutes: Int, serviceLevelSeconds: Int,
        target: Double
    ) -> (agents: Int?, occupancy: Double?) {
        guard averageOffered > 0 else { return (0, nil) }
        guard let handleSeconds else { return (nil, nil) }
        guard handleSeconds > 0 else { return (1, 0) }
        let traffic = averageOffered * handleSeconds / Double(intervalMinutes * 60)
        guard
            let agents = ErlangC.requiredAgents(
                traffic: traffic, handleSeconds: handleSeconds, serviceLevelSeconds: serviceLevelSeconds,
                target: target)
        else { return (nil, nil) }
        return (agents, traffic / Double(agents))
    }
}
