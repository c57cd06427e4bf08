import CallModel
import Foundation

/// What a report aggregates over: the period, the zone it is written in, the
/// service-level threshold and the `--campaign` filter.
///
/// Every value is given by the caller: the defaults of a report live in its
/// settings (CallPipeline's `ReportSettings`), not here.
public struct AggregateOptions: Hashable, Sendable {
    /// Dates whose calls count; a call belongs to the date written in its start time.
    public var period: ReportPeriod
    /// Reported in `period.timezone`. Dates and hours are the wall-clock ones
    /// written by CloudAgent, so aggregation itself never converts times.
    public var timeZone: ReportTimeZone
    /// T of SPEC §4: an answered call with timeToAnswer ≤ T is within service level.
    public var serviceLevelSeconds: Int
    /// `--campaign` values, matched ignoring case; empty means every campaign.
    public var campaigns: [String]
    /// `--repeat-window`: days after an answered call within which a new
    /// call from the same number counts as a repeat.
    public var repeatWindowDays: Int
    /// `--short-abandon` (SPEC §4b): an unanswered inbound call with a known wait below this many
    /// seconds is a short abandon; 0 makes none.
    public var shortAbandonSeconds: Int
    /// `--interval`: the minutes of a staffing interval, 15, 30 or 60.
    public var intervalMinutes: Int
    /// `--target-service-level`: the service level, in (0, 1), the required agents reach.
    public var targetServiceLevel: Double

    public init(
        period: ReportPeriod,
        timeZone: ReportTimeZone,
        serviceLevelSeconds: Int,
        campaigns: [String],
        repeatWindowDays: Int,
        shortAbandonSeconds: Int,
        intervalMinutes: Int,
        targetServiceLevel: Double
    ) {
        self.period = period
        self.timeZone = timeZone
        self.serviceLevelSeconds = serviceLevelSeconds
        self.campaigns = campaigns
        self.repeatWindowDays = repeatWindowDays
        self.shortAbandonSeconds = shortAbandonSeconds
        self.intervalMinutes = intervalMinutes
        self.targetServiceLevel = targetServiceLevel
    }
}

/// What became of a record handed to ``MetricsBuilder/add(_:)``.
public enum Inclusion: Hashable, Sendable {
    /// In the period and the campaign filter: it counts in every figure.
    case counted
    /// Its start date lies outside the period: it counts only under `dataQuality.outOfPeriod`.
    case outOfPeriod
    /// Left out by `--campaign`: it counts nowhere, not even in `dataQuality`.
    case filteredOut
}
