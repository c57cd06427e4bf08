import Foundation
import Testing

@Suite("version")
struct VersionTests {
    @Test("--version prints the version on one line and exits 0")
    func version() throws {
        let outcome = try CommandRunner.run(["--version"], in: try CommandRunner.temporaryFolder())
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "2.0.0-dev\n")
    }
}
