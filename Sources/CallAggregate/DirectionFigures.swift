/// Which way the calls of a skill or campaign row went (SPEC §4b, ``CallRecord/isInbound``).
public enum CallDirection: String, Codable, Sendable {
    case inbound, outbound, mixed

    /// The direction of `inbound` inbound calls among `offered`; `offered` is never 0 for a row.
    init(inbound: Int, offered: Int) {
        self = inbound == offered ? .inbound : inbound == 0 ? .outbound : .mixed
    }
}

/// The `inbound` section: the §4 figures over inbound calls only, so that a dialer's attempts do not
/// dilute the service level and abandon rate, plus short abandons and how long abandoning callers waited.
///
/// A short abandon is an unanswered call with a known wait below `--short-abandon` seconds: the caller
/// hung up before anyone could answer (a misdial, an IVR hang-up), which most centers leave out of
/// the `…ExcludingShort` variants.
public struct InboundFigures: Codable, Sendable, Equatable {
    public var offered: Int
    public var answered: Int
    public var unanswered: Int
    public var shortAbandoned: Int
    public var serviceLevel: Double?
    /// Answered within T / (offered − shortAbandoned).
    public var serviceLevelExcludingShort: Double?
    public var asa: Double?
    public var abandonRate: Double?
    /// (unanswered − shortAbandoned) / (offered − shortAbandoned).
    public var abandonRateExcludingShort: Double?
    public var aht: Double?
    public var medianHandle: Int?
    public var p90Handle: Int?
    public var transferred: Int
    public var transferRate: Double?
    public var abandonWait: AbandonWait

    public init(
        offered: Int, answered: Int, unanswered: Int, shortAbandoned: Int, serviceLevel: Double?,
        serviceLevelExcludingShort: Double?, asa: Double?, abandonRate: Double?, abandonRateExcludingShort: Double?,
        aht: Double?, medianHandle: Int?, p90Handle: Int?, transferred: Int, transferRate: Double?,
        abandonWait: AbandonWait
    ) {
        self.offered = offered
        self.answered = answered
        self.unanswered = unanswered
        self.shortAbandoned = shortAbandoned
        self.serviceLevel = serviceLevel
        self.serviceLevelExcludingShort = serviceLevelExcludingShort
        self.asa = asa
        self.abandonRate = abandonRate
        self.abandonRateExcludingShort = abandonRateExcludingShort
        self.aht = aht
        self.medianHandle = medianHandle
        self.p90Handle = p90Handle
        self.transferred = transferred
        self.transferRate = transferRate
        self.abandonWait = abandonWait
    }

    enum CodingKeys: String, CodingKey {
        case offered, answered, unanswered, shortAbandoned, serviceLevel, serviceLevelExcludingShort, asa
        case abandonRate, abandonRateExcludingShort, aht, medianHandle, p90Handle, transferred, transferRate
        case abandonWait
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(offered, forKey: .offered)
        try c.encode(answered, forKey: .answered)
        try c.encode(unanswered, forKey: .unanswered)
        try c.encode(shortAbandoned, forKey: .shortAbandoned)
        try c.encodeOrNull(serviceLevel, forKey: .serviceLevel)
        try c.encodeOrNull(serviceLevelExcludingShort, forKey: .serviceLevelExcludingShort)
        try c.encodeOrNull(asa, forKey: .asa)
        try c.encodeOrNull(abandonRate, forKey: .abandonRate)
        try c.encodeOrNull(abandonRateExcludingShort, forKey: .abandonRateExcludingShort)
        try c.encodeOrNull(aht, forKey: .aht)
        try c.encodeOrNull(medianHandle, forKey: .medianHandle)
        try c.encodeOrNull(p90Handle, forKey: .p90Handle)
        try c.encode(transferred, forKey: .transferred)
        try c.encodeOrNull(transferRate, forKey: .transferRate)
        try c.encode(abandonWait, forKey: .abandonWait)
    }
}

/// How long the unanswered inbound callers waited before the call ended: `known + unknown = unanswered`.
public struct AbandonWait: Codable, Sendable, Equatable {
    /// Calls whose wait (end − start) is readable and not negative.
    public var known: Int
    /// Calls without a readable end, or ending before they started.
    public var unknown: Int
    /// Nearest-rank median of the known waits; `null` when none is known.
    public var median: Int?
    /// The known waits in the ranges of ``WaitBucket/bounds``.
    public var buckets: [WaitBucket]

    public init(known: Int, unknown: Int, median: Int?, buckets: [WaitBucket]) {
        self.known = known
        self.unknown = unknown
        self.median = median
        self.buckets = buckets
    }

    enum CodingKeys: String, CodingKey { case known, unknown, median, buckets }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(known, forKey: .known)
        try c.encode(unknown, forKey: .unknown)
        try c.encodeOrNull(median, forKey: .median)
        try c.encode(buckets, forKey: .buckets)
    }
}

/// The known waits in [fromSeconds, toSeconds); the last range has no end (`toSeconds` null).
public struct WaitBucket: Codable, Sendable, Equatable {
    public var fromSeconds: Int
    public var toSeconds: Int?
    public var calls: Int

    /// SPEC §4b: where each range starts; each ends where the next starts.
    public static let bounds = [0, 5, 10, 20, 30, 60, 120, 300]

    public init(fromSeconds: Int, toSeconds: Int?, calls: Int) {
        self.fromSeconds = fromSeconds
        self.toSeconds = toSeconds
        self.calls = calls
    }

    enum CodingKeys: String, CodingKey { case fromSeconds, toSeconds, calls }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fromSeconds, forKey: .fromSeconds)
        try c.encodeOrNull(toSeconds, forKey: .toSeconds)
        try c.encode(calls, forKey: .calls)
    }
}

/// The `outbound` section: dialled calls, where "answered" means the number was reached.
public struct OutboundFigures: Codable, Sendable, Equatable {
    public var attempts: Int
    /// Answered attempts.
    public var connected: Int
    public var connectRate: Double?
    public var aht: Double?
    public var medianHandle: Int?
    public var p90Handle: Int?
    /// Sums over connected calls.
    public var talkSeconds: Int
    public var handleSeconds: Int
    public var transferred: Int
    public var transferRate: Double?

    public init(
        attempts: Int, connected: Int, connectRate: Double?, aht: Double?, medianHandle: Int?, p90Handle: Int?,
        talkSeconds: Int, handleSeconds: Int, transferred: Int, transferRate: Double?
    ) {
        self.attempts = attempts
        self.connected = connected
        self.connectRate = connectRate
        self.aht = aht
        self.medianHandle = medianHandle
        self.p90Handle = p90Handle
        self.talkSeconds = talkSeconds
        self.handleSeconds = handleSeconds
        self.transferred = transferred
        self.transferRate = transferRate
    }

    enum CodingKeys: String, CodingKey {
        case attempts, connected, connectRate, aht, medianHandle, p90Handle, talkSeconds, handleSeconds
        case transferred, transferRate
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(connected, forKey: .connected)
        try c.encodeOrNull(connectRate, forKey: .connectRate)
        try c.encodeOrNull(aht, forKey: .aht)
        try c.encodeOrNull(medianHandle, forKey: .medianHandle)
        try c.encodeOrNull(p90Handle, forKey: .p90Handle)
        try c.encode(talkSeconds, forKey: .talkSeconds)
        try c.encode(handleSeconds, forKey: .handleSeconds)
        try c.encode(transferred, forKey: .transferred)
        try c.encodeOrNull(transferRate, forKey: .transferRate)
    }
}

/// One row of `dispositions`: the calls with one disposition text (every call of the period).
public struct DispositionFigures: Codable, Sendable, Equatable {
    public var name: String
    public var calls: Int
    public var answered: Int
    /// calls / offered (all calls).
    public var share: Double?
    /// Over the row's answered calls.
    public var aht: Double?

    /// The key of CloudAgent's system text `Wrap up time exceeded :N`, whatever N.
    public static let wrapUpExceeded = "Wrap up time exceeded"

    public init(name: String, calls: Int, answered: Int, share: Double?, aht: Double?) {
        self.name = name
        self.calls = calls
        self.answered = answered
        self.share = share
        self.aht = aht
    }

    enum CodingKeys: String, CodingKey { case name, calls, answered, share, aht }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(calls, forKey: .calls)
        try c.encode(answered, forKey: .answered)
        try c.encodeOrNull(share, forKey: .share)
        try c.encodeOrNull(aht, forKey: .aht)
    }
}

/// One row of `hangups`: the calls whose `hangupBy` is `name`.
public struct HangupFigures: Codable, Sendable, Equatable {
    public var name: String
    public var calls: Int
    /// calls / offered (all calls).
    public var share: Double?

    public init(name: String, calls: Int, share: Double?) {
        self.name = name
        self.calls = calls
        self.share = share
    }

    enum CodingKeys: String, CodingKey { case name, calls, share }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(calls, forKey: .calls)
        try c.encodeOrNull(share, forKey: .share)
    }
}

/// The `recovery` section: of the numbers that missed a call, how many we reached afterwards.
public struct RecoveryFigures: Codable, Sendable, Equatable {
    /// Numbers with at least one unanswered inbound call.
    public var missedNumbers: Int
    /// Of those, the ones with an answered call (inbound or outbound) starting after their first miss.
    public var recovered: Int
    public var recoveryRate: Double?
    /// Nearest-rank median, over recovered numbers, of the seconds from the first miss to that answered call.
    public var medianRecoverySeconds: Int?

    public init(missedNumbers: Int, recovered: Int, recoveryRate: Double?, medianRecoverySeconds: Int?) {
        self.missedNumbers = missedNumbers
        self.recovered = recovered
        self.recoveryRate = recoveryRate
        self.medianRecoverySeconds = medianRecoverySeconds
    }

    enum CodingKeys: String, CodingKey { case missedNumbers, recovered, recoveryRate, medianRecoverySeconds }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(missedNumbers, forKey: .missedNumbers)
        try c.encode(recovered, forKey: .recovered)
        try c.encodeOrNull(recoveryRate, forKey: .recoveryRate)
        try c.encodeOrNull(medianRecoverySeconds, forKey: .medianRecoverySeconds)
    }
}
