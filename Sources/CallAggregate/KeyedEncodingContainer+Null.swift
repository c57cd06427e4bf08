extension KeyedEncodingContainer {
    /// Writes `nil` as an explicit `null`.
    ///
    /// SPEC §4 wants a ratio with a zero denominator to read `null`, and
    /// synthesized `Encodable` would leave the key out instead, which
    /// readers of metrics.json would see as a missing metric.
    mutating func encodeOrNull<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}
