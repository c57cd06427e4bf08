import CallModel

/// What a key of a received record means to normalize.
enum KeyRole: Sendable, Equatable {
    /// Feeds a canonical field; `rank` is the alias's place in the table (0 = most preferred).
    case field(CanonicalField, rank: Int)
    /// An `ApiKey` in any spelling: dropped at once, never written anywhere.
    case apiKey
    /// Not needed by any stage.
    case other

    private static let byNormalizedKey: [String: KeyRole] = {
        var table = ["apikey": KeyRole.apiKey]
        for field in CanonicalField.allCases {
            for (rank, alias) in field.aliases.enumerated() { table[alias] = .field(field, rank: rank) }
        }
        return table
    }()

    /// The role of a key as received (not yet normalized).
    init(key: String) {
        self = KeyRole.byNormalizedKey[FieldText.normalizedKey(key)] ?? .other
    }
}
