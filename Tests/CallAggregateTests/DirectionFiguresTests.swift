import CallModel
import Foundation
import Testing

@testable import CallAggregate

/// SPEC §4b, rule by rule, on small inputs whose figures are worked out by hand in the comments.
@Suite("Inbound and outbound figures")
struct DirectionFiguresTests {
    static func call(
        _ start: String, end: String? = nil, type: String? = nil, answered: Bool, tta: Int = 0, handle: Int? = nil,
        talk: Int = 0, skill: String? = nil, transferType: String? = nil
    ) -> CallRecord {
        CallRecord(
            start: at(start), skill: skill, type: type, end: end.map(at), timeToAnswer: tta, talk: talk,
            handling: handle, status: answered ? "Answered" : "NotAnswered", transferType: transferType)
    }

    /// Five unanswered inbound calls at 10:00:00 ending 4, 5 and 6 seconds later, without an end, and
    /// before their start; one answered inbound call (tta 10, handle 100); one unanswered outbound call.
    static let waits: [CallRecord] = [
        call("2026-10-01 10:00:00", end: "2026-10-01 10:00:04", answered: false),
        call("2026-10-01 10:00:00", end: "2026-10-01 10:00:05", type: "InBound", answered: false),
        call("2026-10-01 10:00:00", end: "2026-10-01 10:00:06", type: "Incoming", answered: false),
        call("2026-10-01 10:00:00", answered: false),
        call("2026-10-01 10:00:00", end: "2026-10-01 09:59:59", answered: false),
        call("2026-10-01 10:00:00", end: "2026-10-01 10:05:00", answered: true, tta: 10, handle: 100),
        call("2026-10-01 10:00:00", end: "2026-10-01 10:00:01", type: "Manual", answered: false),
    ]

    @Test("waits: known when the end is readable and not before the start")
    func waitsKnownOrUnknown() throws {
        let inbound = try #require(metrics(Self.waits).inbound)
        #expect(inbound.offered == 6)
        #expect(inbound.unanswered == 5)
        // Known 4, 5, 6; unknown: no end, end before start. The outbound call has no wait counted.
        #expect(inbound.abandonWait.known == 3)
        #expect(inbound.abandonWait.unknown == 2)
        // Nearest rank ⌈0.5 · 3⌉ = 2 of 4, 5, 6.
        #expect(inbound.abandonWait.median == 5)
        #expect(inbound.abandonWait.buckets.map(\.calls) == [1, 2, 0, 0, 0, 0, 0, 0])
        #expect(inbound.abandonWait.buckets.map(\.fromSeconds) == [0, 5, 10, 20, 30, 60, 120, 300])
        #expect(inbound.abandonWait.buckets.map(\.toSeconds) == [5, 10, 20, 30, 60, 120, 300, nil])
        #expect(CallRecord(start: at("2026-10-01 10:00:00"), end: at("2026-10-01 09:59:59")).waitSeconds == nil)
        #expect(CallRecord(start: at("2026-10-01 10:00:00"), end: at("2026-10-01 10:00:00")).waitSeconds == 0)
    }

    /// Waits 4, 5, 6: short below S, so S = 5 (S−1 = 4 short, S and S+1 not) makes one.
    @Test(
        "short abandons at S−1, S and S+1, and none with S = 0",
        arguments: [(5, 1), (6, 2), (4, 0), (7, 3), (0, 0)])
    func shortAbandons(seconds: Int, expected: Int) throws {
        let inbound = try #require(
            metrics(Self.waits, options: AggregateOptions(period: samplePeriod, shortAbandonSeconds: seconds)).inbound)
        #expect(inbound.shortAbandoned == expected)
        // One answered within T of six offered; five unanswered.
        #expect(inbound.serviceLevel == 1.0 / 6)
        #expect(inbound.serviceLevelExcludingShort == 1.0 / Double(6 - expected))
        #expect(inbound.abandonRate == 5.0 / 6)
        #expect(inbound.abandonRateExcludingShort == Double(5 - expected) / Double(6 - expected))
    }

    @Test("a wait of 0 seconds is short from S = 1, never with S = 0")
    func zeroWait() throws {
        let calls = [Self.call("2026-10-01 10:00:00", end: "2026-10-01 10:00:00", answered: false)]
        for (seconds, expected) in [(0, 0), (1, 1)] {
            let options = AggregateOptions(period: samplePeriod, shortAbandonSeconds: seconds)
            #expect(metrics(calls, options: options).inbound?.shortAbandoned == expected)
        }
    }

    @Test("inbound figures leave the dialer out; outbound figures count attempts and connects")
    func inboundAndOutbound() throws {
        let calls = [
            Self.call("2026-10-01 09:00:00", answered: true, tta: 10, handle: 200, skill: "Sales"),
            Self.call("2026-10-01 09:05:00", type: "in-bound", answered: true, tta: 30, handle: 100, skill: "Sales"),
            Self.call("2026-10-01 09:10:00", type: "Manual", answered: true, handle: 100, talk: 80, skill: "Sales"),
            Self.call("2026-10-01 09:15:00", type: "Predictive", answered: false, skill: "Dialer"),
            Self.call(
                "2026-10-01 09:20:00", type: "Preview", answered: true, handle: 50, talk: 40, skill: "Dialer",
                transferType: "Blind"),
            Self.call("2026-10-01 09:25:00", type: "Progressive", answered: false, skill: "Dialer"),
        ]
        let m = metrics(calls)
        let inbound = try #require(m.inbound)
        #expect(inbound.offered == 2)
        #expect(inbound.answered == 2)
        #expect(inbound.serviceLevel == 0.5)
        #expect(inbound.asa == 20)
        #expect(inbound.aht == 150)
        // Nearest rank of 100, 200: ⌈0.5 · 2⌉ = 1 → 100; ⌈0.9 · 2⌉ = 2 → 200.
        #expect(inbound.medianHandle == 100)
        #expect(inbound.p90Handle == 200)
        #expect(inbound.abandonRate == 0)
        #expect(inbound.transferRate == 0)

        let outbound = try #require(m.outbound)
        #expect(outbound.attempts == 4)
        #expect(outbound.connected == 2)
        #expect(outbound.connectRate == 0.5)
        #expect(outbound.aht == 75)
        #expect(outbound.medianHandle == 50)
        #expect(outbound.p90Handle == 100)
        #expect(outbound.talkSeconds == 120)
        #expect(outbound.handleSeconds == 150)
        #expect(outbound.transferred == 1)
        #expect(outbound.transferRate == 0.5)

        #expect(m.skills.map(\.name) == ["Dialer", "Sales"])
        #expect(m.skills.map(\.direction) == [.outbound, .mixed] as [CallDirection?])
        #expect(m.totals.offered == 6)
    }

    @Test("without calls: ratios and medians are null, outbound zero")
    func empty() throws {
        let m = metrics([])
        let inbound = try #require(m.inbound)
        #expect(inbound.serviceLevel == nil && inbound.serviceLevelExcludingShort == nil)
        #expect(inbound.abandonWait.median == nil && inbound.abandonWait.known == 0)
        #expect(m.outbound?.connectRate == nil)
        #expect(m.dispositions == [])
        #expect(m.hangups == [])
        #expect(
            m.recovery == RecoveryFigures(missedNumbers: 0, recovered: 0, recoveryRate: nil, medianRecoverySeconds: nil)
        )
    }
}

@Suite("Dispositions and hang-ups")
struct DispositionTests {
    @Test(
        "Wrap up time exceeded :N is one key: ASCII case ignored, spaces around the colon, one or more digits",
        arguments: [
            ("Wrap up time exceeded :12", true), ("wrap up time exceeded: 3", true),
            ("WRAP UP TIME EXCEEDED  :  45", true), ("Wrap up time exceeded:0", true),
            ("Wrap up time exceeded :1234567890123456789012", true),
            ("Wrap up time exceeded", false), ("Wrap up time exceeded :", false), ("Wrap up time exceeded 12", false),
            ("Wrap up time exceeded :12a", false), ("Wrap up time exceeded :-1", false),
            ("Wrap  up time exceeded :12", false), ("Wrap up time exceeded\t:5", false),
            ("Wrap up time exceeded :\u{00A0}5", false), ("Wrap up time exceeded :１２", false),
            ("Sale", false), ("", false),
        ])
    func wrapUp(text: String, merged: Bool) {
        #expect(CallRecord.isWrapUpExceeded(text) == merged)
        let record = CallRecord(start: at("2026-10-01 10:00:00"), disposition: text)
        #expect(record.dispositionKey == (merged ? "Wrap up time exceeded" : text))
    }

    @Test("rows: calls descending, then name; share over every call; aht over the row's answered calls")
    func rows() throws {
        func call(_ disposition: String?, answered: Bool = false, handle: Int = 0, hangup: String? = nil) -> CallRecord
        {
            CallRecord(
                start: at("2026-10-02 10:00:00"), handling: handle, status: answered ? "Answered" : "NotAnswered",
                disposition: disposition, hangupBy: hangup)
        }
        let calls = [
            call("Wrap up time exceeded :12", answered: true, handle: 100, hangup: "Customer"),
            call("wrap up time exceeded: 3", hangup: "Customer"),
            call("WRAP UP TIME EXCEEDED  :  45", answered: true, handle: 200, hangup: "Agent"),
            call("Wrap up time exceeded"),
            call("Wrap up time exceeded :"),
            call("Wrap up time exceeded :12a"),
            call("Wrap  up time exceeded :12"),
            call("Wrap up time exceeded\t:5"),
            call("Sale", answered: true, handle: 60, hangup: "Customer"),
            call("Sale", hangup: "System"),
            call(nil, hangup: "System"),
        ]
        let m = metrics(calls)
        let merged = "Wrap up time exceeded"
        #expect(
            m.dispositions == [
                DispositionFigures(name: merged, calls: 4, answered: 2, share: 4.0 / 11, aht: 150),
                DispositionFigures(name: "Sale", calls: 2, answered: 1, share: 2.0 / 11, aht: 60),
                // Ties by code point: "(" < "W"; two spaces before one; tab (0x09) before space (0x20).
                DispositionFigures(name: "(none)", calls: 1, answered: 0, share: 1.0 / 11, aht: nil),
                DispositionFigures(
                    name: "Wrap  up time exceeded :12", calls: 1, answered: 0, share: 1.0 / 11, aht: nil),
                DispositionFigures(name: "Wrap up time exceeded\t:5", calls: 1, answered: 0, share: 1.0 / 11, aht: nil),
                DispositionFigures(name: "Wrap up time exceeded :", calls: 1, answered: 0, share: 1.0 / 11, aht: nil),
                DispositionFigures(
                    name: "Wrap up time exceeded :12a", calls: 1, answered: 0, share: 1.0 / 11, aht: nil),
            ])
        #expect(
            m.hangups == [
                HangupFigures(name: "(none)", calls: 5, share: 5.0 / 11),
                HangupFigures(name: "Customer", calls: 3, share: 3.0 / 11),
                HangupFigures(name: "System", calls: 2, share: 2.0 / 11),
                HangupFigures(name: "Agent", calls: 1, share: 1.0 / 11),
            ])
    }
}

@Suite("Recovery of missed callers")
struct RecoveryTests {
    static func call(_ caller: String?, _ time: String, answered: Bool, type: String? = "InBound") -> CallRecord {
        CallRecord(
            start: at(time), callerId: caller, type: type, status: answered ? "Answered" : "NotAnswered")
    }

    @Test("through an outbound call, strictly later, from the first miss, within the period")
    func recovery() throws {
        let calls = [
            // A: missed 10:00, reached by an outbound call at 10:30 → 1800 s.
            Self.call("A", "2026-10-01 10:00:00", answered: false),
            Self.call("A", "2026-10-01 10:30:00", answered: true, type: "Manual"),
            // B: an answered call in the same second as the miss is not after it.
            Self.call("B", "2026-10-01 11:00:00", answered: false),
            Self.call("B", "2026-10-01 11:00:00", answered: true),
            // C: answered before the miss only.
            Self.call("C", "2026-10-01 09:00:00", answered: true),
            Self.call("C", "2026-10-01 12:00:00", answered: false),
            // D: given out of time order; from the first miss (08:00) to the answer (09:00) → 3600 s.
            Self.call("D", "2026-10-01 09:00:00", answered: true),
            Self.call("D", "2026-10-01 08:10:00", answered: false),
            Self.call("D", "2026-10-01 08:00:00", answered: false),
            // E: an unanswered outbound attempt is no missed call.
            Self.call("E", "2026-10-01 08:00:00", answered: false, type: "Progressive"),
            Self.call("E", "2026-10-01 09:00:00", answered: true),
            // No number: takes no part.
            Self.call(nil, "2026-10-01 08:00:00", answered: false),
            // F: answered only after the period, which does not count.
            Self.call("F", "2026-10-03 23:00:00", answered: false),
            Self.call("F", "2026-10-04 09:00:00", answered: true),
        ]
        let recovery = try #require(metrics(calls).recovery)
        #expect(recovery.missedNumbers == 5)
        #expect(recovery.recovered == 2)
        #expect(recovery.recoveryRate == 0.4)
        // Nearest rank ⌈0.5 · 2⌉ = 1 of 1800, 3600.
        #expect(recovery.medianRecoverySeconds == 1800)
    }
}

@Suite("Staffing intervals")
struct IntervalTests {
    /// 2026-10-01 (Thu) to 2026-10-03 (Sat), 60-minute intervals, T = 20.
    static let options = AggregateOptions(period: samplePeriod, intervalMinutes: 60)

    static func call(_ start: String, answered: Bool, tta: Int = 0, handle: Int = 0, type: String? = nil)
        -> CallRecord
    {
        CallRecord(
            start: at(start), type: type, timeToAnswer: tta, handling: handle,
            status: answered ? "Answered" : "NotAnswered")
    }

    @Test("weekdays of a 3-day range, every interval, empty ones included; the aht fallback")
    func threeDays() throws {
        let calls = [
            Self.call("2026-10-01 09:10:00", answered: true, tta: 10, handle: 100),
            Self.call("2026-10-01 09:50:00", answered: true, tta: 30, handle: 200),
            Self.call("2026-10-01 09:59:59", answered: false),
            Self.call("2026-10-01 10:00:00", answered: false),
            Self.call("2026-10-02 09:30:00", answered: true, handle: 999, type: "Manual"),
            Self.call("2026-10-03 23:59:00", answered: true, handle: 300),
        ]
        let intervals = try #require(metrics(calls, options: Self.options).intervals)
        #expect(intervals.minutes == 60)
        #expect(intervals.targetServiceLevel == 0.8)
        #expect(intervals.serviceLevelSeconds == 20)
        #expect(intervals.rows.count == 3 * 24)
        #expect(
            intervals.rows.map(\.weekday) == Array(repeating: "Thu", count: 24) + Array(repeating: "Fri", count: 24)
                + Array(repeating: "Sat", count: 24))
        #expect(intervals.rows.prefix(24).map(\.start) == (0..<24).map { Digits.padded($0, 2) + ":00" })
        #expect(intervals.rows.allSatisfy { $0.days == 1 })

        // An empty interval: no calls, no agents, nothing else known.
        #expect(
            intervals.rows[0]
                == IntervalRow(
                    weekday: "Thu", start: "00:00", days: 1, offered: 0, averageOffered: 0, answered: 0, aht: nil,
                    serviceLevel: nil, requiredAgents: 0, occupancy: nil))
        // Thu 09:00: 3 offered, 2 answered (handle 100, 200 → aht 150), 1 within T → SL 1/3.
        // A = 3 · 150 / 3600 = 0.125; N = 1: B = 0.125 / 1.125, C = B / (1 − A(1 − B)) = 0.125,
        // SL(1) = 1 − 0.125 · e^(−0.875 · 20 / 150) ≈ 0.889 ≥ 0.8 → 1 agent, occupancy 0.125.
        let nine = intervals.rows[9]
        #expect(nine.start == "09:00" && nine.offered == 3 && nine.averageOffered == 3 && nine.answered == 2)
        #expect(nine.aht == 150 && nine.serviceLevel == 1.0 / 3)
        #expect(nine.requiredAgents == 1)
        #expect(nine.occupancy == 0.125)
        // Thu 10:00: one unanswered call; no aht of its own, so the inbound aht (100+200+300)/3 = 200:
        // A = 200 / 3600, one agent.
        let ten = intervals.rows[10]
        #expect(ten.offered == 1 && ten.answered == 0 && ten.aht == nil && ten.serviceLevel == 0)
        #expect(ten.requiredAgents == 1)
        #expect(ten.occupancy == 200.0 / 3600)
        // The outbound call on Friday is in no interval.
        #expect(intervals.rows[24..<48].allSatisfy { $0.offered == 0 })
        let lastSaturday = try #require(intervals.rows.last)
        #expect(lastSaturday.weekday == "Sat" && lastSaturday.start == "23:00" && lastSaturday.offered == 1)
    }

    @Test("a month: weekdays Monday first, each with its number of dates; slots of 15 minutes")
    func month() throws {
        let october = ReportPeriod(month: "2026-10")!
        let options = AggregateOptions(period: october, intervalMinutes: 15)
        let intervals = try #require(metrics([], options: options).intervals)
        #expect(intervals.rows.count == 7 * 96)
        let firsts = stride(from: 0, to: intervals.rows.count, by: 96).map { intervals.rows[$0] }
        #expect(firsts.map(\.weekday) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
        // October 2026 starts on a Thursday and has 31 days: Thu, Fri, Sat five times, the rest four.
        #expect(firsts.map(\.days) == [4, 4, 4, 5, 5, 5, 4])
        #expect(intervals.rows[1].start == "00:15" && intervals.rows[95].start == "23:45")
    }

    @Test("no handle time anywhere: required agents null; a handle time of 0: one agent, occupancy 0")
    func unknownAndZeroHandle() throws {
        let unknown = try #require(
            metrics([Self.call("2026-10-01 09:00:00", answered: false)], options: Self.options).intervals)
        #expect(unknown.rows[9].requiredAgents == nil && unknown.rows[9].occupancy == nil)
        let zero = try #require(
            metrics([Self.call("2026-10-01 09:00:00", answered: true, handle: 0)], options: Self.options).intervals)
        #expect(zero.rows[9].requiredAgents == 1 && zero.rows[9].occupancy == 0)
    }

    @Test("SPEC's check: 100 calls in 30 minutes at h = 180 s, T = 20 s, target 0.8 → 14 agents")
    func workedExample() throws {
        let calls = (0..<100).map {
            Self.call("2026-10-01 10:\(Digits.padded($0 % 30, 2)):00", answered: true, tta: 5, handle: 180)
        }
        let options = AggregateOptions(period: period("2026-10-01", "2026-10-01"))
        let row = try #require(metrics(calls, options: options).intervals?.rows[20])
        #expect(row.start == "10:00" && row.averageOffered == 100 && row.aht == 180)
        #expect(row.requiredAgents == 14)
        #expect(row.occupancy == 10.0 / 14)
        #expect(ErlangC.requiredAgents(traffic: 10, handleSeconds: 180, serviceLevelSeconds: 20, target: 0.8) == 14)
        let sl14 = ErlangC.serviceLevel(agents: 14, traffic: 10, handleSeconds: 180, serviceLevelSeconds: 20)
        let sl13 = ErlangC.serviceLevel(agents: 13, traffic: 10, handleSeconds: 180, serviceLevelSeconds: 20)
        #expect(abs(sl14 - 0.888) < 0.001)
        #expect(abs(sl13 - 0.796) < 0.001)
    }

    /// Erlang C written out with powers and factorials, as in textbooks: fine for small N only.
    static func factorialServiceLevel(agents n: Int, traffic a: Double, handle h: Double, t: Double) -> Double {
        func factorial(_ k: Int) -> Double { k == 0 ? 1 : (1...k).reduce(1.0) { $0 * Double($1) } }
        let top = pow(a, Double(n)) / factorial(n) * Double(n) / (Double(n) - a)
        let sum = (0..<n).reduce(0.0) { $0 + pow(a, Double($1)) / factorial($1) }
        let waiting = top / (sum + top)
        return 1 - waiting * exp(-(Double(n) - a) * t / h)
    }

    @Test("the Erlang B recursion agrees with the factorial formula for small N", arguments: [0.3, 1, 2.5, 7, 12.75])
    func againstFactorials(traffic: Double) {
        for agents in Int(traffic) + 1...Int(traffic) + 12 {
            for (handle, t) in [(180.0, 20), (45.0, 0), (600.0, 60)] {
                let recursion = ErlangC.serviceLevel(
                    agents: agents, traffic: traffic, handleSeconds: handle, serviceLevelSeconds: t)
                let textbook = Self.factorialServiceLevel(
                    agents: agents, traffic: traffic, handle: handle, t: Double(t))
                #expect(abs(recursion - textbook) < 1e-12, "N = \(agents), A = \(traffic)")
            }
        }
        // The smallest N > A reaching the target, by the textbook formula.
        for target in [0.5, 0.8, 0.95] {
            let expected = ((Int(traffic) + 1)...).first {
                Self.factorialServiceLevel(agents: $0, traffic: traffic, handle: 180, t: 20) >= target
            }
            #expect(
                ErlangC.requiredAgents(traffic: traffic, handleSeconds: 180, serviceLevelSeconds: 20, target: target)
                    == expected)
        }
    }
}
