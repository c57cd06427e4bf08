/// Why a record could not be used. The raw values are the names in `dataQuality.reasons`.
public enum QuarantineReason: String, Sendable, CaseIterable, Codable {
    case missingStart = "missing_start"
    case invalidStart = "invalid_start"
}

/// A value as it appeared in a response, before any interpretation.
public enum RawValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A JSON number, digits exactly as written.
    case number(String)
    case string(String)
    /// A nested object or array, as compact JSON text.
    case nested(String)
}

/// One field of a record as received: key spelling and order are kept.
public struct RawField: Hashable, Sendable {
    public var key: String
    public var value: RawValue
    public init(key: String, value: RawValue) {
        self.key = key
        self.value = value
    }
}

/// A record that normalize could not use, kept whole so that nothing is lost.
public struct QuarantinedRecord: Hashable, Sendable {
    public var reason: QuarantineReason
    /// The response it came from (a file name).
    public var source: String
    /// 1-based position of the record in that response.
    public var position: Int
    /// The record's fields as received, `ApiKey` removed.
    public var fields: [RawField]

    public init(reason: QuarantineReason, source: String, position: Int, fields: [RawField]) {
        self.reason = reason
        self.source = source
        self.position = position
        self.fields = fields
    }
}
