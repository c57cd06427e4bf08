import CallModel
import Testing

@testable import CallAggregate

/// The ten calls of `sampleRecords`, worked out by hand.
@Suite("Hand-computed sample")
struct SampleMetricsTests {
    let m = metrics(sampleRecords)

    @Test func period() {
        #expect(
            m.period
                == PeriodInfo(from: "2026-10-01", to: "2026-10-03", timezone: "Asia/Kolkata", serviceLevelSeconds: 20))
    }

    @Test func totals() {
        // offered 10; answered R1 R2 R4 R6 R7 R9 R10 = 7; unanswered R3 R5 R8 = 3; transferred R2 R4 = 2.
        // handle 150+200+70+300+50+60+0 = 830; tta 10+20+25+5+30+15+0 = 105.
        // within T=20: R1(10) R2(20) R6(5) R9(15) R10(0) = 5 of 10 offered.
        // sorted handles 0 50 60 70 150 200 300: median rank ⌈3.5⌉=4 → 70, p90 rank ⌈6.3⌉=7 → 300.
        #expect(
            m.totals
                == Totals(
                    offered: 10, answered: 7, unanswered: 3, transferred: 2, handleSeconds: 830,
                    aht: 830.0 / 7, asa: 15.0, serviceLevel: 0.5, abandonRate: 0.3, transferRate: 2.0 / 7,
                    medianHandle: 70, p90Handle: 300))
    }

    @Test func agents() {
        // A1: R1 R2 R7 R10, all answered; name from R1 (R2's "Asha K" comes later, R10 has none).
        //     handle 150+200+50+0 = 400; talk 100+150+50+90 = 390; hold 20; wrapup 30; tta 10+20+30+0 = 60.
        //     sorted 0 50 150 200: median rank 2 → 50; p90 rank ⌈3.6⌉=4 → 200. transferred R2.
        // Chitra (no agentId, keyed by name): R6 R9; handle 300+60; talk 0+40; hold 5; wrapup 15; tta 5+15.
        //     sorted 60 300: median rank 1 → 60, p90 rank ⌈1.8⌉=2 → 300.
        // A2: R3 R4 R8, answered R4 only: handle 70 = 60+0+10, tta 25, transferred (transferredTo).
        // R5 is unassigned: in no agent row.
        #expect(
            m.agents == [
                AgentFigures(
                    id: "A1", name: "Asha", offered: 4, answered: 4, handleSeconds: 400, talkSeconds: 390,
                    holdSeconds: 20, wrapupSeconds: 30, aht: 100, medianHandle: 50, p90Handle: 200, asa: 15,
                    transferred: 1, transferRate: 0.25),
                AgentFigures(
                    id: "Chitra", name: "Chitra", offered: 2, answered: 2, handleSeconds: 360, talkSeconds: 40,
                    holdSeconds: 5, wrapupSeconds: 15, aht: 180, medianHandle: 60, p90Handle: 300, asa: 10,
                    transferred: 0, transferRate: 0),
                AgentFigures(
                    id: "A2", name: "Bala", offered: 3, answered: 1, handleSeconds: 70, talkSeconds: 60,
                    holdSeconds: 0, wrapupSeconds: 10, aht: 70, medianHandle: 70, p90Handle: 70, asa: 25,
                    transferred: 1, transferRate: 1),
            ])
    }

    @Test func skills() {
        // Sales: R1 R2 R6 R7 R9, all answered; handle 150+200+300+50+60 = 760; tta 10+20+5+30+15 = 80;
        //        within T: R1 R2 R6 R9 = 4/5; transferred R2.
        // Support: R3 R4 R8 R10; answered R4 R10; handle 70+0; tta 25+0; within T: R10 = 1/4; transferred R4.
        // (none): R5, unanswered.
        #expect(
            m.skills == [
                GroupFigures(
                    name: "Sales", direction: .inbound, offered: 5, answered: 5, unanswered: 0, abandonRate: 0,
                    handleSeconds: 760,
                    aht: 152, asa: 16, serviceLevel: 0.8, transferred: 1, transferRate: 0.2),
                GroupFigures(
                    name: "Support", direction: .inbound, offered: 4, answered: 2, unanswered: 2, abandonRate: 0.5,
                    handleSeconds: 70,
                    aht: 35, asa: 12.5, serviceLevel: 0.25, transferred: 1, transferRate: 0.5),
                GroupFigures(
                    name: "(none)", direction: .inbound, offered: 1, answered: 0, unanswered: 1, abandonRate: 1,
                    handleSeconds: 0,
                    aht: nil, asa: nil, serviceLevel: 0, transferred: 0, transferRate: nil),
            ])
    }

    @Test func campaigns() {
        // Inbound: R1 R2 R3 R5 R7 R10; answered R1 R2 R7 R10; handle 150+200+50+0; tta 10+20+30+0;
        //          within T: R1 R2 R10 = 3/6; transferred R2.
        // (none): R6 R9, both answered and within T; handle 360; tta 20.
        // Outbound: R4 R8; answered R4 (tta 25 > T); transferred R4.
        // (none) and Outbound tie on 2 offered: "(" (U+0028) precedes "O" (U+004F).
        #expect(
            m.campaigns == [
                GroupFigures(
                    name: "Inbound", direction: .inbound, offered: 6, answered: 4, unanswered: 2, abandonRate: 2.0 / 6,
                    handleSeconds: 400, aht: 100, asa: 15, serviceLevel: 0.5, transferred: 1, transferRate: 0.25),
                GroupFigures(
                    name: "(none)", direction: .inbound, offered: 2, answered: 2, unanswered: 0, abandonRate: 0,
                    handleSeconds: 360,
                    aht: 180, asa: 10, serviceLevel: 1, transferred: 0, transferRate: 0),
                GroupFigures(
                    name: "Outbound", direction: .inbound, offered: 2, answered: 1, unanswered: 1, abandonRate: 0.5,
                    handleSeconds: 70,
                    aht: 70, asa: 25, serviceLevel: 0, transferred: 1, transferRate: 1),
            ])
    }

    @Test func daily() {
        // 10-01: R1 R2 R3 R7 R9, answered all but R3; handle 150+200+50+60 = 460.
        // 10-02: R4 R5 R6 R8 R10, answered R4 R6 R10; handle 70+300+0 = 370.
        // 10-03: no call, still a row.
        #expect(
            m.daily == [
                DayFigures(date: "2026-10-01", offered: 5, answered: 4, unanswered: 1, handleSeconds: 460, aht: 115),
                DayFigures(
                    date: "2026-10-02", offered: 5, answered: 3, unanswered: 2, handleSeconds: 370, aht: 370.0 / 3),
                DayFigures(date: "2026-10-03", offered: 0, answered: 0, unanswered: 0, handleSeconds: 0, aht: nil),
            ])
    }

    @Test func hourly() {
        // 00: R9; 09: R1 R2 R7 R10 (all answered); 10: R3 R4 R8 (R4 answered); 11: R5; 23: R6.
        var expected = (0..<24).map { HourFigures(hour: $0, offered: 0, answered: 0) }
        expected[0] = HourFigures(hour: 0, offered: 1, answered: 1)
        expected[9] = HourFigures(hour: 9, offered: 4, answered: 4)
        expected[10] = HourFigures(hour: 10, offered: 3, answered: 1)
        expected[11] = HourFigures(hour: 11, offered: 1, answered: 0)
        expected[23] = HourFigures(hour: 23, offered: 1, answered: 1)
        #expect(m.hourly == expected)
    }

    @Test func fetchIsPassedThrough() {
        let fetch = FetchSummary(requests: 3, windows: 2, fromArchive: 1)
        #expect(metrics(sampleRecords, fetch: fetch).fetch == fetch)
    }
}

@Suite("Rows of the calendar")
struct CalendarTests {
    @Test("daily has every date of the period, empty ones included")
    func dailyCoversPeriod() {
        let m = metrics(
            [CallRecord(start: at("2026-10-17 08:00:00"), status: "answered")],
            options: AggregateOptions(period: ReportPeriod(month: "2026-10")!))
        #expect(m.daily.count == 31)
        let october: [String] = (1...31).map { (day: Int) -> String in "2026-10-" + Digits.padded(day, 2) }
        #expect(m.daily.map(\.date) == october)
        #expect(m.daily.filter { $0.offered > 0 }.map(\.date) == ["2026-10-17"])
        #expect(
            m.daily[0]
                == DayFigures(date: "2026-10-01", offered: 0, answered: 0, unanswered: 0, handleSeconds: 0, aht: nil))
    }

    @Test("daily crosses month and leap-day boundaries")
    func dailyAcrossMonths() {
        let m = metrics([], options: AggregateOptions(period: period("2028-02-27", "2028-03-01")))
        #expect(m.daily.map(\.date) == ["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"])
    }

    @Test("hourly has hours 0–23 over the whole period")
    func hourlyHas24Rows() {
        let calls = [
            CallRecord(start: at("2026-10-01 14:00:00"), status: "answered"),
            CallRecord(start: at("2026-10-03 14:59:59"), status: "Unanswered"),
        ]
        let m = metrics(calls)
        #expect(m.hourly.map(\.hour) == Array(0...23))
        #expect(m.hourly[14] == HourFigures(hour: 14, offered: 2, answered: 1))
        #expect(m.hourly.map(\.offered).reduce(0, +) == 2)
    }

    @Test("the period's ends are inclusive")
    func inclusiveEnds() {
        var builder = MetricsBuilder(options: AggregateOptions(period: samplePeriod))
        #expect(builder.add(CallRecord(start: at("2026-09-30 23:59:59"))) == .outOfPeriod)
        #expect(builder.add(CallRecord(start: at("2026-10-01 00:00:00"))) == .counted)
        #expect(builder.add(CallRecord(start: at("2026-10-03 23:59:59"))) == .counted)
        #expect(builder.add(CallRecord(start: at("2026-10-04 00:00:00"))) == .outOfPeriod)
        let m = builder.build(normalize: NormalizeCounts(), fetch: FetchSummary())
        #expect(m.totals.offered == 2)
        #expect(m.dataQuality.outOfPeriod == 2)
    }
}

@Suite("Zero denominators")
struct NullRatioTests {
    @Test("no call at all: every ratio and percentile is nil")
    func empty() {
        let m = metrics([])
        #expect(
            m.totals
                == Totals(
                    offered: 0, answered: 0, unanswered: 0, transferred: 0, handleSeconds: 0, aht: nil, asa: nil,
                    serviceLevel: nil, abandonRate: nil, transferRate: nil, medianHandle: nil, p90Handle: nil))
        #expect(m.agents.isEmpty && m.skills.isEmpty && m.campaigns.isEmpty)
    }

    @Test("offered but none answered: offered-based ratios are numbers, answered-based ones nil")
    func noneAnswered() {
        let m = metrics([CallRecord(start: at("2026-10-01 10:00:00"), agentId: "A9", status: "Unanswered")])
        #expect(m.totals.serviceLevel == 0)
        #expect(m.totals.abandonRate == 1)
        #expect(m.totals.aht == nil && m.totals.asa == nil && m.totals.transferRate == nil)
        #expect(m.agents.first?.aht == nil && m.agents.first?.transferRate == nil)
        #expect(m.agents.first?.medianHandle == nil)
    }
}
