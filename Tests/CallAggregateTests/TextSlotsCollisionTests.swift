import CallModel
import Testing

@testable import CallAggregate

/// Caller numbers come from outside: texts made to share a hash must not make counting slow. The
/// probes are counted, not timed, so the test says the same on any machine.
@Suite("Text slots and crafted collisions")
struct TextSlotsCollisionTests {
    static let textCount = 3000

    @Test("texts that shared one hash before are spread now: probes grow with the texts, not their square")
    func craftedCollisions() {
        let texts = Self.collidingTexts(Self.textCount)
        #expect(Set(texts).count == texts.count)
        #expect(Set(texts.map(Self.unkeyedHash)).count == 1, "the texts must collide under the old hash")

        var before = TextSlots()
        for (index, text) in texts.enumerated() { #expect(before.slot(text, hash: Self.unkeyedHash(text)) == index) }
        let quadratic = texts.count * (texts.count - 1) / 2
        #expect(before.probes >= quadratic, "the old hash made \(before.probes) probes")

        var now = TextSlots()
        for (index, text) in texts.enumerated() { #expect(now.slot(text) == index) }
        // Probes of insertions and of moves as the table grows: measured about 5 a text (6.1 million
        // with the old hash).
        #expect(now.probes < 10 * texts.count, "the seeded hash made \(now.probes) probes")
        #expect(texts.indices.allSatisfy { now.existingSlot(texts[$0]) == $0 })
        #expect(now.texts == texts)
    }

    @Test("texts of every length up to 40 bytes hash apart when one byte differs")
    func everyByteCounts() {
        let hasher = SeededTextHash.process
        for length in 0...40 {
            let text = Array(repeating: UInt8(ascii: "7"), count: length)
            var hashes: Set<UInt64> = [text.withUnsafeBytes { hasher.hash($0) }]
            for place in 0..<length {
                var changed = text
                changed[place] = UInt8(ascii: "8")
                hashes.insert(changed.withUnsafeBytes { hasher.hash($0) })
            }
            // A shorter text of the same bytes too: the length is part of the hash.
            if length > 0 { hashes.insert(text.dropLast().withUnsafeBytes { hasher.hash($0) }) }
            #expect(hashes.count == length + 1 + (length > 0 ? 1 : 0), "length \(length)")
            #expect(hasher.hash(String(decoding: text, as: UTF8.self)) == text.withUnsafeBytes { hasher.hash($0) })
        }
    }

    /// The hash `TextSlots` used before it was keyed: UTF-8 words folded in by multiplication, then
    /// MurmurHash3's finalizer. Every step can be undone, which is what made it unsafe.
    static func unkeyedHash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var offset = 0
            let raw = UnsafeRawBufferPointer(bytes)
            while offset + 8 <= raw.count {
                hash = fold(hash, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            if offset < raw.count {
                var word: UInt64 = 0
                var bitOffset: UInt64 = 0
                while offset < raw.count {
                    word |= UInt64(raw[offset]) << bitOffset
                    bitOffset += 8
                    offset += 1
                }
                hash = fold(hash, word)
            }
            hash ^= hash >> 33
            hash &*= 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 33
            hash &*= 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 33
            return hash
        }
    }

    private static func fold(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        var hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 32
        return hash
    }

    /// `count` texts of 16 ASCII bytes with one and the same unkeyed hash, as an attacker would make
    /// them: any first word, then the second word that brings the state to one chosen value (the
    /// state before the second word, xored with it, is that value). About one first word in 270
    /// gives a second word of ASCII bytes without NUL.
    static func collidingTexts(_ count: Int) -> [String] {
        let start: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ 16
        let meeting: UInt64 = 0x4141_4141_4141_4141
        var texts: [String] = []
        var counter: UInt64 = 0
        while texts.count < count {
            var first: UInt64 = 0
            var digits = counter
            for place in 0..<8 {
                first |= (0x30 + digits & 0x3F) << (8 * place)
                digits >>= 6
            }
            counter += 1
            let second = fold(start, first) ^ meeting
            guard (0..<8).allSatisfy({ (1...0x7F).contains((second >> (8 * $0)) & 0xFF) }) else { continue }
            let bytes = (0..<16).map { UInt8(truncatingIfNeeded: ($0 < 8 ? first : second) >> (8 * ($0 % 8))) }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        return texts
    }
}
