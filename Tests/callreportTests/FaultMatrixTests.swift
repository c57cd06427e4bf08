import CallDemo
import Crypto
import Foundation
import Testing

/// Shared ground for the fault tests: one server data set, one reference
/// report that never saw a fault, and the archive's invariants.
enum FaultHarness {
    /// The 90-day range of every fault test: three 30-day windows.
    static let period = ["--from", "2026-08-01", "--to", "2026-10-29"]
    static let windows = [
        "2026-08-01_2026-08-30", "2026-08-31_2026-09-29", "2026-09-30_2026-10-29",
    ]
    static let environment = FakeCloudAgent.environment.merging(["SOURCE_DATE_EPOCH": "1790000000"]) { $1 }

    /// August to October 2026 of the demo account (300 calls a month: small, quick bodies), made once.
    static func data() throws -> [URL] { try cachedData.get() }

    private static let cachedData = Result<[URL], any Error> {
        let folder = try CommandRunner.temporaryFolder()
        var files: [URL] = []
        for month in ["2026-08", "2026-09", "2026-10"] {
            let outcome = try CommandRunner.run(
                [
                    "demo", "--month", month, "--records", "300", "--save-responses", "data-\(month)", "--output",
                    "demo", "--templates", CommandRunner.templates,
                ], in: folder)
            guard outcome.status == 0 else { throw HarnessError("demo failed: \(outcome.stderr)") }
            let saved = folder.appendingPathComponent("data-\(month)")
            files += try FileManager.default.contentsOfDirectory(atPath: saved.path).sorted()
                .map { saved.appendingPathComponent($0) }
        }
        return files
    }

    /// The reports of the period from a server that never fails, made once.
    static func reference() throws -> [String: Data] { try cachedReference.get() }

    private static let cachedReference = Result<[String: Data], any Error> {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try data())
        let outcome = try run(["run"] + period, server: server, in: folder, output: "reference")
        guard outcome.status == 0 else { throw HarnessError("reference run failed: \(outcome.stderr)") }
        return try reports(in: folder, output: "reference")
    }

    struct HarnessError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// No wait between attempts, and a rate limit no case reaches unless it sets its own.
    static func arguments(_ arguments: [String], server: FakeCloudAgent, archive: String, output: String) -> [String] {
        server.commandLine(arguments, archive: archive, output: output, retryDelay: "0", rateLimit: "1000/3600")
    }

    static func run(
        _ arguments: [String], server: FakeCloudAgent, in folder: URL, archive: String = "archive",
        output: String = "out", environment extra: [String: String] = [:]
    ) throws -> CommandRunner.Outcome {
        try CommandRunner.run(
            self.arguments(arguments, server: server, archive: archive, output: output), in: folder,
            environment: environment.merging(extra) { $1 })
    }

    static func start(
        _ arguments: [String], server: FakeCloudAgent, in folder: URL, archive: String = "archive",
        output: String = "out", environment extra: [String: String] = [:]
    ) throws -> CommandRunner.Running {
        try CommandRunner.start(
            self.arguments(arguments, server: server, archive: archive, output: output), in: folder,
            environment: environment.merging(extra) { $1 })
    }

    /// Every file of the period's report folder; `metrics.json` without its `fetch`
    /// section (request counts differ by design). The "made" stamp is fixed by SOURCE_DATE_EPOCH.
    static func reports(in folder: URL, output: String) throws -> [String: Data] {
        try CommandRunner.reportFiles(
            in: folder.appendingPathComponent(output).appendingPathComponent("2026-08-01_2026-10-29"),
            includingHidden: false)
    }

    /// Hidden files in the period's report folder (temporaries of a killed render).
    static func hiddenFiles(in folder: URL, output: String) throws -> [String] {
        let reportFolder = folder.appendingPathComponent(output).appendingPathComponent("2026-08-01_2026-10-29")
        return try FileManager.default.contentsOfDirectory(atPath: reportFolder.path).filter { $0.hasPrefix(".") }
    }

    /// Requests the server saw, by window (`from_to` dates), whatever the answer.
    static func requested(_ server: FakeCloudAgent) throws -> [String: Int] {
        let byWindow = try server.stats()["by_window"] as! [String: Int]
        return Dictionary(
            uniqueKeysWithValues: byWindow.map { key, count in
                let parts = key.split(separator: "|")
                return ("\(parts[0].prefix(10))_\(parts[1].prefix(10))", count)
            })
    }

    /// What an archive holds, and what is wrong with it.
    struct ArchiveState {
        /// Windows (`from_to`) of the complete entries, one per entry.
        var windows: [String] = []
        /// What a killed writer leaves: temporary files, and a response whose metadata
        /// never landed (the kill fell between the two renames). Allowed right after
        /// a kill, never after the next start or any other exit.
        var temporaries: [String] = []
        /// Broken invariants: a response without metadata, a checksum that differs, a torn ledger line...
        var problems: [String] = []

        var duplicates: [String] {
            Dictionary(grouping: windows, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        }
    }

    /// Reads the archive under `root` the way a suspicious auditor would.
    static func inspect(archive root: URL) -> ArchiveState {
        var state = ArchiveState()
        let manager = FileManager.default
        let paths = (manager.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []).sorted()
        for path in paths {
            let url = root.appendingPathComponent(path)
            let name = url.lastPathComponent
            if name.hasPrefix(".tmp-") {
                state.temporaries.append(path)
            } else if name == "ledger.jsonl" {
                let data = (try? Data(contentsOf: url)) ?? Data()
                let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() where !line.isEmpty {
                    let parsed = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
                    // Only a last line without its newline may be torn by a kill.
                    if parsed?["at"] == nil, index != lines.count - 1 {
                        state.problems.append("\(path): line \(index + 1) does not parse")
                    }
                }
            } else if name.hasSuffix(".meta.json") {
                guard let data = try? Data(contentsOf: url),
                    let meta = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let file = meta["file"] as? String, let from = meta["from"] as? String,
                    let to = meta["to"] as? String, let sha = meta["sha256"] as? String,
                    let bytes = meta["bytes"] as? Int
                else {
                    state.problems.append("\(path): unreadable metadata")
                    continue
                }
                guard let body = try? Data(contentsOf: url.deletingLastPathComponent().appendingPathComponent(file))
                else {
                    state.problems.append("\(path): its response \(file) is missing")
                    continue
                }
                let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
                if digest != sha || body.count != bytes {
                    state.problems.append("\(path): the response's SHA-256 or size differs from the metadata")
                }
                state.windows.append("\(from)_\(to)")
            } else if name.hasSuffix(".json") || name.hasSuffix(".xml") {
                let meta = String(name[..<name.lastIndex(of: ".")!]) + ".meta.json"
                if !manager.fileExists(atPath: url.deletingLastPathComponent().appendingPathComponent(meta).path) {
                    state.temporaries.append("\(path) (a response without metadata)")
                }
            }
        }
        state.windows.sort()
        return state
    }

    /// Successful answers the server gave, by window (`from_to` dates).
    static func served(_ server: FakeCloudAgent) throws -> [String: Int] {
        let log = try server.stats()["log"] as! [[String: Any]]
        var counts: [String: Int] = [:]
        for entry in log where entry["status"] as? String == "success" {
            let from = (entry["from_date"] as? String ?? "").prefix(10)
            let to = (entry["to_date"] as? String ?? "").prefix(10)
            counts["\(from)_\(to)", default: 0] += 1
        }
        return counts
    }
}

/// SPEC §6 fetch rules under every fault the test server can produce, at every
/// window of a three-window run: the run recovers or stops with the documented
/// code, and what it leaves lets a clean re-run reach the reference reports.
@Suite("fault matrix")
struct FaultMatrixTests {
    static let modes = ["html500", "html200", "truncate", "truncate-short", "slow", "reset"]

    /// `slow` becomes a read timeout: the answer comes after the client gave up.
    private static func serverArguments(_ mode: String) -> [String] {
        ["--fail-mode", mode] + (mode == "slow" ? ["--slow-seconds", "3"] : [])
    }
    private static func clientArguments(_ mode: String) -> [String] { mode == "slow" ? ["--timeout", "1"] : [] }

    /// Checks the archive, then that a re-run costs no request and renders the reference.
    private func expectCleanFinish(server: FakeCloudAgent, in folder: URL, requests: Int) throws {
        let state = FaultHarness.inspect(archive: folder.appendingPathComponent("archive"))
        #expect(state.problems.isEmpty, "\(state.problems)")
        #expect(state.temporaries.isEmpty, "\(state.temporaries)")
        #expect(state.windows == FaultHarness.windows)
        #expect(
            try FaultHarness.served(server) == Dictionary(uniqueKeysWithValues: FaultHarness.windows.map { ($0, 1) }))

        let again = try FaultHarness.run(["run"] + FaultHarness.period, server: server, in: folder, output: "again")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(server.requests == requests)
        #expect(try FaultHarness.reports(in: folder, output: "again") == FaultHarness.reference())
    }

    @Test("one fault at one window: retried, and the reports are the reference's", arguments: modes, [1, 2, 3])
    func faultOnce(mode: String, position: Int) throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: Self.serverArguments(mode) + ["--fail-at", "\(position)"])
        let outcome = try FaultHarness.run(
            ["run"] + FaultHarness.period + Self.clientArguments(mode), server: server, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("attempt 2"))
        #expect(server.requests == 4)
        #expect(try server.stats()["faults"] as? Int == 1)
        #expect(try FaultHarness.reports(in: folder, output: "out") == FaultHarness.reference())
        try expectCleanFinish(server: server, in: folder, requests: 4)
    }

    @Test("XML: one fault at the middle window, retried, and the reports are the JSON reference's", arguments: modes)
    func faultOnceXML(mode: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: Self.serverArguments(mode) + ["--fail-at", "2"])
        let outcome = try FaultHarness.run(
            ["run"] + FaultHarness.period + ["--api-format", "xml"] + Self.clientArguments(mode), server: server,
            in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(server.requests == 4)
        #expect(try FaultHarness.reports(in: folder, output: "out") == FaultHarness.reference())
        let state = FaultHarness.inspect(archive: folder.appendingPathComponent("archive"))
        #expect(state.problems.isEmpty && state.temporaries.isEmpty, "\(state)")
        #expect(state.windows == FaultHarness.windows)
    }

    @Test("a fault that persists from one window on: exit 69, then a re-run completes", arguments: modes, [1, 2, 3])
    func faultPersists(mode: String, position: Int) throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: Self.serverArguments(mode) + ["--fail-from", "\(position)"])
        let outcome = try FaultHarness.run(
            ["run"] + FaultHarness.period + Self.clientArguments(mode), server: server, in: folder)
        #expect(outcome.status == 69, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("after 4 attempt(s)"))
        #expect(outcome.stderr.contains(FaultHarness.windows[position - 1]))
        #expect(server.requests == position - 1 + 4)
        // What was fetched before the fault is kept, whole; nothing of the failed window.
        let state = FaultHarness.inspect(archive: folder.appendingPathComponent("archive"))
        #expect(state.problems.isEmpty, "\(state.problems)")
        #expect(state.temporaries.isEmpty, "\(state.temporaries)")
        #expect(state.windows == Array(FaultHarness.windows.prefix(position - 1)))

        try server.setFault(nil)
        let rerun = try FaultHarness.run(["run"] + FaultHarness.period, server: server, in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(server.requests == position - 1 + 4 + (3 - (position - 1)))
        #expect(try FaultHarness.reports(in: folder, output: "out") == FaultHarness.reference())
        try expectCleanFinish(server: server, in: folder, requests: 7)
    }
}

/// The faults that are not the server's: the server's own rate limit, a full
/// disk, a second run, and runs killed at random points.
@Suite("fault scenarios")
struct FaultScenarioTests {
    private var oneOfEach: [String: Int] { Dictionary(uniqueKeysWithValues: FaultHarness.windows.map { ($0, 1) }) }

    private func archiveFolder(_ folder: URL, _ archive: String = "archive", server: FakeCloudAgent) -> URL {
        folder.appendingPathComponent(archive).appendingPathComponent("127.0.0.1_\(server.port)")
            .appendingPathComponent(FakeCloudAgent.userName).appendingPathComponent("json")
    }

    @Test("Max Limit Exceeded at the 2nd of 3 requests: exit 75, then a re-run after the block completes")
    func serverLimitMidRun() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: ["--fail-mode", "limit", "--fail-at", "2"])
        // A five-second block: the impatient re-run below comes well within it, even on a loaded machine.
        let arguments = ["run"] + FaultHarness.period + ["--rate-limit", "100/5", "--no-wait"]
        let started = Date()
        let stopped = try FaultHarness.run(arguments, server: server, in: folder)
        #expect(stopped.status == 75, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("run again after"))
        #expect(server.requests == 2)
        #expect(
            FaultHarness.inspect(archive: folder.appendingPathComponent("archive")).windows == [FaultHarness.windows[0]]
        )
        // The ledger holds the block: an impatient re-run does not even ask.
        let early = try FaultHarness.run(arguments, server: server, in: folder)
        #expect(early.status == 75, "\(early.stderr)")
        #expect(server.requests == 2)

        Thread.sleep(until: started + 5.3)
        let resumed = try FaultHarness.run(arguments, server: server, in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(server.requests == 4)
        #expect(try FaultHarness.reports(in: folder, output: "out") == FaultHarness.reference())
        let state = FaultHarness.inspect(archive: folder.appendingPathComponent("archive"))
        #expect(state.problems.isEmpty && state.temporaries.isEmpty, "\(state)")
        #expect(state.windows == FaultHarness.windows)
        #expect(try FaultHarness.served(server) == oneOfEach)

        // Without --no-wait the same run waits out the block and finishes.
        let patient = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: ["--fail-mode", "limit", "--fail-at", "2"])
        let waited = try FaultHarness.run(
            ["run"] + FaultHarness.period + ["--rate-limit", "100/2"], server: patient, in: folder, archive: "patient",
            output: "patient")
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stderr.contains("Max Limit Exceeded: waiting"))
        #expect(patient.requests == 4)
        #expect(try FaultHarness.reports(in: folder, output: "patient") == FaultHarness.reference())
    }

    /// A user and mount namespace, where even root can mount a tiny tmpfs.
    static let canMountTmpfs: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["-rm", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(
        "the disk fills up while the 2nd window is archived: exit 78, nothing partial, a later run completes",
        .enabled(if: canMountTmpfs, "needs unshare -rm to mount a small tmpfs"))
    func diskFull() throws {
        // chmod cannot stop root, and tests may run as root: the archive is a
        // tmpfs too small for the second window instead, which fails for anyone
        // with ENOSPC, in the middle of a write.
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: try FaultHarness.data())
        let probe = try FaultHarness.run(["fetch"] + FaultHarness.period, server: server, in: folder, archive: "probe")
        #expect(probe.status == 0, "\(probe.stderr)")
        let sizes = try FileManager.default.contentsOfDirectory(
            at: archiveFolder(folder, "probe", server: server), includingPropertiesForKeys: [.fileSizeKey]
        )
        .filter { !$0.lastPathComponent.hasSuffix(".meta.json") }.sorted { $0.path < $1.path }
        .map { try $0.resourceValues(forKeys: [.fileSizeKey]).fileSize! }
        // Room for the first window (its download and its masked copy) but not the second.
        let size = sizes[0] + sizes[1] * 3 / 2 + 32_768
        #expect(sizes[1] / 2 > 65_536, "the bodies are too small for this test: \(sizes)")

        let mount = folder.appendingPathComponent("archive-full")
        let copy = folder.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let script = """
            mount -t tmpfs -o size="$1" tmpfs "$2" || exit 90
            archive="$2"; copy="$3"; shift 3
            "$@"; status=$?
            cp -a "$archive/." "$copy/"
            exit $status
            """
        let full = try ScriptRunner.run(
            "/usr/bin/unshare",
            ["-rm", "/bin/sh", "-c", script, "sh", "\(size)", mount.path, copy.path, CommandRunner.executable.path]
                + FaultHarness.arguments(
                    ["run"] + FaultHarness.period, server: server, archive: mount.path, output: "out"),
            in: folder, environment: FaultHarness.environment)
        #expect(full.status == 78, "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"))
        #expect(server.requests == 3 + 2)
        // What the full disk holds: the first window, whole; no temporary, no half response.
        let state = FaultHarness.inspect(archive: copy)
        #expect(state.problems.isEmpty && state.temporaries.isEmpty, "\(state)")
        #expect(state.windows == [FaultHarness.windows[0]])

        // The same archive on a disk with room: the run resumes and renders the reference.
        let resumed = try FaultHarness.run(["run"] + FaultHarness.period, server: server, in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(server.requests == 3 + 2 + 2)
        #expect(try FaultHarness.reports(in: folder, output: "out") == FaultHarness.reference())
        #expect(FaultHarness.inspect(archive: copy).windows == FaultHarness.windows)
    }

    @Test("a second run while the first holds the archive waits for it; with --no-wait it stops with 75")
    func secondRunWaits() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: ["--fail-mode", "slow", "--fail-at", "1", "--slow-seconds", "2"])
        let first = try FaultHarness.start(["run"] + FaultHarness.period, server: server, in: folder, output: "first")
        let deadline = Date() + 20
        while server.requests < 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let second = try FaultHarness.start(["run"] + FaultHarness.period, server: server, in: folder, output: "second")
        let impatient = try FaultHarness.run(["fetch", "--no-wait"] + FaultHarness.period, server: server, in: folder)
        #expect(impatient.status == 75, "\(impatient.stderr)")
        #expect(impatient.stderr.contains("Another callreport run (pid \(first.process.processIdentifier))"))

        let outcomes = [first.wait(), second.wait()]
        #expect(outcomes.map(\.status) == [0, 0], "\(outcomes.map(\.stderr))")
        #expect(outcomes[1].stderr.contains("is fetching for this account; waiting"))
        #expect(server.requests == 3)
        #expect(try FaultHarness.requested(server) == oneOfEach)
        #expect(try FaultHarness.reports(in: folder, output: "first") == FaultHarness.reference())
        #expect(try FaultHarness.reports(in: folder, output: "second") == FaultHarness.reference())
        let state = FaultHarness.inspect(archive: folder.appendingPathComponent("archive"))
        #expect(state.problems.isEmpty && state.temporaries.isEmpty, "\(state)")
        #expect(state.windows == FaultHarness.windows)
    }

    @Test("SIGKILL at 50+ random points of runs: the archive stays whole, and a clean run renders the reference")
    func killedAtRandom() throws {
        let folder = try CommandRunner.temporaryFolder()
        let scratch = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let environment = ["TMPDIR": scratch.path]
        // A short pause before every answer spreads a run's fetching over most of it.
        let server = try FakeCloudAgent(
            data: try FaultHarness.data(), arguments: ["--delay", "0.05", "--rate-limit", "100000/3600"])
        let timed = Date()
        let whole = try FaultHarness.run(
            ["run"] + FaultHarness.period, server: server, in: folder, archive: "timing", output: "timing",
            environment: environment)
        #expect(whole.status == 0, "\(whole.stderr)")
        let span = Date().timeIntervalSince(timed)

        var generator = SeededGenerator(seed: 0x5EED_CA11)  // fixed: the same kill points on every run
        var kills = 0
        var sequence = 0
        var leftInOutput: [String] = []
        while kills < 50, sequence < 40 {
            sequence += 1
            let archive = "archive-\(sequence)"
            let output = "out-\(sequence)"
            // Runs on one archive, each resuming what the killed one before it
            // left, until one ends by itself: that one is the clean run.
            var finished = false
            for _ in 0..<10 where !finished {
                let running = try FaultHarness.start(
                    ["run"] + FaultHarness.period, server: server, in: folder, archive: archive, output: output,
                    environment: environment)
                // Up to 70 % of a whole run: a resumed run is shorter, and one that
                // outlives its kill point ends the sequence.
                Thread.sleep(forTimeInterval: Double(generator.next() % 1000) / 1000 * span * 0.7)
                kill(running.process.processIdentifier, SIGKILL)
                let outcome = running.wait()
                if running.process.terminationReason == .uncaughtSignal {
                    kills += 1
                } else {
                    #expect(outcome.status == 0, "\(outcome.stderr)")
                    finished = true
                }
                let state = FaultHarness.inspect(archive: folder.appendingPathComponent(archive))
                #expect(state.problems.isEmpty, "sequence \(sequence): \(state.problems)")
                #expect(state.duplicates.isEmpty, "sequence \(sequence): \(state.duplicates)")
                if finished {
                    // The clean run cleared what killed runs left in the archive.
                    #expect(state.temporaries.isEmpty, "sequence \(sequence): \(state.temporaries)")
                    #expect(state.windows == FaultHarness.windows)
                }
            }
            if !finished {
                let clean = try FaultHarness.run(
                    ["run"] + FaultHarness.period, server: server, in: folder, archive: archive, output: output,
                    environment: environment)
                #expect(clean.status == 0, "\(clean.stderr)")
                let state = FaultHarness.inspect(archive: folder.appendingPathComponent(archive))
                #expect(state.problems.isEmpty && state.temporaries.isEmpty, "sequence \(sequence): \(state)")
                #expect(state.windows == FaultHarness.windows)
            }
            #expect(try FaultHarness.reports(in: folder, output: output) == FaultHarness.reference())
            leftInOutput += try FaultHarness.hiddenFiles(in: folder, output: output)
        }
        #expect(kills >= 50)
        print("killed runs: \(kills) in \(sequence) sequences; a whole run took \(span) s")
        // URLSession's own download files must not outlive a killed run in the temporary folder.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        #expect(leftovers.isEmpty, "temporary files left by killed runs: \(leftovers)")
        // The clean run after the kills removes what a render killed mid-write left in the report folder.
        #expect(leftInOutput.isEmpty, "\(leftInOutput)")
    }
}

/// Runs any program (a shell around callreport) with its output in files.
private enum ScriptRunner {
    static func run(
        _ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]
    ) throws -> CommandRunner.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = directory.appendingPathComponent(".script-\(UUID().uuidString).out")
        let stderr = directory.appendingPathComponent(".script-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdout)
            try? FileManager.default.removeItem(at: stderr)
        }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        process.waitUntilExit()
        return CommandRunner.Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: stdout)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: stderr)) ?? Data(), as: UTF8.self))
    }
}
