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
    /// What identifies one call: records equal in these three are duplicates (SPEC §3).
    private struct CallIdentity: Hashable, Sendable {
        var ucid: String
        /// `agentId ?? agentName`; two records with neither share `nil`.
        var agentKey: String?
        /// Compared as a time, so `T` and a space in the written form agree.
        var start: LocalDateTime
    }

    private var builder = RecordBuilder()
    private var seen: Set<CallIdentity> = []
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
        record: (CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        guard let (syntax, offset) = ResponseSyntax.sniff(data) else {
            guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else {
                throw NormalizeError.empty(source: source)
            }
            throw NormalizeError.unknownFormat(start: Self.describe(first), source: source)
        }
        let body = data.dropFirst(offset)
        let handle: ([RawField], Int) throws -> Void = { fields, position in
            try self.readRecord(
                fields, source: source, position: position, including: startDates, record: record,
                quarantine: quarantine)
        }
        let verdict =
            switch syntax {
            case .json: try JSONResponseReader.read(body, source: source, record: handle)
            case .xml: try XMLResponseReader.read(body, source: source, record: handle)
            }
        counts.responses += 1
        if verdict == .noRecordFound { counts.emptyResponses += 1 }
    }

    /// Reads a saved response file; its file name is the source in messages and quarantine lines.
    /// `startDates` is as for `read(_:source:including:record:quarantine:)`.
    public mutating func read(
        fileAt url: URL,
        including startDates: ((LocalDate) -> Bool)? = nil,
        record: (CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw NormalizeError.unreadableFile(
                path: url.path, reason: (error as NSError).localizedDescription, source: url.lastPathComponent)
        }
        try read(
            data, source: url.lastPathComponent, including: startDates, record: record, quarantine: quarantine)
    }

    /// Normalizes one record already split into fields (the step both readers end in).
    ///
    /// Useful to feed records from elsewhere; `position` is the record's 1-based place in `source`.
    public mutating func readRecord(
        _ fields: [RawField], source: String, position: Int,
        including startDates: ((LocalDate) -> Bool)? = nil,
        record: (CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws {
        let outcome = builder.build(fields)
        if case .record(let call) = outcome, let startDates, !startDates(call.start.date) { return }
        counts.inputRecords += 1
        switch outcome {
        case .quarantined(let reason, let kept):
            counts.quarantined += 1
            switch reason {
            case .missingStart: counts.missingStart += 1
            case .invalidStart: counts.invalidStart += 1
            }
            try quarantine(QuarantinedRecord(reason: reason, source: source, position: position, fields: kept))
        case .record(let call):
            if let ucid = call.ucid {
                let identity = CallIdentity(ucid: ucid, agentKey: call.agentKey, start: call.start)
                guard seen.insert(identity).inserted else {
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
