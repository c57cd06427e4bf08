import CallModel
import Testing

@testable import CallAggregate

@Suite("Campaign filter and dataQuality (SPEC §3)")
struct FilterAndQualityTests {
    @Test(
        "--campaign matches ignoring case; a call without campaign matches no filter",
        arguments: [
            ("INBOUND", Inclusion.counted), ("Inbound", .counted), ("inbound", .counted),
            ("Outbound", .filteredOut), ("Inbound 2", .filteredOut), (nil, .filteredOut),
        ] as [(String?, Inclusion)])
    func campaignFilter(campaign: String?, expected: Inclusion) {
        var builder = MetricsBuilder(options: AggregateOptions(period: samplePeriod, campaigns: ["inBound"]))
        #expect(builder.add(CallRecord(start: at("2026-10-02 10:00:00"), campaign: campaign)) == expected)
    }

    @Test("several --campaign values: any of them")
    func severalCampaigns() {
        var builder = MetricsBuilder(
            options: AggregateOptions(period: samplePeriod, campaigns: ["sales", "SUPPORT"]))
        let start = at("2026-10-02 10:00:00")
        #expect(builder.add(CallRecord(start: start, campaign: "Sales")) == .counted)
        #expect(builder.add(CallRecord(start: start, campaign: "support")) == .counted)
        #expect(builder.add(CallRecord(start: start, campaign: "Other")) == .filteredOut)
    }

    @Test("no --campaign: every call counts, with or without campaign")
    func noFilter() {
        var builder = MetricsBuilder(options: AggregateOptions(period: samplePeriod))
        #expect(builder.add(CallRecord(start: at("2026-10-02 10:00:00"))) == .counted)
    }

    @Test("filter ignores case but groups stay exact")
    func groupsStayExact() {
        let start = at("2026-10-02 10:00:00")
        let m = metrics(
            [
                CallRecord(start: start, campaign: "INBOUND"), CallRecord(start: start, campaign: "Inbound"),
                CallRecord(start: start, campaign: "Inbound"), CallRecord(start: start, campaign: "Outbound"),
                CallRecord(start: start),
            ],
            options: AggregateOptions(period: samplePeriod, campaigns: ["inbound"]))
        #expect(m.campaigns.map(\.name) == ["Inbound", "INBOUND"])
        #expect(m.campaigns.map(\.offered) == [2, 1])
        #expect(m.totals.offered == 3)
    }

    @Test("the period is checked before the campaign")
    func periodFirst() {
        var builder = MetricsBuilder(options: AggregateOptions(period: samplePeriod, campaigns: ["Inbound"]))
        #expect(builder.add(CallRecord(start: at("2026-11-01 10:00:00"), campaign: "Outbound")) == .outOfPeriod)
        let m = builder.build(normalize: NormalizeCounts(), fetch: FetchSummary())
        #expect(m.dataQuality.outOfPeriod == 1)
    }

    @Test("dataQuality arithmetic, invalid durations included where SPEC §3 counts them")
    func dataQuality() {
        // Normalize read 20 records: 3 quarantined (2 missing start, 1 invalid start), 2 duplicates
        // of which 1 had an invalid duration. 15 reach aggregate:
        var normalize = NormalizeCounts()
        normalize.inputRecords = 20
        normalize.quarantined = 3
        normalize.missingStart = 2
        normalize.invalidStart = 1
        normalize.duplicates = 2
        normalize.invalidDurationAmongDuplicates = 1

        let inPeriod = at("2026-10-02 10:00:00")
        let before = at("2026-09-30 10:00:00")
        var records: [CallRecord] = []
        // 8 counted, 2 of them with an invalid duration
        records += (0..<6).map { _ in CallRecord(start: inPeriod, campaign: "Sales") }
        records += (0..<2).map { _ in CallRecord(start: inPeriod, campaign: "sales", hasInvalidDuration: true) }
        // 3 out of period, 1 with an invalid duration, 1 of another campaign (still out of period)
        records.append(CallRecord(start: before, campaign: "Sales"))
        records.append(CallRecord(start: before, campaign: "Sales", hasInvalidDuration: true))
        records.append(CallRecord(start: before, campaign: "Other"))
        // 4 left out by --campaign, 2 with an invalid duration: they count nowhere
        records += (0..<2).map { _ in CallRecord(start: inPeriod, campaign: "Other") }
        records += (0..<2).map { _ in CallRecord(start: inPeriod, hasInvalidDuration: true) }
        #expect(records.count == 15)

        let m = metrics(
            records, options: AggregateOptions(period: samplePeriod, campaigns: ["SALES"]), normalize: normalize)
        #expect(m.totals.offered == 8)
        #expect(
            m.dataQuality
                == DataQuality(
                    inputRecords: 20, normalized: 17, duplicates: 2, quarantined: 3, outOfPeriod: 3,
                    // 1 among duplicates + 1 out of period + 2 counted
                    reasons: DataQuality.Reasons(missingStart: 2, invalidStart: 1, invalidDuration: 4)))
    }
}
