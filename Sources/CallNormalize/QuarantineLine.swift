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
            appendValue(field.value, to: &out)
        }
        out += "}}"
        return out
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
