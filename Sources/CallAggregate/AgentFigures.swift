/// One row of `agents`: the calls of one agent key (agentId, else agentName).
///
/// Seconds are sums over the agent's answered calls; `offered` counts all
/// of its counted calls, answered or not.
public struct AgentFigures: Codable, Sendable, Equatable {
    /// The agent key: agentId, or agentName where the calls carry no id.
    public var id: String
    /// The first agentName seen for the key among counted calls, else the key.
    public var name: String
    public var offered: Int
    public var answered: Int
    public var handleSeconds: Int
    public var talkSeconds: Int
    public var holdSeconds: Int
    public var wrapupSeconds: Int
    public var aht: Double?
    public var medianHandle: Int?
    public var p90Handle: Int?
    public var asa: Double?
    public var transferred: Int
    public var transferRate: Double?

    public init(
        id: String, name: String, offered: Int, answered: Int, handleSeconds: Int, talkSeconds: Int,
        holdSeconds: Int, wrapupSeconds: Int, aht: Double?, medianHandle: Int?, p90Handle: Int?,
        asa: Double?, transferred: Int, transferRate: Double?
    ) {
        self.id = id
        self.name = name
        self.offered = offered
        self.answered = answered
        self.handleSeconds = handleSeconds
        self.talkSeconds = talkSeconds
        self.holdSeconds = holdSeconds
        self.wrapupSeconds = wrapupSeconds
        self.aht = aht
        self.medianHandle = medianHandle
        self.p90Handle = p90Handle
        self.asa = asa
        self.transferred = transferred
        self.transferRate = transferRate
    }

    init(id: String, name: String, tally: Tally, handles: HandleHistogram) {
        self.init(
            id: id, name: name, offered: tally.offered, answered: tally.answered,
            handleSeconds: tally.handleSeconds, talkSeconds: tally.talkSeconds,
            holdSeconds: tally.holdSeconds, wrapupSeconds: tally.wrapupSeconds,
            aht: tally.aht, medianHandle: handles.median, p90Handle: handles.p90,
            asa: tally.asa, transferred: tally.transferred, transferRate: tally.transferRate
        )
    }

    enum CodingKeys: String, CodingKey {
        case id, name, offered, answered, handleSeconds, talkSeconds, holdSeconds, wrapupSeconds
        case aht, medianHandle, p90Handle, asa, transferred, transferRate
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(offered, forKey: .offered)
        try c.encode(answered, forKey: .answered)
        try c.encode(handleSeconds, forKey: .handleSeconds)
        try c.encode(talkSeconds, forKey: .talkSeconds)
        try c.encode(holdSeconds, forKey: .holdSeconds)
        try c.encode(wrapupSeconds, forKey: .wrapupSeconds)
        try c.encodeOrNull(aht, forKey: .aht)
        try c.encodeOrNull(medianHandle, forKey: .medianHandle)
        try c.encodeOrNull(p90Handle, forKey: .p90Handle)
        try c.encodeOrNull(asa, forKey: .asa)
        try c.encode(transferred, forKey: .transferred)
        try c.encodeOrNull(transferRate, forKey: .transferRate)
    }
}
