import CallAggregate
import Foundation

/// Writes `metrics.json`: every figure of SPEC §4 under the names of SPEC
/// §5, encoded by ``MetricsJSON`` (keys in SPEC order), atomically.
public enum MetricsWriter {
    /// The file name SPEC §5 gives it.
    public static let fileName = "metrics.json"

    /// Encodes `metrics` and puts the file at `url` (temporary file, then rename).
    public static func write(_ metrics: Metrics, to url: URL) throws {
        let data = try MetricsJSON.encode(metrics)
        try AtomicFile.write([UInt8](data), to: url)
    }
}
