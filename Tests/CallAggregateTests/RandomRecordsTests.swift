import CallModel
import Testing

@testable import CallAggregate

/// Seeded random months checked against a reference written the slow, obvious way: lists and
/// dictionaries keyed by the UTF-8 bytes, sorting where SPEC §4 sorts. It guards the builder's
/// tables (slots, array histograms, flat caller events) and their merge.
@Suite("Random records against a plain reference")
struct RandomRecordsTests {
    static func pick<T>(_ choices: [T], _ random: inout SeededRandom) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func records(seed: UInt64) -> [CallRecord] {
        var random = SeededRandom(seed: seed)
        let numbers = (0..<Int.random(in: 1...80, using: &random)).map { "9198450\($0)" }
        return (0..<Int.random(in: 0...1500, using: &random)).map { _ in
            // Few distinct seconds, so that one number has several calls in the same second.
            let start = at(
                "2026-\(pick(["09-30", "10-01", "10-01", "10-02", "10-03", "10-04"], &random)) "
                    + "\(twoDigits(Int.random(in: 0...23, using: &random))):"
                    + "\(twoDigits(Int.random(in: 0...2, using: &random))):\(pick(["00", "30"], &random))")
            var caller: String? = pick(numbers, &random)
            switch Int.random(in: 0..<12, using: &random) {
            case 0: caller = nil
            case 1: caller = pick(["", "  "], &random)
            case 2: caller = " \(caller!) "
            default: break
            }
            return CallRecord(
                start: start, campaign: pick(["Inbound", "Outbound", nil, "(none)", "inbound"], &random),
                skill: pick(["Sales", "Support", nil, "(none)", "caf\u{E9}", "cafe\u{301}"], &random),
                callerId: caller, type: pick(["InBound", "Manual", nil, "Progressive", "inbound"], &random),
                agentId: pick(["A1", "A2", "A3", nil, "caf\u{E9}", "cafe\u{301}"], &random),
                agentName: pick(["Asha", "Bala", nil, "Chitra", nil], &random),
                timeToAnswer: Int.random(in: 0...40, using: &random), talk: Int.random(in: 0...900, using: &random),
                hold: Int.random(in: 0...60, using: &random), wrapup: Int.random(in: 0...60, using: &random),
                handling: pick([nil, 0, 45, 100_000, Int.random(in: 0...40_000, using: &random)], &random),
                status: pick(["Answered", "answered", "NotAnswered", nil, "ANSWERED"], &random),
                transferType: pick(["No Transfers", "Blind", nil, "none", "0"], &random),
                transferredTo: pick([nil, nil, "5001"], &random))
        }
    }

    /// What the reference computes: the figures this suite compares.
    struct Expected: Equatable {
        struct Row: Equatable {
            var name: String
            var offered = 0
            var answered = 0
            var transferred = 0
            var handleSeconds = 0
            var handles: [Int] = []
        }
        var totals = Row(name: "")
        var agents: [Row] = []
        var agentIds: [String] = []
        var skills: [Row] = []
        var campaigns: [Row] = []
        var missed: [MissedCaller] = []
        var answeredCallers = 0
        var repeatCallers = 0
    }

    static func reference(_ records: [CallRecord], period: ReportPeriod, windowDays: Int) -> Expected {
        var expected = Expected()
        var agents: [[UInt8]: (id: String, name: String?, row: Expected.Row)] = [:]
        var skills: [[UInt8]: Expected.Row] = [:]
        var campaigns: [[UInt8]: Expected.Row] = [:]
        typealias Call = (time: Int, answered: Bool, inbound: Bool, skill: String?, campaign: String?)
        var calls: [[UInt8]: (number: String, calls: [Call])] = [:]
        for record in records where period.contains(record.start.date) {
            let answered = record.status?.lowercased() == "answered"
            let kind = record.transferType?.lowercased()
            let transferred =
                answered
                && ((kind != nil && !["no transfers", "no transfer", "none", "0"].contains(kind!))
                    || record.transferredTo != nil)
            let handle = record.handling ?? (record.talk + record.hold + record.wrapup)
            func count(_ row: inout Expected.Row) {
                row.offered += 1
                if answered {
                    row.answered += 1
                    row.handleSeconds += handle
                    row.handles.append(handle)
                }
                if transferred { row.transferred += 1 }
            }
            count(&expected.totals)
            if let key = record.agentId ?? record.agentName {
                var agent = agents[Array(key.utf8)] ?? (key, nil, Expected.Row(name: ""))
                if agent.name == nil { agent.name = record.agentName }
                count(&agent.row)
                agents[Array(key.utf8)] = agent
            }
            let skill = record.skill ?? "(none)"
            count(&skills[Array(skill.utf8), default: Expected.Row(name: skill)])
            let campaign = record.campaign ?? "(none)"
            count(&campaigns[Array(campaign.utf8), default: Expected.Row(name: campaign)])
            let number = String((record.callerId ?? "").drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            if !number.isEmpty {
                let inbound = record.type == nil || record.type!.lowercased() == "inbound"
                calls[Array(number.utf8), default: (number, [])].calls.append(
                    (record.start.wallSeconds, answered, inbound, record.skill, record.campaign))
            }
        }
        let byName = { (a: Expected.Row, b: Expected.Row) in
            a.offered != b.offered ? a.offered > b.offered : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        expected.skills = skills.values.sorted(by: byName)
        expected.campaigns = campaigns.values.sorted(by: byName)
        let agentRows = agents.values.map { agent in
            var row = agent.row
            row.name = agent.name ?? agent.id
            return (id: agent.id, row: row)
        }
        .sorted { a, b in
            if a.row.answered != b.row.answered { return a.row.answered > b.row.answered }
            if !a.row.name.utf8.elementsEqual(b.row.name.utf8) {
                return a.row.name.utf8.lexicographicallyPrecedes(b.row.name.utf8)
            }
            return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
        }
        expected.agents = agentRows.map(\.row)
        expected.agentIds = agentRows.map(\.id)
        for (number, list) in calls.values {
            // Stable: input order between calls of the same second.
            let sorted = list.enumerated().sorted { a, b in
                a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
            }
            .map(\.element)
            var pending: [Call] = []
            var lastAnswered: Int?
            var repeated = false
            for call in sorted {
                if let lastAnswered, call.inbound, call.time - lastAnswered <= windowDays * 86_400 { repeated = true }
                if call.answered {
                    lastAnswered = call.time
                    pending = []
                } else if call.inbound {
                    pending.append(call)
                }
            }
            if lastAnswered != nil { expected.answeredCallers += 1 }
            if repeated { expected.repeatCallers += 1 }
            if let first = pending.first, let last = pending.last {
                expected.missed.append(
                    MissedCaller(
                        callerId: number, firstMissed: CallerTracker.localTime(first.time),
                        lastMissed: CallerTracker.localTime(last.time), missedCount: pending.count,
                        skill: last.skill, campaign: last.campaign))
            }
        }
        expected.missed.sort { a, b in
            a.firstMissed != b.firstMissed
                ? a.firstMissed < b.firstMissed : a.callerId.utf8.lexicographicallyPrecedes(b.callerId.utf8)
        }
        return expected
    }

    static func quantile(_ handles: [Int], _ numerator: Int, _ denominator: Int) -> Int? {
        handles.isEmpty
            ? nil
            : handles.sorted()[
                HandleHistogram.nearestRank(numerator: numerator, denominator: denominator, count: handles.count) - 1]
    }

    static let options = AggregateOptions(period: samplePeriod, repeatWindowDays: 1)

    static func builder(_ records: ArraySlice<CallRecord>) -> MetricsBuilder {
        var builder = MetricsBuilder(options: options)
        for record in records { builder.add(record) }
        return builder
    }

    @Test("one builder gives the reference's figures", arguments: 0..<25 as Range<UInt64>)
    func sequential(seed: UInt64) {
        let records = Self.records(seed: seed)
        let expected = Self.reference(records, period: samplePeriod, windowDays: 1)
        let (metrics, missed) = Self.builder(records[...])
            .buildWithMissedCallers(normalize: NormalizeCounts(), fetch: FetchSummary())
        #expect(metrics.totals.offered == expected.totals.offered)
        #expect(metrics.totals.answered == expected.totals.answered)
        #expect(metrics.totals.transferred == expected.totals.transferred)
        #expect(metrics.totals.handleSeconds == expected.totals.handleSeconds)
        #expect(metrics.totals.medianHandle == Self.quantile(expected.totals.handles, 1, 2))
        #expect(metrics.totals.p90Handle == Self.quantile(expected.totals.handles, 9, 10))
        #expect(metrics.agents.map(\.id) == expected.agentIds)
        #expect(metrics.agents.map(\.name) == expected.agents.map(\.name))
        #expect(metrics.agents.map(\.offered) == expected.agents.map(\.offered))
        #expect(metrics.agents.map(\.answered) == expected.agents.map(\.answered))
        #expect(metrics.agents.map(\.transferred) == expected.agents.map(\.transferred))
        #expect(metrics.agents.map(\.handleSeconds) == expected.agents.map(\.handleSeconds))
        #expect(metrics.agents.map(\.medianHandle) == expected.agents.map { Self.quantile($0.handles, 1, 2) })
        #expect(metrics.agents.map(\.p90Handle) == expected.agents.map { Self.quantile($0.handles, 9, 10) })
        for (groups, rows) in [(metrics.skills, expected.skills), (metrics.campaigns, expected.campaigns)] {
            #expect(groups.map(\.name) == rows.map(\.name))
            #expect(groups.map(\.offered) == rows.map(\.offered))
            #expect(groups.map(\.answered) == rows.map(\.answered))
            #expect(groups.map(\.transferred) == rows.map(\.transferred))
            #expect(groups.map(\.handleSeconds) == rows.map(\.handleSeconds))
        }
        #expect(missed == expected.missed)
        #expect(metrics.callers?.missedCallers == expected.missed.count)
        #expect(metrics.callers?.answeredCallers == expected.answeredCallers)
        #expect(metrics.callers?.repeatCallers == expected.repeatCallers)
    }

    @Test("builders fed consecutive slices merge into the one builder", arguments: 0..<25 as Range<UInt64>)
    func merged(seed: UInt64) {
        let records = Self.records(seed: seed)
        var random = SeededRandom(seed: seed ^ 0xABCD)
        let cuts = (0..<Int.random(in: 1...4, using: &random)).map { _ in
            Int.random(in: 0...records.count, using: &random)
        }
        .sorted()
        let bounds = [0] + cuts + [records.count]
        // Each slice numbers skills, campaigns and callers in its own order: the merge must map them.
        var merged = Self.builder(records[bounds[0]..<bounds[1]])
        for (lower, upper) in zip(bounds.dropFirst(), bounds.dropFirst(2)) {
            merged.merge(Self.builder(records[lower..<upper]))
        }
        let whole = Self.builder(records[...])
        let one = whole.buildWithMissedCallers(normalize: NormalizeCounts(), fetch: FetchSummary())
        let many = merged.buildWithMissedCallers(normalize: NormalizeCounts(), fetch: FetchSummary())
        #expect(many.metrics == one.metrics, "cuts \(cuts)")
        #expect(many.missedCallers == one.missedCallers, "cuts \(cuts)")
    }
}
