import CallAggregate
import CallModel
import Foundation
import Mustache

/// Everything a template can use. Every template (HTML, Markdown, CSV or
/// other) gets the same view; the escaping depends on the output, not on the
/// field.
///
/// Two kinds of field: raw figures with the names of metrics.json (for CSV:
/// counts and seconds as integers, averages and rates as unrounded
/// fractions printed by `Double.description`, so `1.0` and
/// `0.8333333333333334`; a missing figure renders empty), and `…Text`
/// fields for people (rounded: `81.3 %`, `4m 07s`; a missing figure reads
/// `—`). Booleans (`has…`, `…More`) are there because Mustache treats 0 as
/// true in `{{#section}}`.
///
/// Top level:
/// - `label` (`2026-10`), `account` (missing for demo/offline runs),
///   `campaignFilter` (`Sales, Retention`; missing when every campaign
///   counts), `generatedAt` (missing unless the caller sets it), `topRows`
///   (how many rows the summaries list, default 25).
/// - `period`: `from`, `to` (`YYYY-MM-DD`), `timezone`,
///   `serviceLevelSeconds` (T), `dayCount`.
/// - `totals`: `offered`, `answered`, `unanswered`, `transferred`,
///   `handleSeconds`, `aht`, `asa`, `serviceLevel`, `abandonRate`,
///   `transferRate`, `medianHandle`, `p90Handle`, `answerRate`; and
///   `answerRateText`, `ahtText`, `asaText`, `serviceLevelText`,
///   `abandonRateText`, `transferRateText`, `medianHandleText`,
///   `p90HandleText`, `handleText`.
/// - `headline`: the figures of the headline tiles, with the fields and
///   changes of `totals`: the inbound calls' figures (`inbound` of
///   metrics.json; changes against the previous report's inbound figures), or
///   the totals for a metrics.json of version 1; `headlineIsInbound`;
///   `headlineNoComparison` (why the inbound tiles show no change although
///   there is a comparison: the previous report predates the inbound figures)
/// - `inbound` (the headline's other inbound facts): `shortAbandoned`,
///   `oneShortAbandon`, `shortAbandonSeconds` (S), `shortAbandonOff` (S = 0),
///   `serviceLevelExcludingShortText`, `abandonRateExcludingShortText`,
///   `waitKnown`, `waitUnknown`, `hasWaitUnknown`, `waitMedianText`,
///   `hasWaits`, `waitBars` (the eight wait ranges: `label` (`0–5 s` …
///   `5 min+`), `paddedLabel`, `calls`, `shareText` (of known waits),
///   `barPercent`, `restPercent`, `hasBar`, `hasRest`)
/// - `outbound` (only when the period has outbound attempts), `hasOutbound`:
///   `attempts`, `connected`, `connectRate`, `connectRateText`, `ahtText`,
///   `transferRateText`
/// - `dispositionsTop`, `hangupsTop` (the first 8 rows): `rows`, `count`,
///   `shown`, `hidden`, `more`, `hasRows`; a row: `rank`, `first`, `name`, `calls`,
///   `answered` (dispositions), `share`, `aht` (dispositions), `shareText`,
///   `ahtText`
/// - `recovery`: `missedNumbers`, `oneMissedNumber`, `recovered`,
///   `recoveryRateText`, `medianRecoverySeconds`, `medianRecoveryText`
///   (`50m 00s`, `3h 12m`, `6d 23h`), `hasMissedNumbers`, `hasRecovered`
/// - `heatMap` (missing without inbound calls), `hasHeatMap`: `weekdays`
///   (Mon …, those of the period), `rows` (24 hours: `hour` `00`…`23`,
///   `cells`: `text` (average calls offered in the hour, blank for none),
///   `background`, `color`), `peakAgents` (a cell per weekday: the most
///   agents any interval of it requires), `peaks` (`weekday`, `agents`),
///   `minutes`, `summedToHours` (intervals under an hour were added up),
///   `targetServiceLevelText`, `serviceLevelSeconds`, `busiestText`,
///   `columnCount`, `columnPercent`
/// - `agents` (every agent, metrics.json order), `agentsTop` (the first
///   `topRows`), `agentCount`, `agentsShown`, `agentsMore` (true when
///   `agentsTop` is cut short), `hasAgents`. Each agent row: `rank` (1…),
///   `id`, `name`, `nameIsId`, `offered`, `answered`, `handleSeconds`,
///   `talkSeconds`, `holdSeconds`, `wrapupSeconds`, `aht`, `medianHandle`,
///   `p90Handle`, `asa`, `transferred`, `transferRate`, `answerRate`;
///   `ahtText`, `medianHandleText`, `p90HandleText`, `asaText`,
///   `transferRateText`, `answerRateText`, `handleText`.
/// - `skills`, `skillsTop`, `skillCount`, `skillsShown`, `skillsMore`,
///   `hasSkills`; `campaigns`, `campaignsTop`, `campaignCount`,
///   `campaignsShown`, `campaignsMore`, `hasCampaigns`. Each row: `rank`,
///   `name`, `direction` (`inbound`, `outbound` or `mixed`), `offered`,
///   `answered`, `unanswered`, `abandonRate`, `handleSeconds`, `aht`,
///   `asa`, `serviceLevel`, `transferred`,
///   `transferRate`, `answerRate`; `abandonRateText`, `ahtText`, `asaText`,
///   `serviceLevelText`, `transferRateText`, `answerRateText`, `handleText`.
/// - `daily` (one row per date): `date`, `weekday` (`Mon`), `offered`,
///   `answered`, `unanswered`, `handleSeconds`, `aht`; `ahtText`,
///   `answerRateText`.
/// - `dailyChart`: the daily volume chart, one row per date, or per run of
///   `dailyChartDaysPerRow` dates (7, or more beyond 217 days) when the
///   period is longer than 31 days
///   (`dailyChartGrouped` is then true), so the HTML stays small.
///   `hourly`: hours 0–23. Chart rows: `label` (`2026-10-01 Thu`,
///   `2026-01-05 – 2026-01-11`, `09:00`), `offered`, `answered`,
///   `unanswered`, `answerRateText`, and bar widths in whole percent of the
///   busiest row: `barPercent` (offered), `answeredBarPercent` and
///   `unansweredBarPercent` (its two parts; they add up to `barPercent`),
///   `restPercent` (100 − `barPercent`), with `hasBar`, `hasAnsweredBar`,
///   `hasUnansweredBar`, `hasRest` to leave out empty cells. Hourly rows
///   also carry `hour` (0–23); chart rows of single dates `date`.
/// - `dispositions` (metrics.json order): `name`, `calls`, `answered`,
///   `share`, `aht`.
/// - `intervals` (missing for a metrics.json of version 1): `minutes`,
///   `targetServiceLevel`, `serviceLevelSeconds`, `rows`; a row: `weekday`
///   (`Mon`), `start` (`HH:MM`), `days`, `offered`, `averageOffered`,
///   `answered`, `aht`, `serviceLevel`, `requiredAgents`, `occupancy`.
/// - `dataQuality`: `inputRecords`, `normalized`, `duplicates`,
///   `quarantined`, `outOfPeriod`, `missingStart`, `invalidStart`,
///   `invalidDuration`, `counted` (= offered), `hasIssues`.
/// - `fetch`: `requests`, `windows`, `fromArchive`.
/// - `definitions`: `term`, `text`: what the figures mean, written once here
///   so HTML and Markdown say the same thing.
/// - Changes against the previous period (missing without one; see
///   ``ChangeText``): totals `offeredChange`, `answeredChange`,
///   `answerRateChange`, `ahtChange`, `asaChange`, `serviceLevelChange`,
///   `abandonRateChange`, `transferRateChange` (with the previous value),
///   and each as `…ChangeParts`: `amount`, `previous` (missing for `new`);
///   agent rows `answeredChange`, `ahtChange`, `medianHandleChange`,
///   `p90HandleChange`, `transferRateChange`, `asaChange`; skill rows
///   `offeredChange`, `serviceLevelChange`, `abandonRateChange`,
///   `ahtChange`, `asaChange`, `transferRateChange`. A rate changes in
///   percentage points (`▲ 1.3 pp`), every other figure in percent.
/// - `hasComparison`; `comparison`: `previousFrom`, `previousTo`,
///   `alertChangeText`, `alerts`, `alertsTop`, `alertCount`,
///   `alertsHidden`, `alertsMore`, `hasAlerts`, `hasOneAlert`; an alert:
///   `skill`, `figure`, `changeText`, `previousText`, `currentText`.
/// - `callers`: `missedCallers`, `hasMissedCallers`, `oneMissedCaller`,
///   `repeatWindowDays`, `answeredCallers`, `repeatCallers`, `repeatRate`,
///   `repeatRateText`.
/// - `missed`: the call-back list for missed.csv: `callerId`,
///   `firstMissed`, `lastMissed`, `missedCount`, `skill`, `campaign`. It
///   holds caller numbers: the summaries show only `callers.missedCallers`.
/// - `calls`: only when the caller passes the calls (a custom
///   `calls.csv.mustache`): one row per call with the columns of calls.csv
///   (`ucid`, `start`, `end`, `agentId`, … `location`; see
///   ``CallsCSVWriter``), read one at a time as the template walks them.
/// - `mailed`: true when the summary is rendered for summary.eml;
///   `mailAttachments` (missing when the mail carries nothing): what it
///   carries, `report.xlsx (sheets Summary, Agents, …)` or `agents.csv, …`.
/// - `places`: where the whole of a table is, to name it in a sentence: `agents`,
///   `skills`, `campaigns`, `daily`, `dispositions`, `intervals`, `callBackList` (missed.csv),
///   `quarantine`, `metrics`. The file's name (`skills.csv`); in the mailed
///   summary the attachment that holds it (`the Skills sheet of the attached
///   report.xlsx`), or missing when the mail does not carry it.
struct ReportView {
    let label: String
    let account: String?
    let campaignFilter: String?
    let generatedAt: String?
    let topRows: Int
    let period: PeriodView
    let totals: TotalsView
    let agents: [ViewFields]
    let agentsTop: [ViewFields]
    let agentCount: Int
    let agentsShown: Int
    let agentsMore: Bool
    let hasAgents: Bool
    let skills: [ViewFields]
    let skillsTop: [ViewFields]
    let skillCount: Int
    let skillsShown: Int
    let skillsMore: Bool
    let hasSkills: Bool
    let campaigns: [ViewFields]
    let campaignsTop: [ViewFields]
    let campaignCount: Int
    let campaignsShown: Int
    let campaignsMore: Bool
    let hasCampaigns: Bool
    let daily: [ViewFields]
    let dailyChart: [ViewFields]
    let dailyChartDaysPerRow: Int
    let dailyChartGrouped: Bool
    let hourly: [ViewFields]
    /// The headline tiles: the inbound figures, or the totals for a metrics.json of version 1.
    let headline: TotalsView
    let headlineIsInbound: Bool
    /// Why the inbound headline shows no change although there is a comparison.
    let headlineNoComparison: String?
    let inbound: InboundView?
    let outbound: OutboundView?
    let hasOutbound: Bool
    let dispositions: [ViewFields]
    let dispositionsTop: TopList?
    let hangupsTop: TopList?
    let recovery: RecoveryView?
    let heatMap: HeatMapView?
    let hasHeatMap: Bool
    let intervals: IntervalsView?
    let dataQuality: DataQualityView
    let fetch: FetchSummary
    let definitions: [Definition]
    let calls: CallRows?
    let comparison: ComparisonView?
    let hasComparison: Bool
    /// Why there is no comparison (`comparisonNote` of the context); missing when there is one.
    let noComparison: String?
    let callers: CallersView?
    /// Rows of their own kind, not ``ViewFields``: a month can miss tens of thousands of numbers,
    /// and reflecting each row took longer than rendering the whole list.
    let missed: [MissedRow]
    let mailed: Bool
    let mailAttachments: String?
    let places: FilePlaces

    /// - Parameter missedRows: false leaves `missed` empty, for when no template Mustache renders
    ///   uses it (``MissedCSV`` writes the shipped missed.csv from the context's callers).
    init(_ metrics: Metrics, context: ReportContext, calls: [CallRecord]?, missedRows: Bool = true) {
        let top = max(0, context.htmlTopRows)
        label = context.label
        account = context.account
        campaignFilter = context.campaignFilter.isEmpty ? nil : context.campaignFilter.joined(separator: ", ")
        generatedAt = context.generatedAt
        topRows = top
        period = PeriodView(metrics.period, dayCount: metrics.daily.count)
        let compared = metrics.comparison
        totals = TotalsView(metrics.totals, changes: compared?.totals)
        comparison = compared.map(ComparisonView.init)
        hasComparison = compared != nil
        noComparison = compared == nil ? context.comparisonNote : nil
        callers = metrics.callers.map(CallersView.init)
        let offsets = OffsetFormatter(timeZone: context.timeZone)
        missed =
            missedRows
            ? context.missedCallers.map { MissedRow($0, offsets: offsets, maskCallers: context.maskCallers) } : []

        agents = metrics.agents.enumerated().map {
            ViewFields(AgentRow($1, rank: $0 + 1, change: compared?.agents[safe: $0]))
        }
        agentsTop = Array(agents.prefix(top))
        agentCount = agents.count
        agentsShown = agentsTop.count
        agentsMore = agentsShown < agentCount
        hasAgents = !agents.isEmpty

        skills = metrics.skills.enumerated().map {
            ViewFields(GroupRow($1, rank: $0 + 1, change: compared?.skills[safe: $0]))
        }
        skillsTop = Array(skills.prefix(top))
        skillCount = skills.count
        skillsShown = skillsTop.count
        skillsMore = skillsShown < skillCount
        hasSkills = !skills.isEmpty

        campaigns = metrics.campaigns.enumerated().map { ViewFields(GroupRow($1, rank: $0 + 1)) }
        campaignsTop = Array(campaigns.prefix(top))
        campaignCount = campaigns.count
        campaignsShown = campaignsTop.count
        campaignsMore = campaignsShown < campaignCount
        hasCampaigns = !campaigns.isEmpty

        daily = metrics.daily.map { ViewFields(DayRow($0)) }
        let chart = ChartRow.daily(metrics.daily)
        dailyChart = chart.rows.map(ViewFields.init)
        dailyChartDaysPerRow = chart.daysPerRow
        dailyChartGrouped = chart.daysPerRow > 1
        hourly = ChartRow.hourly(metrics.hourly).map(ViewFields.init)
        dispositions = (metrics.dispositions ?? []).map(ViewFields.init)
        dispositionsTop = metrics.dispositions.map { TopList($0.enumerated().map { ShareRow($1, rank: $0 + 1) }) }
        hangupsTop = metrics.hangups.map { TopList($0.enumerated().map { ShareRow($1, rank: $0 + 1) }) }
        intervals = metrics.intervals.map(IntervalsView.init)
        heatMap = metrics.intervals.flatMap(HeatMapView.init)
        hasHeatMap = heatMap != nil
        recovery = metrics.recovery.map(RecoveryView.init)
        inbound = metrics.inbound.map { InboundView($0, shortAbandonSeconds: context.shortAbandonSeconds) }
        outbound = metrics.outbound.flatMap { $0.attempts > 0 ? OutboundView($0) : nil }
        hasOutbound = outbound != nil
        if let figures = metrics.inbound {
            headline = TotalsView(figures, changes: compared?.inbound)
            headlineIsInbound = true
            headlineNoComparison =
                compared != nil && compared?.inbound == nil
                ? "the previous report has no inbound figures (it was made before they were added), "
                    + "so the inbound headline shows no change; the all-calls changes are in metrics.json."
                : nil
        } else {
            headline = totals
            headlineIsInbound = false
            headlineNoComparison = nil
        }

        dataQuality = DataQualityView(metrics.dataQuality, counted: metrics.totals.offered)
        fetch = metrics.fetch
        places = FilePlaces(mail: context.mail)
        definitions = Definition.all(
            serviceLevelSeconds: metrics.period.serviceLevelSeconds,
            shortAbandonSeconds: metrics.inbound == nil ? nil : context.shortAbandonSeconds ?? -1,
            intervals: metrics.intervals, callBackList: places.callBackList)
        self.calls = calls.map {
            CallRows(records: context.maskCallers ? $0.map(CallerMask.masked) : $0, offsets: offsets)
        }
        mailed = context.mail != nil
        mailAttachments = context.mail?.text
    }
}

// MARK: - Sections

struct PeriodView {
    let from: String
    let to: String
    let timezone: String
    let serviceLevelSeconds: Int
    let dayCount: Int
    /// The last date with data when the period was cut at yesterday; missing for a whole period.
    let partialThrough: String?

    init(_ period: PeriodInfo, dayCount: Int) {
        from = period.from
        to = period.to
        partialThrough = period.requestedTo == nil ? nil : period.to
        timezone = period.timezone
        serviceLevelSeconds = period.serviceLevelSeconds
        self.dayCount = dayCount
    }
}

struct TotalsView {
    let offered: Int
    let answered: Int
    let unanswered: Int
    let transferred: Int
    let handleSeconds: Int
    let aht: Double?
    let asa: Double?
    let serviceLevel: Double?
    let abandonRate: Double?
    let transferRate: Double?
    let medianHandle: Int?
    let p90Handle: Int?
    let answerRate: Double?
    let answerRateText: String
    let ahtText: String
    let asaText: String
    let serviceLevelText: String
    let abandonRateText: String
    let transferRateText: String
    let medianHandleText: String
    let p90HandleText: String
    let handleText: String
    let offeredChange: String?
    let answeredChange: String?
    let answerRateChange: String?
    let ahtChange: String?
    let asaChange: String?
    let serviceLevelChange: String?
    let abandonRateChange: String?
    let transferRateChange: String?
    let offeredChangeParts: ChangeParts?
    let answeredChangeParts: ChangeParts?
    let answerRateChangeParts: ChangeParts?
    let ahtChangeParts: ChangeParts?
    let asaChangeParts: ChangeParts?
    let serviceLevelChangeParts: ChangeParts?
    let abandonRateChangeParts: ChangeParts?
    let transferRateChangeParts: ChangeParts?

    init(_ t: Totals, changes: [FigureChange]? = nil) {
        self.init(
            offered: t.offered, answered: t.answered, unanswered: t.unanswered, transferred: t.transferred,
            handleSeconds: t.handleSeconds, aht: t.aht, asa: t.asa, serviceLevel: t.serviceLevel,
            abandonRate: t.abandonRate, transferRate: t.transferRate, medianHandle: t.medianHandle,
            p90Handle: t.p90Handle, changes: changes)
    }

    /// The inbound calls' figures, named as the totals' so that the headline reads either.
    init(_ i: InboundFigures, changes: [FigureChange]? = nil) {
        self.init(
            offered: i.offered, answered: i.answered, unanswered: i.unanswered, transferred: i.transferred,
            // aht is the handle seconds over answered calls, so this gives their sum back.
            handleSeconds: Int(((i.aht ?? 0) * Double(i.answered)).rounded(.toNearestOrAwayFromZero)), aht: i.aht,
            asa: i.asa, serviceLevel: i.serviceLevel, abandonRate: i.abandonRate, transferRate: i.transferRate,
            medianHandle: i.medianHandle, p90Handle: i.p90Handle, changes: changes)
    }

    private init(
        offered: Int, answered: Int, unanswered: Int, transferred: Int, handleSeconds: Int, aht: Double?,
        asa: Double?, serviceLevel: Double?, abandonRate: Double?, transferRate: Double?, medianHandle: Int?,
        p90Handle: Int?, changes: [FigureChange]?
    ) {
        func change(_ figure: String, _ kind: ChangeText.Kind) -> String? {
            ChangeText.text(changes?.first { $0.figure == figure }, kind: kind, withPrevious: true)
        }
        func parts(_ figure: String, _ kind: ChangeText.Kind) -> ChangeParts? {
            ChangeText.parts(changes?.first { $0.figure == figure }, kind: kind)
        }
        offeredChangeParts = parts("offered", .count)
        answeredChangeParts = parts("answered", .count)
        answerRateChangeParts = parts("answerRate", .rate)
        ahtChangeParts = parts("aht", .seconds)
        asaChangeParts = parts("asa", .seconds)
        serviceLevelChangeParts = parts("serviceLevel", .rate)
        abandonRateChangeParts = parts("abandonRate", .rate)
        transferRateChangeParts = parts("transferRate", .rate)
        offeredChange = change("offered", .count)
        answeredChange = change("answered", .count)
        answerRateChange = change("answerRate", .rate)
        ahtChange = change("aht", .seconds)
        asaChange = change("asa", .seconds)
        serviceLevelChange = change("serviceLevel", .rate)
        abandonRateChange = change("abandonRate", .rate)
        transferRateChange = change("transferRate", .rate)
        self.offered = offered
        self.answered = answered
        self.unanswered = unanswered
        self.transferred = transferred
        self.handleSeconds = handleSeconds
        self.aht = aht
        self.asa = asa
        self.serviceLevel = serviceLevel
        self.abandonRate = abandonRate
        self.transferRate = transferRate
        self.medianHandle = medianHandle
        self.p90Handle = p90Handle
        answerRate = DisplayText.ratio(answered, offered)
        answerRateText = DisplayText.percent(answerRate)
        ahtText = DisplayText.duration(aht)
        asaText = DisplayText.duration(asa)
        serviceLevelText = DisplayText.percent(serviceLevel)
        abandonRateText = DisplayText.percent(abandonRate)
        transferRateText = DisplayText.percent(transferRate)
        medianHandleText = DisplayText.duration(medianHandle)
        p90HandleText = DisplayText.duration(p90Handle)
        handleText = DisplayText.duration(handleSeconds)
    }
}

struct AgentRow {
    let rank: Int
    let id: String
    let name: String
    let nameIsId: Bool
    let offered: Int
    let answered: Int
    let handleSeconds: Int
    let talkSeconds: Int
    let holdSeconds: Int
    let wrapupSeconds: Int
    let aht: Double?
    let medianHandle: Int?
    let p90Handle: Int?
    let asa: Double?
    let transferred: Int
    let transferRate: Double?
    let answerRate: Double?
    let ahtText: String
    let medianHandleText: String
    let p90HandleText: String
    let asaText: String
    let transferRateText: String
    let answerRateText: String
    let handleText: String
    let answeredChange: String?
    let ahtChange: String?
    let medianHandleChange: String?
    let p90HandleChange: String?
    let transferRateChange: String?
    let asaChange: String?

    init(_ a: AgentFigures, rank: Int, change: RowChange? = nil) {
        answeredChange = ChangeText.text(change?.change(of: "answered"), kind: .count)
        ahtChange = ChangeText.text(change?.change(of: "aht"), kind: .seconds)
        medianHandleChange = ChangeText.text(change?.change(of: "medianHandle"), kind: .seconds)
        p90HandleChange = ChangeText.text(change?.change(of: "p90Handle"), kind: .seconds)
        transferRateChange = ChangeText.text(change?.change(of: "transferRate"), kind: .rate)
        asaChange = ChangeText.text(change?.change(of: "asa"), kind: .seconds)
        self.rank = rank
        id = a.id
        name = a.name
        nameIsId = a.name == a.id
        offered = a.offered
        answered = a.answered
        handleSeconds = a.handleSeconds
        talkSeconds = a.talkSeconds
        holdSeconds = a.holdSeconds
        wrapupSeconds = a.wrapupSeconds
        aht = a.aht
        medianHandle = a.medianHandle
        p90Handle = a.p90Handle
        asa = a.asa
        transferred = a.transferred
        transferRate = a.transferRate
        answerRate = DisplayText.ratio(a.answered, a.offered)
        ahtText = DisplayText.duration(a.aht)
        medianHandleText = DisplayText.duration(a.medianHandle)
        p90HandleText = DisplayText.duration(a.p90Handle)
        asaText = DisplayText.duration(a.asa)
        transferRateText = DisplayText.percent(a.transferRate)
        answerRateText = DisplayText.percent(answerRate)
        handleText = DisplayText.duration(a.handleSeconds)
    }
}

/// A skill or a campaign.
struct GroupRow {
    let rank: Int
    let name: String
    /// `inbound`, `outbound` or `mixed`; missing for a metrics.json of version 1.
    let direction: String?
    let offered: Int
    let answered: Int
    let unanswered: Int
    let abandonRate: Double?
    let handleSeconds: Int
    let aht: Double?
    let asa: Double?
    let serviceLevel: Double?
    let transferred: Int
    let transferRate: Double?
    let answerRate: Double?
    let abandonRateText: String
    let ahtText: String
    let asaText: String
    let serviceLevelText: String
    let transferRateText: String
    let answerRateText: String
    let handleText: String
    let offeredChange: String?
    let serviceLevelChange: String?
    let abandonRateChange: String?
    let ahtChange: String?
    let asaChange: String?
    let transferRateChange: String?

    init(_ g: GroupFigures, rank: Int, change: RowChange? = nil) {
        offeredChange = ChangeText.text(change?.change(of: "offered"), kind: .count)
        serviceLevelChange = ChangeText.text(change?.change(of: "serviceLevel"), kind: .rate)
        abandonRateChange = ChangeText.text(change?.change(of: "abandonRate"), kind: .rate)
        ahtChange = ChangeText.text(change?.change(of: "aht"), kind: .seconds)
        asaChange = ChangeText.text(change?.change(of: "asa"), kind: .seconds)
        transferRateChange = ChangeText.text(change?.change(of: "transferRate"), kind: .rate)
        self.rank = rank
        name = g.name
        direction = g.direction?.rawValue
        offered = g.offered
        answered = g.answered
        unanswered = g.unanswered
        abandonRate = g.abandonRate
        handleSeconds = g.handleSeconds
        aht = g.aht
        asa = g.asa
        serviceLevel = g.serviceLevel
        transferred = g.transferred
        transferRate = g.transferRate
        answerRate = DisplayText.ratio(g.answered, g.offered)
        abandonRateText = DisplayText.percent(g.abandonRate)
        ahtText = DisplayText.duration(g.aht)
        asaText = DisplayText.duration(g.asa)
        serviceLevelText = DisplayText.percent(g.serviceLevel)
        transferRateText = DisplayText.percent(g.transferRate)
        answerRateText = DisplayText.percent(answerRate)
        handleText = DisplayText.duration(g.handleSeconds)
    }
}

struct DayRow {
    let date: String
    let weekday: String
    let offered: Int
    let answered: Int
    let unanswered: Int
    let handleSeconds: Int
    let aht: Double?
    let ahtText: String
    let answerRateText: String

    init(_ d: DayFigures) {
        date = d.date
        weekday = LocalDate(d.date).map { DisplayText.weekday(dayNumber: $0.dayNumber) } ?? ""
        offered = d.offered
        answered = d.answered
        unanswered = d.unanswered
        handleSeconds = d.handleSeconds
        aht = d.aht
        ahtText = DisplayText.duration(d.aht)
        answerRateText = DisplayText.percent(DisplayText.ratio(d.answered, d.offered))
    }
}

/// One bar of the daily or hourly chart, drawn by the HTML as table cells
/// (e-mail clients drop SVG, canvas and most CSS widths, but keep cell widths).
struct ChartRow {
    let label: String
    let date: String?
    let hour: Int?
    let offered: Int
    let answered: Int
    let unanswered: Int
    let answerRateText: String
    let barPercent: Int
    let answeredBarPercent: Int
    let unansweredBarPercent: Int
    let restPercent: Int
    let hasBar: Bool
    let hasAnsweredBar: Bool
    let hasUnansweredBar: Bool
    let hasRest: Bool

    init(label: String, date: String? = nil, hour: Int? = nil, offered: Int, answered: Int, busiest: Int) {
        self.label = label
        self.date = date
        self.hour = hour
        self.offered = offered
        self.answered = answered
        unanswered = offered - answered
        answerRateText = DisplayText.percent(DisplayText.ratio(answered, offered))
        barPercent = DisplayText.barPercent(offered, max: busiest)
        // The answered part is scaled like the whole and capped by it, so the
        // two parts always add up to the bar.
        answeredBarPercent = min(barPercent, DisplayText.barPercent(answered, max: busiest))
        unansweredBarPercent = barPercent - answeredBarPercent
        restPercent = 100 - barPercent
        hasBar = barPercent > 0
        hasAnsweredBar = answeredBarPercent > 0
        hasUnansweredBar = unansweredBarPercent > 0
        hasRest = restPercent > 0
    }

    /// The most bars the daily chart draws: one per date for a month; longer
    /// periods get one bar per week, or per run of dates for very long
    /// ones, so the HTML stays the same size whatever the period.
    static let maxDailyBars = 31

    static func daily(_ days: [DayFigures]) -> (rows: [ChartRow], daysPerRow: Int) {
        let perRow =
            days.count <= maxDailyBars
            ? 1 : days.count <= maxDailyBars * 7 ? 7 : (days.count + maxDailyBars - 1) / maxDailyBars
        let buckets = stride(from: 0, to: days.count, by: perRow).map { days[$0..<min($0 + perRow, days.count)] }
        let sums = buckets.map { bucket in
            (offered: bucket.reduce(0) { $0 + $1.offered }, answered: bucket.reduce(0) { $0 + $1.answered })
        }
        let busiest = sums.map(\.offered).max() ?? 0
        let rows = zip(buckets, sums).map { bucket, sum in
            let first = bucket.first!
            if perRow == 1 {
                let row = DayRow(first)
                return ChartRow(
                    label: first.date + " " + row.weekday, date: first.date, offered: sum.offered,
                    answered: sum.answered, busiest: busiest)
            }
            return ChartRow(
                label: first.date + " – " + bucket.last!.date, offered: sum.offered, answered: sum.answered,
                busiest: busiest)
        }
        return (rows, perRow)
    }

    static func hourly(_ hours: [HourFigures]) -> [ChartRow] {
        let busiest = hours.map(\.offered).max() ?? 0
        return hours.map {
            ChartRow(
                label: ($0.hour < 10 ? "0" : "") + "\($0.hour):00", hour: $0.hour, offered: $0.offered,
                answered: $0.answered, busiest: busiest)
        }
    }
}

/// The staffing table: the settings it was worked out with, and its rows as in metrics.json.
struct IntervalsView {
    let minutes: Int
    let targetServiceLevel: Double
    let serviceLevelSeconds: Int
    let rows: [ViewFields]

    init(_ i: IntervalFigures) {
        minutes = i.minutes
        targetServiceLevel = i.targetServiceLevel
        serviceLevelSeconds = i.serviceLevelSeconds
        rows = i.rows.map(ViewFields.init)
    }
}

struct DataQualityView {
    let inputRecords: Int
    let normalized: Int
    let duplicates: Int
    let quarantined: Int
    let outOfPeriod: Int
    let missingStart: Int
    let invalidStart: Int
    let invalidDuration: Int
    let counted: Int
    let hasIssues: Bool

    init(_ q: DataQuality, counted: Int) {
        inputRecords = q.inputRecords
        normalized = q.normalized
        duplicates = q.duplicates
        quarantined = q.quarantined
        outOfPeriod = q.outOfPeriod
        missingStart = q.reasons.missingStart
        invalidStart = q.reasons.invalidStart
        invalidDuration = q.reasons.invalidDuration
        self.counted = counted
        hasIssues = q.duplicates + q.quarantined + q.outOfPeriod + q.reasons.invalidDuration > 0
    }
}

/// What a figure means, stated once for both summaries (SPEC §5: "the
/// report states its definitions where a reader could doubt them").
struct Definition {
    let term: String
    let text: String

    /// - Parameters:
    ///   - shortAbandonSeconds: S; `nil` for a metrics.json of version 1 (no inbound figures, so
    ///     neither direction nor short abandons are defined), negative when S is not known.
    ///   - intervals: the staffing settings, when the report has them.
    ///   - callBackList: where the call-back list is (``FilePlaces/missed``); `nil` in a mail
    ///     that does not carry it.
    static func all(
        serviceLevelSeconds t: Int, shortAbandonSeconds s: Int? = nil, intervals: IntervalFigures? = nil,
        callBackList: String? = MissedCSV.outputName
    ) -> [Definition] {
        var all = [
            Definition(
                term: "Offered",
                text: "every call whose start time (local time of the account) falls in the period."),
            Definition(
                term: "Answered",
                text: "a call whose CloudAgent status is Answered; every other call counts as unanswered."),
            Definition(
                term: "Service level",
                text: "answered calls with a time to answer of at most \(t) seconds, divided by all offered calls; "
                    + "unanswered calls count against it."),
            Definition(term: "Abandon rate", text: "unanswered calls divided by offered calls."),
            Definition(
                term: "AHT",
                text: "average handle time of answered calls: CloudAgent's total handling time where given, "
                    + "otherwise talk plus hold plus wrap-up."),
            Definition(term: "ASA", text: "average time to answer, over answered calls."),
            Definition(
                term: "Median and p90 handle",
                text: "the middle and the 90th-percentile handle time of answered calls (nearest rank)."),
            Definition(
                term: "Transferred",
                text: "an answered call with a transfer type other than \"No transfers\", or with a "
                    + "transferred-to number; the transfer rate divides them by answered calls."),
            Definition(
                term: "Missed callers",
                text: "numbers whose last unanswered inbound call was not followed by an answered call from or to "
                    + "them within the period" + (callBackList.map { "; \($0) lists them to call back." } ?? ".")),
            Definition(
                term: "Repeat callers",
                text: "of the numbers with an answered call, those who rang again within the repeat window after one; "
                    + "a proxy for first-contact resolution, not a measure of it."),
            Definition(
                term: "Change",
                text: "against the previous period of the same length: rates (service level, answer, abandon, "
                    + "transfer and connect rates) in percentage points (pp), other figures in percent of the "
                    + "previous value; \"new\" where the previous value was 0 or missing."),
        ]
        guard let s else { return all }
        let shortText =
            s == 0
            ? "none: --short-abandon 0 turns them off."
            : "unanswered inbound calls that ended within \(s < 0 ? "S" : "\(s)") seconds (wait = end − start). "
                + "Without them: service level = answered within \(t) s / (offered − short); "
                + "abandon rate = (unanswered − short) / (offered − short)."
        all += [
            Definition(
                term: "Inbound and outbound",
                text: "a call is inbound when its type is missing, Inbound or Incoming; any other type (Manual, "
                    + "Progressive, Preview, Predictive…) is outbound. The headline counts inbound calls; "
                    + "\"all calls\" both."),
            Definition(term: "Short abandons", text: shortText),
            Definition(
                term: "Outbound calls",
                text: "attempts; connected = answered; connect rate = connected / attempts; AHT over connected."),
            Definition(
                term: "Dispositions, hang-ups",
                text: "every call of the period; share of all calls; every \"Wrap up time exceeded :N\" is one."),
            Definition(
                term: "Recovery",
                text: "numbers with an unanswered inbound call that had an answered call (from or to them) after "
                    + "the first miss, in the period; the median time runs from that miss."),
        ]
        if let intervals {
            all.append(
                Definition(
                    term: "Required agents",
                    text: "per \(intervals.minutes)-minute interval of a weekday, the fewest agents that answer "
                        + "\(Self.percentWords(intervals.targetServiceLevel)) of its average calls within "
                        + "\(intervals.serviceLevelSeconds) s by Erlang C. Erlang C assumes no caller abandons, so "
                        + "required agents is an estimate before shrinkage (breaks, training, absence)."))
        }
        return all
    }

    /// `80 percent`: a percent in running text that has no figure to keep on one line, since a
    /// definition is text only.
    static func percentWords(_ fraction: Double) -> String {
        DisplayText.percent(fraction).replacingOccurrences(of: ".0 %", with: " %").replacingOccurrences(
            of: " %", with: " percent")
    }
}

// MARK: - Mustache plumbing

/// A view row as a name → value table, built once per row.
///
/// swift-mustache finds a struct's fields by `Mirror`, walking all of them
/// on every `{{name}}`; a CSV of 10 000 agents makes that hundreds of
/// thousands of walks. Reflecting each row once keeps rendering linear.
/// Missing (`nil`) figures are left out of the table, so that `{{aht}}`
/// renders empty and `{{#aht}}` is false.
struct ViewFields: MustacheParent {
    private let fields: [String: Any]

    init(_ row: Any) {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: row).children {
            guard let label = child.label, let value = Self.unwrapped(child.value) else { continue }
            fields[label] = value
        }
        self.fields = fields
    }

    func child(named name: String) -> Any? { fields[name] }

    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrapped($0.value) } ?? nil
    }
}

/// The calls of a custom `calls.csv.mustache`, turned into rows one at a
/// time as the template walks them, so a month of a million calls is never
/// held twice.
struct CallRows: MustacheSequence {
    let records: [CallRecord]
    let offsets: OffsetFormatter

    func makeIterator() -> some IteratorProtocol<CallRow> {
        records.lazy.map { CallRow(record: $0, offsets: offsets) }.makeIterator()
    }
}

/// One call for a template: the columns of calls.csv by name (``CallColumns``).
struct CallRow: MustacheParent {
    let record: CallRecord
    let offsets: OffsetFormatter

    func child(named name: String) -> Any? {
        CallColumns.byName[name]?.cell(record).templateValue(offsets: offsets)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
