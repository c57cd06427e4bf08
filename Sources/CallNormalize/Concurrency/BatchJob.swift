import Foundation
import Synchronization

/// One batch of records: each share (a contiguous run of records) is checked and built on its own
/// thread with its own builder. Each thread writes only its own share's slot, and the results are
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
    let shares: Int
    private let slots: UnsafeMutableBufferPointer<[Built]>
    /// The identities' digests of each share, in the order of its results (0 for none): read
    /// ahead by the hand-on to fetch the slots of the seen calls, apart from the records so that
    /// reading one copies nothing.
    private let digests: UnsafeMutableBufferPointer<[UInt64]>
    private let group = DispatchGroup()
    private let claimed = Atomic<Int>(0)

    init(
        bytes: UnsafeRawBufferPointer, elements: JSONStreamReader.Elements, source: String,
        builders: UnsafeMutableBufferPointer<RecordBuilder>, shares: Int
    ) {
        self.bytes = bytes
        self.ranges = elements.ranges
        self.found = elements.found
        self.members = elements.members
        self.source = source
        self.builders = builders
        self.shares = shares
        self.slots = .allocate(capacity: shares)
        slots.initialize(repeating: [])
        self.digests = .allocate(capacity: shares)
        digests.initialize(repeating: [])
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
        digests.deinitialize()
        digests.deallocate()
    }

    /// Starts `helpers` background threads on the shares; `wait()` takes the ones left.
    func start(helpers: Int) {
        for _ in 0..<helpers {
            DispatchQueue.global().async(group: group) { self.runShares() }
        }
    }

    /// Runs shares not yet claimed by another thread, then waits for those that are.
    func wait() {
        runShares()
        group.wait()
    }

    private func runShares() {
        while true {
            let share = claimed.wrappingAdd(1, ordering: .relaxed).oldValue
            guard share < shares else { return }
            run(share: share)
        }
    }

    private func run(share: Int) {
        let lower = ranges.count * share / shares
        let upper = ranges.count * (share + 1) / shares
        let decoder = JSONDecoder()
        let checked = JSONStreamReader.check(bytes, ranges: ranges[lower..<upper], decoder: decoder)
        let count = upper - lower
        // Last record first: the hand-on takes them off the end, in input order, each moved out
        // rather than copied, with no reversal of the list (which copied every record).
        var shareDigests = [UInt64](repeating: 0, count: count)
        slots[share] = [Built](unsafeUninitializedCapacity: count) { slots, initialized in
            for (offset, range) in ranges[lower..<upper].enumerated() {
                let found = self.found[lower + offset].map { (members: members[$0], text: bytes) }
                let outcome = Result { () throws(NormalizeError) in
                    try JSONStreamReader.build(
                        UnsafeRawBufferPointer(rebasing: bytes[range]), at: range.lowerBound, source: source,
                        decoder: decoder, builder: &builders[share], checked: checked, found: found)
                }
                var identity: Normalizer.CallIdentity?
                if case .success(.record(let call)) = outcome { identity = Normalizer.CallIdentity(call) }
                shareDigests[count - 1 - offset] = identity?.digest ?? 0
                (slots.baseAddress! + count - 1 - offset).initialize(to: (outcome, identity))
            }
            initialized = count
        }
        digests[share] = shareDigests
    }

    /// The digests of a share's identities, in the order of `takeResults(of:)`; 0 for none.
    func digests(of share: Int) -> [UInt64] { digests[share] }

    /// A share's results, the share's last record first (shares follow each other in input order),
    /// leaving the share empty; only after `wait()`.
    func takeResults(of share: Int) -> [Built] {
        var taken: [Built] = []
        swap(&taken, &slots[share])
        return taken
    }
}
