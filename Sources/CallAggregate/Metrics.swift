import CallModel

/// Every figure of a report: the content of metrics.json (SPEC §5) and what
/// the templates render.
///
/// Property and key names are the SPEC's, to the letter: spreadsheets and
/// acceptance checks read them. Keys are encoded in the SPEC's order; use
/// ``MetricsJSON`` to write them, since Foundation's `JSONEncoder` does not
/// keep the order of keys.
public struct Metrics: Codable, Sendable, Equatable {
    public var period: PeriodInfo
    public var totals: Totals
    /// By answered descending, then name, then id (code-point order).
    public var agents: [AgentFigures]
    /// By offered descending, then name (code-point order).
    public var skills: [GroupFigures]
    /// By offered descending, then name (code-point order).
    public var campaigns: [GroupFigures]
    /// One row per date of the period, in date order, empty dates included.
    public var daily: [DayFigures]
    /// Hours 0–23 of the local start time, over the whole period.
    public var hourly: [HourFigures]
    public var dataQuality: DataQuality
    public var fetch: FetchSummary
    /// Missed and repeat callers (counts only; the numbers go to missed.csv).
    public var callers: CallerFigures?
    /// SPEC §4b, in every report since version 2; `nil` only in a metrics.json written before.
    /// Inbound calls only: the §4 figures and short abandons, abandon waits.
    public var inbound: InboundFigures?
    /// Outbound calls only: attempts, connects, handle time.
    public var outbound: OutboundFigures?
    /// Every call of the period by disposition; calls descending, then name.
    public var dispositions: [DispositionFigures]?
    /// Every call of the period by the side that hung up; calls descending, then name.
    public var hangups: [HangupFigures]?
    /// Missed caller numbers reached afterwards.
    public var recovery: RecoveryFigures?
    /// Inbound calls by weekday and interval, with the agents each needs.
    public var intervals: IntervalFigures?
    /// Changes against the previous period, when its metrics.json was found.
    public var comparison: Comparison?

    public init(
        period: PeriodInfo, totals: Totals, agents: [AgentFigures], skills: [GroupFigures],
        campaigns: [GroupFigures], daily: [DayFigures], hourly: [HourFigures],
        dataQuality: DataQuality, fetch: FetchSummary, callers: CallerFigures? = nil,
        inbound: InboundFigures? = nil, outbound: OutboundFigures? = nil, dispositions: [DispositionFigures]? = nil,
        hangups: [HangupFigures]? = nil, recovery: RecoveryFigures? = nil, intervals: IntervalFigures? = nil,
        comparison: Comparison? = nil
    ) {
        self.period = period
        self.totals = totals
        self.agents = agents
        self.skills = skills
        self.campaigns = campaigns
        self.daily = daily
        self.hourly = hourly
        self.dataQuality = dataQuality
        self.fetch = fetch
        self.callers = callers
        self.inbound = inbound
        self.outbound = outbound
        self.dispositions = dispositions
        self.hangups = hangups
        self.recovery = recovery
        self.intervals = intervals
        self.comparison = comparison
    }

    enum CodingKeys: String, CodingKey {
        case period, totals, agents, skills, campaigns, daily, hourly, dataQuality, fetch, callers
        case inbound, outbound, dispositions, hangups, recovery, intervals, comparison
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(totals, forKey: .totals)
        try c.encode(agents, forKey: .agents)
        try c.encode(skills, forKey: .skills)
        try c.encode(campaigns, forKey: .campaigns)
        try c.encode(daily, forKey: .daily)
        try c.encode(hourly, forKey: .hourly)
        try c.encode(dataQuality, forKey: .dataQuality)
        try c.encode(fetch, forKey: .fetch)
        try c.encodeIfPresent(callers, forKey: .callers)
        try c.encodeIfPresent(inbound, forKey: .inbound)
        try c.encodeIfPresent(outbound, forKey: .outbound)
        try c.encodeIfPresent(dispositions, forKey: .dispositions)
        try c.encodeIfPresent(hangups, forKey: .hangups)
        try c.encodeIfPresent(recovery, forKey: .recovery)
        try c.encodeIfPresent(intervals, forKey: .intervals)
        try c.encodeIfPresent(comparison, forKey: .comparison)
    }
}

/// The `period` section: what the report covers and under which settings.
public struct PeriodInfo: Codable, Sendable, Equatable {
    /// First date, `YYYY-MM-DD`.
    public var from: String
    /// Last date, `YYYY-MM-DD`, inclusive.
    public var to: String
    /// The IANA zone the account's local times are in (`--timezone`).
    public var timezone: String
    /// T of the service level (`--service-level`).
    public var serviceLevelSeconds: Int
    /// The last date asked for when the period reached today or later and was
    /// reported only up to yesterday (`to`); absent for a whole period.
    public var requestedTo: String?
    /// The `--campaign` values the report was filtered by, as given; absent for the whole account.
    public var campaigns: [String]?

    public init(
        from: String, to: String, timezone: String, serviceLevelSeconds: Int, requestedTo: String? = nil,
        campaigns: [String]? = nil
    ) {
        self.from = from
        self.to = to
        self.timezone = timezone
        self.serviceLevelSeconds = serviceLevelSeconds
        self.requestedTo = requestedTo
        self.campaigns = campaigns
    }

    enum CodingKeys: String, CodingKey {
        case from, to, timezone, serviceLevelSeconds, requestedTo, campaigns
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(serviceLevelSeconds, forKey: .serviceLevelSeconds)
        try c.encodeIfPresent(requestedTo, forKey: .requestedTo)
        try c.encodeIfPresent(campaigns, forKey: .campaigns)
    }
}
