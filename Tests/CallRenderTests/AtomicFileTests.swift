import Foundation
import Testing

@testable import CallRender

@Suite("atomic output files")
struct AtomicFileTests {
    @Test("a large output handed to the disk in steps while written reads back whole after commit")
    func largeOutputReadsBack() throws {
        let folder = try Sample.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("calls.csv")
        let output = try AtomicFileOutput(destination: url)
        // 40 MB in chunks of uneven sizes, each filled with its own number, so that a lost,
        // repeated or misplaced chunk shows.
        var expected: [UInt8] = []
        for chunk in 0..<700 {
            let bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: chunk % 251), count: 40_000 + chunk * 37 % 50_000)
            try output.write(bytes)
            expected += bytes
        }
        try output.commit()
        #expect(expected.count > 32 << 20, "the output must pass several steps")
        #expect(try Data(contentsOf: url) == Data(expected))
    }

    @Test("a committed file replaces the old one and leaves no temporary; a dropped one leaves nothing")
    func commitAndDrop() throws {
        let folder = try Sample.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("daily.csv")
        try AtomicFile.write(Data("old".utf8), to: target)
        try AtomicFile.write(Data("new".utf8), to: target)
        do {
            let dropped = try AtomicFileOutput(destination: folder.appendingPathComponent("skills.csv"))
            try dropped.write(Array("half".utf8))
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["daily.csv"])
    }
}
