import CallAggregate

// The §4b sections of the summaries (SPEC §4b): short abandons, outbound calls, abandon waits,
// dispositions, hang-ups, recovery and the weekday × hour heat map. Texts are rounded for people;
// the exact figures stay in metrics.json, dispositions.csv and intervals.csv.

/// The inbound figures the headline does not tile: short abandons and the variants without them,
/// and how long abandoning callers waited.
struct InboundView {
    let shortAbandoned: Int
    let oneShortAbandon: Bool
    /// S of `--short-abandon`; missing when the caller did not say (then the texts leave it out).
    let shortAbandonSeconds: Int?
    /// S = 0: nothing is a short abandon, so there are no variants to state.
    let shortAbandonOff: Bool
    let serviceLevelExcludingShortText: String
    let abandonRateExcludingShortText: String
    let waitKnown: Int
    let waitUnknown: Int
    let hasWaitUnknown: Bool
    let waitMedianText: String
    /// The eight ranges of SPEC §4b, fastest first, as bars to scale with the largest.
    let waitBars: [ViewFields]
    let hasWaits: Bool

    init(_ i: InboundFigures, shortAbandonSeconds: Int?) {
        shortAbandoned = i.shortAbandoned
        oneShortAbandon = i.shortAbandoned == 1
        self.shortAbandonSeconds = shortAbandonSeconds
        shortAbandonOff = shortAbandonSeconds == 0
        serviceLevelExcludingShortText = DisplayText.percent(i.serviceLevelExcludingShort)
        abandonRateExcludingShortText = DisplayText.percent(i.abandonRateExcludingShort)
        let wait = i.abandonWait
        waitKnown = wait.known
        waitUnknown = wait.unknown
        hasWaitUnknown = wait.unknown > 0
        waitMedianText = DisplayText.duration(wait.median)
        let largest = wait.buckets.map(\.calls).max() ?? 0
        waitBars = wait.buckets.map {
            ViewFields(BarRow(label: Self.label($0), count: $0.calls, of: wait.known, largest: largest))
        }
        hasWaits = wait.known > 0
    }

    /// `0–5 s`, `1–2 min`, `5 min+`.
    static func label(_ bucket: WaitBucket) -> String {
        func text(_ seconds: Int) -> String { seconds < 60 || seconds % 60 != 0 ? "\(seconds)" : "\(seconds / 60)" }
        guard let to = bucket.toSeconds else {
            return bucket.fromSeconds < 60 ? "\(bucket.fromSeconds) s+" : "\(bucket.fromSeconds / 60) min+"
        }
        let unit = to <= 60 ? "s" : "min"
        let from = unit == "s" ? "\(bucket.fromSeconds)" : text(bucket.fromSeconds)
        return from + "–" + (unit == "s" ? "\(to)" : text(to)) + " " + unit
    }
}

/// One bar of a small distribution: its count, its share of the whole, and its width in percent
/// of the largest bar (at least 1 % when not empty, as the daily chart's).
struct BarRow {
    let label: String
    /// The label padded with spaces to ``labelWidth`` characters, for plain-text columns.
    let paddedLabel: String
    let calls: Int
    let shareText: String
    let barPercent: Int
    let restPercent: Int
    let hasBar: Bool
    let hasRest: Bool

    static let labelWidth = 10

    init(label: String, count: Int, of total: Int, largest: Int) {
        self.label = label
        paddedLabel = label + String(repeating: " ", count: max(1, Self.labelWidth - label.count))
        calls = count
        shareText = DisplayText.percent(DisplayText.ratio(count, total))
        barPercent = DisplayText.barPercent(count, max: largest)
        restPercent = 100 - barPercent
        hasBar = barPercent > 0
        hasRest = restPercent > 0
    }
}

/// The outbound line of the headline; the view has it only when the period has outbound attempts.
struct OutboundView {
    let attempts: Int
    let connected: Int
    let connectRate: Double?
    let connectRateText: String
    let ahtText: String
    let transferRateText: String

    init(_ o: OutboundFigures) {
        attempts = o.attempts
        connected = o.connected
        connectRate = o.connectRate
        connectRateText = DisplayText.percent(o.connectRate)
        ahtText = DisplayText.duration(o.aht)
        transferRateText = DisplayText.percent(o.transferRate)
    }
}

/// A disposition or hang-up row as the summaries list it. `name` is data: escaped by the output.
struct ShareRow {
    let rank: Int
    /// The first row, for lists that put a separator before every other.
    let first: Bool
    let name: String
    let calls: Int
    let answered: Int?
    let share: Double?
    let aht: Double?
    let shareText: String
    let ahtText: String

    init(_ d: DispositionFigures, rank: Int) {
        self.rank = rank
        first = rank == 1
        name = d.name
        calls = d.calls
        answered = d.answered
        share = d.share
        aht = d.aht
        shareText = DisplayText.percent(d.share)
        ahtText = DisplayText.duration(d.aht)
    }

    init(_ h: HangupFigures, rank: Int) {
        self.rank = rank
        first = rank == 1
        name = h.name
        calls = h.calls
        answered = nil
        share = h.share
        aht = nil
        shareText = DisplayText.percent(h.share)
        ahtText = DisplayText.missing
    }
}

/// The first rows of a long list and how many are left out.
struct TopList {
    let rows: [ViewFields]
    let count: Int
    let shown: Int
    let hidden: Int
    let more: Bool
    let hasRows: Bool

    /// Enough to see what dominates; the rest are in dispositions.csv and metrics.json.
    static let maxRows = 8

    init(_ all: [ShareRow]) {
        rows = all.prefix(Self.maxRows).map(ViewFields.init)
        count = all.count
        shown = rows.count
        hidden = count - shown
        more = hidden > 0
        hasRows = count > 0
    }
}

/// Missed caller numbers reached afterwards, for people.
struct RecoveryView {
    let missedNumbers: Int
    let oneMissedNumber: Bool
    let recovered: Int
    let recoveryRateText: String
    let medianRecoverySeconds: Int?
    /// `50m 00s`, `3h 12m`, `6d 23h`.
    let medianRecoveryText: String
    let hasMissedNumbers: Bool
    let hasRecovered: Bool

    init(_ r: RecoveryFigures) {
        missedNumbers = r.missedNumbers
        oneMissedNumber = r.missedNumbers == 1
        recovered = r.recovered
        recoveryRateText = DisplayText.percent(r.recoveryRate)
        medianRecoverySeconds = r.medianRecoverySeconds
        medianRecoveryText = DisplayText.span(r.medianRecoverySeconds)
        hasMissedNumbers = r.missedNumbers > 0
        hasRecovered = r.recovered > 0
    }
}

/// The weekday × hour heat map of average inbound calls offered, with the peak agents each weekday
/// needs: hours down the page, one column per weekday present, so that it fits a phone.
///
/// An hour's cell is the sum of the average offered calls of its intervals (with 15- or 30-minute
/// intervals, the hour's two or four), so the map has 24 rows whatever `--interval`; the peak
/// agents are the most any interval of the weekday requires, at the interval of the report.
struct HeatMapView {
    let weekdays: [String]
    let rows: [HeatMapRow]
    /// The most agents any interval of each weekday requires, in the order of `weekdays`.
    let peakAgents: [HeatMapCell]
    /// The same as `weekday`, `agents` pairs, for lists.
    let peaks: [PeakRow]
    let minutes: Int
    /// Intervals shorter than an hour were summed into hours.
    let summedToHours: Bool
    let targetServiceLevelText: String
    let serviceLevelSeconds: Int
    /// The busiest cell, `12.5`.
    let busiestText: String
    let columnCount: Int
    /// The width of each weekday column, in percent (the hours take 12 %), so all are alike.
    let columnPercent: Int

    /// Light to dark; the darker two take white text. Each cell also shows its number, so the map
    /// reads without colour.
    /// Three-digit colours: 168 cells make every byte count under the 100 KB budget.
    static let steps: [(background: String, text: String)] = [
        ("#def", "#222"), ("#bdf", "#222"), ("#8be", "#222"), ("#47c", "#fff"), ("#147", "#fff"),
    ]
    static let empty = (background: "#fff", text: "#222")

    /// `nil` when the period has no inbound call to map.
    init?(_ figures: IntervalFigures) {
        guard figures.rows.contains(where: { $0.offered > 0 }), figures.minutes > 0 else { return nil }
        var days: [String] = []
        var hours: [String: [Double]] = [:]
        var peaks: [String: Int?] = [:]
        for row in figures.rows {
            if hours[row.weekday] == nil {
                days.append(row.weekday)
                hours[row.weekday] = Array(repeating: 0, count: 24)
                peaks[row.weekday] = .some(nil)
            }
            guard let hour = Int(row.start.prefix(2)), (0..<24).contains(hour) else { continue }
            hours[row.weekday]![hour] += row.averageOffered
            if let agents = row.requiredAgents {
                peaks[row.weekday] = max(peaks[row.weekday]! ?? 0, agents)
            }
        }
        let busiest = hours.values.flatMap { $0 }.max() ?? 0
        weekdays = days
        rows = (0..<24).map { hour in
            HeatMapRow(
                hour: (hour < 10 ? "0" : "") + "\(hour)",
                cells: days.map { HeatMapCell(average: hours[$0]![hour], busiest: busiest) })
        }
        peakAgents = days.map {
            HeatMapCell(text: peaks[$0]!.map(HeatMapCell.count) ?? DisplayText.missing)
        }
        self.peaks = zip(days, peakAgents).map { PeakRow(weekday: $0, agents: $1.text) }
        minutes = figures.minutes
        summedToHours = figures.minutes < 60
        targetServiceLevelText = DisplayText.percent(figures.targetServiceLevel)
        serviceLevelSeconds = figures.serviceLevelSeconds
        busiestText = HeatMapCell.number(busiest)
        columnCount = days.count + 1
        columnPercent = 88 / max(1, days.count)
    }
}

struct PeakRow {
    let weekday: String
    let agents: String
}

struct HeatMapRow {
    /// `00` … `23`.
    let hour: String
    let cells: [HeatMapCell]
}

struct HeatMapCell {
    /// Empty for no calls; `0.8` below 10; `12` from 10.
    let text: String
    let background: String
    let color: String

    init(average: Double, busiest: Double) {
        guard average > 0, busiest > 0 else {
            text = ""
            (background, color) = HeatMapView.empty
            return
        }
        text = Self.number(average)
        let step = min(HeatMapView.steps.count, max(1, Int((average / busiest * 5).rounded(.up))))
        (background, color) = HeatMapView.steps[step - 1]
    }

    init(text: String) {
        self.text = text
        (background, color) = HeatMapView.empty
    }

    /// At most four characters, for an eighth of a phone's width: one decimal below 10, whole
    /// numbers up to 9999, then thousands (`12k`).
    static func number(_ value: Double) -> String {
        if value <= 0 { return "0" }
        if value < 0.05 { return "<0.1" }
        let tenths = Int((value * 10).rounded(.toNearestOrAwayFromZero))
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10)" }
        return count(Int(value.rounded(.toNearestOrAwayFromZero)))
    }

    /// A whole number in at most four characters: `9999`, then `12k`.
    static func count(_ n: Int) -> String {
        n < 10_000 ? "\(n)" : "\((n + 500) / 1000)k"
    }
}
