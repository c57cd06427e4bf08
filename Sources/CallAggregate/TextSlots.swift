import CallModel

/// Exact texts numbered 0, 1, 2, … in the order they were first seen: the group keys and the
/// caller numbers of a month, looked up once for every call counted.
///
/// Texts compare by their code points (``CodePointOrder/areIdentical(_:_:)``): SPEC §4 says group
/// keys are exact strings, and a `Dictionary<String, _>` would merge canonically equivalent
/// spellings (composed and decomposed accents) into one agent or skill.
///
/// A `Dictionary` with such a key type costs a seeded SipHash of every key and a uniqueness
/// check of its storage per lookup, which for a million calls with four keys each was a third of
/// the counting. Here the key's UTF-8 bytes are mixed sixteen at a time, and the open-addressing
/// table holds the slot next to a fragment of its hash, so that a probe mostly touches one word.
///
/// The hash is keyed (``SeededTextHash``, a random key a process): caller numbers come from
/// outside, and texts crafted to share one hash would make every lookup walk past all of them, so
/// that counting a month took time growing with the square of its calls.
struct TextSlots: Sendable {
    /// The text of each slot.
    private(set) var texts: [String] = []
    /// Open addressing with linear probing; an entry is `fragment << 32 | slot + 1`, 0 when free,
    /// where the fragment is the upper half of the text's hash. Its top bits choose where the
    /// probe starts, so the table grows without hashing the texts again.
    private var table = [UInt64](repeating: 0, count: 16)
    /// 32 − log₂(table.count): the fragment shifted right by this is a start index.
    private var shift: UInt32 = 28
    private let hasher = SeededTextHash.process
    /// Entries looked at by insertions, growth included: what a test of colliding texts counts.
    private(set) var probes = 0

    var count: Int { texts.count }

    /// The slot of `text`, numbering it if it is new.
    mutating func slot(_ text: String) -> Int {
        slot(text, hash: hasher.hash(text))
    }

    /// The slot of `text` whose hash is `hash`; tests give hashes of their own.
    mutating func slot(_ text: String, hash: UInt64) -> Int {
        let (index, found, probes) = find(text, hash: hash)
        self.probes &+= probes
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
        find(text, hash: hasher.hash(text)).slot
    }

    /// Where `text` is in the table, or the free entry where it would go, and the entries looked at.
    private func find(_ text: String, hash: UInt64) -> (index: Int, slot: Int?, probes: Int) {
        let mask = table.count - 1
        let fragment = hash >> 32
        var index = Int(truncatingIfNeeded: fragment >> shift)
        var probes = 1
        while true {
            let entry = table[index]
            if entry == 0 { return (index, nil, probes) }
            if entry >> 32 == fragment {
                let slot = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if CodePointOrder.areIdentical(texts[slot], text) { return (index, slot, probes) }
            }
            index = (index + 1) & mask
            probes += 1
        }
    }

    private mutating func grow() {
        precondition(shift > 0, "TextSlots: table full")
        var larger = [UInt64](repeating: 0, count: table.count * 2)
        shift -= 1
        let mask = larger.count - 1
        for entry in table where entry != 0 {
            var index = Int(truncatingIfNeeded: entry >> (32 + shift))
            probes &+= 1
            while larger[index] != 0 {
                index = (index + 1) & mask
                probes &+= 1
            }
            larger[index] = entry
        }
        table = larger
    }
}
