import Foundation
import Testing

/// A hostile response through the whole command: the parser's error reaches the user as one line
/// with the file, line and column, and exit code 65 (the readers' cases are in
/// CallNormalizeTests/ParserSafetyTests.swift).
@Suite("parser safety, end to end")
struct ParserSafetyCLITests {
    @Test("a JSON response with a byte that is not UTF-8 exits 65 with one line naming file, line and column")
    func invalidUTF8() throws {
        let folder = try CommandRunner.temporaryFolder()
        var body = Data(
            "{\"status\":\"success\",\n\"message\":[\n{\"StartTime\":\"2026-10-01 09:00:00\",\"AgentName\":\"Jos".utf8)
        body += Data([0xFF]) + Data("\"}]}".utf8)
        try body.write(to: folder.appendingPathComponent("latin.json"))
        let outcome = try CommandRunner.run(
            [
                "report", "--input", "latin.json", "--month", "2026-10", "--output", "out", "--templates",
                CommandRunner.templates,
            ],
            in: folder)
        #expect(outcome.status == 65, "\(outcome.stderr)")
        let lines = outcome.stderr.split(whereSeparator: \.isNewline).filter { $0.contains("latin.json") }
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(
            lines.first?.contains(
                "The response in latin.json is not valid JSON: a byte that is not UTF-8 (0xFF) at line 3, column 52.")
                == true, "\(outcome.stderr)")
    }
}
