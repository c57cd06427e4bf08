import CallModel
import Foundation
import Testing

@testable import CallFetch

/// SPEC §7, "secrets in every form": the forms of a key, and the archive's masker removing each
/// of them wherever it appears, whatever the chunks.
@Suite("Secret forms")
struct SecretFormsTests {
    static let keys = ["KEY-5ecr3t-7c1e-9b2a-callreport", "K+y/5ecr3t=7c1e+Zq/w==", "k€y 5ecr3t/ünï-2026"]

    /// The key written in each form, as a field's text (or part of one).
    static func written(_ key: String) -> [String: String] {
        let raw = Data(key.utf8)
        let strict = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        let upper = key.addingPercentEncoding(withAllowedCharacters: strict)!
        var forms = [
            "raw": key, "percent": upper,
            "percent-lower-plus": lowerHex(upper.replacingOccurrences(of: "%20", with: "+")),
            "percent-keeping-slash": key.addingPercentEncoding(withAllowedCharacters: strict.union(["/"]))!,
            "json": json(key, upper: false), "json-upper": json(key, upper: true),
        ]
        for pad in 0..<3 {
            let padded = Data("xyz".utf8.prefix(pad)) + raw + Data("!?".utf8)
            forms["base64-\(pad)"] = padded.base64EncodedString()
            forms["base64url-\(pad)"] = padded.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            // As PHP writes a base64 text inside a JSON string.
            forms["base64json-\(pad)"] = padded.base64EncodedString().replacingOccurrences(of: "/", with: "\\/")
        }
        return forms
    }

    private static func lowerHex(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            let end = rest.index(percent, offsetBy: 3)
            out += rest[percent..<end].lowercased()
            rest = rest[end...]
        }
        return out + rest
    }

    /// PHP's `json_encode` of the key, without the quotes.
    private static func json(_ key: String, upper: Bool) -> String {
        var out = ""
        for scalar in key.unicodeScalars {
            if scalar == "/" {
                out += "\\/"
            } else if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16, uppercase: upper)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        return out
    }

    /// The key can be read back from `text` in some form: what must never happen after masking.
    static func leaks(_ text: String, key: String) -> [String] {
        let count = key.utf8.count
        return written(key).filter { name, form in
            // A base64 text holds the key only in the characters that its bytes alone decide (the
            // ones that share bits with a neighbour do not): look for those.
            if name.hasPrefix("base64") {
                let pad = Int(name.suffix(1))!
                let unescaped = form.replacingOccurrences(of: "\\/", with: "/")
                let characters = Array(unescaped)
                let decided = String(characters[((8 * pad + 5) / 6)..<(8 * (pad + count) / 6)])
                return text.contains(decided) || text.contains(decided.replacingOccurrences(of: "/", with: "\\/"))
            }
            return text.contains(form)
        }.keys.sorted()
    }

    @Test("each form written is found and masked, in any field", arguments: keys)
    func everyForm(key: String) {
        let forms = SecretForms(key)
        for (name, form) in Self.written(key) {
            let text = "before " + form + " after"
            let masked = forms.masked(text)
            #expect(Self.leaks(masked, key: key).isEmpty, "\(name): \(masked)")
            #expect(masked.hasPrefix("before ") && masked.hasSuffix(" after") && masked.contains("***"), "\(name)")
        }
    }

    @Test("each form written is found by the one-pass search, anywhere in a text", arguments: keys)
    func everyFormOccurs(key: String) {
        let forms = SecretForms(key)
        for (name, form) in Self.written(key) {
            for text in [form, "x" + form, form + "x", String(repeating: "-", count: 5000) + form + "}"] {
                let found = Array(text.utf8).withUnsafeBytes { forms.occurs(in: $0) }
                #expect(found, "\(name) in \(text.prefix(40))…")
            }
        }
    }

    @Test("text without the key is left as it is; a short or empty secret masks nothing")
    func cleanText() {
        let text = #"{"status":"success","message":[{"UCID":"1","Comments":"KEY-5ecr3t"}]}"#
        #expect(SecretForms(Self.keys[0]).masked(text) == text)
        #expect(SecretForms("").isEmpty)
        #expect(SecretForms("abc").isEmpty)
        #expect(SecretForms("abc").masked("abc abc") == "abc abc")
    }

    @Test("the archive's masker removes every form, split across chunks at any place", arguments: keys)
    func acrossChunks(key: String) {
        let fields = Self.written(key).sorted { $0.key < $1.key }
            .map { #""\#($0.key)":"\#($0.value)""# }.joined(separator: ",")
        let body = #"{"status":"success","message":[{"UCID":"1",\#(fields),"StartTime":"2026-10-01 09:00:00"}]}"#
        var outputs: Set<String> = []
        for chunk in [1, 2, 3, 5, 7, 13, 64, 1 << 20] {
            var masker = KeyMasker(format: .json, apiKey: key)
            var output: [UInt8] = []
            let bytes = Array(body.utf8)
            var index = 0
            while index < bytes.count {
                masker.feed(bytes[index..<min(index + chunk, bytes.count)], into: &output)
                index += chunk
            }
            masker.finish(into: &output)
            let text = String(decoding: output, as: UTF8.self)
            #expect(Self.leaks(text, key: key).isEmpty, "chunks of \(chunk): \(text)")
            outputs.insert(text)
        }
        // Wherever the chunks end, the masked body is the same.
        #expect(outputs.count == 1)
        #expect(outputs.first?.contains(#""StartTime":"2026-10-01 09:00:00""#) == true)
    }

    @Test("a message quoting an error page with the key in base64 is masked", arguments: keys)
    func message(key: String) {
        let account = CloudAgentAccount(
            baseURL: URL(string: "http://127.0.0.1:1")!, userName: "acme", apiKey: key, format: .json)
        let token = Data("acme:\(key)".utf8).base64EncodedString()
        let text = account.masked("the proxy said <!-- authorization: Basic \(token) --> for api_key=\(key)")
        #expect(Self.leaks(text, key: key).isEmpty, "\(text)")
    }
}
