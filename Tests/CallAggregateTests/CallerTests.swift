import CallModel
import Testing

@testable import CallAggregate

@Suite("Missed and repeat callers")
struct CallerTests {
    static func call(
        _ caller: String?, _ time: String, answered: Bool, type: String? = "InBound", skill: String? = "Sales",
        campaign: String? = "Inbound"
    ) -> CallRecord {
        var record = CallRecord(
            start: at(time), campaign: campaign, skill: skill, status: answered ? "Answered" : "NotAnswered")
        record.callerId = caller
        record.type = type
        return record
    }

    /// Hand-made: who is on the call-back list and who rang again.
    ///
    ///     111  missed 10-01 09:00, missed 10-01 12:00 (Support)            → call back: 2 misses
    ///     222  missed 10-01 09:00, answered 10-01 10:00                    → settled
    ///     333  missed 10-01 09:00, outbound answered to it 10-02 09:00     → settled (a call *to* the number)
    ///     444  answered 10-01 08:00, missed 10-02 08:00                    → call back: 1 miss; a repeat (≤ 7 days)
    ///     555  outbound unanswered 10-01 08:00                             → not a missed caller
    ///     666  answered 10-01 08:00, answered 10-03 08:00                  → a repeat
    ///     777  answered 10-01 08:00                                        → answered, no repeat
    ///     (no number) missed                                               → left out
    ///     222 order in the input is reversed (answer first in the input, miss later in the input but earlier in time)
    static let records: [CallRecord] = [
        call("222", "2026-10-01 10:00:00", answered: true),
        call("111", "2026-10-01 09:00:00", answered: false),
        call("222", "2026-10-01 09:00:00", answered: false),
        call("333", "2026-10-01 09:00:00", answered: false),
        call("444", "2026-10-01 08:00:00", answered: true),
        call("555", "2026-10-01 08:00:00", answered: false, type: "Progressive"),
        call("666", "2026-10-01 08:00:00", answered: true),
        call("777", "2026-10-01 08:00:00", answered: true),
        call(nil, "2026-10-01 08:00:00", answered: false),
        call(" 111 ", "2026-10-01 12:00:00", answered: false, skill: "Support", campaign: "Retention"),
        call("333", "2026-10-02 09:00:00", answered: true, type: "Manual"),
        call("444", "2026-10-02 08:00:00", answered: false),
        call("666", "2026-10-03 08:00:00", answered: true),
    ]

    static func builder(_ records: [CallRecord], window: Int = 7) -> MetricsBuilder {
        var builder = MetricsBuilder(options: AggregateOptions(period: samplePeriod, repeatWindowDays: window))
        for record in records { builder.add(record) }
        return builder
    }

    @Test("the call-back list: numbers whose last miss has no answered call after it")
    func missed() {
        let missed = Self.builder(Self.records).missedCallers()
        #expect(missed.map(\.callerId) == ["111", "444"])
        #expect(missed[0].firstMissed == at("2026-10-01 09:00:00"))
        #expect(missed[0].lastMissed == at("2026-10-01 12:00:00"))
        #expect(missed[0].missedCount == 2)
        #expect(missed[0].skill == "Support")
        #expect(missed[0].campaign == "Retention")
        #expect(missed[1].missedCount == 1)
        let metrics = Self.builder(Self.records).build(normalize: NormalizeCounts(), fetch: FetchSummary())
        #expect(metrics.callers?.missedCallers == 2)
    }

    @Test("repeat callers: answered callers who rang again within the window")
    func repeats() throws {
        let week = try #require(
            Self.builder(Self.records).build(normalize: NormalizeCounts(), fetch: FetchSummary()).callers)
        // Answered callers: 222, 333, 444, 666, 777; repeats: 444 (missed next day), 666 (two days later).
        #expect(week.answeredCallers == 5)
        #expect(week.repeatCallers == 2)
        #expect(week.repeatRate == 0.4)
        #expect(week.repeatWindowDays == 7)
        let oneDay = try #require(
            Self.builder(Self.records, window: 1).build(normalize: NormalizeCounts(), fetch: FetchSummary()).callers)
        #expect(oneDay.repeatCallers == 1)
    }

    @Test("no caller answered: the repeat rate is null")
    func noneAnswered() throws {
        let figures = try #require(
            Self.builder([Self.call("1", "2026-10-01 08:00:00", answered: false)])
                .build(normalize: NormalizeCounts(), fetch: FetchSummary()).callers)
        #expect(figures.repeatRate == nil)
        #expect(figures.missedCallers == 1)
    }

    @Test("merged builders give the same callers as one builder", arguments: 1..<13)
    func merge(split: Int) {
        let whole = Self.builder(Self.records)
        var first = Self.builder(Array(Self.records[..<split]))
        first.merge(Self.builder(Array(Self.records[split...])))
        #expect(first.missedCallers() == whole.missedCallers())
        #expect(
            first.build(normalize: NormalizeCounts(), fetch: FetchSummary())
                == whole.build(normalize: NormalizeCounts(), fetch: FetchSummary()))
    }
}

@Suite("Inbound or outbound: one rule (SPEC §4b)")
struct InboundTests {
    /// Each type with the direction worked out by hand: lower-case it, drop every scalar that is
    /// not a letter, and compare with `inbound` and `incoming`; a missing type is inbound.
    static let cases: [(type: String?, inbound: Bool)] = [
        (nil, true), ("", true), ("-", true), ("N/A", true), ("  ", true),
        ("InBound", true), ("inbound", true), ("INBOUND", true), ("in-bound", true), ("In-Bound", true),
        (" inbound ", true), ("in bound", true), ("in_bound_2", true), ("Incoming", true), ("INCOMING", true),
        ("in-coming", true),
        ("Manual", false), ("Progressive", false), ("Preview", false), ("Predictive", false), ("Outbound", false),
        ("123", false), ("inbounds", false), ("inboun", false), ("incomings", false), ("bound in", false),
        // Non-ASCII: `İ` lower-cases to `i` + U+0307, a mark, which is dropped like any non-letter.
        ("İNBOUND", true), ("İnbound", true), ("inbound\u{301}", true), ("Inbound\u{200B}", true),
        ("ÍNBOUND", false), ("ınbound", false), ("ＩＮＢＯＵＮＤ", false), ("Inbound✓", true),
        ("INCOMİNG", true), ("Вхідний", false),
    ]

    @Test("the type's letters decide, in any case, with any other characters", arguments: cases)
    func inbound(type: String?, inbound: Bool) {
        #expect(CallRecord.isInbound(type: type) == inbound)
        #expect(CallRecord(start: at("2026-10-01 10:00:00"), type: type).isInbound == inbound)
    }

    @Test("missed callers and the inbound figures use the same rule")
    func sameRule() {
        let calls = [
            CallRecord(start: at("2026-10-01 10:00:00"), callerId: "1", type: "Incoming", status: "NotAnswered"),
            CallRecord(start: at("2026-10-01 10:00:00"), callerId: "2", type: "Progressive", status: "NotAnswered"),
        ]
        let m = metrics(calls)
        #expect(m.callers?.missedCallers == 1)
        #expect(m.inbound?.offered == 1)
        #expect(m.outbound?.attempts == 1)
    }
}
