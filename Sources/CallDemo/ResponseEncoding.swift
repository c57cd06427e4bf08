import CallModel

/// Writes a success envelope of raw records in the API's JSON or XML shape.
///
/// The demo builds responses byte by byte, as the server would send them, so
/// that they go through exactly the parsing path of real downloads.
struct ResponseEncoder {
    let format: ResponseFormat
    private(set) var bytes: [UInt8] = []
    private var recordCount = 0

    init(format: ResponseFormat) {
        self.format = format
        switch format {
        case .json: append(#"{"status":"success","message":["#)
        case .xml: append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><status>success</status><message>")
        }
    }

    mutating func add(_ fields: [RawField]) {
        switch format {
        case .json:
            if recordCount > 0 { append(",") }
            append("\n{")
            for (index, field) in fields.enumerated() {
                if index > 0 { append(",") }
                appendJSONString(field.key)
                append(":")
                switch field.value {
                case .null: append("null")
                case .bool(let flag): append(flag ? "true" : "false")
                case .number(let digits), .nested(let digits): append(digits)
                case .string(let text): appendJSONString(text)
                }
            }
            append("}")
        case .xml:
            append("\n<item>")
            for field in fields {
                // XML element names cannot hold spaces; the API's XML uses underscores.
                let name = String(field.key.map { $0 == " " ? "_" : $0 })
                append("<\(name)>")
                switch field.value {
                case .null: break
                case .bool(let flag): append(flag ? "true" : "false")
                case .number(let text), .string(let text), .nested(let text): appendXMLText(text)
                }
                append("</\(name)>")
            }
            append("</item>")
        }
        recordCount += 1
    }

    /// The finished body: a success envelope, or the API's `no record found` failure when empty.
    mutating func finish() -> [UInt8] {
        switch format {
        case .json:
            if recordCount == 0 { return Array(#"{"status":"failure","message":"no record found"}"#.utf8) }
            append("\n]}\n")
        case .xml:
            if recordCount == 0 {
                return Array(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><status>failure</status><message>no record found</message></xml>\n"
                        .utf8)
            }
            append("\n</message></xml>\n")
        }
        return bytes
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func appendJSONString(_ text: String) { append(JSONText.quoted(text)) }

    private mutating func appendXMLText(_ text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "&": append("&amp;")
            default: bytes.append(contentsOf: String(scalar).utf8)
            }
        }
    }
}
