/// JSON string literals, written one way everywhere callreport writes JSON by
/// hand (metrics.json keeps its key order, quarantine.jsonl its records'
/// order, the demo its API bodies).
public enum JSONText {
    /// `text` as a JSON string literal. Only what JSON requires is escaped, so
    /// names in any script stay readable; U+2028 and U+2029 are escaped too,
    /// since they are valid JSON but break JavaScript readers of the file.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
