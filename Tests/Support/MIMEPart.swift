import Foundation

// Readers and builders the test targets share (the pipeline in process, the binary end to end).

/// Just enough of a MIME reader to take summary.eml apart again (RFC 2045/2046/2047).
public struct MIMEPart {
    public var headers: [String: String] = [:]
    public var contentType: String { headers["content-type"] ?? "text/plain" }
    public var rawBody: String

    public init?(_ text: String) {
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        var current: String?
        for line in text[..<split.lowerBound].components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let key = current {
                headers[key, default: ""] += line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon].lowercased()
            headers[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            current = key
        }
        rawBody = String(text[split.upperBound...])
    }

    public var body: Data {
        guard headers["content-transfer-encoding"] == "base64" else { return Data(rawBody.utf8) }
        return Data(base64Encoded: rawBody.replacingOccurrences(of: "\r\n", with: "")) ?? Data()
    }

    public var parts: [MIMEPart] {
        guard let range = contentType.range(of: "boundary=\"") else { return [] }
        let boundary = "--" + contentType[range.upperBound...].prefix { $0 != "\"" }
        let chunks = ("\r\n" + rawBody).components(separatedBy: "\r\n" + boundary)
        return chunks.dropFirst().compactMap { chunk in
            guard !chunk.hasPrefix("--") else { return nil }
            return MIMEPart(String(chunk.drop { $0.isNewline }))
        }
    }

    /// Decodes `=?UTF-8?B?…?=` words, joining adjacent ones.
    public static func decodeWords(_ header: String) -> String {
        let folded = header.replacingOccurrences(of: "?=  =?", with: "?==?").replacingOccurrences(
            of: "?= =?", with: "?==?")
        var result = ""
        var rest = Substring(folded)
        while let start = rest.range(of: "=?UTF-8?B?") {
            result += rest[..<start.lowerBound]
            rest = rest[start.upperBound...]
            guard let end = rest.range(of: "?=") else { break }
            result += String(decoding: Data(base64Encoded: String(rest[..<end.lowerBound])) ?? Data(), as: UTF8.self)
            rest = rest[end.upperBound...]
        }
        return result + rest
    }
}

/// The headers of a message: names in order (lower-case), values unfolded.
public struct MailHeaders {
    public var names: [String] = []
    public var values: [String: String] = [:]

    public init?(_ raw: String) {
        guard let end = raw.range(of: "\r\n\r\n") else { return nil }
        for line in raw[..<end.lowerBound].components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = names.last {
                values[last, default: ""] += line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].lowercased()
            names.append(name)
            values[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    public subscript(name: String) -> String? { values[name] }
}
