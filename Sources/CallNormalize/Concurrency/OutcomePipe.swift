import Foundation

/// Records read from XML, from the reading thread to the ordering thread (the one that delivers them in input order), a few batches at most in
/// flight; emptied batches go back to the reading thread to be filled again, so that their storage
/// is allocated once. Everything is under `condition`, hence the unchecked `Sendable`.
final class OutcomePipe: @unchecked Sendable {
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

    /// Takes back a batch delivered and emptied, for the reader to fill again.
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
