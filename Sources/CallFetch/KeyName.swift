import CallModel

/// A field name read one byte at a time as it streams past the ``KeyMasker``, decoded (UTF-8,
/// and JSON's escapes in a JSON string) and normalized by normalize's own rule
/// (``FieldText/appendNormalizedKey(of:to:)``), so that the masker and normalize agree on which
/// names are an `ApiKey` however the name is written: `ApiKey`, `Api Key`, `\u0041piKey`,
/// `Api\u004Bey`, a Kelvin sign for the `K`.
///
/// Only whether the name normalizes to `apikey` matters, and normalizing never shortens what is
/// already normalized, so it keeps no more than `apikey`'s length and a flag once past it: a name
/// of any length costs the same few bytes.
struct KeyName {
    private static let target = Array("apikey".unicodeScalars)
    private static let simpleEscapes = Array(#""\/bfnrt"#.utf8)

    private var normalized = String.UnicodeScalarView()
    /// The normalized name grew past `apikey`'s length, or is no name at all (see `disqualify`).
    private var ruledOut = false
    /// Bytes read so far: `isEmpty` is about the name as written.
    private var count = 0
    private var jsonEscapes = false
    /// The UTF-8 decoder's pending bytes of a scalar.
    private var pending: [UInt8] = []
    private var pendingLength = 0
    /// The bytes after a backslash, while a JSON escape is being read (`nil` outside one).
    private var escape: [UInt8]?
    /// The first half of a surrogate pair written as `\uD83D`, waiting for its second.
    private var highSurrogate: UInt32?

    /// Starts a new name; `jsonEscapes` when it is a JSON string's content.
    mutating func reset(jsonEscapes: Bool) {
        normalized.removeAll(keepingCapacity: true)
        ruledOut = false
        count = 0
        self.jsonEscapes = jsonEscapes
        pending.removeAll(keepingCapacity: true)
        pendingLength = 0
        escape = nil
        highSurrogate = nil
    }

    /// What is being read is not a name that could be an `ApiKey` (a closing tag, an empty element).
    mutating func disqualify() {
        ruledOut = true
    }

    var isEmpty: Bool { count == 0 }

    /// Whether the name read so far normalizes to `apikey`.
    var isAPIKey: Bool {
        // An unfinished UTF-8 sequence or a lone surrogate at the end reads as U+FFFD, which
        // adds nothing to a normalized name.
        !ruledOut && escape == nil && normalized.elementsEqual(Self.target)
    }

    /// Reads the next byte of the name as written.
    mutating func feed(_ byte: UInt8) {
        count += 1
        guard !ruledOut else { return }
        if var escape {
            escape.append(byte)
            self.escape = escape
            readEscape()
            return
        }
        if jsonEscapes, byte == UInt8(ascii: "\\") {
            escape = []
            return
        }
        decodeUTF8(byte)
    }

    /// `\"`, `\n`, … stand for a scalar that is not a letter or digit; `\uXXXX` for any scalar.
    private mutating func readEscape() {
        guard let escape, let kind = escape.first else { return }
        guard kind == UInt8(ascii: "u") else {
            self.escape = nil
            flushSurrogate()
            // `\\`, `\"`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` stand for no letter or digit: they
            // add nothing. Any other is not JSON: the masker leaves such a name alone, as normalize
            // would never read the document.
            if !Self.simpleEscapes.contains(kind) { ruledOut = true }
            return
        }
        guard escape.count == 5 else { return }
        self.escape = nil
        var code: UInt32 = 0
        for byte in escape.dropFirst() {
            guard let digit = Digits.hexValue(byte) else {
                ruledOut = true  // not an escape JSON has, as above
                return
            }
            code = code << 4 | digit
        }
        if let high = highSurrogate, (0xDC00...0xDFFF).contains(code) {
            highSurrogate = nil
            append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))!)
        } else if (0xD800...0xDBFF).contains(code) {
            flushSurrogate()
            highSurrogate = code
        } else {
            flushSurrogate()
            append(Unicode.Scalar(code) ?? "\u{FFFD}")
        }
    }

    /// A lone first half of a surrogate pair reads as U+FFFD, as normalize's unescaping has it.
    private mutating func flushSurrogate() {
        guard highSurrogate != nil else { return }
        highSurrogate = nil
        append("\u{FFFD}")
    }

    private mutating func decodeUTF8(_ byte: UInt8) {
        flushSurrogate()
        if pending.isEmpty {
            switch byte {
            case 0..<0x80:
                append(Unicode.Scalar(byte))
                return
            case 0xC2...0xDF: pendingLength = 2
            case 0xE0...0xEF: pendingLength = 3
            case 0xF0...0xF4: pendingLength = 4
            default:
                append("\u{FFFD}")
                return
            }
            pending.append(byte)
            return
        }
        pending.append(byte)
        guard pending.count == pendingLength else { return }
        let scalars = String(decoding: pending, as: UTF8.self).unicodeScalars
        pending.removeAll(keepingCapacity: true)
        for scalar in scalars { append(scalar) }
    }

    private mutating func append(_ scalar: Unicode.Scalar) {
        FieldText.appendNormalizedKey(of: scalar, to: &normalized)
        if normalized.count > Self.target.count { ruledOut = true }
    }

}
