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

@Suite("Text check of JSON bytes")
struct JSONTextCheckTests {
    @Test("finds a fault exactly when the bytes are not UTF-8 or hold a control other than tab, LF, CR")
    func agreesWithUTF8Validation() {
        var rng = SeededGenerator(seed: 0x7E48)
        let pieces: [[UInt8]] =
            ["a", "Z", " ", "{", "\"", "\t", "\n", "\r", "é", "अ", "😀", "\u{FFFD}"].map { Array($0.utf8) }
            + [
                [0x00], [0x1F], [0x7F], [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
                [0xF4, 0x90, 0x80, 0x80],
                [0xE0, 0xA4], [0xFF],
            ]
        var faults = 0
        for _ in 0..<4000 {
            var bytes: [UInt8] = []
            let clean = Int.random(in: 0..<3, using: &rng) == 0
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                let piece = pieces.randomElement(using: &rng)!
                if clean, piece.count == 1, piece[0] >= 0x80 || (piece[0] < 0x20 && ![9, 10, 13].contains(piece[0])) {
                    continue
                }
                bytes += Int.random(in: 0..<4, using: &rng) == 0 ? piece : Array("plain text ".utf8)
            }
            func isClean(_ slice: ArraySlice<UInt8>) -> Bool {
                String(validating: slice, as: UTF8.self) != nil
                    && !slice.contains { $0 < 0x20 && ![9, 10, 13].contains($0) }
            }
            let fault = bytes.withUnsafeBytes { JSONTextCheck.firstFault(in: $0) }
            #expect((fault == nil) == isClean(bytes[...]), "\(bytes)")
            if let fault {
                faults += 1
                #expect(isClean(bytes[..<fault.offset]), "\(bytes) at \(fault.offset)")
            }
        }
        #expect(faults > 1000, "the test must meet faults often")
    }
}
