/// The `intervals` section: inbound calls by weekday and time of day, with the agents each interval
/// needs to reach the target service level (``ErlangC``).
public struct IntervalFigures: Codable, Sendable, Equatable {
    /// `--interval`: 15, 30 or 60.
    public var minutes: Int
    /// `--target-service-level`, a fraction in (0, 1).
    public var targetServiceLevel: Double
    /// T.
    public var serviceLevelSeconds: Int
    /// Each weekday present in the period (Monday first) × every interval of the day (00:00 first).
    public var rows: [IntervalRow]

    public init(minutes: Int, targetServiceLevel: Double, serviceLevelSeconds: Int, rows: [IntervalRow]) {
        self.minutes = minutes
        self.targetServiceLevel = targetServiceLevel
        self.serviceLevelSeconds = serviceLevelSeconds
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey { case minutes, targetServiceLevel, serviceLevelSeconds, rows }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(minutes, forKey: .minutes)
        try c.encode(targetServiceLevel, forKey: .targetServiceLevel)
        try c.encode(serviceLevelSeconds, forKey: .serviceLevelSeconds)
        try c.encode(rows, forKey: .rows)
    }
}

/// One weekday's interval, over every date of that weekday in the period.
public struct IntervalRow: Codable, Sendable, Equatable {
    /// `Mon` … `Sun`.
    public var weekday: String
    /// `HH:MM`, local time.
    public var start: String
    /// How many dates of this weekday the period has.
    public var days: Int
    public var offered: Int
    /// offered / days: the calls of one such interval on an average day.
    public var averageOffered: Double
    public var answered: Int
    /// Over the interval's answered calls; `null` when none.
    public var aht: Double?
    public var serviceLevel: Double?
    /// 0 without calls; `null` when no handle time is known, neither the interval's nor the inbound one.
    public var requiredAgents: Int?
    /// Traffic / requiredAgents; `null` when requiredAgents is `null` or 0.
    public var occupancy: Double?

    /// Weekday names, Monday first: the order of the rows.
    public static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public init(
        weekday: String, start: String, days: Int, offered: Int, averageOffered: Double, answered: Int,
        aht: Double?, serviceLevel: Double?, requiredAgents: Int?, occupancy: Double?
    ) {
        self.weekday = weekday
        self.start = start
        self.days = days
        self.offered = offered
        self.averageOffered = averageOffered
        self.answered = answered
        self.aht = aht
        self.serviceLevel = serviceLevel
        self.requiredAgents = requiredAgents
        self.occupancy = occupancy
    }

    enum CodingKeys: String, CodingKey {
        case weekday, start, days, offered, averageOffered, answered, aht, serviceLevel, requiredAgents, occupancy
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(weekday, forKey: .weekday)
        try c.encode(start, forKey: .start)
        try c.encode(days, forKey: .days)
        try c.encode(offered, forKey: .offered)
        try c.encode(averageOffered, forKey: .averageOffered)
        try c.encode(answered, forKey: .answered)
        try c.encodeOrNull(aht, forKey: .aht)
        try c.encodeOrNull(serviceLevel, forKey: .serviceLevel)
        try c.encodeOrNull(requiredAgents, forKey: .requiredAgents)
        try c.encodeOrNull(occupancy, forKey: .occupancy)
    }
}
