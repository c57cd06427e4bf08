import Foundation
import Testing

/// A transfer that breaks half-way leaves nothing in the system's temporary
/// folder: bodies are written only to the archive's private scratch folder.
@Suite("temporary files", .serialized)
struct TemporaryFilesTests {
    @Test(
        "a failed or cut transfer leaves no body in TMPDIR, and the key is in no file",
        arguments: ["reset", "truncate-short", "truncate", "slow"])
    func nothingInTemporaryFolder(mode: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = try FetchEndToEndTests.serverData(in: folder)
        let server = try FakeCloudAgent(
            data: data,
            arguments: ["--fail-mode", mode, "--fail-first", "2", "--slow-seconds", "3", "--echo-key"])
        let scratch = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let outcome = try CommandRunner.run(
            [
                "fetch", "--month", "2026-10", "--base-url", server.baseURL, "--archive", "archive",
                "--retry-delay", "0.01", "--timeout", "1",
            ], in: folder, environment: FakeCloudAgent.environment.merging(["TMPDIR": scratch.path]) { $1 })
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(server.requests == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])

        let key = Data(FakeCloudAgent.apiKey.utf8)
        let archive = folder.appendingPathComponent("archive")
        for path in FileManager.default.enumerator(atPath: archive.path)?.compactMap({ $0 as? String }) ?? [] {
            #expect(!path.hasPrefix(".tmp-") && !path.contains("/.tmp-"), "left behind: \(path)")
            if let bytes = FileManager.default.contents(atPath: archive.appendingPathComponent(path).path) {
                #expect(bytes.range(of: key) == nil, "the key is in \(path)")
            }
        }
    }
}
