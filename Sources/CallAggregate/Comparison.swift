/// The `comparison` section of metrics.json: this period against the
/// previous period of the same length (SPEC §6 `--compare-to`).
///
/// A count or a duration changes relatively: (current − previous) /
/// previous, so 0.25 is "25 % more"; its `unit` is `relative`. A rate
/// (answer, service level, abandon, transfer) changes in percentage points:
/// current − previous as a fraction, so 0.013 is "1.3 pp more"; its `unit`
/// is `pp` (SPEC §5, Summary changes). A relative figure whose previous
/// value was 0, or any figure of a row missing from the previous period,
/// is `new` (no division by zero); 0 against 0 is no change.
///
/// Alerts weigh every figure alike, by its change in percent of the
/// previous value, since `--alert-change` is a percent: a service level
/// going from 80 % to 60 % (25 % down, 20 pp) is flagged at the default
/// 20. The alert itself carries the figure's change in its own unit.
public struct Comparison: Codable, Sendable, Equatable {
    /// The previous period's first and last date, `YYYY-MM-DD`.
    public var previousFrom: String
    public var previousTo: String
    /// `--alert-change` as a fraction (0.2 for 20 %).
    public var alertChange: Double
    /// offered, answered, answerRate, aht, asa, serviceLevel, abandonRate, transferRate.
    public var totals: [FigureChange]
    /// The same figures over inbound calls (SPEC §4b `inbound`), then serviceLevelExcludingShort and
    /// abandonRateExcludingShort: what the summary's headline shows. `nil` when either report has
    /// no `inbound` section (one made before version 2).
    public var inbound: [FigureChange]?
    /// One per skill of this period, in the order of `skills`.
    public var skills: [RowChange]
    /// One per agent of this period, in the order of `agents`; keyed by agent id.
    public var agents: [RowChange]
    /// Headline and skill figures whose change in percent of the previous value exceeds `alertChange`, either way (a `new` figure has no change to weigh).
    public var alerts: [Alert]

    public init(current: Metrics, previous: Metrics, alertChange: Double) {
        previousFrom = previous.period.from
        previousTo = previous.period.to
        self.alertChange = alertChange
        totals = Self.totalsFigures.map { name, value in
            FigureChange(figure: name, current: value(current.totals), previous: value(previous.totals))
        }
        if let now = current.inbound, let before = previous.inbound {
            inbound = Self.inboundFigures.map { name, value in
                FigureChange(figure: name, current: value(now), previous: value(before))
            }
        } else {
            inbound = nil
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
    static var inboundFigures: [(String, (InboundFigures) -> Double?)] {
        [
            ("offered", { Double($0.offered) }),
            ("answered", { Double($0.answered) }),
            ("answerRate", { $0.offered == 0 ? nil : Double($0.answered) / Double($0.offered) }),
            ("aht", \.aht), ("asa", \.asa), ("serviceLevel", \.serviceLevel),
            ("abandonRate", \.abandonRate), ("transferRate", \.transferRate),
            ("serviceLevelExcludingShort", \.serviceLevelExcludingShort),
            ("abandonRateExcludingShort", \.abandonRateExcludingShort),
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
        case previousFrom, previousTo, alertChange, totals, inbound, skills, agents, alerts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(previousFrom, forKey: .previousFrom)
        try c.encode(previousTo, forKey: .previousTo)
        try c.encode(alertChange, forKey: .alertChange)
        try c.encode(totals, forKey: .totals)
        try c.encodeIfPresent(inbound, forKey: .inbound)
        try c.encode(skills, forKey: .skills)
        try c.encode(agents, forKey: .agents)
        try c.encode(alerts, forKey: .alerts)
    }
}

/// The unit a figure's `change` is in: percentage points for rates,
/// percent of the previous value for everything else.
public enum ChangeUnit: String, Codable, Sendable {
    /// current − previous, both fractions: 0.013 reads `1.3 pp`.
    case pp
    /// (current − previous) / previous: 0.25 reads `25.0 %`.
    case relative

    /// The rates of §4, by metrics.json name, change in points.
    public static func of(_ figure: String) -> ChangeUnit {
        rateFigures.contains(figure) ? .pp : .relative
    }

    static let rateFigures: Set<String> = [
        "answerRate", "serviceLevel", "abandonRate", "transferRate", "connectRate",
        "serviceLevelExcludingShort", "abandonRateExcludingShort",
    ]
}

/// One figure now and in the previous period.
public struct FigureChange: Codable, Sendable, Equatable {
    /// The metrics.json name of the figure (`aht`, `serviceLevel`, …).
    public var figure: String
    public var current: Double?
    public var previous: Double?
    /// In ``unit``: for a rate current − previous, else (current − previous) / previous;
    /// `null` when new or when either value is missing.
    public var change: Double?
    /// The previous period had no such row, or a relative figure was 0 there and is not now.
    public var new: Bool
    /// `pp` for rates, `relative` for the rest; follows from the figure's name.
    public var unit: ChangeUnit { ChangeUnit.of(figure) }

    public init(figure: String, current: Double?, previous: Double?) {
        self.figure = figure
        self.current = current
        self.previous = previous
        switch (current, previous) {
        case (let now?, let before?) where ChangeUnit.of(figure) == .pp:
            change = now - before
            new = false
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

    /// (current − previous) / previous whatever the unit: what alerts weigh.
    var relativeChange: Double? {
        guard let current, let previous else { return nil }
        if previous == 0 { return current == 0 ? 0 : nil }
        return (current - previous) / previous
    }

    /// Worth flagging: a change in percent of the previous value beyond the threshold, either way.
    func exceeds(_ threshold: Double) -> Bool {
        guard let relativeChange else { return false }
        return abs(relativeChange) > threshold
    }

    enum CodingKeys: String, CodingKey { case figure, current, previous, change, new }
    enum EncodingKeys: String, CodingKey { case figure, current, previous, change, unit, new }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EncodingKeys.self)
        try c.encode(figure, forKey: .figure)
        try c.encodeOrNull(current, forKey: .current)
        try c.encodeOrNull(previous, forKey: .previous)
        try c.encodeOrNull(change, forKey: .change)
        try c.encode(unit, forKey: .unit)
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
    /// In ``unit``, as the figure's ``FigureChange/change``.
    public var change: Double?
    /// `pp` for rates, `relative` for the rest.
    public var unit: ChangeUnit { ChangeUnit.of(figure) }

    public init(scope: String, name: String?, change: FigureChange) {
        self.scope = scope
        self.name = name
        figure = change.figure
        current = change.current
        previous = change.previous
        self.change = change.change
    }

    enum CodingKeys: String, CodingKey { case scope, name, figure, current, previous, change }
    enum EncodingKeys: String, CodingKey { case scope, name, figure, current, previous, change, unit }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EncodingKeys.self)
        try c.encode(scope, forKey: .scope)
        try c.encodeOrNull(name, forKey: .name)
        try c.encode(figure, forKey: .figure)
        try c.encodeOrNull(current, forKey: .current)
        try c.encodeOrNull(previous, forKey: .previous)
        try c.encodeOrNull(change, forKey: .change)
        try c.encode(unit, forKey: .unit)
    }
}
