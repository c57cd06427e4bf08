import CallModel
import CallNormalize
import CallPipeline
import Foundation
import Testing

@Suite("The report folder is replaced as a whole")
struct ReportFolderTests {
    private func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test("a run without --mail-to leaves no summary.eml of an earlier run; sent.json is carried over")
    func staleFilesGo() throws {
        let folder = try temporaryFolder()
        var mailing = settings(ReportPeriod(month: "2026-10"), in: folder)
        mailing.mail = try MailSettings.parse(from: "r@example.com", to: ["a@example.com"], subject: nil)
        let first = try pipeline(mailing).0.demo(records: 300, format: .json)
        #expect(first.files.contains("summary.eml"))
        try Data(#"{"messageID":"<x@example.com>"}"#.utf8).write(to: first.folder.appendingPathComponent("sent.json"))
        try Data("old".utf8).write(to: first.folder.appendingPathComponent("removed-template.txt"))

        let second = try pipeline(settings(ReportPeriod(month: "2026-10"), in: folder)).0.demo(
            records: 300, format: .json)
        #expect(second.folder == first.folder)
        #expect(!second.files.contains("summary.eml"))
        #expect(!second.files.contains("removed-template.txt"))
        #expect(second.files.contains("sent.json"))
        #expect(try Data(contentsOf: second.folder.appendingPathComponent("sent.json")).count == 31)
        // Nothing is left beside the report folder.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("reports").path)
                == ["2026-10"])
    }

    /// The id of a process that has ended, so that no process has it (until reused).
    private func endedProcess() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("a run removes the staging folders of ended runs; a running one's and other hidden folders stay")
    func abandonedStagingGoes() throws {
        let folder = try temporaryFolder()
        let chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        let ended = try endedProcess()
        // This test's process is running: its staging folder belongs to a run still writing.
        let running = ".2026-10.\(getpid())-\(UUID().uuidString).staging"
        let left = [
            ".2026-10.\(ended)-\(UUID().uuidString).staging", ".2026-10.\(ended)-\(UUID().uuidString).replaced",
        ]
        for name in [running, ".keep"] + left {
            try FileManager.default.createDirectory(
                at: chosen.output.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        _ = try pipeline(chosen).0.demo(records: 300, format: .json)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: chosen.output.path).sorted()
                == [running, ".keep", "2026-10"].sorted())
    }

    @Test("a run that fails leaves the previous report exactly as it was, quarantine.jsonl included")
    func failureKeepsPrevious() throws {
        let folder = try temporaryFolder()
        let chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        let first = try pipeline(chosen).0.demo(records: 3000, format: .json)
        #expect(first.files.contains("quarantine.jsonl"))
        let before = try contents(first.folder)

        let good = responseBody(["2026-10-01 10:00:00"])
        let broken = Data(#"{"status":"success","message":[{"UCID":"1","StartTime":"2026-10-01 10:00:00"},"#.utf8)
        #expect(throws: NormalizeError.self) {
            try pipeline(chosen).0.report([
                .memory(name: "good.json", body: good), .memory(name: "broken.json", body: broken),
            ])
        }
        #expect(try contents(first.folder) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: chosen.output.path) == ["2026-10"])
    }
}
