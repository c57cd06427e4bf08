import CallAggregate
import CallModel
import CallRender

/// The sheets of report.xlsx, each a list of typed columns named as in metrics.json and the CSV
/// files, in the same order (SPEC §5).
public enum ReportSheets {
    /// One line of the Summary sheet: a figure's name and its typed value.
    public struct SummaryLine: Sendable {
        public let figure: String
        public let value: SheetCell
    }

    /// The period and the totals, a line each.
    public static let summary = SheetTable<SummaryLine>(
        "Summary",
        [
            SheetColumn("figure") { .text($0.figure) },
            SheetColumn("value") { $0.value },
        ])

    /// The lines of the Summary sheet: `period`'s fields, then `totals`', then those of `inbound`, `outbound`
    /// and `recovery` under their section's name (metrics.json's names and order).
    static func summaryLines(_ metrics: Metrics) -> [SummaryLine] {
        let period = metrics.period
        let totals = metrics.totals
        var lines: [(String, SheetCell)] = [
            ("from", .date(text: period.from)),
            ("to", .date(text: period.to)),
            ("timezone", .text(period.timezone)),
            ("serviceLevelSeconds", .seconds(period.serviceLevelSeconds)),
        ]
        if let requestedTo = period.requestedTo { lines.append(("requestedTo", .date(text: requestedTo))) }
        if let campaigns = period.campaigns { lines.append(("campaigns", .text(campaigns.joined(separator: ", ")))) }
        lines += [
            ("offered", .count(totals.offered)),
            ("answered", .count(totals.answered)),
            ("unanswered", .count(totals.unanswered)),
            ("transferred", .count(totals.transferred)),
            ("handleSeconds", .seconds(totals.handleSeconds)),
            ("aht", .seconds(totals.aht)),
            ("asa", .seconds(totals.asa)),
            ("serviceLevel", .rate(totals.serviceLevel)),
            ("abandonRate", .rate(totals.abandonRate)),
            ("transferRate", .rate(totals.transferRate)),
            ("medianHandle", .seconds(totals.medianHandle)),
            ("p90Handle", .seconds(totals.p90Handle)),
        ]
        if let inbound = metrics.inbound {
            lines += [
                ("inbound.offered", .count(inbound.offered)),
                ("inbound.answered", .count(inbound.answered)),
                ("inbound.unanswered", .count(inbound.unanswered)),
                ("inbound.shortAbandoned", .count(inbound.shortAbandoned)),
                ("inbound.serviceLevel", .rate(inbound.serviceLevel)),
                ("inbound.serviceLevelExcludingShort", .rate(inbound.serviceLevelExcludingShort)),
                ("inbound.asa", .seconds(inbound.asa)),
                ("inbound.abandonRate", .rate(inbound.abandonRate)),
                ("inbound.abandonRateExcludingShort", .rate(inbound.abandonRateExcludingShort)),
                ("inbound.aht", .seconds(inbound.aht)),
                ("inbound.medianHandle", .seconds(inbound.medianHandle)),
                ("inbound.p90Handle", .seconds(inbound.p90Handle)),
                ("inbound.transferred", .count(inbound.transferred)),
                ("inbound.transferRate", .rate(inbound.transferRate)),
                ("inbound.abandonWait.median", .seconds(inbound.abandonWait.median)),
            ]
        }
        if let outbound = metrics.outbound {
            lines += [
                ("outbound.attempts", .count(outbound.attempts)),
                ("outbound.connected", .count(outbound.connected)),
                ("outbound.connectRate", .rate(outbound.connectRate)),
                ("outbound.aht", .seconds(outbound.aht)),
                ("outbound.medianHandle", .seconds(outbound.medianHandle)),
                ("outbound.p90Handle", .seconds(outbound.p90Handle)),
                ("outbound.talkSeconds", .seconds(outbound.talkSeconds)),
                ("outbound.handleSeconds", .seconds(outbound.handleSeconds)),
                ("outbound.transferred", .count(outbound.transferred)),
                ("outbound.transferRate", .rate(outbound.transferRate)),
            ]
        }
        if let recovery = metrics.recovery {
            lines += [
                ("recovery.missedNumbers", .count(recovery.missedNumbers)),
                ("recovery.recovered", .count(recovery.recovered)),
                ("recovery.recoveryRate", .rate(recovery.recoveryRate)),
                ("recovery.medianRecoverySeconds", .seconds(recovery.medianRecoverySeconds)),
            ]
        }
        return lines.map { SummaryLine(figure: $0.0, value: $0.1) }
    }

    /// agents.csv's columns.
    public static let agents = SheetTable<AgentFigures>(
        "Agents",
        [
            SheetColumn("id") { .text($0.id) },
            SheetColumn("name") { .text($0.name) },
            SheetColumn("offered") { .count($0.offered) },
            SheetColumn("answered") { .count($0.answered) },
            SheetColumn("handleSeconds") { .seconds($0.handleSeconds) },
            SheetColumn("talkSeconds") { .seconds($0.talkSeconds) },
            SheetColumn("holdSeconds") { .seconds($0.holdSeconds) },
            SheetColumn("wrapupSeconds") { .seconds($0.wrapupSeconds) },
            SheetColumn("aht") { .seconds($0.aht) },
            SheetColumn("medianHandle") { .seconds($0.medianHandle) },
            SheetColumn("p90Handle") { .seconds($0.p90Handle) },
            SheetColumn("asa") { .seconds($0.asa) },
            SheetColumn("transferred") { .count($0.transferred) },
            SheetColumn("transferRate") { .rate($0.transferRate) },
        ])

    /// skills.csv's and campaigns.csv's columns.
    static func groups(_ name: String) -> SheetTable<GroupFigures> {
        SheetTable(
            name,
            [
                SheetColumn("name") { .text($0.name) },
                SheetColumn("direction") { .text($0.direction?.rawValue) },
                SheetColumn("offered") { .count($0.offered) },
                SheetColumn("answered") { .count($0.answered) },
                SheetColumn("unanswered") { .count($0.unanswered) },
                SheetColumn("abandonRate") { .rate($0.abandonRate) },
                SheetColumn("handleSeconds") { .seconds($0.handleSeconds) },
                SheetColumn("aht") { .seconds($0.aht) },
                SheetColumn("asa") { .seconds($0.asa) },
                SheetColumn("serviceLevel") { .rate($0.serviceLevel) },
                SheetColumn("transferred") { .count($0.transferred) },
                SheetColumn("transferRate") { .rate($0.transferRate) },
            ])
    }

    public static let skills = groups("Skills")
    public static let campaigns = groups("Campaigns")

    /// daily.csv's columns.
    public static let daily = SheetTable<DayFigures>(
        "Daily",
        [
            SheetColumn("date") { .date(text: $0.date) },
            SheetColumn("offered") { .count($0.offered) },
            SheetColumn("answered") { .count($0.answered) },
            SheetColumn("unanswered") { .count($0.unanswered) },
            SheetColumn("handleSeconds") { .seconds($0.handleSeconds) },
            SheetColumn("aht") { .seconds($0.aht) },
        ])

    /// intervals.csv's columns: the staffing of each weekday × interval (SPEC §4b).
    public static let intervals = SheetTable<IntervalRow>(
        "Intervals",
        [
            SheetColumn("weekday") { .text($0.weekday) },
            SheetColumn("start") { .text($0.start) },
            SheetColumn("days") { .count($0.days) },
            SheetColumn("offered") { .count($0.offered) },
            SheetColumn("averageOffered") { .number($0.averageOffered) },
            SheetColumn("answered") { .count($0.answered) },
            SheetColumn("aht") { .seconds($0.aht) },
            SheetColumn("serviceLevel") { .rate($0.serviceLevel) },
            SheetColumn("requiredAgents") { .count($0.requiredAgents) },
            SheetColumn("occupancy") { .rate($0.occupancy) },
        ])

    /// dispositions.csv's columns.
    public static let dispositions = SheetTable<DispositionFigures>(
        "Dispositions",
        [
            SheetColumn("name") { .text($0.name) },
            SheetColumn("calls") { .count($0.calls) },
            SheetColumn("answered") { .count($0.answered) },
            SheetColumn("share") { .rate($0.share) },
            SheetColumn("aht") { .seconds($0.aht) },
        ])

    /// missed.csv's columns: the call-back list (caller numbers, masked before they get here
    /// with `--mask-callers`).
    public static let missed = SheetTable<MissedCaller>(
        "Missed",
        [
            SheetColumn("callerId") { .text($0.callerId) },
            SheetColumn("firstMissed") { .dateTime($0.firstMissed) },
            SheetColumn("lastMissed") { .dateTime($0.lastMissed) },
            SheetColumn("missedCount") { .count($0.missedCount) },
            SheetColumn("skill") { .text($0.skill) },
            SheetColumn("campaign") { .text($0.campaign) },
        ])

    /// calls.csv's columns (`--xlsx-calls`); `maskCallers` shows only the last four digits of
    /// `callerId`, as in calls.csv.
    public static func calls(maskCallers: Bool) -> SheetTable<CallRecord> {
        SheetTable(
            "Calls",
            [
                SheetColumn("ucid") { .text($0.ucid) },
                SheetColumn("start") { .dateTime($0.start) },
                SheetColumn("end") { .dateTime($0.end) },
                SheetColumn("agentId") { .text($0.agentId) },
                SheetColumn("agentName") { .text($0.agentName) },
                SheetColumn("campaign") { .text($0.campaign) },
                SheetColumn("skill") { .text($0.skill) },
                SheetColumn("type") { .text($0.type) },
                SheetColumn("status") { .text($0.status) },
                SheetColumn("answered") { .flag($0.isAnswered) },
                SheetColumn("timeToAnswer") { .seconds($0.timeToAnswer) },
                SheetColumn("talk") { .seconds($0.talk) },
                SheetColumn("hold") { .seconds($0.hold) },
                SheetColumn("wrapup") { .seconds($0.wrapup) },
                // As in calls.csv: handle time is a figure of answered calls only.
                SheetColumn("handle") { .seconds($0.isAnswered ? $0.handleSeconds : nil) },
                SheetColumn("transferred") { .flag($0.isTransferred) },
                SheetColumn("transferType") { .text($0.transferType) },
                SheetColumn("transferredTo") { .text($0.transferredTo) },
                SheetColumn("disposition") { .text($0.disposition) },
                SheetColumn("hangupBy") { .text($0.hangupBy) },
                SheetColumn("callerId") { .text(maskCallers ? $0.callerId.map(CallerMask.mask) : $0.callerId) },
                SheetColumn("did") { .text($0.did) },
                SheetColumn("location") { .text($0.location) },
            ])
    }
}
