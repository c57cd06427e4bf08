import Foundation
import Testing

/// `make install` gives a binary that works with neither the source tree nor the Swift
/// toolchain in sight (SPEC §7 "Installed anywhere").
///
/// It builds the static release binary, minutes when cold, so it does not run in a plain
/// `swift test`, where it would compete for the two cores with the suite's timed tests: `make
/// test` (and so `.ci/run`) runs it as a step of its own, after the suite, through `make
/// install-check`, which sets `CALLREPORT_INSTALL_TEST`. The build goes to `.build-install/`
/// and is reused while up to date.
@Suite("installed binary")
struct InstalledTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let requested = ProcessInfo.processInfo.environment["CALLREPORT_INSTALL_TEST"] != nil
    static let demo = ["demo", "--month", "2026-10", "--records", "2000"]
    static let epoch = ["SOURCE_DATE_EPOCH": "1767225600"]

    /// Runs `executable arguments...` to the end, its output in a file (a build prints a lot).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> CommandRunner.Outcome
    {
        let log = try CommandRunner.temporaryFolder().appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment
        // A make that runs this test passes its job server; the make started here has its own.
        for name in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"] { inherited[name] = nil }
        process.environment = inherited.merging(environment) { $1 }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        return CommandRunner.Outcome(status: process.terminationStatus, stdout: output, stderr: output)
    }

    /// Hides the source tree and the toolchain behind an empty folder in a mount namespace of
    /// its own, checks they are gone, then runs the commands from `/`. Exit 90: namespaces or
    /// bind mounts are refused here.
    static let hiddenScript = """
        set -u
        empty="$1" root="$2" toolchain="$3"; shift 3
        mount --bind "$empty" "$root" || exit 90
        if [ -d "$toolchain" ]; then mount --bind "$empty" "$toolchain" || exit 90; fi
        if [ -n "$(ls -A "$root")" ] || [ -e "$toolchain/usr/bin/swift" ]; then
            echo "the source tree or the toolchain is still visible" >&2; exit 91
        fi
        cd / || exit 92
        for command in "$@"; do
            echo "+ $command" >&2
            sh -c "$command" || { status=$?; echo "exit $status: $command" >&2; exit $status; }
        done
        """

    @Test(
        "make install: a static binary that runs demo from / with the source tree and the toolchain hidden",
        .enabled(if: requested, "builds the static release binary (minutes): run by make test or make install-check"),
        .timeLimit(.minutes(45)))
    func installed() throws {
        let folder = try CommandRunner.temporaryFolder()
        #expect(!folder.path.hasPrefix(Self.root.path + "/"), "the test folder must lie outside the source tree")
        let destination = folder.appendingPathComponent("destination")

        let install = try Self.run(
            "/usr/bin/env", ["make", "-C", Self.root.path, "install", "DESTDIR=\(destination.path)"])
        try #require(install.status == 0, "make install failed:\n\(install.stdout.suffix(4000))")
        let binary = destination.appendingPathComponent("usr/local/bin/callreport")
        let attributes = try FileManager.default.attributesOfItem(atPath: binary.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o755)
        for document in ["README.md", "examples/callreport.cron", "examples/callreport-fetch.timer"] {
            #expect(
                FileManager.default.fileExists(
                    atPath: destination.appendingPathComponent("usr/local/share/doc/callreport/\(document)").path),
                "\(document) is not installed")
        }

        // Only system libraries: the Swift runtime is linked in.
        let ldd = try Self.run("/usr/bin/ldd", [binary.path])
        #expect(ldd.status == 0, "\(ldd.stdout)")
        #expect(!ldd.stdout.contains("libswift") && !ldd.stdout.contains("libFoundation"), "\(ldd.stdout)")
        #expect(!ldd.stdout.contains("not found") && !ldd.stdout.contains("/opt/"), "\(ldd.stdout)")

        // What a normal demo writes, with the debug build in the source tree.
        let normal = try CommandRunner.run(
            Self.demo + ["--output", "normal"], in: folder, environment: Self.epoch)
        try #require(normal.status == 0, "\(normal.stderr)")
        let expected = try CommandRunner.reportFiles(in: folder.appendingPathComponent("normal/2026-10"))
        #expect(Set(EndToEndTests.reportFiles + ["missed.csv", "quarantine.jsonl"]) == Set(expected.keys))

        // A copy of the debug build needs the toolchain's libraries: it must fail where they are
        // hidden, or the hiding proves nothing.
        let dynamic = folder.appendingPathComponent("callreport-dynamic")
        try FileManager.default.copyItem(at: CommandRunner.executable, to: dynamic)
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("hidden")
        let hidden = try Self.run(
            "/usr/bin/unshare",
            [
                "-rm", "/bin/sh", "-c", Self.hiddenScript, "hide", empty.path, Self.root.path, "/opt/swift",
                "! '\(dynamic.path)' --version",
                "'\(binary.path)' --version",
                "'\(binary.path)' \(Self.demo.joined(separator: " ")) --output '\(out.path)/reports'",
                "'\(binary.path)' templates export '\(out.path)/templates'",
            ],
            environment: Self.epoch)
        if hidden.status == 90 {
            try Test.cancel("mount namespaces or bind mounts are refused here (unshare -rm): \(hidden.stdout)")
        }
        try #require(hidden.status == 0, "\(hidden.stdout)")
        #expect(
            hidden.stdout.contains("error while loading shared libraries: libswift"),
            "the debug build ran without the toolchain: \(hidden.stdout)")

        let written = try CommandRunner.reportFiles(in: out.appendingPathComponent("reports/2026-10"))
        #expect(written.keys.sorted() == expected.keys.sorted())
        for (name, data) in expected {
            #expect(written[name] == data, "\(name) differs from the normal demo's")
        }
        let templates = try FileManager.default.contentsOfDirectory(
            atPath: out.appendingPathComponent("templates").path)
        #expect(templates.sorted() == TemplatesCommandTests.builtInNames)
    }
}
