import Foundation
import Testing

/// Bad input and bad usage end with the documented exit code and a clear message, never a crash.
@Suite("exit codes")
struct ExitCodeTests {
    private func run(_ arguments: [String], files: [String: String] = [:]) throws -> CommandRunner.Outcome {
        let folder = try CommandRunner.temporaryFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try CommandRunner.run(arguments + ["--output", "out"], in: folder)
    }

    @Test(
        "bad usage exits 64",
        arguments: [
            ["report", "--input", "x.json", "--month", "2026-13"],
            ["report", "--input", "x.json", "--from", "2026-10-05", "--to", "2026-10-01"],
            ["report", "--input", "x.json", "--month", "2026-10", "--from", "2026-10-01", "--to", "2026-10-02"],
            ["report", "--input", "x.json"],
            ["report", "--input", "absent.json", "--month", "2026-10"],
            ["report", "--input", "x.json", "--month", "2026-10", "--timezone", "Mars/Olympus"],
            ["demo", "--api-format", "yaml"],
        ])
    func usage(arguments: [String]) throws {
        let outcome = try run(arguments, files: ["x.json": #"{"status":"success","message":[]}"#])
        #expect(outcome.status == 64, "\(outcome.stderr)")
        #expect(!outcome.stderr.isEmpty)
    }

    @Test(
        "unusable input exits 65 and names the file",
        arguments: [
            ("broken.json", #"{"status":"success","message":[{"UCID": "1", "#),
            ("broken.xml", "<xml><status>success</status><message><item><UCID>1</UCID></item>"),
            ("page.html", "Bad gateway: upstream closed"),
        ])
    func unusableInput(name: String, body: String) throws {
        let outcome = try run(["report", "--input", name, "--month", "2026-10"], files: [name: body])
        #expect(outcome.status == 65, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(name))
    }

    @Test("a failure envelope exits 65 quoting the server's text")
    func failureEnvelope() throws {
        let outcome = try run(
            ["report", "--input", "limit.json", "--month", "2026-10"],
            files: ["limit.json": #"{"status":"failure","message":"Max Limit Exceeded"}"#])
        #expect(outcome.status == 65)
        #expect(outcome.stderr.contains("Max Limit Exceeded"))
    }

    @Test("'no record found' is an empty period, not an error")
    func emptyWindow() throws {
        let outcome = try run(
            ["report", "--input", "empty.xml", "--month", "2026-10"],
            files: ["empty.xml": "<xml><status>failure</status><message>no record found</message></xml>"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("no record found"))
    }

    @Test("a broken template exits 78 with file, line and column")
    func brokenTemplate() throws {
        let outcome = try run(
            ["report", "--input", "x.json", "--month", "2026-10", "--templates", "tpl"],
            files: [
                "x.json": #"{"status":"success","message":[]}"#,
                "tpl/summary.md.mustache": "# Report\n\n{{#totals}}\n{{offered}\n{{/totals}}\n",
            ])
        #expect(outcome.status == 78, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("summary.md.mustache:4:"))
    }
}

extension ExitCodeTests {
    @Test("a response cut short after a quarantined record leaves no partial file behind")
    func noPartialFiles() throws {
        let folder = try CommandRunner.temporaryFolder()
        let whole = try String(contentsOf: CommandRunner.fixture("hand-made.json"), encoding: .utf8)
        // Cut after the record with no start time (quarantined), inside the next one.
        let cut = String(whole[..<whole.range(of: #""UCID": "1008""#)!.upperBound])
        try cut.write(to: folder.appendingPathComponent("cut.json"), atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(
            [
                "report", "--input", "cut.json", "--month", "2026-10", "--output", "out", "--templates",
                CommandRunner.templates,
            ],
            in: folder)
        #expect(outcome.status == 65, "\(outcome.stderr)")
        let left =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out/2026-10").path))
        #expect((left ?? []).isEmpty, "left behind: \(left ?? [])")
    }
}
