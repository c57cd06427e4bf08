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
        // Most values begin and end with a visible ASCII character: no Unicode lookup for them.
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return text
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }

    /// Whether trimmed text is one of the spellings of "no value".
    static func isMissingMarker(_ trimmed: String) -> Bool {
        let utf8 = trimmed.utf8
        guard utf8.count <= 4 else { return false }
        return missingMarkers.contains(packed(utf8, lowercased: true))
    }

    /// `isMissingMarker` for text given as UTF-8 bytes.
    static func isMissingMarker(utf8 bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= 4 else { return false }
        return missingMarkers.contains(packed(bytes, lowercased: true))
    }

    /// Whether text given as UTF-8 bytes (valid UTF-8) begins or ends with white space, by the
    /// definition `trimmingWhiteSpace` uses.
    static func hasEdgeWhiteSpace(utf8 bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return false }
        // Every white-space scalar is ASCII or begins with one of four lead bytes (U+0085 and
        // U+00A0: C2; U+1680: E1; U+2000…U+205F: E2; U+3000: E3). Names in Devanagari or Tamil,
        // say, begin and end with other lead bytes: no decoding for them.
        var lastStart = bytes.count - 1
        while lastStart > 0, bytes[lastStart] & 0xC0 == 0x80 { lastStart -= 1 }
        if !Self.mayBeginWhiteSpace(first), !Self.mayBeginWhiteSpace(bytes[lastStart]) { return false }
        // A decoder each: a decoder keeps bytes it has read ahead, which belong to its own input.
        var headDecoder = UTF8()
        var head = bytes.makeIterator()
        if case .scalarValue(let scalar) = headDecoder.decode(&head), scalar.properties.isWhitespace { return true }
        var tailDecoder = UTF8()
        var tail = UnsafeRawBufferPointer(rebasing: bytes[lastStart...]).makeIterator()
        if case .scalarValue(let scalar) = tailDecoder.decode(&tail), scalar.properties.isWhitespace { return true }
        return false
    }

    /// Whether a scalar whose first UTF-8 byte is `lead` can be white space (see above).
    private static func mayBeginWhiteSpace(_ lead: UInt8) -> Bool {
        lead <= 0x20 || lead == 0x7F || lead == 0xC2 || (0xE1...0xE3).contains(lead)
    }

    /// The markers packed (see `packed`); a list, not a set: asked for every short value, and six
    /// comparisons cost less than hashing.
    private static let missingMarkers = ["", "none", "null", "na", "n/a", "-"].map { packed($0.utf8) }

    /// Up to four bytes and their count in one number, so that comparing needs no allocation.
    private static func packed(_ bytes: some Collection<UInt8>, lowercased: Bool = false) -> UInt64 {
        var result = UInt64(bytes.count) << 32
        for (i, byte) in bytes.enumerated() {
            let folded = lowercased && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            result |= UInt64(folded) << (8 * i)
        }
        return result
    }
}
