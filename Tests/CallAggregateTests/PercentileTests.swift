import CallModel
import Testing

@testable import CallAggregate

@Suite("Nearest-rank median and 90th percentile")
struct PercentileTests {
    @Test(
        "rank is ⌈p·n⌉ in integers",
        arguments: [
            (1, 1, 1), (2, 1, 2), (10, 5, 9), (11, 6, 10), (7, 4, 7), (20, 10, 18), (100, 50, 90), (3, 2, 3),
        ] as [(Int, Int, Int)])
    func ranks(n: Int, medianRank: Int, p90Rank: Int) {
        #expect(HandleHistogram.nearestRank(numerator: 1, denominator: 2, count: n) == medianRank)
        #expect(HandleHistogram.nearestRank(numerator: 9, denominator: 10, count: n) == p90Rank)
    }

    @Test(
        "median and p90 of the handle seconds of answered calls",
        arguments: [
            ([42], 42, 42),
            ([20, 10], 10, 20),
            ([7, 3, 9, 1, 10, 2, 8, 4, 6, 5], 5, 9),  // n = 10: ranks 5 and 9
            ([11, 3, 9, 1, 10, 2, 8, 4, 6, 5, 7], 6, 10),  // n = 11: ranks ⌈5.5⌉ = 6 and ⌈9.9⌉ = 10
            ([5, 9, 5, 5], 5, 9),  // repeated values: ranks 2 and ⌈3.6⌉ = 4
        ] as [([Int], Int, Int)])
    func percentiles(handles: [Int], median: Int, p90: Int) {
        let start = at("2026-10-01 10:00:00")
        var calls = handles.map { CallRecord(start: start, handling: $0, status: "answered") }
        // Unanswered calls carry handle seconds too; they must not enter the list.
        calls.append(CallRecord(start: start, handling: 10_000, status: "Unanswered"))
        let m = metrics(calls)
        #expect(m.totals.medianHandle == median)
        #expect(m.totals.p90Handle == p90)
        #expect(m.agents.isEmpty)
    }

    @Test("no answered call: no median, no percentile")
    func empty() {
        let m = metrics([CallRecord(start: at("2026-10-01 10:00:00"), handling: 50, status: "Unanswered")])
        #expect(m.totals.medianHandle == nil)
        #expect(m.totals.p90Handle == nil)
    }
}
