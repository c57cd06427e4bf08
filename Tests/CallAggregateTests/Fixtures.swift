import CallModel
import Foundation

@testable import CallAggregate

/// A start time from its text; tests only use well-formed ones.
func at(_ text: String) -> LocalDateTime {
    guard let time = LocalDateTime(text) else { fatalError("bad test time \(text)") }
    return time
}

func period(_ from: String, _ to: String) -> ReportPeriod {
    ReportPeriod(from: LocalDate(from)!, to: LocalDate(to)!)!
}

/// 2026-10-01 … 2026-10-03, T = 20: the period of the hand-computed sample.
let samplePeriod = period("2026-10-01", "2026-10-03")

func metrics(
    _ records: [CallRecord], options: AggregateOptions = AggregateOptions(period: samplePeriod),
    normalize: NormalizeCounts = NormalizeCounts(), fetch: FetchSummary = FetchSummary()
) -> Metrics {
    var builder = MetricsBuilder(options: options)
    for record in records { builder.add(record) }
    return builder.build(normalize: normalize, fetch: fetch)
}

/// Ten calls whose figures are worked out by hand in SampleMetricsTests.
///
///     #   start             agent            skill    campaign  status       tta  handle (how)          transfer
///     R1  10-01 09:15:00    A1 "Asha"        Sales    Inbound   Answered     10   150 (100+20+30)       "No Transfers" → no
///     R2  10-01 09:40:00    A1 "Asha K"      Sales    Inbound   answered     20   200 (handling)        "Blind" → yes
///     R3  10-01 10:05:00    A2 "Bala"        Support  Inbound   NotAnswered   0   —                     —
///     R4  10-02 10:30:00    A2 "Bala"        Support  Outbound  ANSWERED     25    70 (60+0+10)         to 5001 → yes
///     R5  10-02 11:00:00    (unassigned)     (none)   Inbound   Unanswered    0   —                     —
///     R6  10-02 23:59:59    name "Chitra"    Sales    (none)    answered      5   300 (handling)        "none" → no
///     R7  10-01 09:00:00    A1 "Asha"        Sales    Inbound   answered     30    50 (50+0+0)          "0" → no
///     R8  10-02 10:00:00    A2 "Bala"        Support  Outbound  (no status)   0   —                     —
///     R9  10-01 00:00:00    name "Chitra"    Sales    (none)    answered     15    60 (40+5+15)         "No Transfer" → no
///     R10 10-02 09:05:00    A1 (no name)     Support  Inbound   Answered      0     0 (handling 0)      — → no
let sampleRecords: [CallRecord] = [
    CallRecord(
        start: at("2026-10-01 09:15:00"), ucid: "1", campaign: "Inbound", skill: "Sales", agentId: "A1",
        agentName: "Asha", timeToAnswer: 10, talk: 100, hold: 20, wrapup: 30, status: "Answered",
        transferType: "No Transfers"),
    CallRecord(
        start: at("2026-10-01 09:40:00"), ucid: "2", campaign: "Inbound", skill: "Sales", agentId: "A1",
        agentName: "Asha K", timeToAnswer: 20, talk: 150, handling: 200, status: "answered", transferType: "Blind"),
    CallRecord(
        start: at("2026-10-01 10:05:00"), ucid: "3", campaign: "Inbound", skill: "Support", agentId: "A2",
        agentName: "Bala", status: "NotAnswered"),
    CallRecord(
        start: at("2026-10-02 10:30:00"), ucid: "4", campaign: "Outbound", skill: "Support", agentId: "A2",
        agentName: "Bala", timeToAnswer: 25, talk: 60, hold: 0, wrapup: 10, status: "ANSWERED",
        transferredTo: "5001"),
    CallRecord(start: at("2026-10-02 11:00:00"), ucid: "5", campaign: "Inbound", status: "Unanswered"),
    CallRecord(
        start: at("2026-10-02 23:59:59"), ucid: "6", skill: "Sales", agentName: "Chitra", timeToAnswer: 5,
        handling: 300, status: "answered", transferType: "none"),
    CallRecord(
        start: at("2026-10-01 09:00:00"), ucid: "7", campaign: "Inbound", skill: "Sales", agentId: "A1",
        agentName: "Asha", timeToAnswer: 30, talk: 50, status: "answered", transferType: "0"),
    CallRecord(
        start: at("2026-10-02 10:00:00"), ucid: "8", campaign: "Outbound", skill: "Support", agentId: "A2",
        agentName: "Bala"),
    CallRecord(
        start: at("2026-10-01 00:00:00"), ucid: "9", skill: "Sales", agentName: "Chitra", timeToAnswer: 15,
        talk: 40, hold: 5, wrapup: 15, status: "answered", transferType: "No Transfer"),
    CallRecord(
        start: at("2026-10-02 09:05:00"), ucid: "10", campaign: "Inbound", skill: "Support", agentId: "A1",
        timeToAnswer: 0, talk: 90, handling: 0, status: "Answered"),
]

extension AggregateOptions {
    /// The options of a test: SPEC §6's defaults (which the library itself leaves to the settings) unless given.
    init(
        period: ReportPeriod, serviceLevelSeconds: Int = 20, campaigns: [String] = [], repeatWindowDays: Int = 7,
        shortAbandonSeconds: Int = 5, intervalMinutes: Int = 30, targetServiceLevel: Double = 0.8
    ) {
        self.init(
            period: period, timeZone: ReportTimeZone(identifier: "Asia/Kolkata")!,
            serviceLevelSeconds: serviceLevelSeconds,
            campaigns: campaigns, repeatWindowDays: repeatWindowDays, shortAbandonSeconds: shortAbandonSeconds,
            intervalMinutes: intervalMinutes, targetServiceLevel: targetServiceLevel)
    }
}
