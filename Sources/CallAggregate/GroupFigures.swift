/// One row of `skills` or `campaigns`: the calls sharing one exact skill or
/// campaign name, `(none)` for calls without one.
public struct GroupFigures: Codable, Sendable, Equatable {
    /// The name used for calls that have no skill (or no campaign).
    public static let noneName = "(none)"

    public var name: String
    /// `inbound`, `outbound` or `mixed` by the row's calls; `nil` only in a metrics.json written
    /// before version 2.
    public var direction: CallDirection?
    public var offered: Int
    public var answered: Int
    public var unanswered: Int
    public var abandonRate: Double?
    public var handleSeconds: Int
    public var aht: Double?
    public var asa: Double?
    public var serviceLevel: Double?
    public var transferred: Int
    public var transferRate: Double?

    public init(
        name: String, direction: CallDirection?, offered: Int, answered: Int, unanswered: Int, abandonRate: Double?,
        handleSeconds: Int, aht: Double?, asa: Double?, serviceLevel: Double?, transferred: Int,
        transferRate: Double?
    ) {
        self.name = name
        self.direction = direction
        self.offered = offered
        self.answered = answered
        self.unanswered = unanswered
        self.abandonRate = abandonRate
        self.handleSeconds = handleSeconds
        self.aht = aht
        self.asa = asa
        self.serviceLevel = serviceLevel
        self.transferred = transferred
        self.transferRate = transferRate
    }

    init(name: String, tally: Tally) {
        self.init(
            name: name, direction: CallDirection(inbound: tally.inbound, offered: tally.offered),
            offered: tally.offered, answered: tally.answered, unanswered: tally.unanswered,
            abandonRate: tally.abandonRate, handleSeconds: tally.handleSeconds, aht: tally.aht,
            asa: tally.asa, serviceLevel: tally.serviceLevel, transferred: tally.transferred,
            transferRate: tally.transferRate
        )
    }

    enum CodingKeys: String, CodingKey {
        case name, direction, offered, answered, unanswered, abandonRate, handleSeconds, aht, asa, serviceLevel
        case transferred, transferRate
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(direction, forKey: .direction)
        try c.encode(offered, forKey: .offered)
        try c.encode(answered, forKey: .answered)
        try c.encode(unanswered, forKey: .unanswered)
        try c.encodeOrNull(abandonRate, forKey: .abandonRate)
        try c.encode(handleSeconds, forKey: .handleSeconds)
        try c.encodeOrNull(aht, forKey: .aht)
        try c.encodeOrNull(asa, forKey: .asa)
        try c.encodeOrNull(serviceLevel, forKey: .serviceLevel)
        try c.encode(transferred, forKey: .transferred)
        try c.encodeOrNull(transferRate, forKey: .transferRate)
    }
}
