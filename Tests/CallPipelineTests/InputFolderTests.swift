import CallFetch
import CallModel
import CallPipeline
import Foundation
import Testing

@Suite("Input folders")
struct InputFolderTests {
    @Test("a folder gives every .json and .xml under it, any case, subfolders too; the rest is listed as skipped")
    func recursiveAnyCase() throws {
        let folder = try temporaryFolder()
        let saved = folder.appendingPathComponent("saved")
        try FileManager.default.createDirectory(
            at: saved.appendingPathComponent("older/2026"), withIntermediateDirectories: true)
        let body = responseBody(["2026-10-01 10:00:00"])
        for name in [
            "b.json", "C.JSON", "older/d.Xml", "older/2026/e.json", "notes.txt", ".hidden.json",
        ] {
            var data = body
            if name.hasSuffix("Xml") {
                data = Data(
                    "<xml><status>success</status><message><item><UCID>X1</UCID><StartTime>2026-10-02 09:00:00</StartTime></item></message></xml>"
                        .utf8)
            }
            try data.write(to: saved.appendingPathComponent(name))
        }
        let found = try InputFiles.find(at: [saved.path])
        #expect(found.inputs.map(\.name) == ["C.JSON", "b.json", "e.json", "d.Xml"])
        #expect(found.skipped == [saved.path + "/.hidden.json", saved.path + "/notes.txt"])

        let (reporter, log) = pipeline(settings(ReportPeriod(month: "2026-10"), in: folder))
        let result = try reporter.report(paths: [saved.path])
        // Three JSON files with the same call (one counted, two duplicates) and the XML call.
        #expect(result.metrics.dataQuality.inputRecords == 4)
        #expect(result.metrics.totals.offered == 2)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.hasPrefix("skipped 2 file(s) that are not .json or .xml responses:") == true)
        #expect(result.warnings.first?.contains("notes.txt") == true)
        #expect(log.entries.contains { $0.level == .warning && "\($0.message)".contains(".hidden.json") })
    }
}

@Suite("Private files and credentials")
struct PrivacyTests {
    @Test("files holding caller numbers are created readable by their owner only")
    func callerFilesArePrivate() throws {
        let folder = try temporaryFolder()
        let result = try pipeline(settings(ReportPeriod(month: "2026-10"), in: folder)).0.demo(
            records: 2000, format: .json)
        func mode(_ name: String) throws -> Int {
            try FileManager.default.attributesOfItem(atPath: result.folder.appendingPathComponent(name).path)[
                .posixPermissions] as? Int ?? -1
        }
        for name in ["calls.csv", "missed.csv", "quarantine.jsonl"] { #expect(try mode(name) == 0o600, "\(name)") }
        // The summaries carry no caller number: they keep the usual mode.
        #expect(try mode("summary.html") & 0o044 != 0)
    }

    @Test("a user name or password in the base URL is refused, and not repeated")
    func credentialsInBaseURL() throws {
        var cloudAgent = CloudAgentSettings()
        cloudAgent.baseURL = "http://bob:S3cretPass@127.0.0.1:9"
        let environment = ["OZONETEL_API_KEY": "KEY-1234", "OZONETEL_USER_NAME": "acme"]
        #expect(throws: FetchError.credentialsInBaseURL) { try cloudAgent.account(environment: environment) }
        #expect(!FetchError.credentialsInBaseURL.description.contains("S3cretPass"))
        #expect(FetchError.credentialsInBaseURL.exitStatus == .configuration)
        cloudAgent.baseURL = "https://bob@example.com"
        #expect(throws: FetchError.credentialsInBaseURL) { try cloudAgent.account(environment: environment) }
    }
}
