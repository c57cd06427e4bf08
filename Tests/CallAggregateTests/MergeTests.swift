import CallModel
import Testing

@testable import CallAggregate

@Suite("Merging builders equals one sequential builder")
struct MergeTests {
    /// The sample plus what exercises every order-dependent or dataQuality path.
    static let records: [CallRecord] =
        [
            CallRecord(start: at("2026-10-01 08:00:00"), agentId: "A3", handling: 12, status: "answered"),
            CallRecord(start: at("2026-09-30 08:00:00"), agentId: "A3", agentName: "Out", hasInvalidDuration: true),
        ] + sampleRecords + [
            CallRecord(start: at("2026-10-03 08:00:00"), agentId: "A3", agentName: "Dev", status: "answered"),
            CallRecord(start: at("2026-10-03 08:00:00"), agentId: "A3", agentName: "Devi", status: "answered"),
            CallRecord(
                start: at("2026-10-03 18:00:00"), agentId: "A1", agentName: "Someone else", handling: 999,
                status: "answered", hasInvalidDuration: true),
            CallRecord(start: at("2026-10-04 00:00:00"), campaign: "Inbound"),
        ] + directionRecords

    /// SPEC §4b's inputs: types, waits, dispositions, hang-ups and numbers missed, then reached.
    static let directionRecords: [CallRecord] = [
        CallRecord(
            start: at("2026-10-01 10:00:00"), campaign: "Dialer", skill: "Sales", callerId: "900", type: "InBound",
            end: at("2026-10-01 10:00:03"), status: "NotAnswered", disposition: "Wrap up time exceeded :7",
            hangupBy: "Customer"),
        CallRecord(
            start: at("2026-10-01 10:20:00"), campaign: "Dialer", callerId: "900", type: "Progressive",
            handling: 90, status: "Answered", disposition: "wrap up time exceeded: 12", hangupBy: "Agent"),
        CallRecord(
            start: at("2026-10-02 17:45:00"), skill: "Sales", callerId: "901", type: "Incoming",
            end: at("2026-10-02 17:46:40"), status: "NotAnswered", disposition: "Callback"),
        CallRecord(
            start: at("2026-10-02 17:40:00"), callerId: "901", type: "Manual", end: at("2026-10-02 17:39:00"),
            status: "NotAnswered", hangupBy: "System"),
        CallRecord(
            start: at("2026-10-03 09:00:00"), callerId: "901", timeToAnswer: 4, handling: 240, status: "Answered",
            disposition: "Callback"),
        CallRecord(
            start: at("2026-10-03 23:59:00"), campaign: "Inbound", callerId: "902", status: "NotAnswered",
            hangupBy: "Customer"),
    ]

    static func build(_ chunks: [ArraySlice<CallRecord>], options: AggregateOptions) -> Metrics {
        var builders = chunks.map { chunk in
            var builder = MetricsBuilder(options: options)
            for record in chunk { builder.add(record) }
            return builder
        }
        var merged = builders.removeFirst()
        for builder in builders { merged.merge(builder) }
        var normalize = NormalizeCounts()
        normalize.invalidDurationAmongDuplicates = 2
        return merged.build(normalize: normalize, fetch: FetchSummary())
    }

    static let optionSets = [
        AggregateOptions(period: samplePeriod),
        AggregateOptions(period: samplePeriod, serviceLevelSeconds: 10, campaigns: ["inbound"]),
        AggregateOptions(
            period: samplePeriod, shortAbandonSeconds: 0, intervalMinutes: 15, targetServiceLevel: 0.95),
    ]

    @Test("every two-way split", arguments: optionSets)
    func twoWay(options: AggregateOptions) {
        let all = Self.records[...]
        let sequential = Self.build([all], options: options)
        for cut in all.indices + [all.endIndex] {
            #expect(Self.build([all[..<cut], all[cut...]], options: options) == sequential, "cut at \(cut)")
        }
    }

    @Test("three-way splits", arguments: optionSets)
    func threeWay(options: AggregateOptions) {
        let all = Self.records[...]
        let sequential = Self.build([all], options: options)
        for first in stride(from: 0, through: all.count, by: 3) {
            for second in first...all.count {
                let chunks = [all[..<first], all[first..<second], all[second...]]
                #expect(Self.build(chunks, options: options) == sequential, "cuts at \(first), \(second)")
            }
        }
    }

    @Test("the §4b figures are there to compare")
    func directionFiguresPresent() {
        let m = Self.build([Self.records[...]], options: Self.optionSets[0])
        #expect(m.recovery?.missedNumbers == 3)
        #expect(m.recovery?.recovered == 2)
        #expect(m.dispositions?.first?.name == "(none)")
        #expect(m.dispositions?.contains { $0.name == "Wrap up time exceeded" && $0.calls == 2 } == true)
        #expect(m.outbound?.attempts == 2)
    }

    @Test("first-seen name comes from the earlier builder")
    func firstSeenName() {
        let start = at("2026-10-01 10:00:00")
        let options = AggregateOptions(period: samplePeriod)
        let named = Self.build(
            [
                [CallRecord(start: start, agentId: "7", agentName: "First")][...],
                [CallRecord(start: start, agentId: "7", agentName: "Second")][...],
            ], options: options)
        #expect(named.agents.map(\.name) == ["First"])
        let unnamedFirst = Self.build(
            [
                [CallRecord(start: start, agentId: "7")][...],
                [CallRecord(start: start, agentId: "7", agentName: "Second")][...],
            ], options: options)
        #expect(unnamedFirst.agents.map(\.name) == ["Second"])
    }
}
