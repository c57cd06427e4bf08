/// Handle seconds of answered calls, kept as a count per whole second.
///
/// Nearest-rank percentiles need the sorted values; a histogram gives the
/// same answer exactly while using memory in proportion to the distinct
/// durations (a few thousand) rather than the calls, and two histograms merge
/// by adding counts, which parallel aggregation needs.
///
/// Most calls last less than a few thousand seconds, so those counts sit in an array indexed by
/// the second (a lookup per answered call instead of a hash), and only the rare longer or
/// negative values go to a dictionary. The array grows in powers of two, and only as far as the
/// histogram's own calls pay for it, so a thousand agents with a handful of calls each do not
/// each hold a large array.
struct HandleHistogram: Sendable {
    /// `dense[s]` counts the value `s`, for `0 ≤ s < dense.count`.
    private var dense: [Int] = []
    /// Every other value: never one inside `0..<dense.count`.
    private var sparse: [Int: Int] = [:]
    /// Number of values added.
    private(set) var count = 0

    /// How many seconds the array covers; it stays in proportion to ``count``.
    var denseCount: Int { dense.count }

    /// The array never grows past this many seconds (nine hours).
    static let denseLimit = 1 << 15

    mutating func add(_ seconds: Int) {
        count += 1
        if seconds >= 0, seconds < dense.count {
            dense[seconds] += 1
        } else {
            add(seconds, times: 1)
        }
    }

    /// Adds `times` to the count of `seconds`, growing the array when the histogram is large
    /// enough for it; does not change ``count``.
    private mutating func add(_ seconds: Int, times: Int) {
        if seconds >= dense.count, seconds < Self.denseLimit {
            let size = max(64, 1 << (Int.bitWidth - seconds.leadingZeroBitCount))
            // An array of at most 8 words a value counted so far, beyond a small start.
            if size <= 256 + 8 * count { grow(to: size) }
        }
        if seconds >= 0, seconds < dense.count {
            dense[seconds] += times
        } else {
            sparse[seconds, default: 0] += times
        }
    }

    /// Makes the array `size` long and moves the values it now covers out of the dictionary.
    private mutating func grow(to size: Int) {
        let old = dense.count
        dense.append(contentsOf: repeatElement(0, count: size - old))
        for (seconds, times) in sparse where seconds >= old && seconds < size {
            dense[seconds] += times
            sparse[seconds] = nil
        }
    }

    mutating func merge(_ other: HandleHistogram) {
        count += other.count
        if other.dense.count > dense.count { grow(to: other.dense.count) }
        for (seconds, times) in other.dense.enumerated() where times > 0 { dense[seconds] += times }
        for (seconds, times) in other.sparse { add(seconds, times: times) }
    }

    /// Each value and how many times it was added, smallest value first.
    func forEachValue(_ body: (_ seconds: Int, _ times: Int) -> Bool) {
        let large = sparse.keys.sorted()
        let negatives = large.prefix { $0 < 0 }
        for seconds in negatives where !body(seconds, sparse[seconds]!) { return }
        for (seconds, times) in dense.enumerated() where times > 0 {
            if !body(seconds, times) { return }
        }
        for seconds in large.dropFirst(negatives.count) where !body(seconds, sparse[seconds]!) { return }
    }

    /// Median by nearest rank; `nil` when empty.
    var median: Int? { quantile(numerator: 1, denominator: 2) }

    /// 90th percentile by nearest rank; `nil` when empty.
    var p90: Int? { quantile(numerator: 9, denominator: 10) }

    /// The p-quantile (p = numerator / denominator) by nearest rank.
    func quantile(numerator: Int, denominator: Int) -> Int? {
        guard count > 0 else { return nil }
        var remaining = Self.nearestRank(numerator: numerator, denominator: denominator, count: count)
        var found: Int?
        forEachValue { seconds, times in
            remaining -= times
            if remaining <= 0 { found = seconds }
            return found == nil
        }
        return found  // never nil: the rank never exceeds the count
    }

    /// SPEC §4: the 1-based position ⌈p·n⌉, at least 1, computed in integers
    /// so that p·n landing on a whole number is never pushed up by a rounding error.
    static func nearestRank(numerator: Int, denominator: Int, count: Int) -> Int {
        max(1, (numerator * count + denominator - 1) / denominator)
    }
}
