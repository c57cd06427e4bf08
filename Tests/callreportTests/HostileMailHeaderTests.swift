import CallTestSupport
import Foundation
import Testing

/// Hostile text given on the command line (issue 6, part 4): a subject or a sender that would add a
/// mail header is bad usage (exit 64) and writes no mail; a hostile one-line subject is encoded and
/// decodes back exactly. The hostile values of responses are checked in process, in
/// CallPipelineTests/HostileValueTests.swift.
@Suite("Hostile mail headers end to end")
struct HostileMailHeaderTests {
    @Test(
        "a subject or a sender that would add a header is refused with exit 64; a hostile one-line subject is encoded")
    func mailHeaders() throws {
        let folder = try CommandRunner.temporaryFolder()
        // Hostile values in the data too: <script> names, a formula skill, a key in a record.
        let input = CommandRunner.fixture("hand-made.json")
        let base = [
            "report", "--input", input.path, "--month", "2026-10", "--output", "out", "--templates",
            CommandRunner.templates,
        ]
        for extra in [
            [
                "--mail-from", "r@example.com", "--mail-to", "o@example.com", "--subject",
                "Report\r\nBcc: x@evil.example",
            ],
            ["--mail-from", "r@example.com", "--mail-to", "o@example.com", "--subject", "Report\nX-Evil: 1"],
            ["--mail-from", "Evil\r\nBcc: x@evil.example <r@example.com>", "--mail-to", "o@example.com"],
            ["--mail-from", "r@example.com", "--mail-to", "o@example.com\r\nBcc: x@evil.example"],
            ["--mail-from", "r@example.com", "--mail-to", "o@example.com, x@evil.example"],
        ] {
            let outcome = try CommandRunner.run(base + extra, in: folder)
            #expect(outcome.status == 64, "\(extra): \(outcome.stderr)")
            #expect(
                !FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/2026-10/summary.eml").path))
        }
        let subject = "=?UTF-8?B?PHNjcmlwdD4=?= <script>alert(1)</script> ‮evil‬ राहुल \u{FEFF} {{label}} \"q\""
        let outcome = try CommandRunner.run(
            base + ["--mail-from", "r@example.com", "--mail-to", "o@example.com", "--subject", subject], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let raw = try String(contentsOf: folder.appendingPathComponent("out/2026-10/summary.eml"), encoding: .utf8)
        let headers = try #require(MailHeaders(raw))
        #expect(headers.names == ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"])
        #expect(MIMEPart.decodeWords(headers["subject"] ?? "") == subject)
    }
}
