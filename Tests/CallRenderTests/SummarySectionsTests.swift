import CallAggregate
import CallModel
import Foundation
import Testing

@testable import CallRender

/// The §4b sections of the summaries (issue 17): inbound headline, short abandons, outbound line,
/// abandon waits, dispositions, hang-ups, recovery, the weekday × hour heat map, definitions.
@Suite("Summary: inbound and outbound, waits, dispositions, recovery, heat map")
struct SummarySectionsTests {
    let renderer: ReportRenderer

    init() throws {
        renderer = try ReportRenderer(templatesDirectory: Sample.templates)
    }

    func output(_ name: String, _ metrics: Metrics, context: ReportContext = Sample.shortContext) throws -> String {
        try #require(renderer.renderOutput(named: name, metrics: metrics, context: context))
    }

    /// Two weekdays at 15-minute intervals: Monday 09:00–09:45 has 0.5, 1.25, 0, 2 calls on average
    /// (3.75 in the hour) needing 1, 2, 0, 3 agents; Tuesday 10:15 has 12 calls needing 5 agents.
    static var intervals: IntervalFigures {
        var rows: [IntervalRow] = []
        for day in ["Mon", "Tue"] {
            for slot in 0..<96 {
                let start = (slot < 40 ? "0" : "") + "\(slot / 4):" + ["00", "15", "30", "45"][slot % 4]
                let (average, agents): (Double, Int) =
                    switch (day, start) {
                    case ("Mon", "09:00"): (0.5, 1)
                    case ("Mon", "09:15"): (1.25, 2)
                    case ("Mon", "09:45"): (2, 3)
                    case ("Tue", "10:15"): (12, 5)
                    default: (0, 0)
                    }
                rows.append(
                    IntervalRow(
                        weekday: day, start: start, days: 4, offered: Int(average * 4), averageOffered: average,
                        answered: 0, aht: nil, serviceLevel: nil, requiredAgents: agents, occupancy: nil))
            }
        }
        return IntervalFigures(minutes: 15, targetServiceLevel: 0.8, serviceLevelSeconds: 20, rows: rows)
    }

    /// The sample with hand-made §4b figures: 10 inbound calls, 2 short abandons among 3 unanswered.
    static var figures: Metrics {
        var m = Sample.metrics
        m.inbound = InboundFigures(
            offered: 10, answered: 7, unanswered: 3, shortAbandoned: 2, serviceLevel: 0.6,
            serviceLevelExcludingShort: 0.75, asa: 9.5, abandonRate: 0.3, abandonRateExcludingShort: 0.125,
            aht: 200, medianHandle: 190, p90Handle: 300, transferred: 1, transferRate: 1.0 / 7,
            abandonWait: AbandonWait(
                known: 2, unknown: 1, median: 3,
                buckets: zip(WaitBucket.bounds, WaitBucket.bounds.dropFirst().map(Optional.some) + [nil]).map {
                    WaitBucket(fromSeconds: $0, toSeconds: $1, calls: $0 == 0 ? 2 : 0)
                }))
        m.outbound = OutboundFigures(
            attempts: 4, connected: 1, connectRate: 0.25, aht: 125, medianHandle: 125, p90Handle: 125,
            talkSeconds: 100, handleSeconds: 125, transferred: 0, transferRate: 0)
        m.dispositions = (1...10).map {
            DispositionFigures(
                name: "Reason \($0 < 10 ? "0" : "")\($0)", calls: 11 - $0, answered: 11 - $0, share: 0.1, aht: 60)
        }
        m.dispositions![0].name = "Sale <b>&"
        m.hangups = [
            HangupFigures(name: "Customer", calls: 9, share: 0.9), HangupFigures(name: "Agent", calls: 1, share: 0.1),
        ]
        m.recovery = RecoveryFigures(
            missedNumbers: 3, recovered: 2, recoveryRate: 2.0 / 3, medianRecoverySeconds: 11_520)
        m.intervals = intervals
        return m
    }

    @Test("the heat map sums 15-minute intervals into hours and takes each weekday's peak agents")
    func heatMapView() throws {
        let map = try #require(HeatMapView(Self.intervals))
        #expect(map.weekdays == ["Mon", "Tue"])
        #expect(map.rows.count == 24)
        #expect(map.rows[9].hour == "09")
        #expect(map.rows[9].cells.map(\.text) == ["3.8", ""])  // 0.5 + 1.25 + 0 + 2 = 3.75
        #expect(map.rows[10].cells.map(\.text) == ["", "12"])
        #expect(map.peakAgents.map(\.text) == ["3", "5"])
        #expect(map.peaks.map { "\($0.weekday) \($0.agents)" } == ["Mon 3", "Tue 5"])
        #expect(map.summedToHours && map.minutes == 15)
        #expect(map.busiestText == "12")
        // Colour by fifths of the busiest: 3.75 / 12 → the second step, 12 → the darkest with white text.
        #expect(map.rows[9].cells[0].background == HeatMapView.steps[1].background)
        #expect(map.rows[10].cells[1].background == HeatMapView.steps[4].background)
        #expect(map.rows[10].cells[1].color == "#fff")
        #expect(map.rows[0].cells[0].background == "#fff")
        // No inbound call: no map.
        var quiet = Self.intervals
        quiet.rows = quiet.rows.map {
            var row = $0
            row.offered = 0
            row.averageOffered = 0
            return row
        }
        #expect(HeatMapView(quiet) == nil)
    }

    @Test(
        "cell numbers stay within four characters",
        arguments: [
            (0.02, "<0.1"), (0.25, "0.3"), (3.75, "3.8"), (9.94, "9.9"), (9.96, "10"), (1234.4, "1234"),
            (9999.4, "9999"), (12_345, "12k"),
        ])
    func cellNumbers(value: Double, text: String) {
        #expect(HeatMapCell.number(value) == text)
    }

    @Test(
        "recovery times read to the minute or the hour",
        arguments: [
            (42, "42s"), (3000, "50m 00s"), (11_520, "3h 12m"), (601_200, "6d 23h"), (603_000, "7d 00h"),
            (86_399, "1d 00h"),
        ])
    func spans(seconds: Int, text: String) {
        #expect(DisplayText.span(seconds) == text)
    }

    @Test("wait ranges read 0–5 s … 5 min+")
    func waitLabels() {
        let labels = zip(WaitBucket.bounds, WaitBucket.bounds.dropFirst().map(Optional.some) + [nil]).map {
            InboundView.label(WaitBucket(fromSeconds: $0, toSeconds: $1, calls: 0))
        }
        #expect(labels == ["0–5 s", "5–10 s", "10–20 s", "20–30 s", "30–60 s", "1–2 min", "2–5 min", "5 min+"])
    }

    @Test("HTML: inbound tiles, short-abandon variants, outbound and all-calls lines, every section")
    func html() throws {
        let html = try output("summary.html", Self.figures)
        let shown = Sample.shownText(html)
        // Inbound tiles, not the totals (10 offered, 70.0 % SL).
        for figure in ["60.0 %", "30.0 %", "3m 20s", "10s", "14.3 %"] {
            #expect(html.contains("font-weight:bold;color:#1f2933\">\(figure)</div>"), "\(figure)")
        }
        #expect(shown.contains("inbound answered"))
        #expect(shown.contains("Excluding 2 short abandons (under 5 s): service level 75.0 %, abandon rate 12.5 %."))
        #expect(shown.contains("Outbound: 4 attempts, 1 connected (connect rate 25.0 %), AHT 2m 05s."))
        #expect(shown.contains("All calls, inbound and outbound: 10 offered, 8 answered, service level 70.0 %"))
        #expect(shown.contains("Recovery: 2 of 3 numbers that missed an inbound call (66.7 %)"))
        #expect(shown.contains("a median 3h 12m after the first miss"))
        #expect(shown.contains("median 3s; 1 without a readable end are not shown"))
        #expect(html.contains(">0–5 s</td>") && html.contains(">5 min+</td>"))
        #expect(
            html.contains(
                "<table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td height=\"10\" style=\"background:#e8833a"
            ))  // 2 of 2 known
        // Dispositions: the first 8, data escaped, the rest pointed to.
        #expect(html.contains(">Sale &lt;b&gt;&amp;</th>"))
        #expect(html.contains(">Reason 08</th>") && !html.contains("Reason 09"))
        #expect(shown.contains("Top 8 of 10; 2 more in dispositions.csv."))
        #expect(shown.contains("Who hung up: Customer 9 (90.0 %); Agent 1 (10.0 %)."))
        // Heat map: Tuesday 10:00's 12 calls in the darkest step; peak agents.
        #expect(html.contains("<td style=\"background:#147;color:#fff\">12</td>"))
        #expect(html.contains("<th width=\"44%\" style=\"background:#e4e9f0;color:#222\">Tue</th>"))
        #expect(html.contains(">3</td><td style=\"background:#f0f4f8;color:#222;font-weight:bold\">5</td>"))
        #expect(shown.contains("the 15-minute intervals of intervals.csv added up to hours"))
        #expect(shown.contains("by Erlang C, which assumes no caller abandons: an estimate before shrinkage"))
        #expect(shown.contains("Required agents: per 15-minute interval"))
        #expect(shown.contains("Short abandons: unanswered inbound calls that ended within 5 seconds"))
        #expect(
            shown.contains("Erlang C assumes no caller abandons, so required agents is an estimate before shrinkage"))
    }

    @Test("Markdown and plain text carry the same sections")
    func markdownAndText() throws {
        let md = try output("summary.md", Self.figures)
        #expect(md.contains("Inbound calls (outbound below):"))
        #expect(md.contains("| 10 | 7 | 70.0 % | 60.0 % | 3m 20s | 10s | 30.0 % | 14.3 % |"))
        #expect(md.contains("service level **75.0 %**, abandon rate **12.5 %**"))
        #expect(md.contains("**Outbound:** 4 attempts, 1 connected (connect rate **25.0 %**), AHT **2m 05s**."))
        #expect(md.contains("| 0–5 s | 2 | 100.0 % |"))
        #expect(md.contains("| Sale \\<b\\>\\& | 10 | 10.0 % | 1m 00s |"))
        #expect(md.contains("| Customer | 9 | 90.0 % |"))
        #expect(md.contains("| Hour | Mon | Tue |"))
        #expect(md.contains("| 09 | 3.8 |  |"))
        #expect(md.contains("| **Peak agents** | **3** | **5** |"))
        let text = try output("summary.txt", Self.figures)
        #expect(text.contains("HEADLINE (inbound calls)\n  Offered                 10\n"))
        #expect(text.contains("  Service level           60.0 %\n"))
        #expect(text.contains("  Short abandons          2 (under 5 s)\n  SL without them         75.0 %\n"))
        #expect(text.contains("OUTBOUND\n  Attempts                4\n  Connected               1\n"))
        #expect(text.contains("  0–5 s     2 calls, 100.0 %\n"))
        #expect(text.contains("\n  Sale <b>&\n    Calls          10   10.0 % of all calls\n"))
        #expect(text.contains("  Mon   3\n  Tue   5\n"))
    }

    @Test("no outbound call: no outbound line; S = 0: no variants, said so")
    func noOutbound() throws {
        var metrics = Self.figures
        metrics.outbound?.attempts = 0
        var context = Sample.shortContext
        context.shortAbandonSeconds = 0
        for name in ["summary.html", "summary.md", "summary.txt"] {
            let out = try output(name, metrics, context: context)
            #expect(!out.contains("Outbound:") && !out.contains("OUTBOUND") && !out.contains("4 attempts"), "\(name)")
            #expect(!out.contains("outbound below"), "\(name)")
            #expect(out.contains("not excluded (--short-abandon 0)"), "\(name)")
            #expect(!out.contains("SL without them") && !out.contains("Excluding 2"), "\(name)")
        }
    }

    @Test("a metrics.json without §4b figures keeps the all-calls headline and adds no section")
    func versionOne() throws {
        let html = try output("summary.html", Sample.metrics)
        #expect(html.contains("font-weight:bold;color:#1f2933\">70.0 %</div>"))
        for absent in ["inbound answered", "All calls, inbound", "Dispositions", "Peak agents", "Recovery:"] {
            #expect(!html.contains(absent), "\(absent)")
        }
    }

    @Test("inbound tiles compare with the previous inbound figures, in points for rates")
    func inboundChanges() throws {
        var previous = Self.figures
        previous.inbound?.serviceLevel = 0.5
        previous.inbound?.offered = 8
        var current = Self.figures
        current.comparison = Comparison(current: current, previous: previous, alertChange: 0.2)
        let shown = Sample.shownText(try output("summary.html", current))
        #expect(shown.contains("▲ 10.0 pp (was 50.0 %)"))
        #expect(shown.contains("▲ 25.0 % (was 8)"))
        // A previous report made before the inbound figures: no inbound change, and why.
        var old = previous
        old.inbound = nil
        current.comparison = Comparison(current: current, previous: old, alertChange: 0.2)
        let html = try output("summary.html", current)
        #expect(!Sample.shownText(html).contains("(was 50.0 %)"))
        #expect(html.contains("No inbound change: the previous report has no inbound figures"))
    }

    @Test("the HTML stays under 100 KB with every section, for 500 and for 10 000 agents")
    func size() throws {
        for agents in [500, 10_000] {
            let metrics = Sample.centerCompared(agents: agents)
            let html = try output("summary.html", metrics)
            #expect(html.utf8.count < 100_000, "\(agents) agents: \(html.utf8.count) bytes")
            #expect(html.contains("Top 8 of \(agents); \(agents - 8) more in dispositions.csv."))
            #expect(html.contains("Peak agents required"))
        }
    }
}
