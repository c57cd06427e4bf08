import CallAggregate
import CallModel
import CallRender
import Foundation

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
