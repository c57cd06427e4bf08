import CallModel

/// Replaces the value of every `ApiKey` field (any spelling) in a response
/// body with `***`, streaming, so that the archive never holds the key.
///
/// Some accounts echo the key in each record. The archive keeps responses
/// "as received" apart from this, so the masker changes nothing else: it is a
/// small state machine over the bytes, not a parse and re-serialisation. Then
/// every form of the key (``SecretForms``: raw, percent-encoded, JSON-escaped,
/// base64), wherever it appears, in any field or position, is replaced too.
///
/// A key is an `ApiKey` by normalize's own rule (``FieldText/normalizedKey(_:)``), read from the
/// name as it decodes: `\u0041piKey` in JSON is `ApiKey` too. A JSON value that is not a string
/// (a number, `true`, an object, an array) is replaced as a whole by `"***"`; `null` hides
/// nothing and stays.
struct KeyMasker {
    private let format: ResponseFormat
    private var redactor: SecretMasker
    private var state = State.normal
    /// The name of the string or element being read, as normalize would see it.
    private var name = KeyName()
    private var lastStringWasKey = false
    private var escaped = false
    /// Brackets open in the structured value being skipped.
    private var depth = 0
    /// Inside a string of the structured value being skipped.
    private var inNestedString = false

    private enum State {
        case normal
        // JSON
        case inString
        case awaitingValue
        case skippingString
        case skippingBare
        case skippingStructure
        // XML
        case inTagName
        case inTag
        case skippingContent
        case skippingContentAfterLess
    }

    init(format: ResponseFormat, apiKey: String) {
        self.format = format
        self.redactor = SecretMasker(SecretForms(apiKey))
    }

    /// Masks one chunk; bytes may be held back until the next chunk or `finish`.
    mutating func feed(_ chunk: some Sequence<UInt8>, into output: inout [UInt8]) {
        var masked: [UInt8] = []
        masked.reserveCapacity(chunk.underestimatedCount)
        for byte in chunk {
            switch format {
            case .json: json(byte, &masked)
            case .xml: xml(byte, &masked)
            }
        }
        redactor.feed(masked, into: &output)
    }

    mutating func finish(into output: inout [UInt8]) {
        redactor.finish(into: &output)
    }

    private static let mask = Array("***".utf8)

    private mutating func json(_ byte: UInt8, _ out: inout [UInt8]) {
        switch state {
        case .normal:
            switch byte {
            case UInt8(ascii: "\""):
                name.reset(jsonEscapes: true)
                escaped = false
                state = .inString
            case UInt8(ascii: ":") where lastStringWasKey:
                state = .awaitingValue
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                lastStringWasKey = false
            }
            out.append(byte)
        case .inString:
            out.append(byte)
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                lastStringWasKey = name.isAPIKey
                state = .normal
                return
            }
            name.feed(byte)
        case .awaitingValue:
            lastStringWasKey = false
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                out.append(byte)
            case UInt8(ascii: "\""):
                out.append(byte)
                out += Self.mask
                escaped = false
                state = .skippingString
            case UInt8(ascii: "n"):
                // null hides nothing.
                out.append(byte)
                state = .normal
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                // A structured value may hold the key in any of its strings: it goes whole.
                out += [UInt8(ascii: "\"")] + Self.mask + [UInt8(ascii: "\"")]
                depth = 1
                inNestedString = false
                escaped = false
                state = .skippingStructure
            default:
                out += [UInt8(ascii: "\"")] + Self.mask + [UInt8(ascii: "\"")]
                state = .skippingBare
            }
        case .skippingString:
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                out.append(byte)
                state = .normal
            }
        case .skippingStructure:
            if inNestedString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inNestedString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inNestedString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { state = .normal }
            }
        case .skippingBare:
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                out.append(byte)
                state = .normal
            default:
                break
            }
        default:
            out.append(byte)
            state = .normal
        }
    }

    private mutating func xml(_ byte: UInt8, _ out: inout [UInt8]) {
        switch state {
        case .normal:
            out.append(byte)
            if byte == UInt8(ascii: "<") {
                name.reset(jsonEscapes: false)
                state = .inTagName
            }
        case .inTagName:
            out.append(byte)
            switch byte {
            case UInt8(ascii: ">"):
                state = name.isAPIKey ? .skippingContent : .normal
                if state == .skippingContent { out += Self.mask }
            case 0x20, 0x09, 0x0A, 0x0D:
                state = .inTag
            case UInt8(ascii: "/") where !name.isEmpty:
                // `<ApiKey/>`: an empty element has no value to hide.
                name.disqualify()
                state = .inTag
            default:
                // `/`, `?` and `!` begin other markup (a closing tag, a declaration, a comment).
                if name.isEmpty, !Self.startsName(byte) { name.disqualify() }
                name.feed(byte)
            }
        case .inTag:
            out.append(byte)
            if byte == UInt8(ascii: "/") { name.disqualify() }
            if byte == UInt8(ascii: ">") {
                state = name.isAPIKey ? .skippingContent : .normal
                if state == .skippingContent { out += Self.mask }
            }
        case .skippingContent:
            if byte == UInt8(ascii: "<") { state = .skippingContentAfterLess }
        case .skippingContentAfterLess:
            if byte == UInt8(ascii: "/") {
                out += [UInt8(ascii: "<"), byte]
                // The closing tag: its name must not start masking again.
                name.reset(jsonEscapes: false)
                name.disqualify()
                state = .inTagName
            } else {
                state = byte == UInt8(ascii: "<") ? .skippingContentAfterLess : .skippingContent
            }
        default:
            out.append(byte)
            state = .normal
        }
    }

    /// An element name starts with a letter or `_` (a letter outside ASCII included); `/`, `?`
    /// and `!` begin other markup.
    private static func startsName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte >= 0x80
            || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}
