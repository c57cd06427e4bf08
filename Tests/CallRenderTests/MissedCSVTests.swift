import CallAggregate
import CallModel
import Foundation
import Testing

@testable import CallRender

@Suite("missed.csv without Mustache")
struct MissedCSVTests {
    /// Callers with every kind of value that CSV escaping has a rule for.
    static var hostileCallers: [MissedCaller] {
        let texts: [String?] = [
            nil, "", "Sales, North", "say \"hi\"", "cr\rend", "lf\nend", "crlf\r\nend", "=SUM(A1:A9)", "+91 98450",
            "-5", "@cmd", "\tTab", "\u{200B}=zero width", "\u{FEFF}=bom", "\u{202E}+bidi", "nul\u{0}byte",
            "राहुल", "Ünïcödé 東京", "'quoted already", " =space first",
        ]
        let times = [
            "2026-10-01 09:00:00", "2026-03-08 02:30:00", "2026-11-01 01:30:00", "2026-10-04 02:15:00",
            "2026-10-04 02:45:00", "1930-06-01 12:00:00", "2026-12-31 23:59:59",
        ]
        return texts.enumerated().map { index, text in
            MissedCaller(
                callerId: text ?? "+91 98450 1234\(index)",
                firstMissed: LocalDateTime(times[index % times.count])!,
                lastMissed: LocalDateTime(times[(index + 3) % times.count])!,
                missedCount: index == 4 ? -3 : index * 997 + 1,
                skill: text,
                campaign: texts[texts.count - 1 - index])
        }
    }

    @Test("the shipped text is the repository's templates/missed.csv.mustache")
    func shippedTextIsTheFile() throws {
        let file = try Sample.read(Sample.templates.appendingPathComponent("missed.csv.mustache"))
        #expect(file == MissedCSV.shippedTemplate)
    }

    @Test("the default folder writes missed.csv directly and builds no view rows for it")
    func defaultFolderIsDirect() throws {
        let renderer = try ReportRenderer(templatesDirectory: Sample.templates)
        #expect(renderer.writesMissedDirectly)
        #expect(!renderer.viewNeedsMissedRows)
    }

    @Test(
        "hostile rows come out as the template renders them, byte for byte",
        arguments: [
            ("Asia/Kolkata", true, false), ("Asia/Kolkata", false, true), ("America/St_Johns", true, true),
            ("Australia/Lord_Howe", false, false), ("Asia/Kathmandu", true, false), ("Europe/Amsterdam", true, true),
            ("America/New_York", false, false),
        ])
    func sameAsTemplate(zone: String, byteOrderMark: Bool, maskCallers: Bool) throws {
        // The shipped text under a second name is not recognised, so Mustache renders that one.
        let folder = try Sample.templatesFolder([
            "missed.csv.mustache": MissedCSV.shippedTemplate,
            "viaMustache.csv.mustache": MissedCSV.shippedTemplate,
        ])
        let renderer = try ReportRenderer(templatesDirectory: folder)
        #expect(renderer.writesMissedDirectly)
        var context = Sample.context
        context.timeZone = try #require(TimeZone(identifier: zone))
        context.byteOrderMark = byteOrderMark
        context.maskCallers = maskCallers
        context.missedCallers = Self.hostileCallers
        let out = try Sample.temporaryFolder()
        try renderer.render(Sample.metrics, context: context, into: out)
        let direct = try Data(contentsOf: out.appendingPathComponent("missed.csv"))
        let mustache = try Data(contentsOf: out.appendingPathComponent("viaMustache.csv"))
        #expect(direct == mustache)
        #expect(direct.starts(with: CSVField.byteOrderMark) == byteOrderMark)
        // The comparison is only worth something if the rules were exercised.
        let text = String(decoding: direct, as: UTF8.self)
        #expect(text.contains("\"say \"\"hi\"\"\""))
        #expect(text.contains(",'-3,"))
        #expect(text.contains("\u{FFFD}"))
        #expect(text.contains("'\u{200B}=zero width"))
        #expect(text.contains("+91 98450 1234") != maskCallers)
    }

    @Test("no callers: the header alone, as the template gives it")
    func empty() throws {
        let renderer = try ReportRenderer(templatesDirectory: Sample.templates)
        let text = renderer.renderOutput(named: "missed.csv", metrics: Sample.metrics, context: Sample.context)
        #expect(text == "\u{FEFF}callerId,firstMissed,lastMissed,missedCount,skill,campaign\r\n")
    }

    @Test("the shipped text saved with CRLF line ends and a byte-order mark is still the shipped one")
    func crlfCopy() throws {
        let folder = try Sample.templatesFolder([
            "missed.csv.mustache": "\u{FEFF}" + MissedCSV.shippedTemplate.replacingOccurrences(of: "\n", with: "\r\n")
        ])
        #expect(try ReportRenderer(templatesDirectory: folder).writesMissedDirectly)
    }

    @Test("an edited template is rendered by Mustache")
    func editedTemplate() throws {
        let folder = try Sample.templatesFolder([
            "missed.csv.mustache":
                "campaign,callerId,missedCount\n{{#missed}}\n{{campaign}},{{callerId}},{{missedCount}}\n"
                + "{{/missed}}\n"
        ])
        let renderer = try ReportRenderer(templatesDirectory: folder)
        #expect(!renderer.writesMissedDirectly)
        #expect(renderer.viewNeedsMissedRows)
        var context = Sample.context
        context.byteOrderMark = false
        context.missedCallers = Array(Self.hostileCallers[2...3])
        let text = renderer.renderOutput(named: "missed.csv", metrics: Sample.metrics, context: context)
        #expect(
            text == "campaign,callerId,missedCount\r\nÜnïcödé 東京,\"Sales, North\",1995\r\n"
                + "राहुल,\"say \"\"hi\"\"\",2992\r\n")
    }

    @Test("one character more than the shipped text is an edit")
    func nearlyShipped() throws {
        let folder = try Sample.templatesFolder(["missed.csv.mustache": MissedCSV.shippedTemplate + "\n"])
        let renderer = try ReportRenderer(templatesDirectory: folder)
        #expect(!renderer.writesMissedDirectly)
        var context = Sample.context
        context.missedCallers = Array(Self.hostileCallers[2...2])
        let text = try #require(renderer.renderOutput(named: "missed.csv", metrics: Sample.metrics, context: context))
        #expect(text.hasSuffix(",1995,\"Sales, North\",Ünïcödé 東京\r\n\r\n"))
    }

    @Test("another template walking missed gets its rows while missed.csv is written directly")
    func otherTemplateUsesRows() throws {
        let folder = try Sample.templatesFolder([
            "missed.csv.mustache": MissedCSV.shippedTemplate,
            "list.txt.mustache": "{{#missed}}{{callerId}};{{/missed}}",
        ])
        let renderer = try ReportRenderer(templatesDirectory: folder)
        #expect(renderer.writesMissedDirectly)
        #expect(renderer.viewNeedsMissedRows)
        var context = Sample.context
        context.maskCallers = true
        context.missedCallers = Array(Self.hostileCallers[0...1])
        let text = renderer.renderOutput(named: "list.txt", metrics: Sample.metrics, context: context)
        #expect(text == "+** ***** *2340;;")
    }

    @Test(
        "which templates may use a field",
        arguments: [
            ("{{#missed}}{{callerId}}{{/missed}}", true),
            ("{{^missed}}none{{/missed}}", true),
            ("{{{missed}}}", true),
            ("{{ count(missed) }}", true),
            ("{{> missed.csv}}", true),
            ("{{=<% %>=}}<%#missed%><%/missed%>", true),
            ("{{>*account}}", true),
            ("the call-back list is missed.csv", false),
            ("{{callers.missedCallers}} {{#hasMissedCallers}}x{{/hasMissedCallers}}", false),
            ("{{! missed.csv: the call-back list }}", false),
            ("{{unmissed}} {{missed_count}}", false),
            ("{{missed", false),
        ])
    func mayName(text: String, expected: Bool) {
        #expect(ReportRenderer.mayName("missed", in: text) == expected)
    }
}
