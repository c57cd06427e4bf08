import CallModel

extension RawValue {
    /// The value as trimmed text, or `nil` when it is missing (SPEC §3).
    ///
    /// Missing: JSON `null`, a nested object or array (no canonical field holds one), and text that
    /// trims to `""`, `none`, `null`, `na`, `n/a` or `-` in any case. Numbers keep their digits as
    /// written and booleans read `true`/`false`, so a field may arrive in any JSON type.
    var presentText: String? {
        switch self {
        case .null, .nested: return nil
        case .bool(let value): return value ? "true" : "false"
        case .number(let digits): return digits
        case .string(let text):
            let trimmed = Self.trimmingWhiteSpace(text)
            return Self.isMissingMarker(trimmed) ? nil : trimmed
        }
    }

    /// `text` without leading and trailing white space (Unicode's definition, so a no-break space goes too).
    static func trimmingWhiteSpace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Whether trimmed text is one of the spellings of "no value".
    static func isMissingMarker(_ trimmed: String) -> Bool {
        let utf8 = trimmed.utf8
        guard utf8.count <= 4 else { return false }
        var lowered: [UInt8] = []
        for byte in utf8 { lowered.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
        switch String(decoding: lowered, as: UTF8.self) {
        case "", "none", "null", "na", "n/a", "-": return true
        default: return false
        }
    }
}
