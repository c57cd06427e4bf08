/// Exact texts numbered 0, 1, 2, … in the order they were first seen: the group keys and the
/// caller numbers of a month, looked up once for every call counted.
///
/// Texts compare by their code points (``CodePointOrder/areIdentical(_:_:)``): SPEC §4 says group
/// keys are exact strings, and a `Dictionary<String, _>` would merge canonically equivalent
/// spellings (composed and decomposed accents) into one agent or skill.
///
/// A `Dictionary` with such a key type costs a seeded SipHash of every key and a uniqueness
/// check of its storage per lookup, which for a million calls with four keys each was a third of
/// the counting. Here the key's UTF-8 bytes are mixed eight at a time, and the open-addressing
/// table holds the slot next to a fragment of its hash, so that a probe mostly touches one word.
///
/// The hash is not keyed with a secret: a crafted input could make lookups slow, never wrong.
/// The counts come from the user's own call logs.
struct TextSlots: Sendable {
    /// The text of each slot.
    private(set) var texts: [String] = []
    /// Open addressing with linear probing; an entry is `fragment << 32 | slot + 1`, 0 when free,
    /// where the fragment is the upper half of the text's hash. Its top bits choose where the
    /// probe starts, so the table grows without hashing the texts again.
    private var table = [UInt64](repeating: 0, count: 16)
    /// 32 − log₂(table.count): the fragment shifted right by this is a start index.
    private var shift: UInt32 = 28

    var count: Int { texts.count }

    /// The slot of `text`, numbering it if it is new.
    mutating func slot(_ text: String) -> Int {
        let hash = Self.hash(text)
        let (index, found) = find(text, hash: hash)
        if let found { return found }
        let slot = texts.count
        precondition(slot < Int(Int32.max), "TextSlots: too many distinct texts")  // slots travel as Int32
        texts.append(text)
        table[index] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(slot + 1)
        // At most three quarters full: probes stay short even for a month of caller numbers.
        if texts.count * 4 > table.count * 3 { grow() }
        return slot
    }

    /// The slot of `text`, or `nil` when it was never seen.
    func existingSlot(_ text: String) -> Int? {
        find(text, hash: Self.hash(text)).slot
    }

    /// Where `text` is in the table, or the free entry where it would go.
    private func find(_ text: String, hash: UInt64) -> (index: Int, slot: Int?) {
        let mask = table.count - 1
        let fragment = hash >> 32
        var index = Int(truncatingIfNeeded: fragment >> shift)
        while true {
            let entry = table[index]
            if entry == 0 { return (index, nil) }
            if entry >> 32 == fragment {
                let slot = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if CodePointOrder.areIdentical(texts[slot], text) { return (index, slot) }
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        precondition(shift > 0, "TextSlots: table full")
        var larger = [UInt64](repeating: 0, count: table.count * 2)
        shift -= 1
        let mask = larger.count - 1
        for entry in table where entry != 0 {
            var index = Int(truncatingIfNeeded: entry >> (32 + shift))
            while larger[index] != 0 { index = (index + 1) & mask }
            larger[index] = entry
        }
        table = larger
    }

    /// A 64-bit mix of the UTF-8 bytes: words of eight bytes folded in by multiplication, then the
    /// finalizer of MurmurHash3 so that numbers differing in their last digits spread over the table.
    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var offset = 0
            let raw = UnsafeRawBufferPointer(bytes)
            while offset + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
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
                hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
            }
            hash ^= hash >> 33
            hash &*= 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 33
            hash &*= 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 33
            return hash
        }
    }
}
