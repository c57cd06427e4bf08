import Testing

@testable import CallRender

@Suite("CSV fields")
struct CSVFieldTests {
    @Test(
        "quoting and the formula guard",
        arguments: [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line1\nline2", "\"line1\nline2\""),
            ("line1\r\nline2", "\"line1\r\nline2\""),
            ("=SUM(A1)", "'=SUM(A1)"),
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
            ("-5", "'-5"),
            ("+919876543210", "'+919876543210"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rCR", "\"'\rCR\""),
            ("a=b", "a=b"),
            ("राहुल", "राहुल"),
            ("📞", "📞"),
            ("0.8333333333333334", "0.8333333333333334"),
        ])
    func escapes(input: String, expected: String) {
        #expect(CSVField.escapeText(input) == expected)
    }

    @Test(
        "integers are written as digits, never guarded",
        arguments: [0, 7, 9, 10, 99, 100, 86_400, 1_000_000_007, Int.max, -5, Int.min])
    func integers(value: Int) {
        let text = String(unsafeUninitializedCapacity: CSVField.maxIntegerBytes) {
            CSVField.putInteger(value, at: $0.baseAddress!)
        }
        #expect(text == String(value))
    }

    @Test("escaped values read back as the value, guard included", arguments: Sample.hostile)
    func roundTrip(value: String) throws {
        let line = CSVField.escapeText(value) + "," + CSVField.escapeText("next") + "\r\n"
        let rows = try CSVReader.parse(line)
        let guarded = value.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
        #expect(rows == [[(guarded ? "'" : "") + value, "next"]])
    }
}

@Suite("Markdown escaping")
struct MarkdownEscapingTests {
    @Test(
        "syntax characters get a backslash; line breaks become spaces",
        arguments: [
            ("plain text", "plain text"),
            ("a|b", "a\\|b"),
            ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>"),
            ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
            ("[x](http://y)", "\\[x\\]\\(http:\u{2060}//y\\)"),  // the word joiner breaks the autolink
            ("# head", "\\# head"),
            ("x & y", "x \\& y"),
            ("$x$", "\\$x\\$"),
            ("back\\slash", "back\\\\slash"),
            ("~~s~~", "\\~\\~s\\~\\~"),
            ("- item", "\\- item"),
            ("a-b", "a-b"),
            ("=== ", "\\=== "),
            ("1. first", "1\\. first"),
            ("81.3 %", "81.3 %"),
            ("2026-10-01", "2026-10-01"),
            ("line1\nline2", "line1 line2"),
            ("line1\r\nline2", "line1 line2"),
            ("a\r\rb", "a  b"),
            ("राहुल 📞", "राहुल 📞"),
            ("+1", "\\+1"),
            ("!x", "\\!x"),
        ])
    func escapes(input: String, expected: String) {
        #expect(MarkdownEscaping.escape(input) == expected)
    }
}

@Suite("Display text")
struct DisplayTextTests {
    @Test(
        "percentages round half away from zero",
        arguments: [(0.8125, "81.3 %"), (0.7, "70.0 %"), (1.0, "100.0 %"), (0.0, "0.0 %"), (0.00049, "0.0 %")])
    func percent(value: Double, expected: String) {
        #expect(DisplayText.percent(value) == expected)
    }

    @Test("durations", arguments: [(0, "0s"), (42, "42s"), (60, "1m 00s"), (247, "4m 07s"), (7509, "2h 05m 09s")])
    func duration(seconds: Int, expected: String) {
        #expect(DisplayText.duration(seconds) == expected)
    }

    @Test("missing figures read as an em dash")
    func missing() {
        #expect(DisplayText.percent(nil) == "—")
        #expect(DisplayText.duration(nil as Double?) == "—")
        #expect(DisplayText.duration(238.66666666666666) == "3m 59s")
    }

    @Test("bars")
    func bars() {
        #expect(DisplayText.barPercent(0, max: 0) == 0)
        #expect(DisplayText.barPercent(5, max: 5) == 100)
        #expect(DisplayText.barPercent(1, max: 1000) == 1)
        #expect(DisplayText.barPercent(333, max: 1000) == 33)
    }

    @Test("weekdays")
    func weekdays() {
        #expect(DisplayText.weekday(dayNumber: 0) == "Thu")
        #expect(DisplayText.weekday(dayNumber: -1) == "Wed")
    }

    @Test("output formats follow the output file's extension")
    func formats() {
        #expect(OutputFormat(outputName: "summary.html") == .html)
        #expect(OutputFormat(outputName: "x.HTM") == .html)
        #expect(OutputFormat(outputName: "agents.csv") == .csv)
        #expect(OutputFormat(outputName: "summary.md") == .markdown)
        #expect(OutputFormat(outputName: "foo.txt") == .plainText)
        #expect(OutputFormat(outputName: "foo.json") == .text)
        #expect(OutputFormat(outputName: "README") == .text)
    }
}
