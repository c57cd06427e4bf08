import Foundation
import Testing

/// Every documented failure ends with a sentence a user can act on: no framework text
/// (`NSURLErrorDomain error -1001`, `NSCocoaErrorDomain`, `DecodingError…CodingKeys`), no
/// temporary file name in place of a window (SPEC §7, "Messages are sentences").
@Suite("message wording", .serialized)
struct MessageWordingTests {
    static let internals = [
        "NSURLErrorDomain", "NSCocoaErrorDomain", "Error Domain", "DecodingError", "CodingKeys", ".tmp-",
        "error -", "could not be completed", "Optional(",
    ]

    private func expectWords(_ outcome: CommandRunner.Outcome, status: Int32, saying words: [String]) {
        #expect(outcome.status == status, "\(outcome.stderr)")
        for marker in Self.internals {
            #expect(!outcome.stderr.contains(marker), "'\(marker)' in: \(outcome.stderr)")
        }
        for word in words { #expect(outcome.stderr.contains(word), "'\(word)' missing in: \(outcome.stderr)") }
    }

    @Test("bad numbers and dates are named for what they are")
    func usage() throws {
        let folder = try CommandRunner.temporaryFolder()
        try Data(#"{"status":"success","message":[]}"#.utf8).write(to: folder.appendingPathComponent("x.json"))
        let base = ["report", "--input", "x.json", "--output", "out", "--templates", CommandRunner.templates]
        expectWords(
            try CommandRunner.run(base + ["--month", "2026-10", "--service-level", "-1"], in: folder), status: 64,
            saying: ["--service-level must be zero or more seconds; got -1."])
        expectWords(
            try CommandRunner.run(base + ["--from", "2026-02-29", "--to", "2026-03-01"], in: folder), status: 64,
            saying: ["--from 2026-02-29 is not a day of the calendar"])
        expectWords(
            try CommandRunner.run(base + ["--month", "2026-10", "--repeat-window", "-3"], in: folder), status: 64,
            saying: ["--repeat-window must be one day or more; got -3."])
    }

    @Test("files that cannot be written or read are named with the reason in words")
    func files() throws {
        let folder = try CommandRunner.temporaryFolder()
        try Data(#"{"status":"success","message":[]}"#.utf8).write(to: folder.appendingPathComponent("x.json"))
        try Data("a file, not a folder".utf8).write(to: folder.appendingPathComponent("blocked"))
        let base = ["report", "--input", "x.json", "--month", "2026-10", "--templates", CommandRunner.templates]
        expectWords(
            try CommandRunner.run(base + ["--output", "blocked/reports"], in: folder), status: 78,
            saying: ["Cannot create the output folder", "blocked/reports"])
        // A comparison folder whose metrics.json is not one of ours.
        let earlier = folder.appendingPathComponent("earlier")
        try FileManager.default.createDirectory(at: earlier, withIntermediateDirectories: true)
        try Data(#"{"period":{}}"#.utf8).write(to: earlier.appendingPathComponent("metrics.json"))
        expectWords(
            try CommandRunner.run(base + ["--output", "out", "--compare-to", "earlier"], in: folder), status: 78,
            saying: ["is not a callreport metrics.json", "is missing"])
    }

    @Test("network failures: a refused connection, no answer in time, a cut body named by its window")
    func network() throws {
        let folder = try CommandRunner.temporaryFolder()
        let environment = FakeCloudAgent.environment
        let refused = try CommandRunner.run(
            [
                "fetch", "--month", "2026-10", "--base-url", "http://127.0.0.1:9", "--archive", "archive",
                "--retry-delay", "0.01",
            ], in: folder, environment: environment)
        expectWords(refused, status: 69, saying: ["CloudAgent failed for 2026-10-01_2026-10-30 after 4 attempt(s)"])

        let data = try FetchEndToEndTests.serverData(in: folder)
        let slow = try FakeCloudAgent(
            data: data, arguments: ["--fail-mode", "slow", "--slow-seconds", "3", "--fail-from", "1"])
        let timedOut = try CommandRunner.run(
            slow.commandLine(
                ["fetch", "--month", "2026-10", "--timeout", "1"], archive: "a2", output: "o", retryDelay: "0.01"),
            in: folder, environment: environment)
        expectWords(timedOut, status: 69, saying: ["no answer came in time"])

        let cut = try FakeCloudAgent(data: data, arguments: ["--fail-mode", "truncate", "--fail-from", "1"])
        let truncated = try CommandRunner.run(
            cut.commandLine(["fetch", "--month", "2026-10"], archive: "a3", output: "o", retryDelay: "0.01"),
            in: folder, environment: environment)
        expectWords(
            truncated, status: 69, saying: ["the body is not a usable response (The response in 2026-10-01_2026-10-30"])
    }
}
