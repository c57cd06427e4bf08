import CallAggregate
import CallModel
import CallNormalize
import CallRender
import Foundation

/// normalize → aggregate over every input, with `calls.csv` and
/// `quarantine.jsonl` written as the records pass.
struct ReadStage {
    let aggregate: AggregateOptions
    let folder: URL
    let timeZone: TimeZone
    let byteOrderMark: Bool
    /// Keep the counted calls for a user's `calls.csv.mustache` instead of streaming `calls.csv`.
    let keepCalls: Bool
    /// `--mask-callers`, for calls.csv and quarantine.jsonl.
    var maskCallers = false

    struct Result {
        var builder: MetricsBuilder
        var counts: NormalizeCounts
        /// The counted calls, only when `keepCalls`.
        var keptCalls: [CallRecord]?
        /// Ends `calls.csv`: its last rows may still be being written when the figures are ready,
        /// and the caller builds metrics and renders meanwhile. Call it once, before the run ends;
        /// it throws the writer's error.
        var finishCallsCSV: @Sendable () throws -> Void
    }

    func run(_ inputs: [ResponseInput]) throws -> Result {
        var normalizer = Normalizer()
        var quarantine = try QuarantineFile(
            url: folder.appendingPathComponent("quarantine.jsonl"), maskCallers: maskCallers)
        let counting = CountingThread(
            MetricsBuilder(options: aggregate),
            callsCSV: keepCalls
                ? nil
                : try CallsCSVWriter(
                    url: folder.appendingPathComponent("calls.csv"), timeZone: timeZone, byteOrderMark: byteOrderMark,
                    maskCallers: maskCallers))

        do {
            for input in inputs {
                let before = normalizer.counts
                let onRecord: (consuming CallRecord) -> Void = { counting.add($0) }
                switch input {
                case .file(let url):
                    try normalizer.read(fileAt: url, record: onRecord, quarantine: { try quarantine.write($0) })
                case .archived(let response):
                    try normalizer.read(
                        fileAt: response.url, including: input.speaksFor, record: onRecord,
                        quarantine: { try quarantine.write($0) })
                case .memory(let name, let body):
                    try normalizer.read(body, source: name, record: onRecord, quarantine: { try quarantine.write($0) })
                }
                let read = normalizer.counts.inputRecords - before.inputRecords
                let empty = normalizer.counts.emptyResponses > before.emptyResponses
                Console.progress(
                    "read \(input.name): " + (empty ? "no record found (empty window)" : "\(read) records"))
            }
        } catch {
            // A response that cannot be read stops the run: leave no half-written quarantine behind.
            quarantine.abandon()
            throw error
        }
        let (builder, keptCalls) = counting.finishCounting()
        try quarantine.finish()
        let counts = normalizer.counts
        // The calls seen, for duplicates: a million entries at the end of a large month.
        Disposal.later(consume normalizer)
        return Result(
            builder: builder, counts: counts, keptCalls: keptCalls, finishCallsCSV: { try counting.finishWriting() })
    }
}

/// Large values the run no longer needs, released on another thread: freeing a million small
/// objects one by one takes a good part of a second that the report need not wait for.
enum Disposal {
    static func later<Value: Sendable>(_ value: consuming Value) {
        let held = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(held) {} }
    }
}

/// Counting (aggregate) on a thread of its own, in the order the records are given, and
/// `calls.csv` on another after it: each costs about as much as reading the records, and the
/// reading thread is the one the whole run waits for. A few batches at most are in flight at each
/// step; a write error is reported by `finish()`.
///
/// Without a `calls.csv` writer the counted calls are kept instead, for a user's
/// `calls.csv.mustache`.
final class CountingThread: @unchecked Sendable {
    private static let batchSize = 2048
    // Only on `queue`:
    private var builder: MetricsBuilder
    private var kept: [CallRecord] = []
    // Only on `writing`:
    private var writer: CallsCSVWriter?
    private var failure: Error?
    // Only on the caller's thread:
    private var batch: [CallRecord] = []
    private let keeps: Bool
    private let queue = DispatchQueue(label: "callreport.counting")
    private let room = DispatchSemaphore(value: 4)
    private let writing = DispatchQueue(label: "callreport.calls-csv")
    private let writingRoom = DispatchSemaphore(value: 4)

    init(_ builder: MetricsBuilder, callsCSV writer: consuming CallsCSVWriter?) {
        self.builder = builder
        self.keeps = writer == nil
        self.writer = writer
        batch.reserveCapacity(Self.batchSize)
    }

    func add(_ record: consuming CallRecord) {
        batch.append(record)
        if batch.count == Self.batchSize { flush() }
    }

    /// Counts what is left and gives the figures and the kept calls (`nil` when `calls.csv` is
    /// written), once every batch is counted; `calls.csv` may still be being written.
    func finishCounting() -> (MetricsBuilder, [CallRecord]?) {
        flush()
        let (builder, kept) = queue.sync { (self.builder, self.kept) }
        return (builder, keeps ? kept : nil)
    }

    /// After `finishCounting()`: waits for the last rows and puts `calls.csv` in place, or throws
    /// the first write error. Nothing to do when the calls were kept instead.
    func finishWriting() throws {
        guard !keeps else { return }
        try writing.sync {
            if let failure { throw failure }
            try writer?.finish()
        }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        let records = batch
        batch.removeAll(keepingCapacity: true)
        room.wait()
        queue.async {
            defer { self.room.signal() }
            // Which records count, by place: the batch itself moves on, not a copy of its records.
            var skipped: [Int] = []
            for index in records.indices where self.builder.add(records[index]) != .counted {
                skipped.append(index)
            }
            if self.keeps {
                self.kept.append(contentsOf: Self.without(skipped, in: records))
            } else {
                self.write(records, skipping: skipped)
            }
        }
    }

    /// `records` but those at the places of `skipped` (ascending).
    private static func without(_ skipped: [Int], in records: [CallRecord]) -> [CallRecord] {
        guard !skipped.isEmpty else { return records }
        let skippedSet = Set(skipped)
        return records.indices.filter { !skippedSet.contains($0) }.map { records[$0] }
    }

    /// On `queue`: hands the counted records of a batch (all but the places in `skipped`,
    /// ascending) to `writing`.
    private func write(_ records: [CallRecord], skipping skipped: [Int]) {
        writingRoom.wait()
        writing.async {
            defer { self.writingRoom.signal() }
            guard self.failure == nil else { return }
            do {
                var next = skipped.makeIterator()
                var nextSkipped = next.next()
                for index in records.indices {
                    if index == nextSkipped {
                        nextSkipped = next.next()
                        continue
                    }
                    try self.writer!.write(records[index])
                }
            } catch {
                self.failure = error
            }
        }
    }
}

/// `quarantine.jsonl`, created only when a record is quarantined, and never left stale:
/// an atomic output like every report file, committed only when the whole input was read.
struct QuarantineFile {
    let url: URL
    private var output: AtomicFileOutput?
    private var buffer: [UInt8] = []
    /// `--mask-callers`: records are kept as received, but for their caller numbers.
    private let maskCaller: ((String) -> String)?

    init(url: URL, maskCallers: Bool = false) throws {
        self.url = url
        self.maskCaller = maskCallers ? { CallerMask.mask($0) } : nil
        // A file from an earlier run of the same period would describe other data.
        try? FileManager.default.removeItem(at: url)
    }

    mutating func write(_ record: QuarantinedRecord) throws {
        if output == nil { output = try AtomicFileOutput(destination: url) }
        buffer.append(contentsOf: QuarantineLine.json(for: record, maskCaller: maskCaller).utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { try flush() }
    }

    /// Drops what was written so far (the run failed): the output's temporary file goes with it.
    mutating func abandon() {
        output = nil
        buffer.removeAll()
    }

    mutating func finish() throws {
        guard let output else { return }
        try flush()
        try output.commit()
    }

    private mutating func flush() throws {
        try output?.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
