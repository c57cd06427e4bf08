/// The keys of the previous record by place, as bytes and as strings (see `JSONRecordScanner.object(keys:role:)`).
struct JSONKeyCache: Sendable {
    private var entries: [(key: String, role: KeyRole)] = []
    /// Every entry's key bytes, one after the other: `starts[p]..<starts[p + 1]` is entry `p`'s.
    /// Kept flat so that the check of a key (some forty a record) reads two integers and compares
    /// bytes in place; rebuilt when an entry changes, which happens only where layouts change.
    private var flat: [UInt8] = []
    private var starts: [Int] = [0]

    var count: Int { entries.count }

    func entry(at position: Int, matching written: UnsafeRawBufferPointer) -> (String, KeyRole)? {
        guard let role = role(at: position, matching: written) else { return nil }
        return (entries[position].key, role)
    }

    /// The role of the key at `position` in the previous record when `written` is that key.
    func role(at position: Int, matching written: UnsafeRawBufferPointer) -> KeyRole? {
        guard written.count > 0 else { return role(at: position, matching: nil, count: 0) }
        return role(
            at: position, matching: written.baseAddress!.assumingMemoryBound(to: UInt8.self), count: written.count)
    }

    /// As above, for the `count` bytes at `written`.
    func role(at position: Int, matching written: UnsafePointer<UInt8>?, count: Int) -> KeyRole? {
        guard position < entries.count else { return nil }
        let start = starts[position]
        guard starts[position + 1] - start == count else { return nil }
        if count > 0 {
            // Keys are short: compared eight bytes at a time in place, cheaper than a call to memcmp.
            let same = flat.withUnsafeBufferPointer { known in
                let a = UnsafeRawPointer(known.baseAddress! + start)
                let b = UnsafeRawPointer(written!)
                var k = 0
                while k + 8 <= count {
                    guard
                        a.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                            == b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    else { return false }
                    k += 8
                }
                while k < count {
                    guard a.load(fromByteOffset: k, as: UInt8.self) == b.load(fromByteOffset: k, as: UInt8.self)
                    else { return false }
                    k += 1
                }
                return true
            }
            guard same else { return nil }
        }
        return entries[position].role
    }

    mutating func store(_ key: String, role: KeyRole, bytes: UnsafeRawBufferPointer, at position: Int) {
        if position < entries.count {
            entries[position] = (key, role)
            var rebuilt: [UInt8] = []
            rebuilt.reserveCapacity(flat.count + bytes.count)
            var newStarts = [0]
            newStarts.reserveCapacity(starts.count)
            for p in entries.indices {
                if p == position {
                    rebuilt.append(contentsOf: bytes)
                } else {
                    rebuilt.append(contentsOf: flat[starts[p]..<starts[p + 1]])
                }
                newStarts.append(rebuilt.count)
            }
            flat = rebuilt
            starts = newStarts
        } else if position == entries.count {
            entries.append((key, role))
            flat.append(contentsOf: bytes)
            starts.append(flat.count)
        }
    }
}
