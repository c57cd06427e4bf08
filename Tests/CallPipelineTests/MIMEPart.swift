import Foundation

// A copy of the MIME reader in callreportTests/SummaryOutputTests.swift: the two test
// targets cannot share a file, and the summary.eml parse-back stays end to end there.

/// Just enough of a MIME reader to take summary.eml apart again (RFC 2045/2046/2047).
struct MIMEPart {
    var headers: [String: String] = [:]
    var contentType: String { headers["content-type"] ?? "text/plain" }
    var rawBody: String

    init?(_ text: String) {
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

    var body: Data {
        guard headers["content-transfer-encoding"] == "base64" else { return Data(rawBody.utf8) }
        return Data(base64Encoded: rawBody.replacingOccurrences(of: "\r\n", with: "")) ?? Data()
    }

    var parts: [MIMEPart] {
        guard let range = contentType.range(of: "boundary=\"") else { return [] }
        let boundary = "--" + contentType[range.upperBound...].prefix { $0 != "\"" }
        let chunks = ("\r\n" + rawBody).components(separatedBy: "\r\n" + boundary)
        return chunks.dropFirst().compactMap { chunk in
            guard !chunk.hasPrefix("--") else { return nil }
            return MIMEPart(String(chunk.drop { $0.isNewline }))
        }
    }

    /// Decodes `=?UTF-8?B?…?=` words, joining adjacent ones.
    static func decodeWords(_ header: String) -> String {
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
