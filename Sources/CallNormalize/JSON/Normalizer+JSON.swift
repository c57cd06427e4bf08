import CallModel
import Foundation

extension Normalizer {
    /// Streams a JSON document: element ranges from `JSONStreamReader`, each batch checked and built
    /// on several threads, then counted, deduplicated and delivered in input order on this one.
    ///
    /// `all` is the whole response and `offset` its first meaningful byte (after a byte-order mark
    /// and white space), so that the place of a fault is given as a line and column of `all`.
    mutating func readJSON(
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
        // Batch k+1 is checked and built on the other cores while this thread delivers batch k: the
        // delivery (dedupe, aggregate, calls.csv) must stay in input order, on one thread.
        let threads = Self.threads
        // Several chunks a thread, claimed by whichever thread is free (the reading thread too, once
        // it has delivered the previous batch): threads that finish early do not sit idle.
        let chunksPerBatch = threads == 1 ? 1 : 4 * threads
        let pool = BuilderPool(count: 2 * chunksPerBatch, from: builder)
        var pending: (job: BatchJob, first: Int, end: Int)?
        var batches = 0
        var deliveryFailed = false
        defer { pending?.job.wait() }
        func deliver(_ job: BatchJob, first: Int, end: Int) throws {
            job.wait()
            var position = first
            for chunk in 0..<job.chunks {
                // Taken out one by one (the last of a list made last record first): each record
                // and its identity move on into the seen set and the counting batch, not copied
                // there and then released here, on a thread other than the one that made them.
                var results = job.takeResults(of: chunk)
                for digest in job.digests(of: chunk) where digest != 0 { seen.prefetch(digest: digest) }
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
                    let chunks = ranges.count >= 256 ? chunksPerBatch : 1
                    let job = BatchJob(
                        bytes: body, elements: elements, source: source,
                        builders: pool.builders(set: batches % 2, count: chunksPerBatch), chunks: chunks)
                    batches += 1
                    job.start(helpers: chunks > 1 ? threads : 0)
                    let previous = pending
                    pending = (job, first, ranges[ranges.count - 1].upperBound)
                    if let previous {
                        do {
                            try deliver(previous.job, first: previous.first, end: previous.end)
                        } catch {
                            deliveryFailed = true
                            throw error
                        }
                    }
                }
            } catch {
                // The records before a fault in the list are delivered, as the whole-document reader did.
                if !deliveryFailed, let last = pending {
                    pending = nil
                    try deliver(last.job, first: last.first, end: last.end)
                }
                throw error
            }
            if let last = pending {
                pending = nil
                try deliver(last.job, first: last.first, end: last.end)
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

    /// Above this size a faulty document is reported with the streaming reader's words. Foundation
    /// holds several times a document it reads whole (a faulty 200 MB one took 2.1 GB); a fault
    /// inside a record has Foundation's words and place either way, from the record alone.
    private static let wholeDocumentLimit = 16 << 20
}
