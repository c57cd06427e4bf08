import CFastPaths
import CallModel

extension Normalizer {
    /// What identifies one call: records equal in these three are duplicates (SPEC §3).
    struct CallIdentity: Equatable, Sendable {
        /// A UCID written as a number without leading zeros is kept as that number: a month holds
        /// a million of them, and a string each (the set keeps them all) is about 50 bytes more.
        private enum UCID: Hashable, Sendable {
            case number(UInt64)
            case text(String)

            init(_ text: String) {
                let utf8 = text.utf8
                if (1...19).contains(utf8.count), utf8.first != UInt8(ascii: "0") || utf8.count == 1,
                    utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 })
                {
                    self = .number(utf8.reduce(0) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) })
                } else {
                    self = .text(text)
                }
            }
        }

        private let ucid: UCID
        /// `agentId ?? agentName`; two records with neither share `nil`.
        private let agentKey: String?
        /// The start as wall-clock seconds: compared as a time, so `T` and a space in the written
        /// form agree, and eight bytes instead of six numbers.
        private let start: Int
        /// The three above hashed once, where the record is built (on a building thread), so that
        /// the table of seen calls, on the ordering thread, hashes nothing.
        let digest: UInt64

        init?(_ call: CallRecord) {
            guard let ucid = call.ucid else { return nil }
            self.ucid = UCID(ucid)
            self.agentKey = call.agentKey
            self.start = call.start.wallSeconds
            var hasher = Hasher()
            hasher.combine(self.ucid)
            hasher.combine(agentKey)
            hasher.combine(start)
            digest = UInt64(UInt(bitPattern: hasher.finalize()))
        }

        static func == (a: CallIdentity, b: CallIdentity) -> Bool {
            a.digest == b.digest && a.ucid == b.ucid && a.agentKey == b.agentKey && a.start == b.start
        }
    }
}

/// The identities of the calls delivered so far, to tell duplicates (the first one seen is kept).
///
/// A million calls a month are added on the one thread that hands records on in order, so this is
/// not a `Set`: the identities sit in a list in the order they came, and an open-addressing table
/// of eight-byte slots points into it, each slot holding half of its identity's digest (already
/// computed on a building thread) and its place in the list. An addition reads one slot, mostly,
/// and compares identities only when the digests' halves agree; nothing is hashed here. It also
/// takes less memory than a `Set` of the identities with their buckets.
struct SeenCalls: Sendable {
    private var members: [Normalizer.CallIdentity] = []
    /// 0 for an empty slot; otherwise the high half of the member's digest, then its place in
    /// `members` plus one in the low 32 bits. The count is a power of two, at least twice the
    /// number of members.
    private var slots: [UInt64] = []

    var count: Int { members.count }

    /// Makes room for `capacity` identities in all, so that filling the table does not regrow it.
    mutating func reserveCapacity(_ capacity: Int) {
        members.reserveCapacity(capacity)
        if 2 * capacity > slots.count { rebuild(slotCount: Self.slotCount(for: capacity)) }
    }

    /// Adds `identity` unless an equal one is there: `true` when it is new.
    mutating func insert(_ identity: consuming Normalizer.CallIdentity) -> Bool {
        if 2 * (members.count + 1) > slots.count {
            rebuild(slotCount: Self.slotCount(for: max(members.count + 1, 2 * members.count)))
        }
        let digest = identity.digest
        let tag = digest & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: digest) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag, members[Int(slot & 0xFFFF_FFFF) - 1] == identity { return false }
            index = (index + 1) & mask
        }
        precondition(members.count < Int(UInt32.max), "SeenCalls: more calls than a table can tell apart")
        slots[index] = tag | UInt64(members.count + 1)
        members.append(identity)
        return true
    }

    /// Starts fetching the slot where the identity of `digest` would go into the cache, without
    /// waiting: the table is too large for any cache, and a slot read cold costs more than the rest
    /// of an addition. Asked for a chunk of records before they are added, the slots arrive together.
    func prefetch(digest: UInt64) {
        guard !slots.isEmpty else { return }
        let index = Int(truncatingIfNeeded: digest) & (slots.count - 1)
        slots.withUnsafeBufferPointer { callreport_prefetch($0.baseAddress! + index) }
    }

    private static func slotCount(for members: Int) -> Int {
        var count = 16
        while count < 2 * members { count *= 2 }
        return count
    }

    /// Makes a table of `slotCount` slots (a power of two) and puts every member in it again.
    private mutating func rebuild(slotCount: Int) {
        var table = [UInt64](repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for (place, member) in members.enumerated() {
            var index = Int(truncatingIfNeeded: member.digest) & mask
            while table[index] != 0 { index = (index + 1) & mask }
            table[index] = member.digest & 0xFFFF_FFFF_0000_0000 | UInt64(place + 1)
        }
        slots = table
    }
}
