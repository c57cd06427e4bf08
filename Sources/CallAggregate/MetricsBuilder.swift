import CallModel
import Foundation

/// Turns normalized call records into ``Metrics``, one record at a time.
///
/// Records are fed in input order after normalize has removed quarantined
/// records and duplicates. The builder keeps running sums, a histogram of
/// handle seconds and a table of group keys, which do not grow with the
/// number of calls, and one small event per call with a caller number
/// (``CallerTracker``), which does. Builders fed with consecutive slices of
/// the input can be merged in input order and give exactly what one builder
/// fed everything gives.
public struct MetricsBuilder: Sendable {
    public let options: AggregateOptions

    /// `options.campaigns` lowercased once; `nil` when every campaign counts.
    private let campaignFilter: Set<String>?

    private var totals = Tally()
    private var totalHandles = HandleHistogram()
    /// Agent keys by slot, and the figures of each slot at the same index.
    private var agentKeys = TextSlots()
    private var agents: [AgentTally] = []
    private var skills = GroupTallies()
    private var campaigns = GroupTallies()
    /// Indexed by days since `period.from`, so that empty dates have a row.
    private var days: [Tally]
    /// Indexed by local start hour.
    private var hours = [Tally](repeating: Tally(), count: 24)
    /// Each caller number's calls, for missed and repeat callers and recovery.
    private var callers = CallerTracker()
    /// SPEC §4b: the calls of each direction, and the inbound ones by weekday and interval.
    private var inbound = DirectionTally()
    private var outbound = DirectionTally()
    private var intervals: IntervalTallies
    /// Keyed by ``CallRecord/dispositionKey`` and by `hangupBy`.
    private var dispositions = GroupTallies()
    private var hangups = GroupTallies()

    private var outOfPeriod = 0
    /// Campaigns of the period that `--campaign` left out (at most ``leftOutLimit``), to name
    /// when a filter matches nothing.
    private var leftOut: Set<String> = []
    private static let leftOutLimit = 100
    /// Records with an invalid duration among the out-of-period and the
    /// counted ones; normalize supplies the count among duplicates.
    private var invalidDurations = 0

    public init(options: AggregateOptions) {
        self.options = options
        self.campaignFilter = options.campaigns.isEmpty ? nil : Set(options.campaigns.map { $0.lowercased() })
        self.days = [Tally](repeating: Tally(), count: options.period.dayCount)
        self.intervals = IntervalTallies(minutes: options.intervalMinutes, period: options.period)
    }

    // MARK: Feeding records

    /// Counts one record: the period first, then the campaign filter, then the figures (SPEC §3).
    @discardableResult
    public mutating func add(_ record: CallRecord) -> Inclusion {
        guard isInPeriod(record) else {
            outOfPeriod += 1
            if record.hasInvalidDuration { invalidDurations += 1 }
            return .outOfPeriod
        }
        guard passesCampaignFilter(record) else {
            if let campaign = record.campaign, leftOut.count < Self.leftOutLimit { leftOut.insert(campaign) }
            return .filteredOut
        }
        if record.hasInvalidDuration { invalidDurations += 1 }
        count(record)
        return .counted
    }

    /// SPEC §4: the start's local date lies in [from, to], both inclusive.
    public func isInPeriod(_ record: CallRecord) -> Bool {
        options.period.contains(record.start.date)
    }

    /// SPEC §4: `--campaign` matches ignoring case; a call without campaign matches no filter.
    public func passesCampaignFilter(_ record: CallRecord) -> Bool {
        guard let campaignFilter else { return true }
        guard let campaign = record.campaign else { return false }
        return campaignFilter.contains(campaign.lowercased())
    }

    private mutating func count(_ record: CallRecord) {
        let call = CallFigures(record, serviceLevelSeconds: options.serviceLevelSeconds)
        totals.add(call)
        if call.answered { totalHandles.add(call.handleSeconds) }
        if let key = record.agentKey {
            let slot = agentKeys.slot(key)
            if slot == agents.count { agents.append(AgentTally()) }
            agents[slot].add(call)
            // The first name seen stays: read the record's only while there is none.
            if agents[slot].name == nil { agents[slot].name = record.agentName }
        }
        let skill = skills.add(call, under: record.skill)
        let campaign = campaigns.add(call, under: record.campaign)
        let dayIndex = options.period.from.days(to: record.start.date)
        days[dayIndex].add(call)
        hours[record.start.hour].add(call)
        callers.add(record, answered: call.answered, inbound: call.inbound, skill: skill, campaign: campaign)
        if call.inbound {
            inbound.add(call)
            if !call.answered { inbound.addWait(record.waitSeconds, shortAbandonSeconds: options.shortAbandonSeconds) }
            intervals.add(call, dayIndex: dayIndex, start: record.start)
        } else {
            outbound.add(call)
        }
        _ = dispositions.add(call, under: record.dispositionKey)
        _ = hangups.add(call, under: record.hangupBy)
    }

    /// Adds the records another builder has seen, as if they came after this builder's.
    ///
    /// Sums commute; the one order-dependent figure, an agent's first-seen
    /// name, is taken from `self` when it has one. Both builders must have
    /// the same options.
    public mutating func merge(_ other: MetricsBuilder) {
        precondition(options == other.options, "MetricsBuilder.merge: builders with different options")
        totals.merge(other.totals)
        totalHandles.merge(other.totalHandles)
        for (theirs, key) in other.agentKeys.texts.enumerated() {
            let mine = agentKeys.slot(key)
            if mine == agents.count {
                agents.append(other.agents[theirs])
            } else {
                agents[mine] = agents[mine].merged(with: other.agents[theirs])
            }
        }
        let skillSlots = skills.merge(other.skills)
        let campaignSlots = campaigns.merge(other.campaigns)
        for index in days.indices { days[index].merge(other.days[index]) }
        for hour in hours.indices { hours[hour].merge(other.hours[hour]) }
        callers.merge(other.callers, skills: skillSlots, campaigns: campaignSlots)
        inbound.merge(other.inbound)
        outbound.merge(other.outbound)
        intervals.merge(other.intervals)
        _ = dispositions.merge(other.dispositions)
        _ = hangups.merge(other.hangups)
        outOfPeriod += other.outOfPeriod
        for campaign in other.leftOut where leftOut.count < Self.leftOutLimit { leftOut.insert(campaign) }
        invalidDurations += other.invalidDurations
    }

    // MARK: Results

    /// The `--campaign` values that matched no call of the period, and the
    /// campaigns the period does have (up to a hundred, in code-point order),
    /// for a warning. Empty when there is no filter or every value matched.
    public func unmatchedCampaigns(counted: [String]) -> (unmatched: [String], seen: [String]) {
        guard campaignFilter != nil else { return ([], []) }
        let matched = Set(counted.map { $0.lowercased() })
        let unmatched = options.campaigns.filter { !matched.contains($0.lowercased()) }
        guard !unmatched.isEmpty else { return ([], []) }
        let seen = Set(counted).union(leftOut).sorted(by: CodePointOrder.areInIncreasingOrder)
        return (unmatched, seen)
    }

    /// The metrics of everything added, with the counts of the stages before aggregate.
    public func build(normalize: NormalizeCounts, fetch: FetchSummary) -> Metrics {
        buildWithMissedCallers(normalize: normalize, fetch: fetch).metrics
    }

    /// ``build(normalize:fetch:)`` and the call-back list of missed.csv
    /// (see ``missedCallers()``), worked out once for both.
    public func buildWithMissedCallers(normalize: NormalizeCounts, fetch: FetchSummary)
        -> (metrics: Metrics, missedCallers: [MissedCaller])
    {
        let (missed, callerFigures, recovery) = callerResults()
        let inboundFigures = inbound.inbound
        let metrics = Metrics(
            period: PeriodInfo(
                from: options.period.from.description, to: options.period.to.description,
                timezone: options.timeZone.identifier, serviceLevelSeconds: options.serviceLevelSeconds,
                requestedTo: options.period.requestedTo?.description,
                campaigns: options.campaigns.isEmpty ? nil : options.campaigns
            ),
            totals: Totals(totals, handles: totalHandles),
            agents: agentRows(),
            skills: skills.rows(),
            campaigns: campaigns.rows(),
            daily: zip(options.period.dates, days).map { DayFigures(date: $0.description, tally: $1) },
            hourly: hours.enumerated().map {
                HourFigures(hour: $0.offset, offered: $0.element.offered, answered: $0.element.answered)
            },
            dataQuality: dataQuality(normalize),
            fetch: fetch,
            callers: callerFigures,
            inbound: inboundFigures,
            outbound: outbound.outbound,
            dispositions: dispositions.namedTallies().map {
                DispositionFigures(
                    name: $0.name, calls: $0.tally.offered, answered: $0.tally.answered,
                    share: ratio($0.tally.offered, totals.offered), aht: $0.tally.aht)
            }
            .sorted(by: Self.callsOrder),
            hangups: hangups.namedTallies().map {
                HangupFigures(name: $0.name, calls: $0.tally.offered, share: ratio($0.tally.offered, totals.offered))
            }
            .sorted(by: Self.callsOrder),
            recovery: recovery,
            intervals: intervals.figures(
                period: options.period, targetServiceLevel: options.targetServiceLevel,
                serviceLevelSeconds: options.serviceLevelSeconds, inboundAHT: inboundFigures.aht)
        )
        return (metrics, missed)
    }

    /// The call-back list of missed.csv: numbers whose last missed call was
    /// not followed by an answered one (see ``CallerTracker/results(windowDays:skills:campaigns:)``).
    public func missedCallers() -> [MissedCaller] {
        callerResults().missed
    }

    private func callerResults() -> (missed: [MissedCaller], figures: CallerFigures, recovery: RecoveryFigures) {
        callers.results(windowDays: options.repeatWindowDays, skills: skills.names, campaigns: campaigns.names)
    }

    private func agentRows() -> [AgentFigures] {
        zip(agentKeys.texts, agents).map { key, agent in
            AgentFigures(id: key, name: agent.name ?? key, tally: agent.tally, handles: agent.handles)
        }
        .sorted(by: Self.agentOrder)
    }

    /// SPEC §4: answered descending, then name ascending, then id ascending (code points).
    static func agentOrder(_ a: AgentFigures, _ b: AgentFigures) -> Bool {
        if a.answered != b.answered { return a.answered > b.answered }
        if !CodePointOrder.areIdentical(a.name, b.name) {
            return CodePointOrder.areInIncreasingOrder(a.name, b.name)
        }
        return CodePointOrder.areInIncreasingOrder(a.id, b.id)
    }

    /// SPEC §4b: dispositions and hang-ups by calls descending, then name ascending (code points).
    static func callsOrder(_ a: some CallsRow, _ b: some CallsRow) -> Bool {
        if a.calls != b.calls { return a.calls > b.calls }
        return CodePointOrder.areInIncreasingOrder(a.name, b.name)
    }

    /// SPEC §4: offered descending, then name ascending (code points). Names are unique keys.
    static func groupOrder(_ a: GroupFigures, _ b: GroupFigures) -> Bool {
        if a.offered != b.offered { return a.offered > b.offered }
        return CodePointOrder.areInIncreasingOrder(a.name, b.name)
    }

    /// SPEC §3: normalize's counts, plus what only aggregate knows (the period
    /// and the invalid durations of the records that reached it).
    private func dataQuality(_ normalize: NormalizeCounts) -> DataQuality {
        DataQuality(
            inputRecords: normalize.inputRecords,
            normalized: normalize.normalized,
            duplicates: normalize.duplicates,
            quarantined: normalize.quarantined,
            outOfPeriod: outOfPeriod,
            reasons: DataQuality.Reasons(
                missingStart: normalize.missingStart,
                invalidStart: normalize.invalidStart,
                invalidDuration: normalize.invalidDurationAmongDuplicates + invalidDurations
            )
        )
    }
}

/// The running figures of one agent key.
private struct AgentTally: Sendable {
    var tally = Tally()
    var handles = HandleHistogram()
    /// The first agentName seen for the key; `nil` until a call carries one.
    var name: String?

    /// Counts the call; the caller sets ``name`` while it is `nil`.
    mutating func add(_ call: CallFigures) {
        tally.add(call)
        if call.answered { handles.add(call.handleSeconds) }
    }

    /// `self` holds the earlier records, so its name wins.
    func merged(with later: AgentTally) -> AgentTally {
        var result = self
        result.tally.merge(later.tally)
        result.handles.merge(later.handles)
        if result.name == nil { result.name = later.name }
        return result
    }
}

/// The running figures of the skills (or the campaigns): one tally a text, by slot.
private struct GroupTallies: Sendable {
    var names = TextSlots()
    var tallies: [Tally] = []
    /// Calls without a text. They make the `(none)` row, together with calls whose text is `(none)`
    /// itself, while the call-back list keeps telling them apart.
    var missing = Tally()

    /// Counts the call under `name`; gives the slot of `name`, ``CallerTracker/none`` without one.
    mutating func add(_ call: CallFigures, under name: String?) -> Int32 {
        guard let name else {
            missing.add(call)
            return CallerTracker.none
        }
        let slot = names.slot(name)
        if slot == tallies.count { tallies.append(Tally()) }
        tallies[slot].add(call)
        return Int32(slot)
    }

    /// Adds `other`'s tallies; gives, for each of `other`'s slots, the slot it has in `self`.
    mutating func merge(_ other: GroupTallies) -> [Int32] {
        missing.merge(other.missing)
        return zip(other.names.texts, other.tallies).map { name, tally in
            let slot = names.slot(name)
            if slot == tallies.count { tallies.append(Tally()) }
            tallies[slot].merge(tally)
            return Int32(slot)
        }
    }

    /// SPEC §4: keyed by the exact text, `(none)` where missing; ordered by ``MetricsBuilder/groupOrder(_:_:)``.
    func rows() -> [GroupFigures] {
        namedTallies().map { GroupFigures(name: $0.name, tally: $0.tally) }.sorted(by: MetricsBuilder.groupOrder)
    }

    /// Each text with its tally, the calls without a text counted under `(none)`; in slot order.
    func namedTallies() -> [(name: String, tally: Tally)] {
        var rows = zip(names.texts, tallies).map { (name: $0, tally: $1) }
        if missing.offered > 0 {
            if let slot = names.existingSlot(GroupFigures.noneName) {
                rows[slot].tally.merge(missing)
            } else {
                rows.append((GroupFigures.noneName, missing))
            }
        }
        return rows
    }
}

/// A row of `dispositions` or `hangups`: ordered by its calls, then its name.
protocol CallsRow {
    var name: String { get }
    var calls: Int { get }
}

extension DispositionFigures: CallsRow {}
extension HangupFigures: CallsRow {}
