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
    }

    func run(_ inputs: [ResponseInput]) throws -> Result {
        var normalizer = Normalizer()
        var builder = MetricsBuilder(options: aggregate)
        var quarantine = try QuarantineFile(
            url: folder.appendingPathComponent("quarantine.jsonl"), maskCallers: maskCallers)
        let callsWriter =
            keepCalls
            ? nil
            : CallsCSVThread(
                try CallsCSVWriter(
                    url: folder.appendingPathComponent("calls.csv"), timeZone: timeZone, byteOrderMark: byteOrderMark,
                    maskCallers: maskCallers))
        var keptCalls: [CallRecord] = []

        do {
            for input in inputs {
                let before = normalizer.counts
                let onRecord: (CallRecord) throws -> Void = { record in
                    guard builder.add(record) == .counted else { return }
                    if let callsWriter {
                        callsWriter.write(record)
                    } else {
                        keptCalls.append(record)
                    }
                }
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
        try callsWriter?.finish()
        try quarantine.finish()
        return Result(builder: builder, counts: normalizer.counts, keptCalls: keepCalls ? keptCalls : nil)
    }
}

/// `calls.csv` written on a thread of its own, in the order the records are given: formatting a
/// row costs about as much as counting the call, and the reading thread is the one the whole run
/// waits for. A few batches at most are in flight; a write error is reported by `finish()`.
final class CallsCSVThread: @unchecked Sendable {
    private static let batchSize = 2048
    // Only on `queue`:
    private var writer: CallsCSVWriter
    private var failure: Error?
    // Only on the caller's thread:
    private var batch: [CallRecord] = []
    private let queue = DispatchQueue(label: "callreport.calls-csv")
    private let room = DispatchSemaphore(value: 4)

    init(_ writer: CallsCSVWriter) {
        self.writer = writer
        batch.reserveCapacity(Self.batchSize)
    }

    func write(_ record: CallRecord) {
        batch.append(record)
        if batch.count == Self.batchSize { flush() }
    }

    /// Writes what is left and closes the file, once every batch is written.
    func finish() throws {
        flush()
        try queue.sync {
            if let failure { throw failure }
            try writer.finish()
        }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        let records = batch
        batch.removeAll(keepingCapacity: true)
        room.wait()
        queue.async {
            defer { self.room.signal() }
            guard self.failure == nil else { return }
            do {
                for record in records { try self.writer.write(record) }
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
