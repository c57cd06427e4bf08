import Foundation
import Testing

/// `run` and `fetch` against the loopback CloudAgent stand-in: request counts,
/// the shared rate limit, retries, interrupted runs, and the key kept secret.
@Suite("fetch end to end", .serialized)
struct FetchEndToEndTests {
    /// Call logs for August to October 2026 from the demo account, as the server's data.
    static func serverData(in folder: URL) throws -> [URL] {
        var files: [URL] = []
        for month in ["2026-08", "2026-09", "2026-10"] {
            let outcome = try CommandRunner.run(
                [
                    "demo", "--month", month, "--records", "1200", "--save-responses", "data-\(month)", "--output",
                    "demo",
                    "--templates", CommandRunner.templates,
                ],
                in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let saved = folder.appendingPathComponent("data-\(month)")
            files += try FileManager.default.contentsOfDirectory(atPath: saved.path).sorted()
                .map { saved.appendingPathComponent($0) }
        }
        return files
    }

    private let environment = FakeCloudAgent.environment.merging(["SOURCE_DATE_EPOCH": "1790000000"]) { $1 }

    /// The server's own rate limit applies, as in production; a short wait between attempts.
    private func arguments(_ arguments: [String], server: FakeCloudAgent, archive: String, output: String) -> [String] {
        server.commandLine(arguments, archive: archive, output: output, retryDelay: "0.01")
    }

    private func run(
        _ arguments: [String], server: FakeCloudAgent, in folder: URL, archive: String = "archive",
        output: String = "out", environment extra: [String: String] = [:]
    ) throws -> CommandRunner.Outcome {
        try CommandRunner.run(
            self.arguments(arguments, server: server, archive: archive, output: output), in: folder,
            environment: environment.merging(extra) { $1 })
    }

    private func start(_ arguments: [String], server: FakeCloudAgent, in folder: URL) throws -> CommandRunner.Running {
        try CommandRunner.start(
            self.arguments(arguments, server: server, archive: "archive", output: "out"), in: folder,
            environment: environment)
    }

    private func fetchSection(_ folder: URL) throws -> [String: Int] {
        try MetricsDocument(url: folder.appendingPathComponent("metrics.json"))["fetch"] as! [String: Int]
    }

    /// No byte of any file under `folder`, nor any line printed, holds the key.
    private func expectNoKey(in folder: URL, printed: [CommandRunner.Outcome]) throws {
        let key = Data(FakeCloudAgent.apiKey.utf8)
        let paths = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        for path in paths {
            #expect(!path.contains(FakeCloudAgent.apiKey))
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) {
                #expect(data.range(of: key) == nil, "the key is in \(path)")
            }
        }
        for outcome in printed {
            #expect(!outcome.stdout.contains(FakeCloudAgent.apiKey) && !outcome.stderr.contains(FakeCloudAgent.apiKey))
        }
    }

    @Test("a 31-day month costs two requests, a rerun none, a campaign report no more")
    func requestCounts() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder))
        let first = try run(["run", "--month", "2026-10"], server: server, in: folder, output: "first")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(server.requests == 2)
        #expect(
            try fetchSection(folder.appendingPathComponent("first/2026-10")) == [
                "requests": 2, "windows": 2, "fromArchive": 0,
            ])

        let second = try run(["run", "--month", "2026-10"], server: server, in: folder, output: "second")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(server.requests == 2)
        #expect(
            try fetchSection(folder.appendingPathComponent("second/2026-10")) == [
                "requests": 0, "windows": 2, "fromArchive": 2,
            ])
        #expect(
            try CommandRunner.reportFiles(in: folder.appendingPathComponent("first/2026-10"))
                == CommandRunner.reportFiles(in: folder.appendingPathComponent("second/2026-10")))

        let campaign = try run(
            ["run", "--month", "2026-10", "--campaign", "inbound_sales"], server: server, in: folder, output: "campaign"
        )
        #expect(campaign.status == 0, "\(campaign.stderr)")
        #expect(server.requests == 2)

        // On an empty archive a campaign report costs what the whole account costs.
        let fresh = try run(
            ["run", "--month", "2026-10", "--campaign", "Inbound_Sales"], server: server, in: folder,
            archive: "archive-2", output: "fresh")
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(server.requests == 4)
        // A campaign report has a folder of its own, named after its campaigns.
        let metrics = try MetricsDocument(url: folder.appendingPathComponent("fresh/2026-10_Inbound_Sales/metrics.json"))
        #expect(metrics.rows("campaigns").map { $0["name"] as? String } == ["Inbound_Sales"])
        try expectNoKey(in: folder, printed: [first, second, campaign, fresh])
    }

    @Test("a 90-day range costs three requests, and the windows reach the server well-formed")
    func ninetyDays() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder))
        let outcome = try run(["fetch", "--from", "2026-08-01", "--to", "2026-10-29"], server: server, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let stats = try server.stats()
        #expect(stats["requests"] as? Int == 3)
        #expect(stats["served"] as? Int == 3)
        let windows = (stats["by_window"] as! [String: Int]).keys.sorted()
        #expect(
            windows == [
                "2026-08-01 00:00:00|2026-08-30 23:59:59", "2026-08-31 00:00:00|2026-09-29 23:59:59",
                "2026-09-30 00:00:00|2026-10-29 23:59:59",
            ])
        // Again: everything is final, nothing is sent.
        let again = try run(["fetch", "--from", "2026-08-01", "--to", "2026-10-29"], server: server, in: folder)
        #expect(again.status == 0)
        #expect(server.requests == 3)
    }

    @Test("--no-wait stops with 75 at the rate limit, and a rerun resumes to the same report")
    func noWaitResumes() throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = try Self.serverData(in: folder)
        let reference = try FakeCloudAgent(data: data)
        let whole = try run(
            ["run", "--month", "2026-10"], server: reference, in: folder, archive: "ref", output: "ref")
        #expect(whole.status == 0, "\(whole.stderr)")

        let server = try FakeCloudAgent(data: data)
        let stopped = try run(
            ["run", "--month", "2026-10", "--rate-limit", "1/5", "--no-wait"], server: server, in: folder)
        #expect(stopped.status == 75, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("run again after"))
        #expect(server.requests == 1)
        // Five seconds a request: a window, even on a loaded machine, is fetched well within it.
        Thread.sleep(forTimeInterval: 5.2)
        let resumed = try run(
            ["run", "--month", "2026-10", "--rate-limit", "1/5", "--no-wait"], server: server, in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(server.requests == 2)
        #expect(
            try CommandRunner.reportFiles(in: folder.appendingPathComponent("out/2026-10"))
                == CommandRunner.reportFiles(in: folder.appendingPathComponent("ref/2026-10")))
    }

    @Test("waiting for the rate limit instead of stopping")
    func waits() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder))
        let outcome = try run(["fetch", "--month", "2026-10", "--rate-limit", "1/4"], server: server, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("waiting"))
        #expect(server.requests == 2)
    }

    @Test("two runs at once share the ledger: together they never exceed the limit")
    func sharedLimit() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder))
        let arguments = ["fetch", "--from", "2026-08-01", "--to", "2026-10-29", "--rate-limit", "2/3600", "--no-wait"]
        let running = try [arguments, arguments].map { try start($0, server: server, in: folder) }
        let outcomes = running.map { $0.wait() }
        #expect(server.requests == 2)
        #expect(outcomes.contains { $0.status == 75 })
        #expect(outcomes.allSatisfy { $0.status == 0 || $0.status == 75 })
    }

    @Test(
        "retries recover from server faults, and a bad body is never archived",
        arguments: ["html500", "html200", "truncate", "truncate-short", "reset"])
    func retries(mode: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = try Self.serverData(in: folder)
        let reference = try FakeCloudAgent(data: data)
        #expect(
            try run(["run", "--month", "2026-10"], server: reference, in: folder, archive: "ref", output: "ref").status
                == 0)

        let server = try FakeCloudAgent(data: data, arguments: ["--fail-first", "2", "--fail-mode", mode])
        let outcome = try run(["run", "--month", "2026-10"], server: server, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(server.requests == 4)
        #expect(try fetchSection(folder.appendingPathComponent("out/2026-10"))["requests"] == 4)
        #expect(
            try CommandRunner.reportFiles(in: folder.appendingPathComponent("out/2026-10"))
                == CommandRunner.reportFiles(in: folder.appendingPathComponent("ref/2026-10")))
        try expectNoKey(in: folder, printed: [outcome])
    }

    @Test("a read timeout is retried")
    func timeout() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(
            data: try Self.serverData(in: folder),
            arguments: ["--fail-first", "1", "--fail-mode", "slow", "--slow-seconds", "4"])
        let outcome = try run(["fetch", "--month", "2026-10", "--timeout", "1"], server: server, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(server.requests == 3)
    }

    @Test("a service that keeps failing ends with 69 after a few attempts, archiving nothing")
    func givesUp() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder), arguments: ["--fail-every", "1"])
        let outcome = try run(["fetch", "--month", "2026-10"], server: server, in: folder)
        #expect(outcome.status == 69, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("after 4 attempt"))
        #expect(server.requests == 4)
        let files =
            FileManager.default.enumerator(atPath: folder.appendingPathComponent("archive").path)?
            .compactMap { $0 as? String } ?? []
        #expect(!files.contains { $0.hasSuffix(".json") && !$0.hasSuffix("ledger.jsonl") })
    }

    @Test("Max Limit Exceeded from the server is recorded and honoured")
    func serverLimit() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder), arguments: ["--rate-limit", "1/3600"])
        let first = try run(["run", "--month", "2026-10", "--no-wait"], server: server, in: folder)
        #expect(first.status == 75, "\(first.stderr)")
        #expect(server.requests == 2)
        // The ledger remembers: the next run does not even ask.
        let second = try run(["run", "--month", "2026-10", "--no-wait"], server: server, in: folder)
        #expect(second.status == 75)
        #expect(server.requests == 2)
    }

    @Test("credentials are checked before any request")
    func missingCredentials() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder))
        let noKey = try run(
            ["fetch", "--month", "2026-10"], server: server, in: folder, environment: ["OZONETEL_API_KEY": ""])
        #expect(noKey.status == 78)
        #expect(noKey.stderr.contains("OZONETEL_API_KEY"))
        let noUser = try run(
            ["fetch", "--month", "2026-10"], server: server, in: folder, environment: ["OZONETEL_USER_NAME": ""])
        #expect(noUser.status == 78)
        #expect(server.requests == 0)
        // A wrong key is "no record found" for every window: a warning, not silence.
        let wrong = try run(
            ["run", "--month", "2026-10"], server: server, in: folder,
            environment: ["OZONETEL_API_KEY": "WRONG-KEY-123456"])
        #expect(wrong.status == 0, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("no record found"))
        #expect(wrong.stderr.contains("user name"))
    }

    @Test("a run killed mid-fetch, run again, gives the reports of an uninterrupted run")
    func killedRun() throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = try Self.serverData(in: folder)
        let reference = try FakeCloudAgent(data: data)
        #expect(
            try run(["run", "--month", "2026-10"], server: reference, in: folder, archive: "ref", output: "ref").status
                == 0)

        // Every second request is slow: the run is killed while it waits for it.
        let server = try FakeCloudAgent(
            data: data, arguments: ["--fail-every", "2", "--fail-mode", "slow", "--slow-seconds", "20"])
        let running = try start(["run", "--month", "2026-10"], server: server, in: folder)
        let deadline = Date() + 20
        while server.requests < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(server.requests == 2)
        kill(running.process.processIdentifier, SIGKILL)
        _ = running.wait()

        let rerun = try run(["run", "--month", "2026-10"], server: server, in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(
            try CommandRunner.reportFiles(in: folder.appendingPathComponent("out/2026-10"))
                == CommandRunner.reportFiles(in: folder.appendingPathComponent("ref/2026-10")))
        let archived =
            FileManager.default.enumerator(atPath: folder.appendingPathComponent("archive").path)?
            .compactMap { $0 as? String } ?? []
        #expect(archived.filter { $0.hasSuffix(".meta.json") }.count == 2)
        #expect(!archived.contains { ($0 as NSString).lastPathComponent.hasPrefix(".tmp-") })
        try expectNoKey(in: folder, printed: [rerun])
    }
}

extension FetchEndToEndTests {
    @Test("a broken template stops run before any request")
    func brokenTemplateFirst() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try Self.serverData(in: folder))
        let templates = folder.appendingPathComponent("tpl")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "{{#totals}}\n{{offered}\n".write(
            to: templates.appendingPathComponent("summary.md.mustache"), atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(
            ["run", "--month", "2026-10", "--base-url", server.baseURL, "--archive", "archive", "--templates", "tpl"],
            in: folder, environment: FakeCloudAgent.environment)
        #expect(outcome.status == 78, "\(outcome.stderr)")
        #expect(server.requests == 0)
    }
}
