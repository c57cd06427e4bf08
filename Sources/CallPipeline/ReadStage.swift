import CallAggregate
import CallModel
import CallNormalize
import CallRender
import CallWorkbook
import Foundation
import Logging

/// normalize → aggregate over every input, with `calls.csv` and
/// `quarantine.jsonl` written as the records pass.
struct ReadStage {
    let aggregate: AggregateOptions
    let logger: Logger
    let folder: URL
    let byteOrderMark: Bool
    /// Keep the counted calls for a user's `calls.csv.mustache` instead of streaming `calls.csv`.
    let keepCalls: Bool
    /// `--mask-callers`, for calls.csv and quarantine.jsonl.
    let maskCallers: Bool
    /// Texts no output may hold in any form (the API key): see `Normalizer.init(secrets:)`.
    let secrets: [String]
    /// The workbook's Calls sheet (`--xlsx-calls`), fed the counted calls as they pass.
    var callsSheet: CallsSheet? = nil

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
        var normalizer = Normalizer(secrets: secrets)
        var quarantine = try QuarantineFile(
            url: folder.appendingPathComponent("quarantine.jsonl"), maskCallers: maskCallers)
        let counting = CountingThread(
            MetricsBuilder(options: aggregate),
            callsCSV: keepCalls
                ? nil
                : try CallsCSVWriter(
                    url: folder.appendingPathComponent("calls.csv"), timeZone: aggregate.timeZone.timeZone,
                    byteOrderMark: byteOrderMark,
                    maskCallers: maskCallers),
            callsSheet: callsSheet)

        do {
            for input in inputs {
                let before = normalizer.counts
                let onRecord: (consuming CallRecord) -> Void = { counting.add($0) }
                switch input {
                case .file(let url):
                    try normalizer.read(fileAt: url, record: onRecord, quarantine: { try quarantine.write($0) })
                case .archived(let response):
                    try normalizer.read(
                        fileAt: response.url, including: input.dateFilter, record: onRecord,
                        quarantine: { try quarantine.write($0) })
                case .memory(let name, let body):
                    try normalizer.read(body, source: name, record: onRecord, quarantine: { try quarantine.write($0) })
                }
                let read = normalizer.counts.inputRecords - before.inputRecords
                let empty = normalizer.counts.emptyResponses > before.emptyResponses
                logger.info(
                    "read \(input.name): \(empty ? "no record found (empty window)" : "\(read) records")")
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
