/// The running figures of the calls of one direction (SPEC §4b): the §4 sums, the handle seconds
/// for the median and 90th percentile, and for inbound calls the waits of the unanswered ones.
///
/// Waits go to a histogram like the handle seconds, so the median is exact, the memory does not
/// grow with the calls, and two tallies merge by adding counts.
struct DirectionTally: Sendable {
    private(set) var tally = Tally()
    private var handles = HandleHistogram()
    /// Known waits of unanswered calls, in seconds.
    private var waits = HandleHistogram()
    private var unknownWaits = 0
    private var shortAbandoned = 0

    mutating func add(_ call: CallFigures) {
        tally.add(call)
        if call.answered { handles.add(call.handleSeconds) }
    }

    /// Counts the wait of an unanswered call: `nil` when unknown. A known wait below
    /// `shortAbandonSeconds` is a short abandon, so 0 makes none.
    mutating func addWait(_ seconds: Int?, shortAbandonSeconds: Int) {
        guard let seconds else {
            unknownWaits += 1
            return
        }
        waits.add(seconds)
        if seconds < shortAbandonSeconds { shortAbandoned += 1 }
    }

    mutating func merge(_ other: DirectionTally) {
        tally.merge(other.tally)
        handles.merge(other.handles)
        waits.merge(other.waits)
        unknownWaits += other.unknownWaits
        shortAbandoned += other.shortAbandoned
    }

    var inbound: InboundFigures {
        let counted = tally.offered - shortAbandoned
        return InboundFigures(
            offered: tally.offered, answered: tally.answered, unanswered: tally.unanswered,
            shortAbandoned: shortAbandoned, serviceLevel: tally.serviceLevel,
            serviceLevelExcludingShort: ratio(tally.withinServiceLevel, counted), asa: tally.asa,
            abandonRate: tally.abandonRate,
            abandonRateExcludingShort: ratio(tally.unanswered - shortAbandoned, counted), aht: tally.aht,
            medianHandle: handles.median, p90Handle: handles.p90, transferred: tally.transferred,
            transferRate: tally.transferRate,
            abandonWait: AbandonWait(
                known: waits.count, unknown: unknownWaits, median: waits.median, buckets: waitBuckets()))
    }

    var outbound: OutboundFigures {
        OutboundFigures(
            attempts: tally.offered, connected: tally.answered, connectRate: ratio(tally.answered, tally.offered),
            aht: tally.aht, medianHandle: handles.median, p90Handle: handles.p90, talkSeconds: tally.talkSeconds,
            handleSeconds: tally.handleSeconds, transferred: tally.transferred, transferRate: tally.transferRate)
    }

    private func waitBuckets() -> [WaitBucket] {
        let bounds = WaitBucket.bounds
        var calls = [Int](repeating: 0, count: bounds.count)
        waits.forEachValue { seconds, times in
            // Known waits are never negative, so each falls in a range.
            let bucket = bounds.lastIndex { $0 <= seconds }!
            calls[bucket] += times
            return true
        }
        return bounds.indices.map { index in
            WaitBucket(
                fromSeconds: bounds[index], toSeconds: index + 1 < bounds.count ? bounds[index + 1] : nil,
                calls: calls[index])
        }
    }
}
