import CallModel
import Foundation

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
    /// The builder of records read on this thread (XML, single records); JSON's building threads
    /// start from copies of it.
    var builder = RecordBuilder()
    var seen = SeenCalls()
    public internal(set) var counts = NormalizeCounts()
    /// Unusable records read with a date filter (from an archive), by a hash of their fields, with
    /// the response that had them first: overlapping archived responses hold the same ones.
    var quarantinedFiltered: [Int: String] = [:]
    /// The secrets no record may carry out, in every form (``SecretForms``).
    let secrets: SecretForms

    /// - Parameter secrets: texts that must reach no output (the API key, when known): a response
    ///   holding any form of one, in any field, is read with every form replaced by `***`, as the
    ///   archive stores it. A response without one costs one search for all the forms, and is read
    ///   as is.
    public init(secrets: [String] = []) {
        self.secrets = SecretForms(secrets: secrets)
    }

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
    ///     overlapping archived responses each supply only the dates they are the newest response for.
    ///     Records without a readable start cannot be placed: each is read once, from the first
    ///     response read with a filter that holds it (the same fields in another response so read
    ///     are the same record, fetched again).
    public mutating func read(
        _ data: Data, source: String,
        including startDates: ((LocalDate) -> Bool)? = nil,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        if !secrets.isEmpty, data.withUnsafeBytes({ secrets.occurs(in: $0) }) {
            return try read(
                Data(secrets.masked(Array(data))), source: source, including: startDates, record: record,
                quarantine: quarantine)
        }
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
                    path: url.path, reason: ErrorText.phrase(error), source: url.lastPathComponent)
            }
            return try read(
                data, source: url.lastPathComponent, including: startDates, record: record, quarantine: quarantine)
        }
        defer { file.close() }
        let source = url.lastPathComponent
        let whole = file.data
        if file.holds(secrets) {
            // Rare (a raw response of an account that echoes its key): read from memory, masked.
            return try read(
                Data(secrets.masked(Array(file.bytes))), source: source, including: startDates, record: record,
                quarantine: quarantine)
        }
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
    static func checkNotHTML(
        _ all: UnsafeRawBufferPointer, offset: Int, source: String
    ) throws(NormalizeError) -> TextPlace {
        let text = UnsafeRawBufferPointer(rebasing: all[offset...])
        if HTMLPage.isPage(text) { throw .htmlPage(title: HTMLPage.title(in: text), source: source) }
        return TextPlace(of: offset, in: all)
    }

    /// Makes room in the set of seen calls for the records of a response of `bytes` bytes, as
    /// estimated from a short record's size: growing the set while it is filled costs about as
    /// much again as filling it.
    mutating func reserveSeen(forBytes bytes: Int, bytesPerRecord: Int) {
        seen.reserveCapacity(seen.count + min(bytes / bytesPerRecord, 1 << 24))
    }

    /// Threads that build records: the machine's cores, or `CALLREPORT_THREADS`.
    static let threads: Int = {
        if let text = ProcessInfo.processInfo.environment["CALLREPORT_THREADS"], let n = Int(text), n >= 1 {
            return min(n, 64)
        }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
    }()

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
    mutating func accept(
        _ outcome: consuming RecordBuilder.Outcome, identity: consuming CallIdentity? = nil, source: String,
        position: Int,
        including startDates: ((LocalDate) -> Bool)?,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        // Taken apart, not copied: the record moves on to `record`, the one owner from here on.
        switch consume outcome {
        case .quarantined(let reason, let kept):
            if startDates != nil {
                var hasher = Hasher()
                hasher.combine(kept)
                let key = hasher.finalize()
                if let first = quarantinedFiltered[key], first != source { return }
                quarantinedFiltered[key] = source
            }
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
