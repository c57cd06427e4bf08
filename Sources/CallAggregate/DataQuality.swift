/// The `dataQuality` section: where every input record went (SPEC §3), so
/// that nothing is dropped silently.
///
/// Records left out by `--campaign` count nowhere here; everything else
/// does, including records outside the period.
public struct DataQuality: Codable, Sendable, Equatable {
    /// Every record read.
    public var inputRecords: Int
    /// inputRecords − quarantined.
    public var normalized: Int
    /// Repeats of an earlier record (same ucid, agent key and start).
    public var duplicates: Int
    /// Records with a missing or unreadable start, written to quarantine.jsonl.
    public var quarantined: Int
    /// Normalized, not duplicate, start date outside the period.
    public var outOfPeriod: Int
    public var reasons: Reasons

    /// Counts by reason; every reason is present, 0 included.
    public struct Reasons: Codable, Sendable, Equatable {
        public var missingStart: Int
        public var invalidStart: Int
        /// Normalized records (duplicates and out-of-period ones included)
        /// with at least one invalid duration in a field they use.
        public var invalidDuration: Int

        public init(missingStart: Int, invalidStart: Int, invalidDuration: Int) {
            self.missingStart = missingStart
            self.invalidStart = invalidStart
            self.invalidDuration = invalidDuration
        }

        enum CodingKeys: String, CodingKey {
            case missingStart = "missing_start"
            case invalidStart = "invalid_start"
            case invalidDuration = "invalid_duration"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(missingStart, forKey: .missingStart)
            try c.encode(invalidStart, forKey: .invalidStart)
            try c.encode(invalidDuration, forKey: .invalidDuration)
        }
    }

    public init(
        inputRecords: Int, normalized: Int, duplicates: Int, quarantined: Int, outOfPeriod: Int,
        reasons: Reasons
    ) {
        self.inputRecords = inputRecords
        self.normalized = normalized
        self.duplicates = duplicates
        self.quarantined = quarantined
        self.outOfPeriod = outOfPeriod
        self.reasons = reasons
    }

    enum CodingKeys: String, CodingKey {
        case inputRecords, normalized, duplicates, quarantined, outOfPeriod, reasons
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(inputRecords, forKey: .inputRecords)
        try c.encode(normalized, forKey: .normalized)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(quarantined, forKey: .quarantined)
        try c.encode(outOfPeriod, forKey: .outOfPeriod)
        try c.encode(reasons, forKey: .reasons)
    }
}
