import CallDemo
import Testing

@testable import CallNormalize

@Suite("End of plain string content")
struct PlainTextEndTests {
    @Test("finds the first quote, backslash or control byte, from any start, up to any end")
    func agreesWithAByteLoop() {
        var rng = SeededGenerator(seed: 0x7E47)
        // Mostly bytes that need no attention (ASCII and UTF-8 of other scripts), with the bytes
        // that end a run, and the ones next to them, now and then.
        let plain: [UInt8] =
            Array("abcXYZ 09:/,{}[]".utf8) + [0x20, 0x7F, 0x80, 0xE0, 0xA4, 0xBF, 0xFF, 0x21, 0x5B, 0x5D]
        let enders: [UInt8] = [0x22, 0x5C, 0x00, 0x09, 0x0A, 0x0D, 0x1F]
        var found = 0
        for _ in 0..<3000 {
            let length = Int.random(in: 0...70, using: &rng)
            let odds = Int.random(in: 2...60, using: &rng)
            let bytes = (0..<length).map { _ in
                Int.random(in: 0..<odds, using: &rng) == 0
                    ? enders.randomElement(using: &rng)! : plain.randomElement(using: &rng)!
            }
            let start = Int.random(in: 0...length, using: &rng)
            let end = Int.random(in: start...length, using: &rng)
            let expected = (start..<end).first { bytes[$0] == 0x22 || bytes[$0] == 0x5C || bytes[$0] < 0x20 } ?? end
            let actual = bytes.withUnsafeBufferPointer {
                JSONRecordScanner.plainTextEnd($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, from: start, count: end)
            }
            #expect(actual == expected, "\(bytes) from \(start) to \(end)")
            if expected < end { found += 1 }
        }
        #expect(found > 500, "the test must meet ending bytes often")
    }
}
