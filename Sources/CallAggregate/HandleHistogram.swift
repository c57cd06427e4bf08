/// Handle seconds of answered calls, kept as a count per whole second.
///
/// Nearest-rank percentiles need the sorted values; a histogram gives the
/// same answer exactly while using memory in proportion to the distinct
/// durations (a few thousand) rather than the calls, and two histograms merge
/// by adding counts, which parallel aggregation needs.
struct HandleHistogram: Hashable, Sendable {
    private var counts: [Int: Int] = [:]
    /// Number of values added.
    private(set) var count = 0

    mutating func add(_ seconds: Int) {
        counts[seconds, default: 0] += 1
        count += 1
    }

    mutating func merge(_ other: HandleHistogram) {
        counts.merge(other.counts, uniquingKeysWith: +)
        count += other.count
    }

    /// Median by nearest rank; `nil` when empty.
    var median: Int? { quantile(numerator: 1, denominator: 2) }

    /// 90th percentile by nearest rank; `nil` when empty.
    var p90: Int? { quantile(numerator: 9, denominator: 10) }

    /// The p-quantile (p = numerator / denominator) by nearest rank.
    func quantile(numerator: Int, denominator: Int) -> Int? {
        guard count > 0 else { return nil }
        var remaining = Self.nearestRank(numerator: numerator, denominator: denominator, count: count)
        for seconds in counts.keys.sorted() {
            remaining -= counts[seconds]!
            if remaining <= 0 { return seconds }
        }
        return nil  // unreachable: the rank never exceeds the count
    }

    /// SPEC §4: the 1-based position ⌈p·n⌉, at least 1, computed in integers
    /// so that p·n landing on a whole number is never pushed up by a rounding error.
    static func nearestRank(numerator: Int, denominator: Int, count: Int) -> Int {
        max(1, (numerator * count + denominator - 1) / denominator)
    }
}
