import CallAggregate
import CallTestSupport
import Foundation
import Testing

@testable import CallRender

/// Issue 16: no links from data in GFM, a plain-text summary for the mail, the handle-time
/// percentiles in the HTML.
@Suite("Summary: GFM links, plain text, percentiles")
struct SummaryTextTests {
    let renderer: ReportRenderer

    init() throws {
        renderer = try ReportRenderer(templatesDirectory: Sample.templates)
    }

    func output(_ name: String, _ metrics: Metrics) throws -> String {
        try #require(renderer.renderOutput(named: name, metrics: metrics, context: Sample.context))
    }

    /// Names that a GFM renderer would make a link, an image or an autolink of.
    static let linkNames = [
        "[x](http://evil.example)", "www.evil.example", "bob@evil.example", "<http://x>",
        "![i](http://evil.example/i.png)",
        "https://evil.example/p?q=1", "HTTP://EVIL.EXAMPLE", "WWW.EVIL.EXAMPLE", "ftp://evil.example",
        "mailto:bob@evil.example", "xmpp:bob@evil.example/a", "see www.evil.example now", "[a]: http://evil.example",
        "<bob@evil.example>", "<a href=\"http://evil.example\">x</a>",
    ]

    static var linkMetrics: Metrics {
        var m = Sample.metrics
        m.agents = linkNames.enumerated().map { index, name in
            Sample.agent(
                "L\(index)", name, offered: 1, answered: 1, handle: 300, aht: 300.0, median: 300, p90: 300, asa: 1.0,
                transferRate: 0.0)
        }
        m.skills = linkNames.map { Sample.group($0, offered: 1, answered: 1) }
        m.campaigns = linkNames.map { Sample.group($0, offered: 1, answered: 0) }
        return m
    }

    @Test(
        "summary.md in cmark-gfm: no link and no image from agent, skill or campaign names",
        .enabled(if: GFM.isInstalled, Comment(rawValue: GFM.missing)))
    func noLinksInGFM() throws {
        let md = try output("summary.md", Self.linkMetrics)
        let html = try #require(try GFM.render(md))
        #expect(!html.contains("<a ") && !html.contains("<img"), "\(html)")
        // The names still read as they were, in their cells (the word joiners are invisible).
        for name in ["www.evil.example", "bob@evil.example", "[x](http://evil.example)"] {
            let shown = html.replacingOccurrences(of: "\u{2060}", with: "")
            #expect(shown.contains(name.replacingOccurrences(of: "<", with: "&lt;")), "\(name)")
        }
    }

    @Test(
        "the Markdown escaper breaks every autolink trigger with an invisible word joiner",
        arguments: [
            ("www.a.example", "www\u{2060}.a.example"),
            ("WwW.a.example", "WwW\u{2060}.a.example"),
            ("http://a", "http:\u{2060}//a"),
            ("HTTPS://a", "HTTPS:\u{2060}//a"),
            ("bob@a.example", "bob\u{2060}@a.example"),
            ("a: b", "a: b"),
            ("wwwx.a", "wwwx.a"),
        ])
    func autolinkTriggers(value: String, escaped: String) {
        #expect(MarkdownEscaping.escape(value) == escaped)
    }

    @Test(
        "plain text: nothing escaped, but line breaks and tabs as spaces and control characters shown",
        arguments: [
            ("<b>VIP</b> & Co (x) | [y]", "<b>VIP</b> & Co (x) | [y]"),
            ("line1\r\nline2\nline3\rx", "line1 line2 line3 x"),
            ("a\tb", "a b"),
            ("\u{1B}[31mred", "\u{FFFD}[31mred"),
            ("a\u{0}b\u{7F}\u{85}", "a\u{FFFD}b\u{FFFD}\u{FFFD}"),
            ("Sales\u{202E}lanoitan\u{2066}", "Saleslanoitan"),
            ("p\u{2028}q\u{2029}", "p q "),
            ("राहुल 📞", "राहुल 📞"),
        ])
    func plainTextEscaping(value: String, shown: String) {
        #expect(Array(PlainTextEscaping.escape(value).unicodeScalars) == Array(shown.unicodeScalars))
    }

    @Test("summary.txt: aligned labels, figures as in the HTML, no Markdown escapes, no control character")
    func plainSummary() throws {
        #expect(OutputFormat(outputName: "summary.txt") == .plainText)
        let text = try output("summary.txt", Sample.hostileMetrics)
        #expect(text.hasPrefix("Call report "))
        #expect(!text.contains("\\<") && !text.contains("\\("), "Markdown escapes in the plain text")
        #expect(text.contains("\n  <script>alert(1)</script>\n"))
        #expect(text.contains("\n  line1 line2\n"))
        #expect(text.contains("\n  x & y's\n"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        // Every headline label pads its figure to the same column.
        let headline = text.components(separatedBy: "\n").drop { $0 != "HEADLINE" }.dropFirst().prefix(11)
        #expect(headline.count == 11)
        for line in headline {
            let figure = line.dropFirst(26)
            #expect(
                line.hasPrefix("  ") && line.count > 26 && figure.first != " " && line.dropFirst(24).hasPrefix("  "),
                "\(line)")
        }
    }

    @Test("the HTML has the median and 90th percentile handle-time line of the Markdown")
    func percentilesInHTML() throws {
        let html = try output("summary.html", Sample.metrics)
        let md = try output("summary.md", Sample.metrics)
        let totals = Sample.metrics.totals
        let median = DisplayText.duration(totals.medianHandle.map(Double.init))
        let p90 = DisplayText.duration(totals.p90Handle.map(Double.init))
        #expect(md.contains("Median handle time \(median), 90th percentile \(p90)."))
        #expect(
            html.contains(
                "Median handle time <b style=\"white-space:nowrap\">\(median)</b>, 90th percentile "
                    + "<b style=\"white-space:nowrap\">\(p90)</b>."))
    }
}
