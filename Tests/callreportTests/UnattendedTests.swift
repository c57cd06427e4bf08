import CallDemo
import Foundation
import Testing

/// What a cron job left alone must not lose or hide (SPEC §7), against the loopback CloudAgent.
@Suite("unattended runs", .serialized)
struct UnattendedTests {
    private let environment = FakeCloudAgent.environment.merging(["SOURCE_DATE_EPOCH": "1790000000"]) { $1 }

    private func run(
        _ arguments: [String], server: FakeCloudAgent, in folder: URL, output: String = "out",
        environment extra: [String: String] = [:]
    ) throws -> CommandRunner.Outcome {
        try CommandRunner.run(
            server.commandLine(arguments, archive: "archive", output: output, retryDelay: "0.01"), in: folder,
            environment: environment.merging(extra) { $1 })
    }

    @Test("a night with a wrong key archives empty windows that the next run asks again; --accept-empty stops that")
    func wrongKeyNight() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try FetchEndToEndTests.serverData(in: folder))
        // The nightly fetch with a rotated key: CloudAgent answers "no record found" for every window.
        let night = try run(
            ["fetch", "--month", "2026-10"], server: server, in: folder,
            environment: ["OZONETEL_API_KEY": "ROTATED-KEY-000000"])
        #expect(night.status == 0, "\(night.stderr)")
        #expect(night.stderr.contains("no record found") && night.stderr.contains("--accept-empty"))
        #expect(server.requests == 2)
        // The monthly run with the right key asks again, and reports the whole month.
        let month = try run(["run", "--month", "2026-10"], server: server, in: folder)
        #expect(month.status == 0, "\(month.stderr)")
        #expect(server.requests == 4)
        let reference = try run(["run", "--month", "2026-10"], server: server, in: folder, output: "again")
        #expect(server.requests == 4, "a month with records is final: no request")
        #expect(reference.status == 0, "\(reference.stderr)")
        // The same calls as a run that never met the wrong key (only the fetch section differs).
        let first = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10/metrics.json"))
        let second = try MetricsDocument(url: folder.appendingPathComponent("again/2026-10/metrics.json"))
        #expect(first["totals"] as NSDictionary == second["totals"] as NSDictionary)
        #expect((first["totals"]["offered"] as? Int ?? 0) > 1000)

        // A month that is truly empty (the server has calls from August on): asked again until accepted.
        let empty = try run(["run", "--month", "2026-05"], server: server, in: folder, output: "may")
        #expect(empty.status == 0 && empty.stderr.contains("--accept-empty"), "\(empty.stderr)")
        #expect(server.requests == 6)
        _ = try run(["run", "--month", "2026-05"], server: server, in: folder, output: "may")
        #expect(server.requests == 8)
        let accepted = try run(
            ["run", "--month", "2026-05", "--accept-empty"], server: server, in: folder, output: "may")
        #expect(accepted.status == 0 && !accepted.stderr.contains("run once with --accept-empty"), "\(accepted.stderr)")
        #expect(server.requests == 8)
        _ = try run(["run", "--month", "2026-05", "--accept-empty"], server: server, in: folder, output: "may")
        #expect(server.requests == 8)
    }

    @Test("SIGKILL at 30 random points of report runs: the report folder is always the previous, complete report")
    func killedWhileRendering() throws {
        let folder = try CommandRunner.temporaryFolder()
        let demo = try CommandRunner.run(
            [
                "demo", "--month", "2026-10", "--records", "30000", "--save-responses", "saved", "--output", "demo",
                "--templates", CommandRunner.templates,
            ], in: folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        let arguments = [
            "report", "--input", "saved", "--month", "2026-10", "--output", "out", "--templates",
            CommandRunner.templates,
            "--mail-from", "r@example.com", "--mail-to", "a@example.com",
        ]
        let environment = ["SOURCE_DATE_EPOCH": "1790000000"]
        let timed = Date()
        let first = try CommandRunner.run(arguments, in: folder, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let span = Date().timeIntervalSince(timed)
        let report = folder.appendingPathComponent("out/2026-10")
        func contents() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: report.path) {
                files[name] = try Data(contentsOf: report.appendingPathComponent(name))
            }
            return files
        }
        let reference = try contents()
        #expect(reference.count >= 10)

        var generator = SeededGenerator(seed: 0xF01D_E125)
        var kills = 0
        for round in 0..<30 {
            let running = try CommandRunner.start(arguments, in: folder, environment: environment)
            Thread.sleep(forTimeInterval: Double(generator.next() % 1000) / 1000 * span)
            kill(running.process.processIdentifier, SIGKILL)
            _ = running.wait()
            if running.process.terminationReason == .uncaughtSignal { kills += 1 }
            // Whatever the moment, the folder holds the whole report, byte for byte.
            #expect(try contents() == reference, "round \(round)")
        }
        #expect(kills >= 15, "only \(kills) of 30 runs were killed before they ended")
        // The next run clears the staging folders the killed runs left beside the report.
        let last = try CommandRunner.run(arguments, in: folder, environment: environment)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path) == [
                "2026-10"
            ])
    }
}
