import Foundation

/// Writes metrics.json.
///
/// Foundation's `JSONEncoder` on Linux (Swift 6.3) keeps an object's members
/// in a hashed dictionary, so key order changes from run to run; `.sortedKeys`
/// would fix the order but not to the SPEC's. Readers such as diff, `jq`
/// users and people comparing two months expect a stable file in the order
/// SPEC §5 lists the names, so this writes the keys in the order each type's
/// `encode(to:)` encodes them, in the same layout as `JSONEncoder` with
/// `.prettyPrinted` and `.withoutEscapingSlashes`. Read the file back with
/// `JSONDecoder`.
public enum MetricsJSON {
    /// The metrics as pretty-printed UTF-8 JSON, keys in SPEC order, with a final newline.
    public static func encode(_ metrics: Metrics) throws -> Data {
        try OrderedJSONEncoder().encode(metrics)
    }

    /// Reads metrics.json back, e.g. a previous period's for comparison.
    public static func decode(_ data: Data) throws -> Metrics {
        try JSONDecoder().decode(Metrics.self, from: data)
    }
}
