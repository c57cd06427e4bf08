/// The text rules of SPEC §3, in one place: how a value is trimmed, which values mean "missing",
/// how a word is compared ignoring case, and how a field's key is normalized.
///
/// Every stage that reads a value or a key asks here: normalize (keys and values of every
/// record), the archive's key masker (which keys are an `ApiKey`), classification and the caller
/// tracker (records built by other code may still carry padded or blank text). So a value that
/// normalize treats as missing cannot count as present further on, and a key normalize drops as
/// an `ApiKey` cannot reach the archive.
///
/// Some rules have a second form that reads UTF-8 bytes in place, for the readers' fast paths (a
/// million records a month, some forty fields each). Each byte form gives the same answer as its
/// string form for every input; tests in `CallNormalizeTests` (`FieldTextTests`) hold them to that.
public enum FieldText {
    // MARK: - Trimming

    /// `text` without leading and trailing white space (Unicode's definition, scalar by scalar,
    /// so a no-break space goes too).
    @inlinable
    public static func trimmed(_ text: String) -> String {
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

    /// Whether text given as UTF-8 bytes (valid UTF-8) begins or ends with white space: the byte
    /// form of `trimmed(text) != text`.
    @inlinable
    public static func hasEdgeWhiteSpace(utf8 bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return false }
        // Every white-space scalar is ASCII or begins with one of four lead bytes (U+0085 and
        // U+00A0: C2; U+1680: E1; U+2000…U+205F: E2; U+3000: E3). Names in Devanagari or Tamil,
        // say, begin and end with other lead bytes: no decoding for them.
        var lastStart = bytes.count - 1
        while lastStart > 0, bytes[lastStart] & 0xC0 == 0x80 { lastStart -= 1 }
        if !mayBeginWhiteSpace(first), !mayBeginWhiteSpace(bytes[lastStart]) { return false }
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
    @inlinable
    static func mayBeginWhiteSpace(_ lead: UInt8) -> Bool {
        lead <= 0x20 || lead == 0x7F || lead == 0xC2 || (0xE1...0xE3).contains(lead)
    }

    // MARK: - Missing values

    /// The spellings of "no value" (SPEC §3), in any case, after trimming.
    public static let missingMarkers = ["", "none", "null", "na", "n/a", "-"]

    /// Whether trimmed text is one of the ``missingMarkers`` in any case.
    @inlinable
    public static func isMissing(trimmed: String) -> Bool {
        let utf8 = trimmed.utf8
        guard utf8.count <= 4 else { return false }
        return isPackedMarker(packed(utf8, lowercased: true))
    }

    /// ``isMissing(trimmed:)`` for trimmed text given as UTF-8 bytes.
    @inlinable
    public static func isMissing(utf8 trimmed: UnsafeRawBufferPointer) -> Bool {
        guard trimmed.count <= 4 else { return false }
        return isPackedMarker(packed(trimmed, lowercased: true))
    }

    /// `text` trimmed, or `nil` when it is missing (blank, or a missing marker).
    @inlinable
    public static func present(_ text: String) -> String? {
        let trimmed = Self.trimmed(text)
        return isMissing(trimmed: trimmed) ? nil : trimmed
    }

    /// ``present(_:)`` for an optional: `nil` stays `nil`.
    @inlinable
    public static func present(_ text: String?) -> String? {
        guard let text else { return nil }
        return present(text)
    }

    /// Whether `packed` (see `packed`) is one of the ``missingMarkers``: `""`, `none`, `null`,
    /// `na`, `n/a`, `-`, written out packed so that the check, asked for every short value, reads
    /// no global and hashes nothing. `FieldTextTests` holds them to the list.
    @inlinable
    static func isPackedMarker(_ packed: UInt64) -> Bool {
        switch packed {
        case 0, 0x4_656E_6F6E, 0x4_6C6C_756E, 0x2_0000_616E, 0x3_0061_2F6E, 0x1_0000_002D: true
        default: false
        }
    }

    /// Up to four bytes and their count in one number, so that comparing needs no allocation.
    /// Folding ASCII case is folding every case here: no scalar outside ASCII lower-cases to a
    /// letter of the markers (only the Kelvin sign lower-cases to ASCII, to `k`).
    @inlinable
    static func packed(_ bytes: some Collection<UInt8>, lowercased: Bool = false) -> UInt64 {
        var result = UInt64(bytes.count) << 32
        for (i, byte) in bytes.enumerated() {
            let folded = lowercased && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            result |= UInt64(folded) << (8 * i)
        }
        return result
    }

    // MARK: - Case

    /// Whether `text` is `lowercaseASCIIWord` ignoring case: the words of SPEC §4 (`answered`,
    /// `no transfer`, …).
    ///
    /// Same answer as `text.lowercased() == word` for a word of lower-case ASCII letters, digits
    /// and spaces without a `k` (no scalar outside ASCII lower-cases to one of its letters; only
    /// the Kelvin sign lower-cases to ASCII), without allocating a string per call.
    @inlinable
    public static func equalsIgnoringCase(_ text: String, _ lowercaseASCIIWord: StaticString) -> Bool {
        // Asked several times for every call: lengths first, then the bytes in place.
        guard text.utf8.count == lowercaseASCIIWord.utf8CodeUnitCount else { return false }
        var text = text
        return text.withUTF8 { bytes in
            for (offset, byte) in bytes.enumerated() {
                let lowered = (65...90).contains(byte) ? byte + 32 : byte
                if lowered != lowercaseASCIIWord.utf8Start[offset] { return false }
            }
            return true
        }
    }

    // MARK: - Keys

    /// `Campaign Name` → `campaignname`: lower-case, then drop every character that is not a
    /// letter or digit (SPEC §3).
    ///
    /// CloudAgent's report APIs spell one field several ways (`CampaignName`, `Campaign Name`,
    /// `Campaign_Name`); this makes them one key.
    public static func normalizedKey(_ key: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in key.unicodeScalars { appendNormalizedKey(of: scalar, to: &result) }
        return String(result)
    }

    /// Appends what one scalar of a key contributes to its normalized form: itself lower-cased
    /// when it is a letter or digit, nothing otherwise. For readers that see a key one scalar at
    /// a time (the archive's key masker, which decodes escapes as bytes stream past).
    @inlinable
    public static func appendNormalizedKey(of scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        if scalar.isASCII {
            switch scalar.value {
            case 0x41...0x5A: result.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x61...0x7A, 0x30...0x39: result.append(scalar)
            default: break
            }
        } else if scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber {
            result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
    }
}
