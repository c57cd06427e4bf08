import CallAggregate
import CallModel
import Foundation
import Testing

@testable import CallRender

@Suite("Summary: changes, alerts, callers, missed.csv, mail")
struct SummaryChangeTests {
    let renderer: ReportRenderer

    init() throws {
        renderer = try ReportRenderer(templatesDirectory: Sample.templates)
    }

    func output(_ name: String, _ metrics: Metrics, context: ReportContext = Sample.context) throws -> String {
        try #require(renderer.renderOutput(named: name, metrics: metrics, context: context))
    }

    /// The sample against a previous period with fewer calls and no Support skill and no agent A2.
    static var compared: Metrics {
        var previous = Sample.metrics
        previous.totals.offered = 8
        previous.totals.abandonRate = 0.1
        previous.skills = [Sample.group("Sales", offered: 4, answered: 4)]
        previous.agents = [previous.agents[0]]
        var current = Sample.metrics
        current.callers = CallerFigures(
            missedCallers: 3, repeatWindowDays: 7, answeredCallers: 6, repeatCallers: 2, repeatRate: 1.0 / 3)
        current.comparison = Comparison(current: current, previous: previous, alertChange: 0.2)
        return current
    }

    @Test("every headline figure shows its change with arrow and value, 'new' where there was nothing")
    func changes() throws {
        let html = try output("summary.html", Self.compared)
        // What a reader sees: the tags that keep figures on one line (SummaryLayoutTests) left out.
        let shown = Sample.shownText(html)
        #expect(shown.contains("▲ 25.0 % (was 8)"))  // offered 8 → 10
        #expect(shown.contains("▲ 10.0 pp (was 10.0 %)"))  // abandon rate 10 % → 20 %: points, not 100 %
        #expect(shown.contains("= 0.0 % (was 4m 12s)"))  // AHT unchanged
        #expect(html.contains("new"))  // Support skill, agent A2
        #expect(shown.contains("changes beyond 20 % of the previous value against 2026-10-01 to 2026-10-03"))
        // The alert weighs the rate by percent of its previous value (100 %) and shows it in points.
        #expect(shown.contains("abandon rate ▲ 10.0 pp (10.0 % → 20.0 %)"))
        #expect(shown.contains("Skill Sales: offered ▲ 50.0 % (4 → 6)"))
        #expect(html.contains("rates in percentage points (pp), other figures in percent of the previous value"))
        let md = try output("summary.md", Self.compared)
        #expect(md.contains("| ▲ 25.0 % \\(was 8\\) |"))  // Markdown escapes the brackets
        #expect(md.contains("> - abandon rate ▲ 10.0 pp (10.0 % → 20.0 %)"))
        #expect(md.contains("| Support | 4 (new) |"))
        #expect(md.contains("rates in percentage points (pp), other figures in percent of the previous value"))
        let text = try output("summary.txt", Self.compared)
        #expect(text.contains("  Offered                 10   ▲ 25.0 % (was 8)"))
        #expect(text.contains("  * abandon rate ▲ 10.0 pp (10.0 % -> 20.0 %)"))
        // Without a comparison nothing of it shows.
        let plain = try output("summary.html", Sample.metrics)
        #expect(!plain.contains("(was ") && !plain.contains("changes beyond"))
    }

    @Test("missed and repeat callers: counts in the summaries, labelled as a proxy")
    func callers() throws {
        for name in ["summary.html", "summary.md", "summary.txt"] {
            let output = try output(name, Self.compared)
            let text = name == "summary.html" ? Sample.shownText(output) : output
            #expect(text.contains("3 numbers with an unanswered call"), "\(name)")
            #expect(text.contains("first-contact-resolution proxy"), "\(name)")
            #expect(text.contains("33.3 % of 6 answered callers rang again within 7 days (2)"), "\(name)")
        }
    }

    @Test("missed.csv: ISO times with offset, formula guard on numbers written +91…, empty for missing")
    func missedCSV() throws {
        var context = Sample.context
        context.missedCallers = [
            MissedCaller(
                callerId: "+919800000001", firstMissed: LocalDateTime("2026-10-01 09:00:00")!,
                lastMissed: LocalDateTime("2026-10-02 18:30:05")!, missedCount: 2, skill: "Sales, North",
                campaign: nil)
        ]
        let csv = try output("missed.csv", Sample.metrics, context: context)
        #expect(
            csv == "\u{FEFF}callerId,firstMissed,lastMissed,missedCount,skill,campaign\r\n"
                + "'+919800000001,2026-10-01T09:00:00+05:30,2026-10-02T18:30:05+05:30,2,\"Sales, North\",\r\n")
    }

    @Test("the HTML stays under 100 KB for 500 agents and skills with every change and alert shown")
    func sizeWithComparison() throws {
        let metrics = Sample.largeCenterCompared
        #expect(metrics.comparison!.alerts.count > 1000)
        let html = try output("summary.html", metrics)
        #expect(html.utf8.count < 100_000, "\(html.utf8.count) bytes")
        #expect(html.contains("more: every change is in metrics.json"))
    }

    @Test("RFC 2047 words for non-ASCII names and subjects; ASCII stays readable")
    func encodedWords() throws {
        let name = try #require(MailAddress("Ananya Rāo <ananya@example.com>"))
        #expect(name.header == "=?UTF-8?B?" + Data("Ananya Rāo".utf8).base64EncodedString() + "?= <ananya@example.com>")
        #expect(MailAddress("ops@example.com")?.header == "ops@example.com")
        #expect(MailAddress("Ops <ops@example.com>")?.header == "\"Ops\" <ops@example.com>")
        #expect(MailAddress("no address") == nil)
        #expect(MailAddress("a@b.c\r\nBcc: x@y.z") == nil)
        let long = String(repeating: "कॉल रिपोर्ट ", count: 10)
        let words = SummaryMail.encodedWordIfNeeded(long, quoteASCII: false).components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.utf8.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map {
            String(decoding: Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded == long)
    }
}
