import CallModel

/// Records copied out of the reader in input order, to be built on another thread: every
/// record's texts in one buffer and every leaf in one array, so that a batch of thousands of
/// records is a handful of allocations, reused batch after batch.
struct XMLRecordBatch: Sendable {
    private var leaves: [XMLLeaf] = []
    private var bytes: [UInt8] = []
    /// Each record's end in `leaves`, and its 1-based position in the response.
    private var records: [(end: Int, position: Int)] = []
    private var names: [XMLName] = []

    var count: Int { records.count }

    init(capacity: Int) {
        records.reserveCapacity(capacity)
        leaves.reserveCapacity(capacity * 40)
        bytes.reserveCapacity(capacity * 512)
    }

    mutating func append(_ record: XMLRecordLeaves, position: Int) {
        if let first = record.leaves.first, let last = record.leaves.last {
            let shift = bytes.count - first.text.lowerBound
            bytes.append(
                contentsOf: UnsafeBufferPointer(rebasing: record.bytes[first.text.lowerBound..<last.text.upperBound]))
            for leaf in record.leaves {
                leaves.append(
                    XMLLeaf(name: leaf.name, text: (leaf.text.lowerBound + shift)..<(leaf.text.upperBound + shift)))
            }
        }
        records.append((leaves.count, position))
        // The reader's names only grow: the latest list names every leaf so far.
        if record.names.count != names.count { names = record.names }
    }

    /// Calls `body` with each record and its position, in input order.
    func forEach(_ body: (XMLRecordLeaves, Int) throws -> Void) rethrows {
        try leaves.withUnsafeBufferPointer { leaves in
            try bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for (end, position) in records {
                    try body(
                        XMLRecordLeaves(
                            leaves: UnsafeBufferPointer(rebasing: leaves[start..<end]), bytes: bytes, names: names),
                        position)
                    start = end
                }
            }
        }
    }

    /// Empties the batch, keeping its storage for the next.
    mutating func removeAll() {
        leaves.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
    }
}
