/// The `totals` section: every counted call, assigned to an agent or not.
///
/// Ratios and averages are `nil` (JSON `null`) when their denominator is 0;
/// so are the median and 90th percentile when no call was answered.
public struct Totals: Codable, Sendable, Equatable {
    public var offered: Int
    public var answered: Int
    public var unanswered: Int
    public var transferred: Int
    public var handleSeconds: Int
    public var aht: Double?
    public var asa: Double?
    public var serviceLevel: Double?
    public var abandonRate: Double?
    public var transferRate: Double?
    public var medianHandle: Int?
    public var p90Handle: Int?

    public init(
        offered: Int, answered: Int, unanswered: Int, transferred: Int, handleSeconds: Int,
        aht: Double?, asa: Double?, serviceLevel: Double?, abandonRate: Double?, transferRate: Double?,
        medianHandle: Int?, p90Handle: Int?
    ) {
        self.offered = offered
        self.answered = answered
        self.unanswered = unanswered
        self.transferred = transferred
        self.handleSeconds = handleSeconds
        self.aht = aht
        self.asa = asa
        self.serviceLevel = serviceLevel
        self.abandonRate = abandonRate
        self.transferRate = transferRate
        self.medianHandle = medianHandle
        self.p90Handle = p90Handle
    }

    init(_ tally: Tally, handles: HandleHistogram) {
        self.init(
            offered: tally.offered, answered: tally.answered, unanswered: tally.unanswered,
            transferred: tally.transferred, handleSeconds: tally.handleSeconds,
            aht: tally.aht, asa: tally.asa, serviceLevel: tally.serviceLevel,
            abandonRate: tally.abandonRate, transferRate: tally.transferRate,
            medianHandle: handles.median, p90Handle: handles.p90
        )
    }

    enum CodingKeys: String, CodingKey {
        case offered, answered, unanswered, transferred, handleSeconds, aht, asa, serviceLevel
        case abandonRate, transferRate, medianHandle, p90Handle
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(offered, forKey: .offered)
        try c.encode(answered, forKey: .answered)
        try c.encode(unanswered, forKey: .unanswered)
        try c.encode(transferred, forKey: .transferred)
        try c.encode(handleSeconds, forKey: .handleSeconds)
        try c.encodeOrNull(aht, forKey: .aht)
        try c.encodeOrNull(asa, forKey: .asa)
        try c.encodeOrNull(serviceLevel, forKey: .serviceLevel)
        try c.encodeOrNull(abandonRate, forKey: .abandonRate)
        try c.encodeOrNull(transferRate, forKey: .transferRate)
        try c.encodeOrNull(medianHandle, forKey: .medianHandle)
        try c.encodeOrNull(p90Handle, forKey: .p90Handle)
    }
}
