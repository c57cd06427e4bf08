import Testing

@testable import CallAggregate

/// A small seeded generator (SplitMix64), so that a failing case can be run again.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Handle histogram: array and dictionary")
struct HandleHistogramTests {
    /// Every value with its count, smallest first, as the histogram walks them.
    static func contents(_ histogram: HandleHistogram) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        histogram.forEachValue { seconds, times in
            pairs.append((seconds, times))
            return true
        }
        return pairs
    }

    /// The same from a plain list: sorted, equal values counted together.
    static func contents(_ values: [Int]) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        for value in values.sorted() {
            if let last = pairs.last, last.0 == value {
                pairs[pairs.count - 1].1 += 1
            } else {
                pairs.append((value, 1))
            }
        }
        return pairs
    }

    /// The nearest-rank quantile of SPEC §4 on a sorted copy.
    static func sortedQuantile(_ values: [Int], numerator: Int, denominator: Int) -> Int? {
        guard !values.isEmpty else { return nil }
        let rank = Int((Double(numerator) * Double(values.count) / Double(denominator)).rounded(.up))
        return values.sorted()[max(1, rank) - 1]
    }

    static func expectSame(_ histogram: HandleHistogram, _ values: [Int], _ comment: Comment) {
        #expect(histogram.count == values.count, comment)
        #expect(contents(histogram).map(\.0) == contents(values).map(\.0), comment)
        #expect(contents(histogram).map(\.1) == contents(values).map(\.1), comment)
        // Denominators that are powers of two and 10 keep p·n exact in a Double.
        for denominator in [2, 4, 10, 16] {
            for numerator in 1...denominator {
                #expect(
                    histogram.quantile(numerator: numerator, denominator: denominator)
                        == sortedQuantile(values, numerator: numerator, denominator: denominator),
                    "\(comment) p = \(numerator)/\(denominator)")
            }
        }
    }

    static func histogram(_ values: [Int]) -> HandleHistogram {
        var histogram = HandleHistogram()
        for value in values { histogram.add(value) }
        return histogram
    }

    @Test(
        "values at the edges of the array and of its limit",
        arguments: [
            [0],
            [63, 64, 65],
            [-1, 0, 1],
            [HandleHistogram.denseLimit - 1, HandleHistogram.denseLimit, HandleHistogram.denseLimit + 1],
            [Int.max, Int.min, 0, 5],
            // A long value first, while the histogram is too small for a large array, then enough
            // short ones for the array to grow over it: the long value must move, not be counted twice.
            [1000] + Array(repeating: 3, count: 200) + [1000, 999, 1001, 1023, 1024],
            [5000, 5000] + (0..<3000).map { $0 % 700 },
        ] as [[Int]])
    func edges(values: [Int]) {
        Self.expectSame(Self.histogram(values), values, "\(values.prefix(8))")
    }

    @Test("seeded random values give the quantiles of a plain sort", arguments: 0..<20 as Range<UInt64>)
    func random(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let count = Int.random(in: 1...4000, using: &random)
        let values = (0..<count).map { _ -> Int in
            switch Int.random(in: 0..<20, using: &random) {
            case 0: return Int.random(in: -50...(-1), using: &random)
            case 1: return Int.random(in: 30_000...200_000, using: &random)
            default: return Int.random(in: 0...1500, using: &random)
            }
        }
        Self.expectSame(Self.histogram(values), values, "seed \(seed)")
    }

    @Test("merged histograms hold what one histogram fed everything holds", arguments: 0..<20 as Range<UInt64>)
    func merge(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        // Sizes so different that the two arrays have different lengths, or one has none.
        let values = (0..<Int.random(in: 0...3000, using: &random)).map { _ in
            Int.random(in: -5...40_000, using: &random) / Int.random(in: 1...200, using: &random)
        }
        let cut = Int.random(in: 0...values.count, using: &random)
        var merged = Self.histogram(Array(values[..<cut]))
        merged.merge(Self.histogram(Array(values[cut...])))
        Self.expectSame(merged, values, "seed \(seed), cut \(cut)")
    }

    @Test("a few calls keep a small array, even with a long one among them")
    func smallStaysSmall() {
        let histogram = Self.histogram([20_000, 3])
        // Reached through the walk: the long value is there once, after the short one.
        #expect(Self.contents(histogram).map(\.0) == [3, 20_000])
        #expect(histogram.denseCount <= 256)
    }
}
