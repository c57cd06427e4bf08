import Foundation

/// Runs the built `callreport` binary as a user would, and captures what it prints.
struct CommandRunner {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `callreport` executable beside the test bundle in the build folder.
    static var executable: URL {
        var folder = Bundle.module.bundleURL.deletingLastPathComponent()
        for _ in 0..<3 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("callreport").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("callreport")
    }

    /// A started `callreport` whose output goes to files, so that nothing can block on a full pipe.
    struct Running {
        let process: Process
        let stdout: URL
        let stderr: URL

        func wait() -> Outcome {
            process.waitUntilExit()
            let out = (try? Data(contentsOf: stdout)) ?? Data()
            let err = (try? Data(contentsOf: stderr)) ?? Data()
            try? FileManager.default.removeItem(at: stdout)
            try? FileManager.default.removeItem(at: stderr)
            return Outcome(
                status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                stderr: String(decoding: err, as: UTF8.self))
        }
    }

    /// Starts `callreport arguments...` in `directory` with `environment` added.
    static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let id = UUID().uuidString
        let stdout = FileManager.default.temporaryDirectory.appendingPathComponent("callreport-\(id).out")
        let stderr = FileManager.default.temporaryDirectory.appendingPathComponent("callreport-\(id).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return Running(process: process, stdout: stdout, stderr: stderr)
    }

    /// Runs `callreport arguments...` in `directory` with `environment` added, to the end.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Outcome {
        try start(arguments, in: directory, environment: environment).wait()
    }

    /// A fresh, empty folder for one test, under the test process's own folder.
    static func temporaryFolder() throws -> URL {
        let url = testFilesRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file of a report folder by name, `metrics.json` without its `fetch`
    /// section (request counts differ between runs by design); hidden files
    /// (temporaries) too unless `includingHidden` is false.
    static func reportFiles(in folder: URL, includingHidden: Bool = true) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where includingHidden || !name.hasPrefix(".") {
            var data = try Data(contentsOf: folder.appendingPathComponent(name))
            if name == "metrics.json" {
                var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
                object["fetch"] = nil
                data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            }
            contents[name] = data
        }
        return contents
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
    }

    /// The repository's default templates, so that tests do not depend on the working folder.
    static var templates: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates").path
    }
}

/// A parsed `metrics.json`, for reading figures by path.
struct MetricsDocument {
    let root: [String: Any]

    init(url: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    subscript(section: String) -> [String: Any] { root[section] as! [String: Any] }

    func rows(_ section: String) -> [[String: Any]] { root[section] as! [[String: Any]] }
}

/// Where this test process keeps its files: removed when the process exits, unless
/// `CALLREPORT_KEEP_TEST_FILES` is set (to look at what a failing test left).
private let testFilesRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("callreport-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    if ProcessInfo.processInfo.environment["CALLREPORT_KEEP_TEST_FILES"] == nil {
        atexit {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("callreport-tests-\(getpid())")
            try? FileManager.default.removeItem(at: root)
        }
    }
    return url
}()
