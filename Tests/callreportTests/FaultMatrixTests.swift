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

    static func arguments(_ arguments: [String], server: FakeCloudAgent, archive: String, output: String) -> [String] {
        arguments + [
            "--base-url", server.baseURL, "--archive", archive, "--retry-delay", "0", "--rate-limit", "1000/3600",
        ]
            + (arguments.first == "run" ? ["--output", output, "--templates", CommandRunner.templates] : [])
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
        let reportFolder = folder.appendingPathComponent(output).appendingPathComponent("2026-08-01_2026-10-29")
        var contents: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: reportFolder.path) {
            var data = try Data(contentsOf: reportFolder.appendingPathComponent(name))
            if name == "metrics.json" {
                var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
                object["fetch"] = nil
                data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            }
            contents[name] = data
        }
        return contents
    }

    /// What an archive holds, and what is wrong with it.
    struct ArchiveState {
        /// Windows (`from_to`) of the complete entries, one per entry.
        var windows: [String] = []
        /// Temporary files left behind (allowed right after a kill, never after the next start).
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
                    state.problems.append("\(path): a response without metadata")
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
