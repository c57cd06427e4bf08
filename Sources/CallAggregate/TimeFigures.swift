/// One row of `daily`: the calls that started on one date of the period.
public struct DayFigures: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var offered: Int
    public var answered: Int
    public var unanswered: Int
    public var handleSeconds: Int
    public var aht: Double?

    public init(date: String, offered: Int, answered: Int, unanswered: Int, handleSeconds: Int, aht: Double?) {
        self.date = date
        self.offered = offered
        self.answered = answered
        self.unanswered = unanswered
        self.handleSeconds = handleSeconds
        self.aht = aht
    }

    init(date: String, tally: Tally) {
        self.init(
            date: date, offered: tally.offered, answered: tally.answered, unanswered: tally.unanswered,
            handleSeconds: tally.handleSeconds, aht: tally.aht
        )
    }

    enum CodingKeys: String, CodingKey {
        case date, offered, answered, unanswered, handleSeconds, aht
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .date)
        try c.encode(offered, forKey: .offered)
        try c.encode(answered, forKey: .answered)
        try c.encode(unanswered, forKey: .unanswered)
        try c.encode(handleSeconds, forKey: .handleSeconds)
        try c.encodeOrNull(aht, forKey: .aht)
    }
}

/// One row of `hourly`: the calls whose local start hour is `hour`, over every date of the period.
public struct HourFigures: Codable, Sendable, Equatable {
    /// 0–23.
    public var hour: Int
    public var offered: Int
    public var answered: Int

    public init(hour: Int, offered: Int, answered: Int) {
        self.hour = hour
        self.offered = offered
        self.answered = answered
    }

    enum CodingKeys: String, CodingKey {
        case hour, offered, answered
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hour, forKey: .hour)
        try c.encode(offered, forKey: .offered)
        try c.encode(answered, forKey: .answered)
    }
}
