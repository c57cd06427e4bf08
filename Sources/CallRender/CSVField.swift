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

    /// UTF-8 of U+FFFD, written for a NUL: many CSV readers stop at a NUL or
    /// refuse the file, and no name or code needs one.
    private static let replacementCharacter: (UInt8, UInt8, UInt8) = (0xEF, 0xBF, 0xBD)

    /// The most bytes ``putText(_:at:)`` writes for a cell of `count` UTF-8
    /// bytes: two quotes, the guard, and three bytes for every byte (a NUL
    /// becomes U+FFFD; a doubled quote takes two).
    static func maxTextBytes(_ count: Int) -> Int { 3 * count + 3 }

    /// Writes a text cell at `out`, which has room for ``maxTextBytes(_:)``,
    /// and returns how many bytes it wrote: the formula guard (`'` before the
    /// first character), then RFC 4180 quoting with quotes doubled. The guard
    /// goes inside the quotes so the spreadsheet sees it as part of the value.
    /// Everything else, line breaks included, is kept byte for byte, but a
    /// NUL, which becomes U+FFFD.
    ///
    /// Every CSV cell we write comes through here: the templates' by
    /// ``appendText(_:to:)``, the streamed calls.csv's by ``ByteSink``.
    static func putText(_ bytes: UnsafeBufferPointer<UInt8>, at out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let first = bytes.first, let start = bytes.baseAddress else { return 0 }
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
        if !(quoted || hasNUL || guarded) {
            out.initialize(from: start, count: bytes.count)
            return bytes.count
        }
        var written = 0
        func put(_ byte: UInt8) {
            out[written] = byte
            written += 1
        }
        if quoted { put(quote) }
        if guarded { put(apostrophe) }
        for byte in bytes {
            if byte == 0 {
                put(replacementCharacter.0)
                put(replacementCharacter.1)
                put(replacementCharacter.2)
                continue
            }
            put(byte)
            if byte == quote { put(quote) }
        }
        if quoted { put(quote) }
        return written
    }

    /// Appends a text cell (``putText(_:at:)``) to an array: for the
    /// templates and missed.csv, which write far fewer cells than calls.csv.
    static func appendText(_ text: String, to out: inout [UInt8]) {
        withUTF8(of: text) { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTextBytes(bytes.count)) { room in
                let count = putText(bytes, at: room.baseAddress!)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: room[..<count]))
            }
        }
    }

    /// Calls `body` with the UTF-8 of `text`: a native string lends its own
    /// storage; only another kind needs the copy `withUTF8` makes.
    static func withUTF8<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var text = text
        return text.withUTF8(body)
    }

    /// The most bytes ``putInteger(_:at:)`` writes: `Int.min` has 19 digits and a sign.
    static let maxIntegerBytes = 20

    /// Writes a whole number's digits at `out`, which has room for
    /// ``maxIntegerBytes``, and returns how many: the streamed calls.csv
    /// writes six a row. Numbers are never guarded (SPEC: "numbers are never
    /// prefixed") and never need quotes.
    static func putInteger(_ value: Int, at out: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0 {
            var text = String(value)
            return text.withUTF8 { digits in
                out.initialize(from: digits.baseAddress!, count: digits.count)
                return digits.count
            }
        }
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        rest = value
        for index in (0..<digits).reversed() {
            out[index] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        return digits
    }

    /// `appendText` as a string: the escaping of the `CSV` content type.
    static func escapeText(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 3)
        appendText(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
