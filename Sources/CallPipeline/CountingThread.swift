import CallAggregate
import CallModel
import CallRender
import CallWorkbook
import Foundation

/// Counting (aggregate) on a thread of its own, in the order the records are given, and
/// `calls.csv` on another after it: each costs about as much as reading the records, and the
/// reading thread is the one the whole run waits for. A few batches at most are in flight at each
/// step; a write error is reported by `finish()`.
///
/// Without a `calls.csv` writer the counted calls are kept instead, for a user's
/// `calls.csv.mustache`. With `--xlsx-calls` the counted calls also go to the workbook's Calls
/// sheet, on a third thread.
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
    // Only on `sheetWriting`:
    private let sheet: CallsSheet?
    private var sheetFailure: Error?
    private let sheetWriting = DispatchQueue(label: "callreport.calls-sheet")
    private let sheetRoom = DispatchSemaphore(value: 4)

    init(_ builder: MetricsBuilder, callsCSV writer: consuming CallsCSVWriter?, callsSheet sheet: CallsSheet? = nil) {
        self.builder = builder
        self.keeps = writer == nil
        self.writer = writer
        self.sheet = sheet
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
    /// the first write error; the Calls sheet's rows are all written when it returns.
    func finishWriting() throws {
        if sheet != nil {
            try sheetWriting.sync {
                if let sheetFailure { throw sheetFailure }
            }
        }
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
            if self.sheet != nil { self.writeSheet(records, skipping: skipped) }
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
                try Self.forEachCounted(in: records, skipping: skipped) { try self.writer!.write($0) }
            } catch {
                self.failure = error
            }
        }
    }

    /// On `queue`: hands the counted records of a batch to `sheetWriting`, for the Calls sheet.
    private func writeSheet(_ records: [CallRecord], skipping skipped: [Int]) {
        sheetRoom.wait()
        sheetWriting.async {
            defer { self.sheetRoom.signal() }
            guard self.sheetFailure == nil, let sheet = self.sheet else { return }
            do {
                try Self.forEachCounted(in: records, skipping: skipped) { try sheet.write($0) }
            } catch {
                self.sheetFailure = error
            }
        }
    }

    /// Calls `body` with each of `records` but those at the places of `skipped` (ascending).
    private static func forEachCounted(
        in records: [CallRecord], skipping skipped: [Int], _ body: (CallRecord) throws -> Void
    ) rethrows {
        var next = skipped.makeIterator()
        var nextSkipped = next.next()
        for index in records.indices {
            if index == nextSkipped {
                nextSkipped = next.next()
                continue
            }
            try body(records[index])
        }
    }
}
