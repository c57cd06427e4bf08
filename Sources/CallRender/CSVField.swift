/// The CSV rules of SPEC §5, once: RFC 4180 quoting, the formula guard, the
/// byte-order mark and the row end. Both the `CSV` content type of the
/// templates and the streamed `calls.csv` go through these functions, so the
/// two kinds of CSV output cannot disagree.
///
/// Hand-written on purpose: SwiftCSV's writer leaves line breaks unquoted
/// (corrupt files) and CSV.swift is about 100× slower than this (STYLE.md).
enum CSVField {
    /// UTF-8 byte-order mark: without it Excel reads UTF-8 as the local code
    /// page and garbles names in Devanagari, Tamil, ….
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let byteOrderMarkText = "\u{FEFF}"
    /// RFC 4180 ends every row, the last included, with CRLF.
    static let rowEnd: [UInt8] = [0x0D, 0x0A]
    static let separator: UInt8 = 0x2C  // ,

    private static let quote: UInt8 = 0x22  // "
    private static let apostrophe: UInt8 = 0x27  // '

    /// A text cell beginning with one of these is run as a formula (or as
    /// its start) by Excel, LibreOffice and Google Sheets. Tab and CR are in
    /// the OWASP list because some importers strip them and then see the
    /// character behind.
    static func startsFormula(_ first: UInt8) -> Bool {
        switch first {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: return true  // = + - @ TAB CR
        default: return false
        }
    }

    /// RFC 4180: a field holding a separator, a quote or a line break must be quoted.
    static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == separator || byte == quote || byte == 0x0A || byte == 0x0D
    }

    /// Whether a cell starts a formula: its first character, or the first one
    /// after invisible format characters (a byte-order mark, a zero-width or
    /// a bidirectional control, which a spreadsheet may drop or not show),
    /// is one of those above.
    static func startsFormula(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        if first < 0x80 { return startsFormula(first) }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar.properties.generalCategory == .format { continue }
            return scalar.isASCII && startsFormula(UInt8(scalar.value))
        }
        return false
    }

    /// U+FFFD, written for a NUL: many CSV readers stop at a NUL or refuse
    /// the file, and no name or code needs one.
    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Appends a text cell: the formula guard (`'` before the first
    /// character), then RFC 4180 quoting with quotes doubled. The guard goes
    /// inside the quotes so the spreadsheet sees it as part of the value.
    /// Everything else, line breaks included, is kept byte for byte, but a
    /// NUL, which becomes U+FFFD.
    static func appendText(_ text: String, to out: inout [UInt8]) {
        // A native string lends its bytes as they are; only another kind needs the copy `withUTF8` makes.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendText(utf8: $0, to: &out) }
        if done == nil {
            var text = text
            text.withUTF8 { appendText(utf8: $0, to: &out) }
        }
    }

    private static func appendText(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let first = bytes.first else { return }
        var quoted = false
        var hasNUL = false
        // Every byte that needs a rule (NUL, LF, CR, quote, comma) is at most a comma: the
        // letters and digits that make up most of a cell pass with one comparison.
        for byte in bytes where byte <= separator {
            if needsQuoting(byte) {
                quoted = true
            } else if byte == 0 {
                hasNUL = true
            }
        }
        let guarded = first < 0x80 ? startsFormula(first) : startsFormula(bytes)
        if quoted { out.append(quote) }
        if guarded { out.append(apostrophe) }
        if quoted || hasNUL {
            for byte in bytes {
                if byte == 0 {
                    out.append(contentsOf: replacementCharacter)
                    continue
                }
                out.append(byte)
                if byte == quote { out.append(quote) }
            }
        } else {
            out.append(contentsOf: bytes)
        }
        if quoted { out.append(quote) }
    }

    /// Appends a whole number's digits without making a `String` first: the
    /// streamed calls.csv writes six a row. Numbers are never guarded (SPEC:
    /// "numbers are never prefixed") and never need quotes.
    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(contentsOf: String(value).utf8)
            return
        }
        // One digit straight away; more from the last backwards on the stack (20 places hold
        // `Int.max`), then appended in one go rather than byte by byte.
        if value < 10 {
            out.append(0x30 + UInt8(truncatingIfNeeded: value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var rest = value
            while rest > 0 {
                start -= 1
                digits[start] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// `appendText` as a string: the escaping of the `CSV` content type.
    static func escapeText(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 3)
        appendText(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
