import CallModel
import Foundation
import Testing

@testable import CallAggregate

@Suite("Comparison with the previous period")
struct ComparisonTests {
    @Test(
        "relative change, and 'new' instead of a division by zero",
        arguments: [
            (100.0, 80.0, 0.25, false),
            (60.0, 80.0, -0.25, false),
            (5.0, 0.0, nil, true),
            (0.0, 0.0, 0.0, false),
            (0.5, 0.5, 0.0, false),
        ] as [(Double, Double, Double?, Bool)])
    func arithmetic(current: Double, previous: Double, change: Double?, new: Bool) {
        let figure = FigureChange(figure: "offered", current: current, previous: previous)
        #expect(figure.change == change)
        #expect(figure.new == new)
    }

    @Test(
        "a rate changes in percentage points (unit pp), other figures relatively (unit relative)",
        arguments: [
            ("abandonRate", 0.2, 0.1, 0.1, ChangeUnit.pp, false),
            ("serviceLevel", 0.6, 0.8, -0.2, ChangeUnit.pp, false),
            ("answerRate", 0.3, 0.0, 0.3, ChangeUnit.pp, false),  // from 0 %: points, not "new"
            ("transferRate", 0.0, 0.0, 0.0, ChangeUnit.pp, false),
            ("aht", 300.0, 200.0, 0.5, ChangeUnit.relative, false),
            ("offered", 3.0, 0.0, nil, ChangeUnit.relative, true),
        ] as [(String, Double, Double, Double?, ChangeUnit, Bool)])
    func units(figure: String, current: Double, previous: Double, change: Double?, unit: ChangeUnit, new: Bool) {
        let figureChange = FigureChange(figure: figure, current: current, previous: previous)
        #expect(figureChange.unit == unit)
        #expect(figureChange.new == new)
        if let change {
            #expect(abs(figureChange.change! - change) < 1e-12)
        } else {
            #expect(figureChange.change == nil)
        }
    }

    @Test("a rate alerts by percent of its previous value and carries its change in points")
    func rateAlert() throws {
        var current = metrics(sampleRecords)
        var previous = current
        previous.totals.abandonRate = 0.1
        current.totals.abandonRate = 0.115  // 1.5 pp, 15 % of the previous value
        #expect(Comparison(current: current, previous: previous, alertChange: 0.2).alerts.isEmpty)
        current.totals.abandonRate = 0.13  // 3 pp, 30 %
        let alert = try #require(Comparison(current: current, previous: previous, alertChange: 0.2).alerts.first)
        #expect(alert.figure == "abandonRate" && alert.unit == .pp)
        #expect(abs(alert.change! - 0.03) < 1e-12)
    }

    @Test("a figure missing before is new; missing now has no change")
    func missing() {
        #expect(FigureChange(figure: "aht", current: 200, previous: nil).new)
        let gone = FigureChange(figure: "aht", current: nil, previous: 200)
        #expect(gone.change == nil)
        #expect(!gone.new)
    }

    static func shifted(_ records: [CallRecord], days: Int) -> [CallRecord] {
        records.map { record in
            var copy = record
            copy.start = LocalDateTime(
                date: record.start.date.adding(days: days), hour: record.start.hour, minute: record.start.minute,
                second: record.start.second)!
            return copy
        }
    }

    @Test("headline, skill and agent rows against hand-made previous data; alerts beyond the threshold")
    func rows() throws {
        let current = metrics(sampleRecords)
        // The previous period: the first four sample calls only, three days earlier.
        let earlier = period("2026-09-28", "2026-09-30")
        let previous = metrics(
            Self.shifted(Array(sampleRecords.prefix(4)), days: -3), options: AggregateOptions(period: earlier))
        let comparison = Comparison(current: current, previous: previous, alertChange: 0.2)
        #expect(comparison.previousFrom == "2026-09-28")
        let offered = try #require(comparison.totals.first { $0.figure == "offered" })
        #expect(offered.previous == 4)
        #expect(offered.current == 10)
        #expect(offered.change == 1.5)
        #expect(
            comparison.totals.map(\.figure) == [
                "offered", "answered", "answerRate", "aht", "asa", "serviceLevel", "abandonRate", "transferRate",
            ])
        #expect(comparison.skills.map(\.key) == current.skills.map(\.name))
        #expect(comparison.agents.map(\.key) == current.agents.map(\.id))
        // Chitra (keyed by name) took no call before: her figures are new.
        let chitra = try #require(comparison.agents.first { $0.key == "Chitra" })
        #expect(chitra.change(of: "answered")?.new == true)
        // (none) skill: not in the previous period.
        let none = try #require(comparison.skills.first { $0.key == "(none)" })
        #expect(none.change(of: "offered")?.new == true)
        #expect(comparison.alerts.contains { $0.scope == "totals" && $0.figure == "offered" && $0.change == 1.5 })
        // Every figure is weighed in percent of its previous value, whatever the unit of its change.
        #expect(
            comparison.alerts.allSatisfy { alert in
                guard let now = alert.current, let before = alert.previous, before != 0 else { return false }
                return abs((now - before) / before) > 0.2
            })
        let quiet = Comparison(current: current, previous: current, alertChange: 0.2)
        #expect(quiet.alerts.isEmpty)
        #expect(quiet.totals.allSatisfy { $0.change == 0 || $0.current == nil })
    }

    @Test("inbound figures compare with the previous inbound section; none when it predates §4b")
    func inbound() throws {
        let current = metrics(sampleRecords)
        let now = try #require(current.inbound)
        var previous = current
        previous.inbound?.serviceLevel = (now.serviceLevel ?? 0) - 0.1
        previous.inbound?.abandonRateExcludingShort = 0.5
        previous.inbound?.offered = now.offered * 2
        let comparison = Comparison(current: current, previous: previous, alertChange: 0.2)
        let inbound = try #require(comparison.inbound)
        #expect(
            inbound.map(\.figure) == [
                "offered", "answered", "answerRate", "aht", "asa", "serviceLevel", "abandonRate", "transferRate",
                "serviceLevelExcludingShort", "abandonRateExcludingShort",
            ])
        let serviceLevel = try #require(inbound.first { $0.figure == "serviceLevel" })
        #expect(serviceLevel.unit == .pp && abs(serviceLevel.change! - 0.1) < 1e-12)
        let excluding = try #require(inbound.first { $0.figure == "abandonRateExcludingShort" })
        #expect(excluding.unit == .pp && excluding.previous == 0.5)
        #expect(inbound.first { $0.figure == "offered" }?.change == -0.5)
        #expect(ChangeUnit.of("serviceLevelExcludingShort") == .pp)
        // The totals are compared as before, whatever the inbound section holds.
        #expect(comparison.totals == Comparison(current: current, previous: current, alertChange: 0.2).totals)
        var old = previous
        old.inbound = nil
        #expect(Comparison(current: current, previous: old, alertChange: 0.2).inbound == nil)
        // In metrics.json right after the totals' changes, and read back.
        var document = current
        document.comparison = comparison
        let text = String(decoding: try MetricsJSON.encode(document), as: UTF8.self)
        let totals = try #require(text.range(of: "\"comparison\" : {"))
        let inboundKey = try #require(text.range(of: "\"inbound\" : [", range: totals.upperBound..<text.endIndex))
        let skills = try #require(text.range(of: "\"skills\" : [", range: totals.upperBound..<text.endIndex))
        #expect(inboundKey.lowerBound < skills.lowerBound)
        #expect(try MetricsJSON.decode(try MetricsJSON.encode(document)) == document)
        // A comparison written before (no inbound key) still reads.
        document.comparison?.inbound = nil
        #expect(try MetricsJSON.decode(try MetricsJSON.encode(document)).comparison?.inbound == nil)
    }

    @Test("metrics.json carries the comparison and reads back")
    func json() throws {
        var current = metrics(sampleRecords)
        current.comparison = Comparison(current: current, previous: current, alertChange: 0.2)
        let data = try MetricsJSON.encode(current)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"comparison\" : {"))
        #expect(text.contains("\"callers\" : {"))
        // Each change says its unit, after `change`; every field name of before is kept.
        #expect(text.contains("\"figure\" : \"abandonRate\","))
        #expect(text.contains("\"unit\" : \"pp\",\n        \"new\" : false"))
        #expect(text.contains("\"unit\" : \"relative\""))
        #expect(try MetricsJSON.decode(data) == current)
    }
}
