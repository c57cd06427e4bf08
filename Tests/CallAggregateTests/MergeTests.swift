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
