import CallModel

/// The line `quarantine.jsonl` holds for an unusable record (SPEC §5).
///
/// Written by hand rather than with `JSONEncoder`, because the record must come out as received:
/// keys in their original order and numbers with their digits exactly as written.
public enum QuarantineLine {
    /// One compact JSON object, without a line break:
    /// `{"reason":"missing_start","source":"w1.json","position":3,"record":{…}}`.
    ///
    /// `ApiKey` fields never appear, even when the record given still holds one.
    public static func json(for quarantined: QuarantinedRecord) -> String {
        json(for: quarantined, maskCaller: nil)
    }

    /// The line, with caller numbers masked.
    ///
    /// - Parameter maskCaller: `--mask-callers`: applied to the value of every field that holds a
    ///   caller's number (``holdsCallerNumber(key:)``), which is then written as a JSON string.
    ///   `nil` writes the record as received.
    public static func json(for quarantined: QuarantinedRecord, maskCaller: ((String) -> String)?) -> String {
        var out = "{\"reason\":"
        appendString(quarantined.reason.rawValue, to: &out)
        out += ",\"source\":"
        appendString(quarantined.source, to: &out)
        out += ",\"position\":\(quarantined.position),\"record\":{"
        var first = true
        for field in quarantined.fields where KeyRole(key: field.key) != .apiKey {
            if !first { out += "," }
            first = false
            appendString(field.key, to: &out)
            out += ":"
            if let maskCaller, holdsCallerNumber(key: field.key) {
                appendMasked(field.value, with: maskCaller, to: &out)
            } else {
                appendValue(field.value, to: &out)
            }
        }
        out += "}}"
        return out
    }

    /// Whether a field, by its key in any spelling, holds a customer's number: the caller-number
    /// keys of SPEC §3 (`CallerID`, `Caller No`, `CallerNumber`), and `DialedNumber`, the
    /// customer's number on an outbound call.
    public static func holdsCallerNumber(key: String) -> Bool {
        if case .field(.callerId, _) = KeyRole(key: key) { return true }
        return FieldText.normalizedKey(key) == "dialednumber"
    }

    /// A masked value is text, whatever it was: `********1234` is no JSON number. A nested value is
    /// masked as its JSON text, so no digit of a number in it survives.
    private static func appendMasked(_ value: RawValue, with mask: (String) -> String, to out: inout String) {
        switch value {
        case .null, .bool: appendValue(value, to: &out)
        case .number(let text), .string(let text), .nested(let text): appendString(mask(text), to: &out)
        }
    }

    private static func appendValue(_ value: RawValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let digits) where isJSONNumber(digits): out += digits
        case .number(let digits): appendString(digits, to: &out)
        case .string(let text): appendString(text, to: &out)
        case .nested(let json): out += json
        }
    }

    private static func appendString(_ text: String, to out: inout String) {
        out += JSONText.quoted(text)
    }

    /// Whether `text` is a JSON number token, so that it can be written bare.
    /// A `.number` made by hand from anything else is written as a string instead of breaking the line.
    private static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            var n = 0
            while let b = bytes.first, b >= 0x30, b <= 0x39 {
                bytes.removeFirst()
                n += 1
            }
            return n
        }
        if bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes.removeFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes.removeFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
