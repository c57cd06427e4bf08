import CallAggregate
import CallModel
import Foundation
import Testing

@testable import CallRender

/// summary.html reads on a 320 px phone and at 640 px (SPEC §5): the layout rules of
/// templates/README.md ("summary.html on a phone"), checked on the rendered HTML.
@Suite("summary.html layout: 320 px phone to 640 px desktop")
struct SummaryLayoutTests {
    let renderer: ReportRenderer

    init() throws {
        renderer = try ReportRenderer(templatesDirectory: Sample.templates)
    }

    /// A small centre, the same with a comparison, hostile names, and 500 agents with long names,
    /// every change and a month of days: what each section can hold.
    static let cases: [(name: String, metrics: Metrics)] = [
        ("sample", Sample.metrics), ("compared", SummaryChangeTests.compared), ("hostile", Sample.hostileMetrics),
        ("large", Sample.largeCenterCompared), ("year", year), ("sections", SummarySectionsTests.figures),
    ]

    /// A year of busy days: the daily chart groups them, with the widest date labels.
    static var year: Metrics {
        var metrics = Sample.metrics
        let period = ReportPeriod(from: LocalDate("2024-01-01")!, to: LocalDate("2024-12-31")!)!
        metrics.daily = period.dates.map {
            DayFigures(
                date: $0.description, offered: 300_000, answered: 270_000, unanswered: 30_000,
                handleSeconds: 70_000_000, aht: 259.2)
        }
        return metrics
    }

    func html(_ metrics: Metrics) throws -> String {
        try #require(renderer.renderOutput(named: "summary.html", metrics: metrics, context: Sample.context))
    }

    @Test("no fixed width above 320 px, every table 100 % wide, the page at most 640 px")
    func widths() throws {
        for (name, metrics) in Self.cases {
            let layout = HTMLLayout(try html(metrics))
            #expect(layout.fixedWidthsAbove320.isEmpty, "\(name): \(layout.fixedWidthsAbove320)")
            #expect(layout.tables.count > 5, "\(name)")
            for table in layout.tables {
                #expect(table.attributes.contains(#"width="100%""#), "\(name): <table\(table.attributes)>")
            }
            #expect(layout.tables.contains { $0.style.contains("max-width:640px") }, "\(name): no 640 px frame")
        }
    }

    @Test("every figure, change and date is in an element that keeps it on one line")
    func figuresDoNotWrap() throws {
        for (name, metrics) in Self.cases {
            let layout = HTMLLayout(try html(metrics))
            #expect(layout.figures.count > 25, "\(name): \(layout.figures.count) figures found")
            let wrapping = layout.figures.filter { !$0.nowrap }.map(\.text)
            #expect(wrapping.isEmpty, "\(name): may break across lines: \(wrapping.prefix(5))")
        }
    }

    @Test(
        "a row holds at most six cells of text, so each column keeps 45 px at 320 px; a grid of short numbers eight")
    func fewColumns() throws {
        for (name, metrics) in Self.cases {
            let layout = HTMLLayout(try html(metrics))
            let widest = layout.textCellsPerRow.max() ?? 0
            #expect(widest >= 2 && widest <= HTMLLayout.maxTextCells, "\(name): a row with \(widest) cells of text")
            let grid = layout.shortCellsPerRow.max() ?? 0
            #expect(grid <= HTMLLayout.maxShortCells, "\(name): a row with \(grid) cells of short numbers")
        }
        // The heat map's rows: an hour and seven weekdays.
        #expect(HTMLLayout(try html(Self.cases[3].metrics)).shortCellsPerRow.max() == 8)
    }

    /// Headless Chromium, when installed, lays each case out at 320 px in an iframe (its windows are
    /// at least 500 px wide) and reports what the page's own layout gives: wider than the
    /// phone, or a figure on two lines. One browser start for every case; a few seconds.
    @Test(
        "at 320 px in Chromium nothing is wider than the screen and no figure breaks",
        .enabled(if: Chromium.path != nil, "chromium is not installed"), .timeLimit(.minutes(1)))
    func chromium() throws {
        let folder = try Sample.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var frames = ""
        for (name, metrics) in Self.cases {
            let escaped = try html(metrics).replacingOccurrences(of: "&", with: "&amp;")
                .replacingOccurrences(of: "\"", with: "&quot;")
            frames += "<iframe id=\"\(name)\" width=\"320\" height=\"12000\" srcdoc=\"\(escaped)\"></iframe>\n"
        }
        let page = folder.appendingPathComponent("layout.html")
        try Data(("<!DOCTYPE html><html><body>\n" + frames + Chromium.probe + "</body></html>").utf8).write(to: page)
        let report = try Chromium.dumpDOM(page)
        let lines = try #require(
            report.firstMatch(of: #/<pre id="layout">([^<]*)</pre>/#).map { String($0.1) },
            "no layout report in Chromium's DOM: \(report.prefix(300))")
        var seen = Set<String>()
        for line in lines.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { continue }
            seen.insert(fields[0])
            #expect(fields[2] == "320", "\(fields[0]): a scroll bar or no layout: \(line)")
            #expect(
                (Int(fields[1]) ?? .max) <= 320, "\(fields[0]): the page is \(fields[1]) px wide at 320 px")
            #expect(fields[3].isEmpty, "\(fields[0]): on two lines at 320 px: \(fields[3])")
        }
        #expect(seen == Set(Self.cases.map(\.name)), "\(lines)")
    }
}

/// Debian's `chromium`, run headless for the layout check.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Measures each iframe once loaded and writes `name TAB scrollWidth TAB clientWidth TAB
    /// figures on two lines` into `<pre id="layout">`. A figure: a short text (a cell's value, a
    /// span's change) that looks like one; a sentence may wrap.
    static let probe = #"""
        <script>
        window.onload = function () {
          var out = [];
          document.querySelectorAll('iframe').forEach(function (frame) {
            var doc = frame.contentDocument, broken = [];
            var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT), node;
            while ((node = walker.nextNode())) {
              var text = node.textContent.trim();
              if (!text || !/\d %|\d pp|\d+[hm] \d|[▲▼=] \d|\(was |\d{4}-\d{2}-\d{2}/.test(text)) continue;
              if (text.length > 30) continue;
              var range = doc.createRange(); range.selectNodeContents(node);
              var tops = new Set(Array.from(range.getClientRects()).map(function (r) { return Math.round(r.top); }));
              if (tops.size > 1) broken.push(text);
            }
            var root = doc.documentElement;
            out.push([frame.id, root.scrollWidth, root.clientWidth, broken.join(' | ')].join('\t'));
          });
          var pre = document.createElement('pre'); pre.id = 'layout'; pre.textContent = out.join('\n');
          document.body.appendChild(pre);
        };
        </script>
        """#

    static func dumpDOM(_ page: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom",
            page.absoluteString,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A browser that hangs fails the test instead of the whole run: its output then ends early.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return String(decoding: data, as: UTF8.self)
    }
}

/// What the layout rules need from a rendered summary.html: a small tag walk, enough for the
/// default templates (which close every element but `meta` and `br`).
struct HTMLLayout {
    struct Table {
        let attributes: String
        var style: String { HTMLLayout.style(of: attributes) }
    }

    /// A piece of text that must not break across lines, and whether it is kept on one.
    struct Figure {
        let text: String
        let nowrap: Bool
    }

    static let maxTextCells = 6
    /// A grid row (the heat map: an hour and seven weekdays) whose cells hold at most
    /// ``shortCellLength`` characters each: about 36 px a cell at 320 px with 11 px type.
    static let maxShortCells = 8
    static let shortCellLength = 4

    /// Figures as callreport writes them, with the spaces or hyphens a browser may break at:
    /// `84.3 %`, `1.2 pp`, `4m 12s`, `1h 02m`, `▲ 25.0`, `(was 8)`, `2026-10-01`, `10.0 % → 20.0 %`.
    static var figure: Regex<Substring> { #/\d %|\d pp|\d+[hm] \d|[▲▼=] \d|\(was |\d{4}-\d{2}-\d{2}|\d → \d/# }

    private(set) var tables: [Table] = []
    private(set) var fixedWidthsAbove320: [String] = []
    private(set) var figures: [Figure] = []
    /// Per row, the cells of text when one holds more than ``shortCellLength`` characters.
    private(set) var textCellsPerRow: [Int] = []
    /// Per row, the cells of text when none holds more than ``shortCellLength`` characters.
    private(set) var shortCellsPerRow: [Int] = []

    init(_ html: String) {
        // Each open element: its name and whether text inside stays on one line.
        var stack: [(name: String, nowrap: Bool)] = []
        // Per open row: how many of its cells hold text.
        var rows: [(cells: Int, long: Bool)] = []
        var cellHasText: [Int] = []
        var rest = html[...]
        let figure = Self.figure
        var nowrapOverride = false
        while let open = rest.firstIndex(of: "<") {
            text(String(rest[..<open]), nowrap: stack.last?.nowrap ?? false, figure, cellHasText: &cellHasText)
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().lowercased()
                guard let index = stack.lastIndex(where: { $0.name == name }) else { continue }
                stack.removeSubrange(index...)
                if name == "tr", let row = rows.popLast() {
                    if row.long { textCellsPerRow.append(row.cells) } else { shortCellsPerRow.append(row.cells) }
                }
                if name == "td" || name == "th", let length = cellHasText.popLast(), length > 0, !rows.isEmpty {
                    rows[rows.count - 1].cells += 1
                    if length > Self.shortCellLength { rows[rows.count - 1].long = true }
                }
                continue
            }
            let name = String(tag.prefix { $0.isLetter || $0.isNumber }).lowercased()
            let attributes = String(tag.dropFirst(name.count))
            let style = Self.style(of: attributes)
            widths(attributes, style)
            if name == "meta" || name == "br" { continue }
            // The title shows in a tab or a mail list, not in the page.
            if name == "title" { nowrapOverride = true }
            if name == "table" { tables.append(Table(attributes: attributes)) }
            if name == "tr" { rows.append((0, false)) }
            if name == "td" || name == "th" { cellHasText.append(0) }
            var nowrap = stack.last?.nowrap ?? false
            if style.contains("white-space:nowrap") { nowrap = true }
            if style.contains("white-space:normal") { nowrap = false }
            if nowrapOverride { nowrap = true }
            nowrapOverride = false
            stack.append((name, nowrap))
        }
    }

    private mutating func text(
        _ text: String, nowrap: Bool, _ figure: Regex<Substring>, cellHasText: inout [Int]
    ) {
        let visible = text.replacingOccurrences(of: "&nbsp;", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !visible.isEmpty else { return }
        // A cell's text length, entities counted as one character (`&lt;0.1` is four).
        let length = visible.replacing(#/&[a-z#0-9]+;/#, with: "x").count
        if !cellHasText.isEmpty { cellHasText[cellHasText.count - 1] += length }
        if visible.contains(figure) { figures.append(Figure(text: visible, nowrap: nowrap)) }
    }

    /// `width="700"` or `width:700px` (not `max-width`) above 320 px: wider than a phone.
    private mutating func widths(_ attributes: String, _ style: String) {
        for match in attributes.matches(of: #/(?:^|\s)width="(\d+)"/#) where Int(match.1)! > 320 {
            fixedWidthsAbove320.append(String(match.0))
        }
        for match in style.matches(of: #/(?:^|;)\s*(?:min-)?width:\s*(\d+)px/#) where Int(match.1)! > 320 {
            fixedWidthsAbove320.append(String(match.0))
        }
    }

    static func style(of attributes: String) -> String {
        guard let match = attributes.firstMatch(of: #/style="([^"]*)"/#) else { return "" }
        return String(match.1).replacingOccurrences(of: " ", with: "")
    }
}
