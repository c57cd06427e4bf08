import CallDemo
import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// `report --input` of raw responses with the key in the environment: a record field carrying
/// the key in any form reaches no record and no quarantine line (SPEC §7).
@Suite("Secrets in saved responses")
struct SecretInputTests {
    static let key = "k€y 5ecr3t/ünï-2026"

    /// The key as a response could carry it: raw, percent-encoded, JSON-escaped, inside base64.
    static var carried: [String] {
        let raw = Data(key.utf8)
        return [
            key.replacingOccurrences(of: "/", with: "\\/"),
            key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
            #"k\u20acy 5ecr3t\/\u00fcn\u00efx-2026"#.replacingOccurrences(of: "x", with: ""),
            (Data("ab".utf8) + raw).base64EncodedString().replacingOccurrences(of: "/", with: "\\/"),
        ]
    }

    private func body(_ values: [String]) -> String {
        let good = values.enumerated().map { n, value in
            #"{"UCID":"\#(n)","StartTime":"2026-10-01 0\#(n):00:00","AgentName":"\#(value)","Skill":"x \#(value) y"}"#
        }
        let quarantined = #"{"UCID":"q","Comments":"\#(values.joined(separator: " "))"}"#
        return #"{"status":"success","message":["# + (good + [quarantined]).joined(separator: ",") + "]}"
    }

    /// Every text a read handed on, as one string.
    private func output(_ text: String, secrets: [String], fromFile: Bool) throws -> String {
        var normalizer = Normalizer(secrets: secrets)
        var seen: [String] = []
        let record: (consuming CallRecord) -> Void = { call in
            seen += [call.ucid, call.agentName, call.skill].compactMap { $0 }
        }
        let quarantine: (QuarantinedRecord) -> Void = { seen += $0.fields.map { "\($0.value)" } }
        if fromFile {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString).json")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            try normalizer.read(fileAt: url, record: record, quarantine: quarantine)
        } else {
            try normalizer.read(Data(text.utf8), source: "r.json", record: record, quarantine: quarantine)
        }
        #expect(normalizer.counts.quarantined == 1)
        return seen.joined(separator: "\n")
    }

    @Test("told the key, the normalizer masks it in every form", arguments: [false, true])
    func masked(fromFile: Bool) throws {
        let text = try output(body(Self.carried), secrets: [Self.key], fromFile: fromFile)
        let forms = [
            Self.key, Self.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
            String(Array((Data("ab".utf8) + Data(Self.key.utf8)).base64EncodedString())[3..<30]),
        ]
        for form in forms { #expect(!text.contains(form), "\(form) in \(text)") }
        #expect(text.contains("***"))
        // Not told, it reads what is there: the test's forms are real.
        let plain = try output(body(Self.carried), secrets: [], fromFile: fromFile)
        #expect(forms.allSatisfy { plain.contains($0) })
    }

    /// The one-pass search that tells whether a response holds the key (`SecretForms.occurs`)
    /// against the plain one (each form looked for on its own), on texts made of the forms' own
    /// bytes, pieces of forms and whole forms, at every length up to a few hundred bytes: near
    /// misses everywhere, and forms at the start, the end and the edges of the parts the search
    /// splits a text into.
    @Test(
        "the one-pass search finds a form exactly where a search for each form does",
        arguments: [
            "KEY-5ecr3t-7c1e-9b2a-callreport", "K+y/5ecr3t=7c1e+Zq/w==", "k€y 5ecr3t/ünï-2026",
        ])
    func searchAgreesWithPlainSearch(key: String) {
        let forms = SecretForms(key)
        var random = SeededGenerator(seed: UInt64(key.utf8.count))
        let pool = Set(forms.forms.joined()).sorted()
        var found = 0
        for round in 0..<1500 {
            var text: [UInt8] = []
            let length = Int(random.next() % 400)
            while text.count < length {
                let form = forms.forms[Int(random.next() % UInt64(forms.forms.count))]
                switch random.next() % 64 {
                case 0: text += form
                case 1..<24: text += form.prefix(Int(random.next() % UInt64(form.count)))
                case 24..<48: text += form.suffix(Int(random.next() % UInt64(form.count)))
                default: text.append(pool[Int(random.next() % UInt64(pool.count))])
                }
            }
            let plain = forms.forms.contains { form in
                text.count >= form.count
                    && (0...(text.count - form.count)).contains { text[$0..<($0 + form.count)].elementsEqual(form) }
            }
            let fast = text.withUnsafeBytes { forms.occurs(in: $0) }
            #expect(fast == plain, "round \(round): \(String(decoding: text, as: UTF8.self))")
            if plain { found += 1 }
        }
        // Both outcomes were asked many times.
        #expect(found > 150 && found < 1350, "\(found) of 1500 texts held a form")
    }

    @Test("a response without the key is read as it is")
    func clean() throws {
        let values = ["Asha", "Ravi"]
        #expect(
            try output(body(values), secrets: [Self.key], fromFile: true)
                == output(body(values), secrets: [], fromFile: true))
        #expect(!SecretForms(Self.key).occurs(in: UnsafeRawBufferPointer(start: nil, count: 0)))
    }
}
