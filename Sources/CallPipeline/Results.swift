import CallAggregate
import CallDeliver
import CallFetch
import CallModel
import Foundation

/// What a report run made.
public struct ReportResult: Sendable {
    /// The report folder, `<output>/<label>/`.
    public let folder: URL
    /// The names of the files in the folder once the run ended, in byte order.
    public let files: [String]
    /// Every figure, as written to metrics.json.
    public let metrics: Metrics
    /// What the reader of the report should know (also logged as they happened).
    public let warnings: [String]
    /// How long each stage took.
    public let stageTimes: [StageTime]
    /// What became of summary.eml with `--send`; `nil` without.
    public internal(set) var delivery: Delivery?
}

/// What `--send` did.
public enum Delivery: Sendable, Equatable {
    /// Sent now; sent.json records it.
    case sent(SentRecord)
    /// sent.json says it went already, and `--resend` was not given.
    case alreadySent(SentRecord)
}

/// What a `fetch` run did.
public struct FetchResult: Sendable {
    /// The dates asked for; `from` after `to` when the archive was already up to date.
    public let from: LocalDate
    public let to: LocalDate
    public let outcome: FetchOutcome
    /// The folder the account's responses are archived in.
    public let archiveFolder: URL
    public let warnings: [String]

    /// Whether there was nothing to fetch.
    public var upToDate: Bool { from > to }
}
