import Foundation
import Synchronization

/// One batch of records: each chunk (a contiguous run of records) is checked and built on its own
/// thread with its own builder. Each thread writes only its own chunk's slot, and the results are
/// read only after `wait()`, hence the unchecked `Sendable`.
final class BatchJob: @unchecked Sendable {
    /// A record's outcome, and its identity for finding duplicates when it has one.
    typealias Built = (Result<RecordBuilder.Outcome, NormalizeError>, Normalizer.CallIdentity?)
    private let bytes: UnsafeRawBufferPointer
    private let ranges: [Range<Int>]
    /// Where each record's members are in `members`, when the list's walker found them.
    private let found: [Range<Int>?]
    private let members: [MemberBytes]
    private let source: String
    private let builders: UnsafeMutableBufferPointer<RecordBuilder>
    let chunks: Int
    private let slots: UnsafeMutableBufferPointer<[Built]>
    /// The identities' digests of each chunk, in the order of its results (0 for none): read
    /// ahead by the ordering thread to fetch the slots of the seen calls, apart from the records so that
    /// reading one copies nothing.
    private let digests: UnsafeMutableBufferPointer<[UInt64]>
    private let group = DispatchGroup()
    private let claimed = Atomic<Int>(0)

    init(
        bytes: UnsafeRawBufferPointer, elements: JSONStreamReader.Elements, source: String,
        builders: UnsafeMutableBufferPointer<RecordBuilder>, chunks: Int
    ) {
        self.bytes = bytes
        self.ranges = elements.ranges
        self.found = elements.found
        self.members = elements.members
        self.source = source
        self.builders = builders
        self.chunks = chunks
        self.slots = .allocate(capacity: chunks)
        slots.initialize(repeating: [])
        self.digests = .allocate(capacity: chunks)
        digests.initialize(repeating: [])
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
        digests.deinitialize()
        digests.deallocate()
    }

    /// Starts `helpers` background threads on the chunks; `wait()` takes the ones left.
    func start(helpers: Int) {
        for _ in 0..<helpers {
            DispatchQueue.global().async(group: group) { self.runChunks() }
        }
    }

    /// Runs chunks not yet claimed by another thread, then waits for those that are.
    func wait() {
        runChunks()
        group.wait()
    }

    private func runChunks() {
        while true {
            let chunk = claimed.wrappingAdd(1, ordering: .relaxed).oldValue
            guard chunk < chunks else { return }
            run(chunk: chunk)
        }
    }

    private func run(chunk: Int) {
        let lower = ranges.count * chunk / chunks
        let upper = ranges.count * (chunk + 1) / chunks
        let decoder = JSONDecoder()
        let checked = JSONStreamReader.check(bytes, ranges: ranges[lower..<upper], decoder: decoder)
        let count = upper - lower
        // Last record first: the ordering thread takes them off the end, in input order, each moved out
        // rather than copied, with no reversal of the list (which copied every record).
        var chunkDigests = [UInt64](repeating: 0, count: count)
        slots[chunk] = [Built](unsafeUninitializedCapacity: count) { slots, initialized in
            for (offset, range) in ranges[lower..<upper].enumerated() {
                let found = self.found[lower + offset].map { (members: members[$0], text: bytes) }
                let outcome = Result { () throws(NormalizeError) in
                    try JSONStreamReader.build(
                        UnsafeRawBufferPointer(rebasing: bytes[range]), at: range.lowerBound, source: source,
                        decoder: decoder, builder: &builders[chunk], checked: checked, found: found)
                }
                var identity: Normalizer.CallIdentity?
                if case .success(.record(let call)) = outcome { identity = Normalizer.CallIdentity(call) }
                chunkDigests[count - 1 - offset] = identity?.digest ?? 0
                (slots.baseAddress! + count - 1 - offset).initialize(to: (outcome, identity))
            }
            initialized = count
        }
        digests[chunk] = chunkDigests
    }

    /// The digests of a chunk's identities, in the order of `takeResults(of:)`; 0 for none.
    func digests(of chunk: Int) -> [UInt64] { digests[chunk] }

    /// A chunk's results, the chunk's last record first (chunks follow each other in input order),
    /// leaving the chunk empty; only after `wait()`.
    func takeResults(of chunk: Int) -> [Built] {
        var taken: [Built] = []
        swap(&taken, &slots[chunk])
        return taken
    }
}
