import CLibXML2
import CSV
import CallDemo
import CallModel
import CallPipeline
import CallTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile values through the whole pipeline (issue 6, part 4): random strings built from markup,
/// formulas, Markdown, line breaks, bidirectional controls, NUL and friends are put in every text
/// field of real-shaped JSON and XML responses; the pipeline makes every output, and each
/// output is read back with a real parser (CSV.swift for CSV, libxml2's HTML parser for HTML,
/// JSONSerialization for JSON, a MIME reader for the mail).
///
/// What the outputs promise, and so what is checked:
/// - CSV: every value reads back exactly, but for the formula guard (`'` in front of a cell whose
///   first visible character is `=`, `+`, `-`, `@`, tab or CR) and NUL, which becomes U+FFFD.
/// - HTML: no script, no event attribute, no link or embedded object from data; only the elements
///   and attributes the template uses; every value there as text, without bidirectional controls
///   and with controls shown as U+FFFD.
/// - Markdown: table rows keep their cells, no link, image or raw HTML from data; values read back
///   (backslash escapes removed) as in HTML, line breaks as spaces.
/// - metrics.json and quarantine.jsonl: values round-trip exactly (NUL and bidi controls included:
///   they are data), no raw control character.
/// - Markdown in a real GFM renderer (`cmark-gfm`, when installed): no `<a` or `<img` at all,
///   autolinks (`www.`, `http://`, e-mail addresses) included, since the templates make none.
/// - summary.txt, the mail's plain-text part: every value as shown to people, with line breaks
///   and tabs as spaces, no control character but the line feeds of the template, no escapes.
/// - summary.eml: only the headers callreport writes; its HTML part passes the HTML checks (it is
///   summary.html but for the footer, which names the attachment), its text part is summary.txt,
///   its attachment the workbook without the sheets of caller numbers.
/// - report.xlsx (read with openpyxl, when installed; the Calls sheet included): every value
///   reads back exactly from a text cell, NUL as U+FFFD, and no cell or XML element is a formula.
///
/// The seed is fixed (`HOSTILE_SEED` overrides it) and every failure message starts with it.
/// (callreportTests/HostileMailHeaderTests.swift keeps a hostile subject and sender end to end.)
@Suite("Hostile values")
struct HostileValueTests {
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["HOSTILE_SEED"].flatMap { UInt64($0) }
        ?? 0x6361_6C6C_7265_706F

    @Test("hostile values in JSON responses are neutralized in every output", arguments: [0, 1, 2])
    func json(round: Int) throws {
        try run(round: round, format: .json)
    }

    @Test("hostile values in XML responses are neutralized in every output", arguments: [0, 1])
    func xml(round: Int) throws {
        try run(round: round, format: .xml)
    }

    @Test("hostile --campaign names reach the summaries as text")
    func campaignFilter() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["<script>alert(1)</script>|[x](javascript:alert(1))", "Sales\u{202E}\u{2066} \" onclick=\"x"]
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.campaigns = names
        let out = try report([fixture("hand-made.json").path], chosen).folder
        let filter = names.map(Neutral.display).joined(separator: ", ")
        let html = try Data(contentsOf: out.appendingPathComponent("summary.html"))
        let document = try #require(HTMLDocument(html))
        #expect(document.elements.allSatisfy { Self.htmlElements.contains($0) })
        #expect(document.attributes.allSatisfy { Self.htmlAttributes.contains($0.name) })
        #expect(Neutral.collapsed(document.text).contains("campaigns: " + filter))
        let markdown = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        let line = try #require(markdown.components(separatedBy: "\n").first { $0.contains("campaigns: ") })
        #expect(
            line.contains("campaigns: \\<script\\>alert\\(1\\)\\</script\\>\\|\\[x\\]\\(javascript:alert\\(1\\)\\)"))
        #expect(!line.unicodeScalars.contains { Neutral.isBidi($0) })
    }

    // MARK: - One round

    private func run(round: Int, format: HostileResponse.Format) throws {
        let response = HostileResponse.make(seed: Self.seed, round: round, format: format, records: 90)
        let context = "seed \(Self.seed) round \(round) \(format)"
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.\(format == .json ? "json" : "xml")")
        try Data(response.body.utf8).write(to: input)
        let subject = "Call report ‮ <b>hostile</b> 📞"
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.templates = try Self.templatesWithProbe(in: folder)
        chosen.xlsxCalls = true
        chosen.mail = try MailSettings.parse(
            from: "Reports <reports@example.com>", to: ["ops@example.com"], subject: subject)
        let out: URL
        do {
            out = try report([input.path], chosen).folder
        } catch {
            Issue.record("\(context): \(error)")
            return
        }
        let expected = HostileExpectation(response.records)
        #expect(!expected.counted.isEmpty && !expected.quarantined.isEmpty, "\(context)")

        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            // report.xlsx is a zip: its XML parts, decoded, are searched.
            let text = try WorkbookReader.text(of: out.appendingPathComponent(name))
            #expect(!text.contains(HostileResponse.apiKey), "\(context): \(name) holds the API key")
        }
        try checkCalls(out, expected, context)
        try checkGroups(out, expected, context)
        try checkMissed(out, expected, context)
        try checkMetrics(out, expected, context)
        try checkQuarantine(out, expected, context)
        let html = try Data(contentsOf: out.appendingPathComponent("summary.html"))
        try checkHTML(html, expected, context + " summary.html")
        try checkProbe(out, expected, context)
        let markdown = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        checkMarkdown(markdown, expected, context)
        try checkGFM(markdown, context)
        let plain = try String(contentsOf: out.appendingPathComponent("summary.txt"), encoding: .utf8)
        checkPlainText(plain, expected, context)
        try checkMail(out, subject: subject, html: html, plain: plain, expected, context)
        try checkWorkbook(out.appendingPathComponent("report.xlsx"), expected, context)
    }

    // MARK: - Workbook

    /// A text cell as read back: the value exactly, NUL as U+FFFD, cut after a cell's 32 767
    /// UTF-16 units (a whole scalar at most); a missing value an empty cell.
    private static func workbookText(_ value: String?) -> String? {
        guard let value else { return nil }
        var out = String.UnicodeScalarView()
        var units = 0
        for scalar in value.unicodeScalars {
            units += scalar.utf16.count
            if units > 32_767 { break }
            out.append(scalar == "\u{0}" ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    /// Where two texts part: the scalars around the first difference.
    private static func difference(_ got: String?, _ want: String?) -> String {
        let a = Array((got ?? "nil").unicodeScalars)
        let b = Array((want ?? "nil").unicodeScalars)
        let at = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        func around(_ s: [Unicode.Scalar]) -> String {
            Debug.show(String(String.UnicodeScalarView(s[max(0, at - 8)..<min(s.count, at + 12)])))
        }
        return "at scalar \(at) of \(a.count)/\(b.count): \(around(a)) ≠ \(around(b))"
    }

    private func checkWorkbook(_ url: URL, _ expected: HostileExpectation, _ context: String) throws {
        guard WorkbookReader.isAvailable else { return }
        let book = try WorkbookReader.read(url)
        #expect(book.formulaElements == 0, "\(context): report.xlsx holds a formula")
        for sheet in book.sheets {
            #expect(sheet.rows.joined().allSatisfy { $0.type != "f" }, "\(context): a formula in \(sheet.name)")
        }
        let calls = try #require(book["Calls"], "\(context): no Calls sheet")
        #expect(calls.rows.count == expected.counted.count + 1, "\(context): Calls rows")
        for (column, key) in HostileExpectation.callsColumns {
            let cells = calls.column(column)
            #expect(cells.count == expected.counted.count, "\(context): Calls has no column \(column)")
            for (cell, record) in zip(cells, expected.counted) {
                let want = Self.workbookText(record.present(key))
                #expect(
                    cell.text.map { Array($0.unicodeScalars) } == want.map { Array($0.unicodeScalars) },
                    "\(context): Calls \(column): \(Self.difference(cell.text, want))")
                #expect(cell.type == (want == nil ? "n" : "s"), "\(context): Calls \(column) is not a text cell")
            }
        }
        let agents = try #require(book["Agents"])
        let gotAgents = zip(agents.column("id"), agents.column("name")).map { ScalarPair($0.text ?? "", $1.text ?? "") }
        let wantAgents = expected.agents.map {
            ScalarPair(Self.workbookText($0.id) ?? "", Self.workbookText($0.name) ?? "")
        }
        #expect(Set(gotAgents) == Set(wantAgents) && gotAgents.count == wantAgents.count, "\(context): Agents")
        for (name, want) in [("Skills", expected.skills), ("Campaigns", expected.campaigns)] {
            let got = (book[name]?.column("name") ?? []).map { ScalarKey($0.text ?? "") }
            #expect(
                Set(got) == Set(want.map { ScalarKey(Self.workbookText($0) ?? "") }) && got.count == want.count,
                "\(context): \(name)")
        }
        // Each disposition row is a record's text exactly, or one of the two names the rules make.
        let dispositions = Set(
            expected.counted.compactMap { Self.workbookText($0.present("disposition")) }.map(ScalarKey.init)
                + ["(none)", "Wrap up time exceeded"].map(ScalarKey.init))
        let dispositionRows = book["Dispositions"]?.column("name") ?? []
        #expect(!dispositionRows.isEmpty || expected.counted.isEmpty, "\(context): no Dispositions rows")
        for cell in dispositionRows {
            #expect(cell.type == "s", "\(context): a disposition is not a text cell")
            #expect(
                dispositions.contains(ScalarKey(cell.text ?? "")),
                "\(context): Dispositions name \(Debug.show(cell.text ?? ""))")
        }
        let callers = Set(expected.unansweredCallers.map { ScalarKey(Self.workbookText($0) ?? "") })
        for cell in book["Missed"]?.column("callerId") ?? [] {
            #expect(
                callers.contains(ScalarKey(cell.text ?? "")), "\(context): Missed caller \(Debug.show(cell.text ?? ""))"
            )
        }
    }

    // MARK: - CSV

    /// Parses a CSV file with CSV.swift, after checking the byte-order mark and that every row
    /// has the header's width.
    private func readCSV(_ url: URL, _ context: String) throws -> (header: [String], rows: [[String]]) {
        let data = try Data(contentsOf: url)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "\(context): \(url.lastPathComponent) has no BOM")
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n"), "\(context): \(url.lastPathComponent) does not end with CRLF")
        let reader = try CSVReader(string: text)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(reader.error == nil)
        let header = rows.removeFirst()
        for (index, row) in rows.enumerated() {
            #expect(
                row.count == header.count,
                "\(context): \(url.lastPathComponent) row \(index + 1) has \(row.count) cells")
        }
        return (header, rows)
    }

    private func checkCalls(_ out: URL, _ expected: HostileExpectation, _ context: String) throws {
        let (header, rows) = try readCSV(out.appendingPathComponent("calls.csv"), context)
        #expect(rows.count == expected.counted.count, "\(context): calls.csv rows")
        for (row, record) in zip(rows, expected.counted) {
            for (column, key) in HostileExpectation.callsColumns {
                guard let index = header.firstIndex(of: column) else {
                    Issue.record("\(context): calls.csv has no column \(column)")
                    continue
                }
                let want = Neutral.csv(record.present(key))
                #expect(
                    Array(row[index].unicodeScalars) == Array(want.unicodeScalars),
                    "\(context): calls.csv \(column): \(Debug.show(row[index])) ≠ \(Debug.show(want))")
            }
        }
    }

    private func checkGroups(_ out: URL, _ expected: HostileExpectation, _ context: String) throws {
        let agents = try readCSV(out.appendingPathComponent("agents.csv"), context)
        #expect(Array(agents.header.prefix(2)) == ["id", "name"])
        let gotAgents = agents.rows.map { ScalarPair($0[0], $0[1]) }
        let wantAgents = expected.agents.map { ScalarPair(Neutral.csv($0.id), Neutral.csv($0.name)) }
        #expect(Set(gotAgents) == Set(wantAgents) && gotAgents.count == wantAgents.count, "\(context): agents.csv")
        for (file, want) in [("skills.csv", expected.skills), ("campaigns.csv", expected.campaigns)] {
            let table = try readCSV(out.appendingPathComponent(file), context)
            #expect(table.header.first == "name")
            let got = table.rows.map { ScalarKey($0[0]) }
            #expect(
                Set(got) == Set(want.map { ScalarKey(Neutral.csv($0)) }) && got.count == want.count,
                "\(context): \(file)")
        }
        let daily = try readCSV(out.appendingPathComponent("daily.csv"), context)
        #expect(daily.rows.count == 31, "\(context): daily.csv")
    }

    private func checkMissed(_ out: URL, _ expected: HostileExpectation, _ context: String) throws {
        let (header, rows) = try readCSV(out.appendingPathComponent("missed.csv"), context)
        #expect(header == ["callerId", "firstMissed", "lastMissed", "missedCount", "skill", "campaign"])
        let callers = Set(expected.unansweredCallers.map { ScalarKey(Neutral.csv($0)) })
        let skills = Set(expected.counted.map { ScalarKey(Neutral.csv($0.present("skill"))) })
        let campaigns = Set(expected.counted.map { ScalarKey(Neutral.csv($0.present("campaign"))) })
        #expect(!rows.isEmpty, "\(context): missed.csv is empty")
        for row in rows {
            #expect(callers.contains(ScalarKey(row[0])), "\(context): missed.csv caller \(Debug.show(row[0]))")
            #expect(skills.contains(ScalarKey(row[4])), "\(context): missed.csv skill \(Debug.show(row[4]))")
            #expect(campaigns.contains(ScalarKey(row[5])), "\(context): missed.csv campaign \(Debug.show(row[5]))")
        }
        let metrics = try MetricsDocument(url: out.appendingPathComponent("metrics.json"))
        #expect(metrics["callers"]["missedCallers"] as? Int == rows.count, "\(context)")
    }

    // MARK: - JSON

    /// No byte below 0x20 but the line feeds of the layout: JSON escapes every control character.
    private func checkNoRawControls(_ data: Data, _ name: String, _ context: String) {
        let bad = data.filter { $0 < 0x20 && $0 != 0x0A }
        #expect(bad.isEmpty, "\(context): \(name) holds raw control bytes \(Array(Set(bad)))")
    }

    private func checkMetrics(_ out: URL, _ expected: HostileExpectation, _ context: String) throws {
        let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
        checkNoRawControls(data, "metrics.json", context)
        let metrics = try JSONDecoder().decode(JSONValue.self, from: data)
        let agents = metrics["agents"].array.map { ScalarPair($0["id"].string ?? "?", $0["name"].string ?? "?") }
        #expect(
            Set(agents) == Set(expected.agents.map { ScalarPair($0.id, $0.name) }), "\(context): metrics.json agents")
        let skills = metrics["skills"].array.map { ScalarKey($0["name"].string ?? "?") }
        #expect(Set(skills) == Set(expected.skills.map(ScalarKey.init)), "\(context): metrics.json skills")
        let campaigns = metrics["campaigns"].array.map { ScalarKey($0["name"].string ?? "?") }
        #expect(Set(campaigns) == Set(expected.campaigns.map(ScalarKey.init)), "\(context): metrics.json campaigns")
        #expect(metrics["totals"]["offered"] == .number(Double(expected.counted.count)), "\(context)")
        #expect(metrics["dataQuality"]["quarantined"] == .number(Double(expected.quarantined.count)), "\(context)")
    }

    private func checkQuarantine(_ out: URL, _ expected: HostileExpectation, _ context: String) throws {
        let data = try Data(contentsOf: out.appendingPathComponent("quarantine.jsonl"))
        checkNoRawControls(data, "quarantine.jsonl", context)
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.last?.isEmpty == true, "\(context): quarantine.jsonl does not end with a line feed")
        let objects = lines.dropLast().map { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) }
        #expect(objects.count == expected.quarantined.count, "\(context): quarantine.jsonl lines")
        for (object, record) in zip(objects, expected.quarantined) {
            guard case .object(let fields)? = object?["record"] else {
                Issue.record("\(context): a quarantine line is not one JSON object with a record")
                continue
            }
            #expect(fields.keys.allSatisfy { !$0.lowercased().contains("apikey") }, "\(context)")
            #expect(fields.count == record.fields.count - 1, "\(context): quarantine fields")
            for field in record.fields where field.key != "ApiKey" {
                switch field.value {
                case .text(let value):
                    let got = fields[field.key]?.string
                    #expect(
                        got.map { Array($0.unicodeScalars) } == Array(value.unicodeScalars),
                        "\(context): quarantine \(field.key): \(Debug.show(got ?? "nil")) ≠ \(Debug.show(value))")
                case .null:
                    #expect(fields[field.key] == .null, "\(context): quarantine \(field.key) is not null")
                }
            }
        }
    }

    // MARK: - HTML

    /// Elements and attributes the default summary.html uses; anything else came from data.
    static let htmlElements: Set<String> = [
        "html", "head", "meta", "title", "body", "table", "tr", "td", "th", "div", "span", "b", "br", "small",
    ]
    static let htmlAttributes: Set<String> = [
        "lang", "charset", "name", "content", "style", "role", "width", "height", "cellpadding", "cellspacing",
        "border", "align", "colspan",
    ]

    private func checkHTML(_ data: Data, _ expected: HostileExpectation, _ context: String) throws {
        let document = try #require(HTMLDocument(data), "\(context): libxml2 cannot parse it")
        for element in document.elements {
            #expect(Self.htmlElements.contains(element), "\(context): element <\(element)> from data")
        }
        for (element, name, value) in document.attributes {
            #expect(Self.htmlAttributes.contains(name), "\(context): attribute \(name) on <\(element)>")
            #expect(!name.hasPrefix("on"), "\(context): event attribute \(name)")
            #expect(!value.lowercased().contains("javascript:"), "\(context): javascript: in \(name)")
        }
        #expect(document.comments == 0 && document.cdata == 0, "\(context): comment or CDATA from data")
        #expect(
            !String(decoding: data, as: UTF8.self).lowercased().contains("<script"), "\(context): raw <script")
        let text = Neutral.collapsed(document.text)
        #expect(!text.unicodeScalars.contains { Neutral.isBidi($0) }, "\(context): bidi control in the text")
        #expect(!text.unicodeScalars.contains { Neutral.isHidden($0) }, "\(context): control character in the text")
        for value in expected.shownInSummaries {
            let shown = Neutral.collapsed(Neutral.display(value))
            guard !shown.isEmpty else { continue }
            #expect(text.contains(shown), "\(context): \(Debug.show(shown)) is not in the text")
        }
    }

    /// The default templates, plus one that puts values in attributes, double- and single-quoted:
    /// the default summary never does, but a user's template may.
    static func templatesWithProbe(in folder: URL) throws -> URL {
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let source = templatesFolder
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".mustache") {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: templates.appendingPathComponent(name))
        }
        let probe = """
            <!DOCTYPE html>
            <html><head><title>probe</title></head><body>
            {{#agents}}<div title="{{name}}" lang='{{id}}'>{{name}}</div>
            {{/agents}}
            </body></html>

            """
        try Data(probe.utf8).write(to: templates.appendingPathComponent("probe.html.mustache"))
        return templates
    }

    /// Values in attributes stay inside them: every `div` has exactly its two attributes, holding
    /// the agent's name and id as shown to people.
    private func checkProbe(_ out: URL, _ expected: HostileExpectation, _ context: String) throws {
        let data = try Data(contentsOf: out.appendingPathComponent("probe.html"))
        let document = try #require(HTMLDocument(data), "\(context): libxml2 cannot parse probe.html")
        let divs = document.attributes.filter { $0.element == "div" }
        #expect(divs.allSatisfy { ["title", "lang"].contains($0.name) }, "\(context): probe.html \(divs.map(\.name))")
        let titles = divs.filter { $0.name == "title" }.map { ScalarKey(Neutral.collapsed($0.value)) }
        let langs = divs.filter { $0.name == "lang" }.map { ScalarKey(Neutral.collapsed($0.value)) }
        let names = expected.agents.map { ScalarKey(Neutral.collapsed(Neutral.display($0.name))) }
        let ids = expected.agents.map { ScalarKey(Neutral.collapsed(Neutral.display($0.id))) }
        #expect(titles.count == expected.agents.count && Set(titles) == Set(names), "\(context): probe.html titles")
        #expect(langs.count == expected.agents.count && Set(langs) == Set(ids), "\(context): probe.html ids")
        #expect(document.elements.filter { $0 == "div" }.count == expected.agents.count, "\(context): probe.html divs")
    }

    // MARK: - Markdown

    private func checkMarkdown(_ markdown: String, _ expected: HostileExpectation, _ context: String) {
        let scalars = Array(markdown.unicodeScalars)
        #expect(!scalars.contains("\r"), "\(context): CR in summary.md")
        #expect(!scalars.contains { Neutral.isBidi($0) || Neutral.isHidden($0) && $0 != "\n" }, "\(context)")
        // Link, image and raw HTML syntax need `[`, `<` or `` ` ``: the template has none, so every
        // one there came from data and must be escaped.
        var escaped = false
        for scalar in scalars {
            if !escaped && "[]<>`".unicodeScalars.contains(scalar) {
                Issue.record("\(context): unescaped \(scalar) in summary.md")
            }
            escaped = scalar == "\\" && !escaped
        }
        var tables: [String: [[String]]] = [:]
        var table: [[String]] = []
        let lines = markdown.components(separatedBy: "\n") + [""]
        for line in lines {
            guard line.hasPrefix("|") else {
                if let width = table.first?.count {
                    for row in table { #expect(row.count == width, "\(context): a table row has \(row.count) cells") }
                    if let title = table.first?.first { tables[title] = Array(table.dropFirst(2)) }
                }
                table = []
                continue
            }
            table.append(Self.cells(line))
        }
        // Each value reads back from its cell; the summaries list all when there are at most 25.
        let shown = Set((tables["Agent"] ?? []).map { ScalarPair($0[1], $0[0]) })
        #expect(shown.count == min(25, expected.agents.count), "\(context): agents in summary.md")
        for agent in expected.agents where expected.agents.count <= 25 {
            let want = ScalarPair(Neutral.markdown(agent.id), Neutral.markdown(agent.name))
            #expect(shown.contains(want), "\(context): agent \(want) not in summary.md")
        }
        for (title, names) in [("Disposition", expected.dispositionsTop), ("Side", expected.hangupsTop)] {
            let got = (tables[title] ?? []).map { ScalarKey($0[0]) }
            #expect(
                got == names.map { ScalarKey(Neutral.markdown($0)) }, "\(context): \(title) names in summary.md")
        }
        for (title, names) in [("Skill", expected.skills), ("Campaign", expected.campaigns)] where names.count <= 25 {
            let got = (tables[title] ?? []).map { ScalarKey($0[0]) }
            #expect(
                got.count == names.count && Set(got) == Set(names.map { ScalarKey(Neutral.markdown($0)) }),
                "\(context): \(title) names in summary.md")
        }
    }

    /// The cells of a GFM table row, split at unescaped pipes, escapes removed, the padding space
    /// on each side dropped.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var escaped = false
        for scalar in line.unicodeScalars.dropFirst() {
            if escaped {
                cell.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\u{2060}" {
                continue  // put into `www.`, `://` and before `@` so that GFM makes no autolink
            } else if scalar == "|" {
                if cell.first == " " { cell.removeFirst() }
                if cell.last == " " { cell.removeLast() }
                cells.append(String(cell))
                cell = String.UnicodeScalarView()
            } else {
                cell.append(scalar)
            }
        }
        return cells
    }

    // MARK: - Mail

    /// Renders summary.md with cmark-gfm's autolink and table extensions: the templates make no
    /// link and no image, so any in the HTML came from data.
    private func checkGFM(_ markdown: String, _ context: String) throws {
        guard let html = try GFM.render(markdown) else { return }
        #expect(!html.contains("<a ") && !html.contains("<img"), "\(context): cmark-gfm made a link from data")
    }

    // MARK: - Plain text

    private func checkPlainText(_ text: String, _ expected: HostileExpectation, _ context: String) {
        let scalars = Array(text.unicodeScalars)
        #expect(
            !scalars.contains { Neutral.isBidi($0) || Neutral.isHidden($0) || $0 == "\r" || $0 == "\t" },
            "\(context): a control character in summary.txt")
        #expect(!text.contains("\\<") && !text.contains("\\|"), "\(context): Markdown escapes in summary.txt")
        // Each agent heads its own block, indented by two spaces, when all are shown.
        for agent in expected.agents where expected.agents.count <= 25 {
            let line = "\n  " + Neutral.plain(agent.name)
            #expect(text.contains(line), "\(context): agent \(Neutral.plain(agent.name)) not in summary.txt")
        }
        for name in expected.skills where expected.skills.count <= 25 {
            #expect(text.contains("\n  " + Neutral.plain(name) + "\n"), "\(context): skill not in summary.txt")
        }
        #expect(expected.dispositionsTop.count == 8 && expected.hangupsTop.count == 8, "\(context)")
        for name in expected.dispositionsTop + expected.hangupsTop {
            #expect(
                text.contains("\n  " + Neutral.plain(name) + "\n"),
                "\(context): disposition or hang-up \(Debug.show(name)) not in summary.txt")
        }
    }

    private func checkMail(
        _ out: URL, subject: String, html: Data, plain: String, _ expected: HostileExpectation, _ context: String
    ) throws {
        let raw = try String(contentsOf: out.appendingPathComponent("summary.eml"), encoding: .utf8)
        let headers = try #require(MailHeaders(raw), "\(context): summary.eml has no header block")
        #expect(
            headers.names == ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"],
            "\(context)")
        #expect(MIMEPart.decodeWords(headers["subject"] ?? "") == subject, "\(context): subject")
        #expect(raw.unicodeScalars.allSatisfy { $0.isASCII }, "\(context): 8-bit text in summary.eml")
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains { $0 == "\r" || $0 == "\n" })
        let message = try #require(MIMEPart(raw))
        let alternative = try #require(message.parts.first)
        #expect(alternative.parts.count == 2, "\(context)")
        let htmlPart = try #require(alternative.parts.last).body
        try checkHTML(htmlPart, expected, context + " summary.eml")
        // summary.html with CRLF line ends (a value's own CRLF kept as one), but for the lines
        // that name the folder's files: the mail names what it carries there, or nothing.
        func sameButFileLines(_ mailed: String, _ folder: String) -> Bool {
            let mailedLines = mailed.split(separator: "\r\n", omittingEmptySubsequences: false)
            let folderLines = folder.replacingOccurrences(of: "\r\n", with: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false)
            return mailedLines.count == folderLines.count
                && zip(mailedLines, folderLines).allSatisfy {
                    $0 == $1 || $1.contains(/[a-z]\.(csv|json|jsonl)\b/)
                }
        }
        let mailed = String(decoding: htmlPart, as: UTF8.self)
        #expect(
            sameButFileLines(mailed, String(decoding: html, as: UTF8.self)),
            "\(context): the HTML part is not summary.html")
        #expect(
            !mailed.contains(/[a-z]\.(csv|json|jsonl)\b/), "\(context): the mailed HTML names a file it does not carry")
        #expect(
            mailed.contains(
                "The tables are attached: report.xlsx (sheets Summary, Agents, Skills, Campaigns, Daily, Intervals and Dispositions).</td>"
            ),
            "\(context): the mailed footer")
        #expect(!mailed.contains("missed.csv the call-back list"), "\(context): the mailed footer names files")
        let textPart = try #require(alternative.parts.first).body
        #expect(sameButFileLines(String(decoding: textPart, as: UTF8.self), plain), "\(context): the text part")
        // The workbook, without the sheets of caller numbers; its texts as in the folder's.
        let attachments = message.parts.dropFirst()
        #expect(
            attachments.map(\.contentType) == [
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"report.xlsx\""
            ], "\(context)")
        if let part = attachments.first, WorkbookReader.isAvailable {
            let book = try WorkbookReader.read(part.body)
            #expect(
                book.sheets.map(\.name) == [
                    "Summary", "Agents", "Skills", "Campaigns", "Daily", "Intervals", "Dispositions",
                ], "\(context)")
            #expect(book.formulaElements == 0, "\(context): a formula in the mailed workbook")
            let folderBook = try WorkbookReader.read(out.appendingPathComponent("report.xlsx"))
            for name in ["Agents", "Skills", "Campaigns"] {
                let got = book[name]?.rows.map { $0.map(\.text) }
                #expect(got == folderBook[name]?.rows.map { $0.map(\.text) }, "\(context): mailed \(name)")
            }
        }
    }
}

// MARK: - Generating hostile responses

/// A record as written into a response: key order kept, values as text or null.
private struct HostileRecord {
    enum Value {
        case text(String)
        case null
    }
    var fields: [(key: String, value: Value)]
    /// Whether normalize must quarantine it (no start, or an unreadable one).
    var quarantined: Bool

    /// The value the canonical field takes, as normalize reads it (SPEC §3: trimmed, missing markers).
    func present(_ canonical: String) -> String? {
        for alias in HostileExpectation.aliases[canonical] ?? [canonical] {
            for field in fields where HostileExpectation.normalizedKey(field.key) == alias {
                guard case .text(let text) = field.value else { continue }
                let trimmed = Neutral.trimmed(text)
                if !["", "none", "null", "na", "n/a", "-"].contains(trimmed.lowercased()) { return trimmed }
            }
        }
        return nil
    }
}

private enum HostileResponse {
    enum Format: CustomStringConvertible {
        case json, xml
        var description: String { self == .json ? "JSON" : "XML" }
    }

    static let apiKey = "SECRET-HOSTILE-KEY-42"

    /// A piece of a hostile value: the value normalize must read, and, where JSON writes it
    /// differently, the JSON text (a lone surrogate reads as U+FFFD). `xml` is false for what XML 1.0
    /// cannot carry at all.
    struct Fragment {
        var value: String
        var json: String?
        var xml = true
    }

    static let fragments: [Fragment] = {
        var list = [
            "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
            "\" onmouseover=\"alert(1)", "' onfocus='alert(1)' x='", "\"\u{301} onclick=alert(1) \"", "<\u{301}b>",
            "javascript:alert(1)", "<a href=\"javascript:alert(1)\">x</a>", "<iframe src=x></iframe>",
            "<object data=x>", "<embed src=x>", "<style>*{color:red}</style>", "<svg onload=alert(1)>",
            "</td></tr></table><div>", "<!-- c -->", "<![CDATA[x]]>", "=HYPERLINK(\"http://evil.example\",\"x\")",
            "=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1", "[x](javascript:alert(1))",
            "![i](http://evil.example/i.png)", "[a]: http://evil.example", "|", "a|b|c", "`", "```", "*_#", "# h",
            "> q", "1. ", "- ", "---", "~~s~~", "$x$", "\\", "&amp;", "&lt;b&gt;", "&#60;", "\r", "\n", "\r\n",
            "\u{202E}", "\u{202D}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200F}", "\u{200E}",
            "\u{061C}", "\u{FEFF}", "\u{200B}", "{{", "}}", "{{label}}", "{{{account}}}", "{{> x}}", "😀", "𝔘𝔫𝔦",
            "👩‍💻", "राहुल", "محمد", "עברית", ",", "\"", "'", ";", "Bcc: x@evil.example", "%0d%0aX: y",
            "=?UTF-8?B?PHNjcmlwdD4=?=", "\u{2028}", "\u{85}", "ा", "x", "Ravi", "42", " ",
            "www.evil.example", "bob@evil.example", "<http://x>", "https://evil.example/p", "HTTP://EVIL.EXAMPLE",
            "ftp://evil.example", "mailto:a@evil.example", "\t",
        ].map { Fragment(value: $0) }
        list += [
            Fragment(value: "\u{0}", xml: false), Fragment(value: "a\u{0}b", xml: false),
            Fragment(value: "\u{1B}[31m", xml: false), Fragment(value: "\u{7}", xml: false),
            Fragment(value: "\u{FFFD}", json: "\\ud800", xml: false),
            Fragment(value: "x\u{FFFD}", json: "x\\udc00", xml: false),
            Fragment(value: "\u{1F4DE}", json: "\\ud83d\\udcde"),
            Fragment(value: "<", json: "\\u003c"),
        ]
        return list
    }()

    static func hostile(_ rng: inout SeededGenerator, format: Format) -> (value: String, json: String) {
        let usable = format == .xml ? fragments.filter(\.xml) : fragments
        var value = ""
        var json = ""
        let count = Int.random(in: 1...4, using: &rng)
        for _ in 0..<count {
            let fragment = usable.randomElement(using: &rng)!
            value += fragment.value
            json += fragment.json ?? jsonEscaped(fragment.value)
        }
        if Int.random(in: 0..<40, using: &rng) == 0 {
            // A very long value: summaries must stay well formed whatever the size.
            let repeats = Int.random(in: 200...800, using: &rng)
            value = String(repeating: value, count: repeats)
            json = String(repeating: json, count: repeats)
        }
        return (value, json)
    }

    struct Made {
        var body: String
        var records: [HostileRecord]
    }

    /// A success response of `records` calls in October 2026, hostile text in every text field.
    static func make(seed: UInt64, round: Int, format: Format, records count: Int) -> Made {
        var rng = SeededGenerator(seed: seed &+ UInt64(round) &* 0x1000_0000_01B3 &+ (format == .xml ? 7 : 0))
        // Pools, so that agents, skills and campaigns group several calls.
        func pool(_ n: Int) -> [(value: String, json: String)] { (0..<n).map { _ in hostile(&rng, format: format) } }
        let agentIds = pool(10)
        let agentNames = pool(14)
        let skills = pool(8)
        let campaigns = pool(6)
        let callers = (0..<24).map { index -> (value: String, json: String) in
            let number = "+91987654" + String(format: "%04d", 1000 + index * 37)
            guard index % 3 == 0 else { return (number, number) }
            let suffix = hostile(&rng, format: format)
            return (number + suffix.value, number + suffix.json)
        }

        var records: [HostileRecord] = []
        var bodies: [[(key: String, json: String?)]] = []
        for index in 0..<count {
            var fields: [(key: String, value: HostileRecord.Value)] = []
            var encoded: [(key: String, json: String?)] = []
            func add(_ key: String, _ value: (value: String, json: String)?) {
                if let value {
                    fields.append((key, .text(value.value)))
                    encoded.append((key, value.json))
                } else {
                    fields.append((key, .null))
                    encoded.append((key, nil))
                }
            }
            func plain(_ text: String) -> (value: String, json: String) { (text, jsonEscaped(text)) }
            func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

            let minutes = index * 397
            let start = String(
                format: "2026-10-%02d %02d:%02d:%02d", 1 + minutes / 1440, minutes % 1440 / 60, minutes % 60, index % 60
            )
            let ucid = hostile(&rng, format: format)
            add("UCID", chance(50) ? ("U\(index)-" + ucid.value, "U\(index)-" + ucid.json) : ucid)
            add("AgentID", chance(10) ? plain("") : agentIds.randomElement(using: &rng)!)
            add("AgentName", agentNames.randomElement(using: &rng)!)
            add(format == .json && chance(50) ? "Campaign Name" : "CampaignName", campaigns.randomElement(using: &rng)!)
            add("Skill", chance(10) && format == .json ? nil : skills.randomElement(using: &rng)!)
            let quarantined = chance(12)
            if quarantined {
                add("StartTime", chance(50) ? plain("") : hostile(&rng, format: format))
            } else {
                add("StartTime", plain(start))
                add("EndTime", plain(start))
            }
            let status = Int.random(in: 0..<10, using: &rng)
            add(
                "Status",
                status < 6 ? plain("Answered") : status < 9 ? plain("NotAnswered") : hostile(&rng, format: format))
            add("TimeToAnswer", plain("00:00:07"))
            add("TalkTime", chance(10) ? hostile(&rng, format: format) : plain("00:01:30"))
            add(format == .json && chance(30) ? "Caller Id" : "CallerID", callers.randomElement(using: &rng)!)
            add("Type", chance(80) ? plain("InBound") : hostile(&rng, format: format))
            add("Disposition", hostile(&rng, format: format))
            add("Comments", hostile(&rng, format: format))
            add("TransferType", chance(70) ? plain("No Transfers") : hostile(&rng, format: format))
            if chance(30) { add("TransferredTo", hostile(&rng, format: format)) }
            add("HangupBy", hostile(&rng, format: format))
            add("Did", hostile(&rng, format: format))
            add("Location", hostile(&rng, format: format))
            add("UUI", hostile(&rng, format: format))
            add("ApiKey", plain(apiKey))
            records.append(HostileRecord(fields: fields, quarantined: quarantined))
            bodies.append(encoded)
        }
        switch format {
        case .json:
            let items = bodies.map { fields in
                "{" + fields.map { "\"\($0.key)\": " + ($0.json.map { "\"\($0)\"" } ?? "null") }.joined(separator: ", ")
                    + "}"
            }
            return Made(
                body: "{\"status\": \"success\", \"message\": [\n" + items.joined(separator: ",\n") + "\n]}",
                records: records)
        case .xml:
            let items = zip(bodies, records).map { _, record in
                "<item>"
                    + record.fields.map { field -> String in
                        guard case .text(let text) = field.value else { return "<\(field.key)/>" }
                        return "<\(field.key)>\(xmlEscaped(text))</\(field.key)>"
                    }.joined() + "</item>"
            }
            return Made(
                body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><status>success</status><message>\n"
                    + items.joined(separator: "\n") + "\n</message></xml>\n",
                records: records)
        }
    }

    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{0}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Element content; CR as a character reference, since an XML parser turns a raw one into LF.
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

// MARK: - What the outputs must hold

/// The figures SPEC §3–§4 give for the generated records, worked out independently of callreport.
private struct HostileExpectation {
    let counted: [HostileRecord]
    let quarantined: [HostileRecord]
    let agents: [(id: String, name: String)]
    let skills: [String]
    let campaigns: [String]
    let unansweredCallers: [String?]
    /// The first eight dispositions and hang-up sides in metrics.json's order (calls descending,
    /// then name in code-point order): what the summaries list.
    let dispositionsTop: [String]
    let hangupsTop: [String]

    static let aliases: [String: [String]] = [
        "ucid": ["ucid", "callid"], "campaign": ["campaignname", "campaign"], "skill": ["skill", "skillname"],
        "callerId": ["callerid", "callerno", "callernumber"], "type": ["type", "calltype"], "agentId": ["agentid"],
        "agentName": ["agentname", "agent"], "status": ["status"], "disposition": ["disposition"],
        "hangupBy": ["hangupby"], "transferType": ["transfertype", "transfer"], "transferredTo": ["transferredto"],
        "did": ["did"], "location": ["location"],
    ]

    /// calls.csv column → canonical field, for the text columns.
    static let callsColumns: [(String, String)] = [
        "ucid", "agentId", "agentName", "campaign", "skill", "type", "status", "transferType", "transferredTo",
        "disposition", "hangupBy", "callerId", "did", "location",
    ].map { ($0, $0) }

    static func normalizedKey(_ key: String) -> String {
        String(
            String.UnicodeScalarView(
                key.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }

    init(_ records: [HostileRecord]) {
        counted = records.filter { !$0.quarantined }
        quarantined = records.filter(\.quarantined)
        // SPEC §4: key = agentId, else agentName; name = the first agentName seen for the key.
        var keys: [String] = []
        var names: [String: String] = [:]
        for record in counted {
            guard let key = record.present("agentId") ?? record.present("agentName") else { continue }
            if !keys.contains(key) { keys.append(key) }
            if names[key] == nil, let name = record.present("agentName") { names[key] = name }
        }
        agents = keys.map { ($0, names[$0] ?? $0) }
        skills = Array(Set(counted.map { $0.present("skill") ?? "(none)" }))
        campaigns = Array(Set(counted.map { $0.present("campaign") ?? "(none)" }))
        unansweredCallers = counted.filter { $0.present("status")?.lowercased() != "answered" }.map {
            $0.present("callerId")
        }
        dispositionsTop = Self.top("disposition", of: records.filter { !$0.quarantined })
        hangupsTop = Self.top("hangupBy", of: records.filter { !$0.quarantined })
    }

    /// The first eight keys of a field by calls, then code-point order, `(none)` for a missing value.
    static func top(_ field: String, of records: [HostileRecord]) -> [String] {
        var calls: [String: Int] = [:]
        for record in records { calls[record.present(field) ?? "(none)", default: 0] += 1 }
        return calls.sorted {
            $0.value != $1.value
                ? $0.value > $1.value
                : $0.key.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.key.unicodeScalars.map(\.value))
        }.prefix(8).map(\.key)
    }

    /// Values the summaries show whatever the order: every agent, skill and campaign when there
    /// are at most 25 of each (the summaries list the top 25).
    var shownInSummaries: [String] {
        var values: [String] = []
        if agents.count <= 25 { values += agents.flatMap { [$0.id, $0.name] } }
        if skills.count <= 25 { values += skills }
        if campaigns.count <= 25 { values += campaigns }
        return values + dispositionsTop + hangupsTop
    }
}

/// What each kind of output does to a value (the documented neutralization).
private enum Neutral {
    static func isBidi(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// Unicode white space trimmed, as normalize does.
    static func trimmed(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// A CSV cell as read back: NUL as U+FFFD, `'` before a formula (SPEC §5; invisible format
    /// characters in front do not hide one).
    static func csv(_ value: String?) -> String {
        guard let value else { return "" }
        let text = String(String.UnicodeScalarView(value.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
        let first = text.unicodeScalars.first { $0.properties.generalCategory != .format }
        let guarded = first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
        return (guarded ? "'" : "") + text
    }

    /// A value as people see it in HTML and Markdown: bidi controls gone, controls as U+FFFD.
    static func display(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars where !isBidi(scalar) {
            out.append(isHidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    /// A value as a Markdown table cell reads back: line breaks as one space each.
    static func markdown(_ value: String) -> String {
        display(value).replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// A value as summary.txt shows it: as people see it, each line break (CRLF as one), tab and
    /// line or paragraph separator as a space.
    static func plain(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in value.unicodeScalars {
            defer { previous = scalar }
            if isBidi(scalar) || (scalar == "\n" && previous == "\r") { continue }
            if "\r\n\t\u{2028}\u{2029}".unicodeScalars.contains(scalar) {
                out.append(" ")
            } else {
                out.append(isHidden(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(out)
    }

    /// White space runs (HTML's, and line breaks) as one space, to compare text across markup.
    static func collapsed(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                space = true
                continue
            }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            out.append(scalar)
        }
        return String(out)
    }
}

/// Two strings compared scalar by scalar (Swift's `==` identifies canonically equivalent text).
private struct ScalarPair: Hashable {
    let first: [Unicode.Scalar]
    let second: [Unicode.Scalar]
    init(_ a: String, _ b: String) {
        first = Array(a.unicodeScalars)
        second = Array(b.unicodeScalars)
    }
}

private struct ScalarKey: Hashable {
    let scalars: [Unicode.Scalar]
    init(_ text: String) { scalars = Array(text.unicodeScalars) }
}

private enum Debug {
    /// A value with its invisible scalars spelled out, for messages.
    static func show(_ text: String) -> String {
        let escaped = text.unicodeScalars.prefix(120).map { scalar -> String in
            scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F
                ? String(scalar) : "\\u{" + String(scalar.value, radix: 16) + "}"
        }
        return "\"" + escaped.joined() + (text.unicodeScalars.count > 120 ? "…" : "") + "\""
    }
}

extension ScalarPair: CustomStringConvertible {
    var description: String {
        Debug.show(String(String.UnicodeScalarView(first))) + " / "
            + Debug.show(String(String.UnicodeScalarView(second)))
    }
}

/// Any JSON value. Read with `JSONDecoder`, not `JSONSerialization`: on Linux the latter drops a
/// U+FEFF that starts a string, or follows an escape in one, so it cannot check a round trip.
private enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var array: [JSONValue] {
        guard case .array(let values) = self else { return [] }
        return values
    }
}

extension Optional where Wrapped == JSONValue {
    fileprivate subscript(key: String) -> JSONValue? { self?[key] }
    fileprivate var string: String? { self?.string }
    fileprivate var array: [JSONValue] { self?.array ?? [] }
}

// MARK: - Readers

/// A document read by libxml2's HTML parser, flattened for checks.
///
/// `htmlReadMemory` is looked up at run time: the CLibXML2 module map declares only the XML
/// reader's headers, and libxml2, linked through it, holds the HTML parser too.
private struct HTMLDocument {
    var elements: [String] = []
    var attributes: [(element: String, name: String, value: String)] = []
    var text = ""
    var comments = 0
    var cdata = 0

    private typealias ReadMemory =
        @convention(c) (
            UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32
        ) -> xmlDocPtr?

    private static let readMemory: ReadMemory? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "htmlReadMemory") else { return nil }
        return unsafeBitCast(symbol, to: ReadMemory.self)
    }()

    init?(_ data: Data) {
        xmlInitParser()
        guard let readMemory = Self.readMemory else { return nil }
        // HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
        let options: Int32 = (1 << 5) | (1 << 6) | (1 << 11)
        let document = data.withUnsafeBytes { bytes in
            readMemory(
                bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), "summary.html", "UTF-8",
                options)
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        walk(xmlDocGetRootElement(document))
    }

    private mutating func walk(_ first: xmlNodePtr?) {
        var node = first
        while let current = node {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                let name = String(cString: current.pointee.name).lowercased()
                elements.append(name)
                var attribute = current.pointee.properties
                while let attr = attribute {
                    let attrName = String(cString: attr.pointee.name).lowercased()
                    var value = ""
                    var child = attr.pointee.children
                    while let text = child {
                        if let content = text.pointee.content { value += String(cString: content) }
                        child = text.pointee.next
                    }
                    attributes.append((name, attrName, value))
                    attribute = attr.pointee.next
                }
                text += " "
                walk(current.pointee.children)
                text += " "
            case XML_TEXT_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_COMMENT_NODE:
                comments += 1
            case XML_CDATA_SECTION_NODE:
                cdata += 1
            default:
                break
            }
            node = current.pointee.next
        }
    }
}
