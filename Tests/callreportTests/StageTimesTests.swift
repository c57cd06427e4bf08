import Foundation
import Testing

/// The benchmark reads the stage times a report prints on request.
@Suite("stage times")
struct StageTimesTests {
    @Test("CALLREPORT_STAGE_TIMES prints one line with read, metrics, render and workbook; without it nothing")
    func stageTimes() throws {
        let folder = try CommandRunner.temporaryFolder()
        let input = CommandRunner.fixture("hand-made.json").path
        let arguments = [
            "report", "--input", input, "--month", "2026-10", "--output", "out", "--templates", CommandRunner.templates,
        ]
        let timed = try CommandRunner.run(arguments, in: folder, environment: ["CALLREPORT_STAGE_TIMES": "1"])
        #expect(timed.status == 0, "\(timed.stderr)")
        let lines = timed.stderr.split(separator: "\n").filter { $0.hasPrefix("stage times: ") }
        #expect(lines.count == 1, "\(timed.stderr)")
        let time = #"[0-9.]+ s \(cpu [0-9.]+ s\)"#
        let pattern = try Regex("stage times: read \(time), metrics \(time), render \(time), workbook \(time)")
        #expect(lines.first.map { $0.wholeMatch(of: pattern) != nil } == true, "\(lines)")

        let plain = try CommandRunner.run(arguments, in: folder)
        #expect(plain.status == 0 && !plain.stderr.contains("stage times"))
    }
}
