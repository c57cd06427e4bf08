/// The `comparison` section of metrics.json: this period against the
/// previous period of the same length (SPEC §6 `--compare-to`).
///
/// A change is relative: (current − previous) / previous, so 0.25 is
/// "25 % more" whether the figure is a count, a duration or a rate. A
/// previous value of 0 or a row missing from the previous period is `new`
/// (no division by zero); 0 against 0 is no change.
public struct Comparison: Codable, Sendable, Equatable {
    /// The previous period's first and last date, `YYYY-MM-DD`.
    public var previousFrom: String
    public var previousTo: String
    /// `--alert-change` as a fraction (0.2 for 20 %).
    public var alertChange: Double
    /// offered, answered, answerRate, aht, asa, serviceLevel, abandonRate, transferRate.
    public var totals: [FigureChange]
    /// One per skill of this period, in the order of `skills`.
    public var skills: [RowChange]
    /// One per agent of this period, in the order of `agents`; keyed by agent id.
    public var agents: [RowChange]
    /// Headline and skill figures whose change exceeds `alertChange`, either way (a `new` figure has no change to weigh).
    public var alerts: [Alert]

    public init(current: Metrics, previous: Metrics, alertChange: Double) {
        previousFrom = previous.period.from
        previousTo = previous.period.to
        self.alertChange = alertChange
        totals = Self.totalsFigures.map { name, value in
            FigureChange(figure: name, current: value(current.totals), previous: value(previous.totals))
        }
        let previousSkills = Dictionary(previous.skills.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        skills = current.skills.map { skill in
            let before = previousSkills[skill.name]
            return RowChange(
                key: skill.name,
                changes: Self.groupFigures.map { name, value in
                    FigureChange(figure: name, current: value(skill), previous: before.flatMap(value))
                })
        }
        let previousAgents = Dictionary(previous.agents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        agents = current.agents.map { agent in
            let before = previousAgents[agent.id]
            return RowChange(
                key: agent.id,
                changes: Self.agentFigures.map { name, value in
                    FigureChange(figure: name, current: value(agent), previous: before.flatMap(value))
                })
        }
        var alerts: [Alert] = []
        for change in totals where change.exceeds(alertChange) {
            alerts.append(Alert(scope: "totals", name: nil, change: change))
        }
        for row in skills {
            for change in row.changes where change.exceeds(alertChange) {
                alerts.append(Alert(scope: "skill", name: row.key, change: change))
            }
        }
        self.alerts = alerts
    }

    static var totalsFigures: [(String, (Totals) -> Double?)] {
        [
            ("offered", { Double($0.offered) }),
            ("answered", { Double($0.answered) }),
            ("answerRate", { $0.offered == 0 ? nil : Double($0.answered) / Double($0.offered) }),
            ("aht", \.aht), ("asa", \.asa), ("serviceLevel", \.serviceLevel),
            ("abandonRate", \.abandonRate), ("transferRate", \.transferRate),
        ]
    }
    static var groupFigures: [(String, (GroupFigures) -> Double?)] {
        [
            ("offered", { Double($0.offered) }), ("serviceLevel", \.serviceLevel),
            ("abandonRate", \.abandonRate), ("aht", \.aht), ("asa", \.asa), ("transferRate", \.transferRate),
        ]
    }
    static var agentFigures: [(String, (AgentFigures) -> Double?)] {
        [
            ("answered", { Double($0.answered) }), ("aht", \.aht),
            ("medianHandle", { $0.medianHandle.map(Double.init) }), ("p90Handle", { $0.p90Handle.map(Double.init) }),
            ("transferRate", \.transferRate), ("asa", \.asa),
        ]
    }

    enum CodingKeys: String, CodingKey {
        case previousFrom, previousTo, alertChange, totals, skills, agents, alerts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(previousFrom, forKey: .previousFrom)
        try c.encode(previousTo, forKey: .previousTo)
        try c.encode(alertChange, forKey: .alertChange)
        try c.encode(totals, forKey: .totals)
        try c.encode(skills, forKey: .skills)
        try c.encode(agents, forKey: .agents)
        try c.encode(alerts, forKey: .alerts)
    }
}

/// One figure now and in the previous period.
public struct FigureChange: Codable, Sendable, Equatable {
    /// The metrics.json name of the figure (`aht`, `serviceLevel`, …).
    public var figure: String
    public var current: Double?
    public var previous: Double?
    /// (current − previous) / previous; `null` when new or when either value is missing.
    public var change: Double?
    /// The previous period had no such row, or the figure was 0 there and is not now.
    public var new: Bool

    public init(figure: String, current: Double?, previous: Double?) {
        self.figure = figure
        self.current = current
        self.previous = previous
        switch (current, previous) {
        case (let now?, let before?) where before != 0:
            change = (now - before) / before
            new = false
        case (let now?, let before?) where before == 0 && now == 0:
            change = 0
            new = false
        case (let now?, _) where now != 0 || previous == nil:
            change = nil
            new = true
        default:
            change = nil
            new = false
        }
    }

    /// Worth flagging: a relative change beyond the threshold, either way.
    func exceeds(_ threshold: Double) -> Bool {
        guard let change else { return false }
        return abs(change) > threshold
    }

    enum CodingKeys: String, CodingKey { case figure, current, previous, change, new }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(figure, forKey: .figure)
        try c.encodeOrNull(current, forKey: .current)
        try c.encodeOrNull(previous, forKey: .previous)
        try c.encodeOrNull(change, forKey: .change)
        try c.encode(new, forKey: .new)
    }
}

/// The changes of one skill (keyed by name) or agent (keyed by id).
public struct RowChange: Codable, Sendable, Equatable {
    public var key: String
    public var changes: [FigureChange]

    public init(key: String, changes: [FigureChange]) {
        self.key = key
        self.changes = changes
    }

    /// The change of one figure, by metrics.json name.
    public func change(of figure: String) -> FigureChange? { changes.first { $0.figure == figure } }

    enum CodingKeys: String, CodingKey { case key, changes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(changes, forKey: .changes)
    }
}

/// A change beyond `--alert-change`, flagged at the top of the summary.
public struct Alert: Codable, Sendable, Equatable {
    /// `totals` or `skill`.
    public var scope: String
    /// The skill's name; `null` for a headline figure.
    public var name: String?
    public var figure: String
    public var current: Double?
    public var previous: Double?
    public var change: Double?

    public init(scope: String, name: String?, change: FigureChange) {
        self.scope = scope
        self.name = name
        figure = change.figure
        current = change.current
        previous = change.previous
        self.change = change.change
    }

    enum CodingKeys: String, CodingKey { case scope, name, figure, current, previous, change }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scope, forKey: .scope)
        try c.encodeOrNull(name, forKey: .name)
        try c.encode(figure, forKey: .figure)
        try c.encodeOrNull(current, forKey: .current)
        try c.encodeOrNull(previous, forKey: .previous)
        try c.encodeOrNull(change, forKey: .change)
    }
}
