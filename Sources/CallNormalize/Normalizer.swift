import CallModel
import Foundation
import Synchronization

/// The normalize stage: CloudAgent responses in, canonical `CallRecord`s out (SPEC §3).
///
/// Use one `Normalizer` for a whole run: duplicates are found across every response it reads
/// (a call can appear in two overlapping windows), and `counts` sums over all of them.
///
/// ```swift
/// var normalizer = Normalizer()
/// for url in inputs {
///     try normalizer.read(fileAt: url, record: { calls.append($0) }, quarantine: { try sink.write($0) })
/// }
/// let quality = normalizer.counts
/// ```
public struct Normalizer: Sendable {
    private var builder = RecordBuilder()
    private var seen = SeenCalls()
    public private(set) var counts = NormalizeCounts()

    public init() {}

    /// Reads one API response, JSON or XML (told apart by content).
    ///
    /// Calls `record` for each usable record that is not a duplicate and `quarantine` for each
    /// unusable one, both in input order. A `no record found` response yields nothing and counts
    /// as an empty response; a failure response, or one that is not JSON or XML, throws
    /// `NormalizeError`. Errors thrown by the closures are passed on.
    ///
    /// - Parameters:
    ///   - source: the response's name in messages and in quarantine lines (a file name).
    ///   - startDates: when given, only records whose start date it accepts are read; the others
    ///     are skipped before anything counts them, as if the response did not hold them. This lets
    ///     overlapping archived responses each speak only for the dates they are the newest for.
    ///     Records without a readable start cannot be placed, so they are always read.
    public mutating func read(
        _ data: Data, source: String,
        including startDates: ((LocalDate) -> Bool)? = nil,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        guard let (syntax, offset) = ResponseSyntax.sniff(data) else {
            if let encoding = ResponseSyntax.wideEncoding(of: data) {
                throw NormalizeError.notUTF8(encoding: encoding, source: source)
            }
            guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else {
                throw NormalizeError.empty(source: source)
            }
            throw NormalizeError.unknownFormat(start: Self.describe(first), source: source)
        }
        let verdict: ResponseEnvelope.Verdict
        switch syntax {
        case .json:
            verdict = try data.withUnsafeBytes { all in
                try readJSON(
                    all, offset: offset, source: source, including: startDates, record: record,
                    quarantine: quarantine, release: nil)
            }
        case .xml:
            let start = try data.withUnsafeBytes { all in try Self.checkNotHTML(all, offset: offset, source: source) }
            verdict = try XMLResponseReader.read(data.dropFirst(offset), startingAt: start, source: source) {
                fields, position in
                try self.readRecord(
                    fields, source: source, position: position, including: startDates, record: record,
                    quarantine: quarantine)
            }
        }
        counts.responses += 1
        if verdict == .noRecordFound { counts.emptyResponses += 1 }
    }

    /// Reads a saved response file; its file name is the source in messages and quarantine lines.
    /// `startDates` is as for `read(_:source:including:record:quarantine:)`.
    ///
    /// The file is streamed: JSON from a memory map whose pages are given back as records pass,
    /// XML through libxml2's reader on the open file, so memory does not grow with the file.
    public mutating func read(
        fileAt url: URL,
        including startDates: ((LocalDate) -> Bool)? = nil,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        guard let file = MappedFile(path: url.path) else {
            // Empty, missing or unreadable: read as before, for the same words.
            let data: Data
            do {
                data = try Data(contentsOf: url, options: .mappedIfSafe)
            } catch {
                throw NormalizeError.unreadableFile(
                    path: url.path, reason: (error as NSError).localizedDescription, source: url.lastPathComponent)
            }
            return try read(
                data, source: url.lastPathComponent, including: startDates, record: record, quarantine: quarantine)
        }
        defer { file.close() }
        let source = url.lastPathComponent
        let whole = file.data
        guard let (syntax, offset) = ResponseSyntax.sniff(whole) else {
            return try read(whole, source: source, including: startDates, record: record, quarantine: quarantine)
        }
        let verdict: ResponseEnvelope.Verdict
        switch syntax {
        case .json:
            verdict = try readJSON(
                file.bytes, offset: offset, source: source, including: startDates, record: record,
                quarantine: quarantine, release: { file.release(upTo: offset + $0) })
        case .xml:
            let start = try Self.checkNotHTML(file.bytes, offset: offset, source: source)
            file.release(upTo: file.bytes.count)
            verdict = try readXML(
                file, offset: offset, startingAt: start, source: source, including: startDates, record: record,
                quarantine: quarantine)
        }
        counts.responses += 1
        if verdict == .noRecordFound { counts.emptyResponses += 1 }
    }

    /// Throws when the XML-looking text from `offset` on is an HTML page (an error page where a
    /// response was expected); otherwise gives the line and column `offset` is at, so that libxml2's
    /// places, which count from there, can be given as places in the whole response.
    private static func checkNotHTML(
        _ all: UnsafeRawBufferPointer, offset: Int, source: String
    ) throws(NormalizeError) -> TextPlace {
        let text = UnsafeRawBufferPointer(rebasing: all[offset...])
        if HTMLPage.isPage(text) { throw .htmlPage(title: HTMLPage.title(in: text), source: source) }
        return TextPlace(of: offset, in: all)
    }

    /// Streams a JSON document: element ranges from `JSONStreamReader`, each batch checked and built
    /// on several threads, then counted, deduplicated and handed on in input order on this one.
    ///
    /// `all` is the whole response and `offset` its first meaningful byte (after a byte-order mark
    /// and white space), so that the place of a fault is given as a line and column of `all`.
    private mutating func readJSON(
        _ all: UnsafeRawBufferPointer, offset: Int, source: String,
        including startDates: ((LocalDate) -> Bool)?,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void,
        release: ((Int) -> Void)?
    ) throws -> ResponseEnvelope.Verdict {
        let body = UnsafeRawBufferPointer(rebasing: all[offset...])
        reserveSeen(forBytes: body.count, bytesPerRecord: 600)
        let whole = Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: body.baseAddress!), count: body.count, deallocator: .none)
        // Batch k+1 is checked and built on the other cores while this thread hands on batch k:
        // the hand-on (dedupe, aggregate, calls.csv) must stay in input order, on one thread.
        let threads = Self.threads
        // Several shares a thread, claimed by whichever thread is free (the reading thread too, once
        // it has handed the previous batch on): threads that finish early do not sit idle.
        let sharesPerBatch = threads == 1 ? 1 : 4 * threads
        let pool = BuilderPool(count: 2 * sharesPerBatch, from: builder)
        var pending: (job: BatchJob, first: Int, end: Int)?
        var batches = 0
        var handOnFailed = false
        defer { pending?.job.wait() }
        func handOn(_ job: BatchJob, first: Int, end: Int) throws {
            job.wait()
            var position = first
            for share in 0..<job.shares {
                // Taken out one by one (the last of a list made last record first): each record
                // and its identity move on into the seen set and the counting batch, not copied
                // there and then released here, on a thread other than the one that made them.
                var results = job.takeResults(of: share)
                for digest in job.digests(of: share) where digest != 0 { seen.prefetch(digest: digest) }
                while let (result, identity) = results.popLast() {
                    let outcome: RecordBuilder.Outcome
                    switch consume result {
                    case .success(let built): outcome = built
                    case .failure(let error): throw error
                    }
                    try accept(
                        outcome, identity: identity, source: source, position: position,
                        including: startDates, record: record, quarantine: quarantine)
                    position += 1
                }
            }
            release?(end)
        }
        do {
            let outcome: JSONStreamReader.Outcome
            do {
                // The list's walker asks the roles of keys through a builder of its own.
                var walkerBuilder = builder
                outcome = try JSONStreamReader.read(body, source: source, role: { walkerBuilder.role(of: $0) }) {
                    elements, first in
                    let ranges = elements.ranges
                    let shares = ranges.count >= 256 ? sharesPerBatch : 1
                    let job = BatchJob(
                        bytes: body, elements: elements, source: source,
                        builders: pool.builders(set: batches % 2, count: sharesPerBatch), shares: shares)
                    batches += 1
                    job.start(helpers: shares > 1 ? threads : 0)
                    let previous = pending
                    pending = (job, first, ranges[ranges.count - 1].upperBound)
                    if let previous {
                        do {
                            try handOn(previous.job, first: previous.first, end: previous.end)
                        } catch {
                            handOnFailed = true
                            throw error
                        }
                    }
                }
            } catch {
                // The records before a fault in the list are handed on, as the whole-document reader did.
                if !handOnFailed, let last = pending {
                    pending = nil
                    try handOn(last.job, first: last.first, end: last.end)
                }
                throw error
            }
            if let last = pending {
                pending = nil
                try handOn(last.job, first: last.first, end: last.end)
            }
            switch outcome {
            case .read(let verdict):
                return verdict
            case .noList:
                return try JSONResponseReader.read(whole, source: source) { fields, position in
                    try self.readRecord(
                        fields, source: source, position: position, including: startDates, record: record,
                        quarantine: quarantine)
                }
            }
        } catch let error as NormalizeError {
            // The whole-document reader words a syntax fault as before (Foundation's words for the
            // whole document); asked only when it can afford the memory. Other faults (two
            // `message` members) are the streaming reader's to tell.
            var reported = error
            if body.count <= Self.wholeDocumentLimit {
                do {
                    _ = try JSONResponseReader.read(whole, source: source) { _, _ in }
                } catch let wordier as NormalizeError where wordier.isMalformedJSON {
                    reported = wordier
                } catch {}
            }
            throw reported.locatingJSON(in: all, from: offset)
        }
    }

    /// Makes room in the set of seen calls for the records of a response of `bytes` bytes, as
    /// estimated from a short record's size: growing the set while it is filled costs about as
    /// much again as filling it.
    private mutating func reserveSeen(forBytes bytes: Int, bytesPerRecord: Int) {
        seen.reserveCapacity(seen.count + min(bytes / bytesPerRecord, 1 << 24))
    }

    /// Above this size a faulty document is reported with the streaming reader's words. Foundation
    /// holds several times a document it reads whole (a faulty 200 MB one took 2.1 GB); a fault
    /// inside a record has Foundation's words and place either way, from the record alone.
    private static let wholeDocumentLimit = 16 << 20

    /// Threads that build records: the machine's cores, or `CALLREPORT_THREADS`.
    static let threads: Int = {
        if let text = ProcessInfo.processInfo.environment["CALLREPORT_THREADS"], let n = Int(text), n >= 1 {
            return min(n, 64)
        }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
    }()

    /// Streams an XML file in two stages on two threads: libxml2's reader on one, which copies each
    /// record's leaves out as bytes; the record builder and the hand-on (dedupe, aggregate,
    /// calls.csv) in input order on this one.
    ///
    /// The reader's thread makes no strings, and this one makes them only for the fields some
    /// stage needs, unless the record is quarantined (quarantine keeps every field).
    private mutating func readXML(
        _ file: MappedFile, offset: Int, startingAt start: TextPlace, source: String,
        including startDates: ((LocalDate) -> Bool)?,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        reserveSeen(forBytes: file.bytes.count - offset, bytesPerRecord: 900)
        var roles: [KeyRole?] = []
        guard Self.threads > 1 else {
            return try XMLResponseReader.read(
                fileDescriptor: file.descriptor, offset: offset, startingAt: start, source: source,
                isNeeded: Self.isNeeded
            ) { leaves, position in
                try accept(
                    Self.build(leaves, with: &builder, roles: &roles), source: source, position: position,
                    including: startDates,
                    record: record, quarantine: quarantine)
            }
        }
        let pipe = OutcomePipe()
        let descriptor = file.descriptor
        DispatchQueue.global().async {
            var batch = pipe.emptyBatch()
            let result = Result {
                try XMLResponseReader.read(
                    fileDescriptor: descriptor, offset: offset, startingAt: start, source: source,
                    isNeeded: Self.isNeeded
                ) { leaves, position in
                    batch.append(leaves, position: position)
                    if batch.count == OutcomePipe.batchSize {
                        guard pipe.put(batch) else { throw CancellationError() }
                        batch = pipe.emptyBatch()
                    }
                }
            }
            _ = pipe.put(batch)
            pipe.finish(result)
        }
        do {
            while var batch = pipe.take() {
                try batch.forEach { leaves, position in
                    try accept(
                        Self.build(leaves, with: &builder, roles: &roles), source: source, position: position,
                        including: startDates, record: record, quarantine: quarantine)
                }
                pipe.giveBack(&batch)
            }
        } catch {
            pipe.cancel()
            _ = pipe.result()
            throw error
        }
        return try pipe.result().get()
    }

    /// Whether a field of this key is used by any stage; the others are read only for quarantine.
    private static let isNeeded: @Sendable (String) -> Bool = { KeyRole(key: $0) != .other }

    /// Builds an XML record: most straight from the bytes of its needed fields, as a JSON record
    /// is (`RecordBuilder.build(members:in:)`); the others from its needed fields as strings; one
    /// to quarantine again from all of them, since quarantine keeps every field as received.
    ///
    /// `roles` holds the role of each element name by its index in the reader's names (one
    /// response's), so that a name's role is looked up once, not once a record.
    private static func build(
        _ leaves: XMLRecordLeaves, with builder: inout RecordBuilder, roles: inout [KeyRole?]
    ) -> RecordBuilder.Outcome {
        var members = builder.members
        builder.members = []  // so that `members` is the only owner and stays in place
        defer { builder.members = members }
        let text = leaves.members(into: &members) { index, name in
            if index < roles.count, let known = roles[index] { return known }
            let role = builder.role(of: name)
            while roles.count <= index { roles.append(nil) }
            roles[index] = role
            return role
        }
        if let call = builder.build(members: members[...], in: text) { return .record(call) }
        let outcome = builder.build(leaves.fields(onlyNeeded: true))
        guard case .quarantined = outcome else { return outcome }
        return builder.build(leaves.fields(onlyNeeded: false))
    }

    /// Normalizes one record already split into fields (the step both readers end in).
    ///
    /// Useful to feed records from elsewhere; `position` is the record's 1-based place in `source`.
    public mutating func readRecord(
        _ fields: [RawField], source: String, position: Int,
        including startDates: ((LocalDate) -> Bool)? = nil,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        try accept(
            builder.build(fields), source: source, position: position, including: startDates, record: record,
            quarantine: quarantine)
    }

    /// Counts a built record and hands it on, unless it is a duplicate or outside `startDates`.
    /// Runs in input order: the first of duplicates is the one kept.
    private mutating func accept(
        _ outcome: consuming RecordBuilder.Outcome, identity: consuming CallIdentity? = nil, source: String,
        position: Int,
        including startDates: ((LocalDate) -> Bool)?,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        // Taken apart, not copied: the record moves on to `record`, the one owner from here on.
        switch consume outcome {
        case .quarantined(let reason, let kept):
            counts.inputRecords += 1
            counts.quarantined += 1
            switch reason {
            case .missingStart: counts.missingStart += 1
            case .invalidStart: counts.invalidStart += 1
            }
            try quarantine(QuarantinedRecord(reason: reason, source: source, position: position, fields: kept))
        case .record(let call):
            if let startDates, !startDates(call.start.date) { return }
            counts.inputRecords += 1
            if let identity = identity ?? CallIdentity(call) {
                guard seen.insert(identity) else {
                    counts.duplicates += 1
                    if call.hasInvalidDuration { counts.invalidDurationAmongDuplicates += 1 }
                    return
                }
            }
            try record(call)
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x" + String(byte, radix: 16)
    }
}

/// The record builders of the building threads (each with its own key cache), two sets so that
/// two batches can be in flight. Lives as long as one response is read.
private final class BuilderPool: @unchecked Sendable {
    private let builders: UnsafeMutableBufferPointer<RecordBuilder>

    init(count: Int, from prototype: RecordBuilder) {
        builders = .allocate(capacity: count)
        builders.initialize(repeating: prototype)
    }

    func builders(set: Int, count: Int) -> UnsafeMutableBufferPointer<RecordBuilder> {
        UnsafeMutableBufferPointer(rebasing: builders[set * count..<(set + 1) * count])
    }

    deinit {
        builders.deinitialize()
        builders.deallocate()
    }
}

/// One batch of records: each share (a contiguous run of records) is checked and built on its own
/// thread with its own builder. Each thread writes only its own share's slot, and the results are
/// read only after `wait()`, hence the unchecked `Sendable`.
private final class BatchJob: @unchecked Sendable {
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

/// Records read from XML, from the reading thread to the hand-on thread, a few batches at most in
/// flight; emptied batches go back to the reading thread to be filled again, so that their storage
/// is allocated once. Everything is under `condition`, hence the unchecked `Sendable`.
private final class OutcomePipe: @unchecked Sendable {
    static let batchSize = 2048
    private static let capacity = 4
    private let condition = NSCondition()
    private var queue: [XMLRecordBatch] = []
    private var spare: [XMLRecordBatch] = []
    private var finished: Result<ResponseEnvelope.Verdict, Error>?
    private var cancelled = false

    /// Queues a batch, waiting while the queue is full; `false` once the reader is cancelled.
    func put(_ batch: XMLRecordBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        if batch.count > 0 { queue.append(batch) }
        condition.broadcast()
        return true
    }

    /// An empty batch to fill: one given back, or a new one.
    func emptyBatch() -> XMLRecordBatch {
        condition.lock()
        let batch = spare.popLast()
        condition.unlock()
        return batch ?? XMLRecordBatch(capacity: Self.batchSize)
    }

    /// Takes back a batch handed on, emptied, for the reader to fill again.
    func giveBack(_ batch: inout XMLRecordBatch) {
        batch.removeAll()
        condition.lock()
        if spare.count < Self.capacity { spare.append(batch) }
        condition.unlock()
        batch = XMLRecordBatch(capacity: 0)
    }

    func finish(_ result: Result<ResponseEnvelope.Verdict, Error>) {
        condition.lock()
        finished = result
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch in input order, or `nil` when the reader has finished and all are taken.
    func take() -> XMLRecordBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && finished == nil { condition.wait() }
        guard !queue.isEmpty else { return nil }
        condition.broadcast()
        return queue.removeFirst()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The reader's end, waiting for it: the file must stay open until then.
    func result() -> Result<ResponseEnvelope.Verdict, Error> {
        condition.lock()
        defer { condition.unlock() }
        while finished == nil { condition.wait() }
        return finished!
    }
}
