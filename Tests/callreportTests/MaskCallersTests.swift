import Foundation
import Testing

@Suite("mask callers")
struct MaskCallersTests {
    @Test("--mask-callers leaves no full caller number in calls.csv, missed.csv or the summaries")
    func masked() throws {
        let folder = try CommandRunner.temporaryFolder()
        let outcome = try CommandRunner.run(
            [
                "report", "--input", CommandRunner.fixture("hand-made.json").path, "--month", "2026-10",
                "--output", "out", "--templates", CommandRunner.templates, "--mask-callers",
            ],
            in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let out = folder.appendingPathComponent("out/2026-10")
        let calls = try String(contentsOf: out.appendingPathComponent("calls.csv"), encoding: .utf8)
        #expect(calls.contains(",********0001,"))
        let missed = try String(contentsOf: out.appendingPathComponent("missed.csv"), encoding: .utf8)
        #expect(missed.contains("********0003"))
        for name in ["calls.csv", "missed.csv", "summary.html", "summary.md", "metrics.json"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("91980000000"), "\(name) holds a full caller number")
        }
        // Without the flag the team's files carry the numbers.
        let plain = try CommandRunner.run(
            [
                "report", "--input", CommandRunner.fixture("hand-made.json").path, "--month", "2026-10",
                "--output", "plain", "--templates", CommandRunner.templates,
            ],
            in: folder)
        #expect(plain.status == 0)
        let plainCalls = try String(
            contentsOf: folder.appendingPathComponent("plain/2026-10/calls.csv"), encoding: .utf8)
        #expect(plainCalls.contains(",919800000001,"))
    }
}
