import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The loopback CloudAgent stand-in (`Tests/FetchServer/cloudagent_server.py`),
/// started on a free port for one test and stopped with it.
final class FakeCloudAgent: @unchecked Sendable {
    static let apiKey = "TESTKEY-7f3c9a-callreport-5d21"
    static let userName = "acme_ops"

    let port: Int
    /// The only key the server accepts.
    let apiKey: String
    private let process: Process

    /// Starts the server on `data` files (record lists or saved responses) with extra flags.
    init(data: [URL], arguments: [String] = [], apiKey: String = FakeCloudAgent.apiKey) throws {
        self.apiKey = apiKey
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FetchServer/cloudagent_server.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", script.path, "--port", "0", "--max-lifetime", "900", "--api-key", apiKey,
                "--user-name", Self.userName,
            ]
            + data.flatMap { ["--data", $0.path] } + arguments
        port = try Self.startListening(process)
    }

    /// Starts a test server's `process` and reads its first line, `LISTENING <port>`: the port.
    /// The loopback servers of the tests (this one, the SMTP server) all announce themselves so.
    static func startListening(_ process: Process) throws -> Int {
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("LISTENING "), let port = Int(text.dropFirst(10)) else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(
                .fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "server did not start: \(text)"])
        }
        return port
    }

    deinit {
        // SIGKILL, not terminate(): a child started from a test thread inherits
        // that thread's blocked SIGTERM, and would never see it.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The server's counters: `requests`, `served`, `by_window`, `rate_limited`, `faults`, `log`.
    func stats() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(string: "\(baseURL)/_stats")!)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    var requests: Int { (try? stats()["requests"] as? Int) ?? -1 }

    /// Injects `mode` into the eligible requests counted from the next one (1):
    /// those numbered in `at`, and every one from `from` on; `nil` turns faults off.
    func setFault(_ mode: String?, at: [Int] = [], from: Int = 0) throws {
        var request = URLRequest(url: URL(string: "\(baseURL)/_fault")!)
        request.httpMethod = "POST"
        let spec: [String: Any] = mode.map { ["mode": $0, "at": at, "from": from] } ?? [:]
        request.httpBody = try JSONSerialization.data(withJSONObject: spec)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status = 0
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        done.wait()
        guard status == 200 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "/_fault answered \(status)"])
        }
    }

    /// The environment a scheduled job would have.
    static var environment: [String: String] {
        ["OZONETEL_API_KEY": apiKey, "OZONETEL_USER_NAME": userName]
    }

    /// `arguments` pointed at this server: its URL, `archive`, and `retryDelay` between attempts;
    /// `run` also gets `output` and the repository's templates, and a command without
    /// `--rate-limit` gets `rateLimit` when one is given. Each suite chooses its delay and limit.
    func commandLine(
        _ arguments: [String], archive: String, output: String, retryDelay: String, rateLimit: String? = nil
    ) -> [String] {
        var line = arguments + ["--base-url", baseURL, "--archive", archive, "--retry-delay", retryDelay]
        if let rateLimit, !arguments.contains("--rate-limit") { line += ["--rate-limit", rateLimit] }
        if arguments.first == "run" { line += ["--output", output, "--templates", CommandRunner.templates] }
        return line
    }
}
