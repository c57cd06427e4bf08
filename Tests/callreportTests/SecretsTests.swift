import CallTestSupport
import Foundation
import Testing

/// SPEC §6: "The key is never printed, logged, put in a file name or written to
/// any output." Every command runs with a recognisable key against a server
/// that echoes it back (an `ApiKey` in each record, the request line in its
/// error pages, a failure text quoting it); then every byte printed and every
/// file the commands wrote (reports, archive, ledger, temporary folder) is
/// searched for the key in every form it could take.
@Suite("secrets")
struct SecretsTests {
    static let keys = [
        "KEY-5ecr3t-7c1e-9b2a-callreport",
        // Needs percent-encoding in a URL, and JSON writes its "/" as "\/".
        "K+y/5ecr3t=7c1e+Zq/w==",
        // A space (`+` or `%20`), and characters JSON writes as `\uXXXX`.
        "k€y 5ecr3t/ünï-2026",
    ]

    /// Every way the key could be spelled in a file or a message: raw, percent-encoded (upper and
    /// lower hex, `+` for a space, `/` kept or not), JSON-escaped as PHP writes it (`\/`,
    /// `\u20ac` or `\u20AC`), and the characters its bytes alone decide in a standard or URL-safe
    /// base64 text, at each of the three alignments.
    static func forms(of key: String) -> [String] {
        let strict = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        let encoded = key.addingPercentEncoding(withAllowedCharacters: strict)!
        // The hex digits after each `%` in lower case; the key's own letters as they are.
        var lowerHex = ""
        var hexLeft = 0
        for character in encoded {
            lowerHex += hexLeft > 0 ? character.lowercased() : String(character)
            hexLeft = character == "%" ? 2 : max(0, hexLeft - 1)
        }
        func json(_ format: String) -> String {
            var text = ""
            for scalar in key.unicodeScalars {
                if scalar == "/" {
                    text += "\\/"
                } else if scalar.isASCII {
                    text.unicodeScalars.append(scalar)
                } else {
                    text += String(scalar).utf16.map { "\\u" + String(format: format, $0) }.joined()
                }
            }
            return text
        }
        var forms: Set<String> = [
            key, encoded, lowerHex, encoded.replacingOccurrences(of: "%20", with: "+"),
            lowerHex.replacingOccurrences(of: "%20", with: "+"),
            key.addingPercentEncoding(withAllowedCharacters: strict.union(["/"]))!, json("%04x"), json("%04X"),
            key.replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "/", with: "%2F"),
        ]
        let count = key.utf8.count
        for pad in 0..<3 {
            let text = (Data("xyz".utf8.prefix(pad)) + Data(key.utf8) + Data("!?".utf8)).base64EncodedString()
            let decided = String(Array(text)[((8 * pad + 5) / 6)..<(8 * (pad + count) / 6)])
            forms.insert(decided)
            forms.insert(decided.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        }
        // Inside a JSON string PHP wrote, a `/` of a base64 or URL text is `\/`; what reads it
        // gives the `/` back, so those forms are searched for too.
        return forms.union(forms.map { $0.replacingOccurrences(of: "/", with: "\\/") }).sorted()
    }

    /// The first form of the key found in `data`, if any.
    static func leak(in data: Data, forms: [String]) -> String? {
        forms.first { data.range(of: Data($0.utf8)) != nil }
    }

    @Test("no command prints or writes the key, in any form", arguments: keys)
    func keyNeverLeaks(key: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let scratch = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let server = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: ["--echo-key", "--rate-limit", "100000/3600"], apiKey: key)
        let environment = [
            "OZONETEL_API_KEY": key, "OZONETEL_USER_NAME": FakeCloudAgent.userName, "SOURCE_DATE_EPOCH": "1790000000",
            "TMPDIR": scratch.path,
        ]
        let forms = Self.forms(of: key)
        var outcomes: [(String, CommandRunner.Outcome)] = []
        func call(_ arguments: [String], expect status: Int32) throws {
            let outcome = try CommandRunner.run(arguments, in: folder, environment: environment)
            #expect(outcome.status == status, "\(arguments): \(outcome.stderr)")
            outcomes.append((arguments.joined(separator: " "), outcome))
        }
        let base = ["--base-url", server.baseURL, "--archive", "archive", "--retry-delay", "0"]
        let remote = base + ["--rate-limit", "1000/3600"]
        let report = ["--templates", CommandRunner.templates]

        // The server really echoes the key: the test cannot pass by never seeing it.
        let raw = try rawResponse(server: server, key: key)
        #expect(Self.leak(in: raw, forms: forms) != nil)
        // ...in many forms, in fields that reach calls.csv, metrics.json and the summaries.
        let echoed = forms.filter { raw.range(of: Data($0.utf8)) != nil }
        #expect(echoed.count >= 4, "\(echoed)")
        let input = folder.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try raw.write(to: input.appendingPathComponent("raw.json"))

        try call(["run", "--month", "2026-10", "--output", "out"] + remote + report, expect: 0)
        try call(
            ["run", "--month", "2026-10", "--api-format", "xml", "--output", "out-xml"] + remote + report, expect: 0)
        try call(["fetch", "--from", "2026-08-01", "--to", "2026-09-29"] + remote, expect: 0)
        try call(["fetch", "--month", "2026-10", "--refresh"] + remote, expect: 0)
        try call(["fetch"] + remote, expect: 0)
        try call(
            ["fetch", "--month", "2026-09", "--refresh", "--rate-limit", "1/3600", "--no-wait"] + base, expect: 75)
        // A failing service: the error pages quote the request, the failure text quotes the key.
        for mode in ["html500", "html200", "truncate", "refuse"] {
            try server.setFault(mode, from: 1)
            try call(["fetch", "--month", "2026-09", "--refresh"] + remote, expect: 69)
        }
        try server.setFault(nil)
        #expect(outcomes.last?.1.stderr.contains("Invalid request: api_key *** is not allowed") == true)

        let archived = try FileManager.default.subpathsOfDirectory(
            atPath: folder.appendingPathComponent("archive").path
        )
        .filter { ($0.hasSuffix(".json") || $0.hasSuffix(".xml")) && !$0.hasSuffix(".meta.json") }
        .map { folder.appendingPathComponent("archive").appendingPathComponent($0).path }
        #expect(archived.count >= 5)
        for path in archived {
            let body = try String(contentsOfFile: path, encoding: .utf8)
            guard !body.contains("no record found") else { continue }
            #expect(body.contains("\"ApiKey\":\"***\"") || body.contains("<ApiKey>***</ApiKey>"), "\(path)")
        }
        let october = archived.filter { $0.contains("/json/2026-10-01_") || $0.contains("/json/2026-09-30_") }
        try call(
            ["report", "--input"] + october + ["--month", "2026-10", "--output", "out-report"] + report, expect: 0)
        try call(
            [
                "report", "--input", input.appendingPathComponent("raw.json").path, "--month", "2026-10", "--output",
                "out-raw", "--xlsx-calls",
            ] + report, expect: 0)
        // The raw file's key reaches none of the reports: the normalizer masks what it reads.
        for name in [
            "metrics.json", "calls.csv", "summary.html", "summary.md", "summary.txt", "quarantine.jsonl", "report.xlsx",
        ] {
            let path = folder.appendingPathComponent("out-raw/2026-10/\(name)").path
            #expect(FileManager.default.fileExists(atPath: path) || name == "quarantine.jsonl", "\(name)")
        }
        try call(["demo", "--month", "2026-10", "--records", "50", "--output", "out-demo"] + report, expect: 0)
        for help in [
            ["--help"], ["--version"], ["help"], ["run", "--help"], ["fetch", "--help"], ["report", "--help"],
            ["demo", "--help"],
        ] {
            let outcome = try CommandRunner.run(help, in: folder, environment: environment)
            outcomes.append((help.joined(separator: " "), outcome))
        }
        try call(["run"] + remote, expect: 64)
        #expect(try server.stats()["served"] as? Int ?? 0 >= 6)

        // Every byte printed...
        for (command, outcome) in outcomes {
            #expect(Self.leak(in: Data(outcome.stdout.utf8), forms: forms) == nil, "stdout of \(command)")
            #expect(Self.leak(in: Data(outcome.stderr.utf8), forms: forms) == nil, "stderr of \(command)")
        }
        // ...and every file written, and every file name; only the test's own input holds the key.
        var searched = 0
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) where !path.hasPrefix("input") {
            #expect(Self.leak(in: Data(path.utf8), forms: forms) == nil, "file name \(path)")
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else {
                continue
            }
            searched += 1
            #expect(Self.leak(in: data, forms: forms) == nil, "\(path)")
            if path.hasSuffix(".xlsx") {
                // A zip: its XML parts are searched, unzipped and with their escapes decoded.
                let text = try WorkbookReader.text(of: folder.appendingPathComponent(path))
                #expect(Self.leak(in: Data(text.utf8), forms: forms) == nil, "\(path), unzipped")
            }
        }
        #expect(searched >= 30)
        // The downloads' temporary folder was used and emptied.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    /// One response as the server sends it, key and all, fetched by the test itself.
    private func rawResponse(server: FakeCloudAgent, key: String) throws -> Data {
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        let query = [
            ("api_key", key), ("user_name", FakeCloudAgent.userName), ("from_date", "2026-10-01 00:00:00"),
            ("to_date", "2026-10-30 23:59:59"), ("format", "json"),
        ].map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        let url = URL(
            string: "\(server.baseURL)/cloudAgentRestAPI/index.php/CloudAgent/CloudAgentAPI/getCallLogs?\(query)")!
        return try Data(contentsOf: url)
    }
}
