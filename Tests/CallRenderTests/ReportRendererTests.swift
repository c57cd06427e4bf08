import CallAggregate
import CallModel
import Foundation
import Testing

@testable import CallRender

@Suite("Default templates")
struct DefaultTemplateTests {
    let renderer: ReportRenderer

    init() throws {
        renderer = try ReportRenderer(templatesDirectory: Sample.templates)
    }

    func output(_ name: String, _ metrics: Metrics = Sample.metrics, context: ReportContext = Sample.context) throws
        -> String
    {
        try #require(renderer.renderOutput(named: name, metrics: metrics, context: context))
    }

    @Test("the default folder renders the SPEC's files and no calls.csv")
    func outputs() {
        #expect(
            renderer.outputNames == [
                "agents.csv", "campaigns.csv", "daily.csv", "dispositions.csv", "intervals.csv", "missed.csv",
                "skills.csv", "summary.html", "summary.md", "summary.txt",
            ])
        #expect(!renderer.rendersCallsTemplate)
    }

    @Test("agents.csv, exactly")
    func agents() throws {
        #expect(
            try output("agents.csv")
                == "\u{FEFF}id,name,offered,answered,handleSeconds,talkSeconds,holdSeconds,wrapupSeconds,aht,"
                + "medianHandle,p90Handle,asa,transferred,transferRate\r\n"
                + "A1,Priya,6,5,1300,1100,100,100,260.0,250,400,5.0,1,0.2\r\n"
                + "A2,राहुल,3,3,716,516,100,100,238.66666666666666,240,260,11.666666666666666,0,0.0\r\n"
                + "A3,A3,1,0,0,0,0,0,,,,,0,\r\n")
    }

    @Test("skills.csv and campaigns.csv, exactly")
    func groups() throws {
        let header =
            "\u{FEFF}name,direction,offered,answered,unanswered,abandonRate,handleSeconds,aht,asa,serviceLevel,transferred,"
            + "transferRate\r\n"
        #expect(
            try output("skills.csv")
                == header + "Sales,inbound,6,5,1,0.16666666666666666,1260,252.0,7.5,0.7291666666666667,0,0.0\r\n"
                + "Support,inbound,4,3,1,0.25,756,252.0,7.5,0.65625,0,0.0\r\n")
        #expect(
            try output("campaigns.csv") == header
                + "Inbound,inbound,10,8,2,0.2,2016,252.0,7.5,0.7000000000000001,0,0.0\r\n")
    }

    @Test("daily.csv, exactly, and without the byte-order mark")
    func daily() throws {
        var context = Sample.context
        context.byteOrderMark = false
        #expect(
            try output("daily.csv", context: context)
                == "date,offered,answered,unanswered,handleSeconds,aht\r\n" + "2026-10-01,6,5,1,1260,252.0\r\n"
                + "2026-10-02,0,0,0,0,\r\n" + "2026-10-03,4,3,1,756,252.0\r\n")
    }

    @Test("summary.md: key lines")
    func markdown() throws {
        let md = try output("summary.md")
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "# Call report 2026-10-01\\_2026-10-03")
        #expect(lines.contains("Account acme\\_ops · 2026-10-01 to 2026-10-03 (Asia/Kolkata)"))
        #expect(lines.contains("| 10 | 8 | 80.0 % | 70.0 % | 4m 12s | 8s | 20.0 % | 12.5 % |"))
        #expect(
            lines.contains(
                "| Offered | Answered | Answer rate | Service level (≤ 20 s) | AHT | ASA | Abandon rate | Transfer rate |"
            ))
        #expect(lines.contains("| 2026-10-02 | Fri | 0 | 0 | 0 | — | — |"))
        #expect(lines.contains("| 09:00 | 5 | 4 | 80.0 % |"))
        #expect(lines.contains("| Sales | 6 | 5 | 72.9 % | 16.7 % | 4m 12s | 8s | 0.0 % |"))
        #expect(lines.contains("| राहुल | A2 | 3 | 3m 59s | 4m 00s | 4m 20s | 0.0 % | 12s |"))
        #expect(lines.contains("| A3 | A3 | 0 | — | — | — | — | — |"))
        #expect(lines.contains("Handled = answered calls. Every figure per agent is in agents.csv."))
        #expect(md.contains("14 records read; 10 calls counted in the period. 1 set aside in quarantine.jsonl"))
        #expect(md.contains("- **Service level**: answered calls with a time to answer of at most 20 seconds"))
        #expect(!md.contains("\r"))
        // The comment on line 1 leaves no blank line behind.
        #expect(md.hasPrefix("# Call report"))
    }

    @Test("summary.html: key content")
    func html() throws {
        let html = try output("summary.html")
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains("<title>Call report 2026-10-01_2026-10-03 – acme_ops</title>"))
        for figure in ["10", "8", "80.0 %", "70.0 %", "4m 12s", "8s", "20.0 %", "12.5 %"] {
            #expect(html.contains("font-weight:bold;color:#1f2933\">\(figure)</div>"), "\(figure)")
        }
        #expect(html.contains("service level (answered in ≤ 20 s)"))
        #expect(html.contains(">2026-10-01 Thu</td>"))
        #expect(html.contains("<td width=\"83%\" height=\"10\" style=\"background:#2f6fb0"))  // 5 of 6 answered
        #expect(html.contains(">राहुल <span style=\"color:#52606d\">(A2)</span></th>"))
        #expect(html.contains("Every figure per agent is in agents.csv."))
        #expect(
            html.contains(
                "<b>Transferred</b>: an answered call with a transfer type other than &quot;No transfers&quot;"))
        #expect(html.contains("14 records read; 10 calls counted in the period."))
    }

    @Test("the HTML is self-contained: no script, SVG, image or external resource")
    func htmlIsSelfContained() throws {
        let html = try output("summary.html").lowercased()
        for banned in [
            "<script", "<svg", "<img", "<link", "<style", "src=", "href=", "http:", "https:", "url(", "@import",
        ] {
            #expect(!html.contains(banned), "\(banned)")
        }
    }

    @Test("every HTML cell sets both a text and a background colour")
    func htmlCellColours() throws {
        let html = try output("summary.html")
        let cells = html.components(separatedBy: "<td").dropFirst() + html.components(separatedBy: "<th").dropFirst()
        #expect(cells.count > 50)
        for cell in cells {
            let tag = cell.prefix(while: { $0 != ">" })
            #expect(tag.contains("background:") && tag.contains("color:"), "\(tag)")
        }
    }

    @Test("the HTML stays under 100 KB for 500 agents, skills and campaigns, and for a year")
    func htmlSize() throws {
        var metrics = Sample.largeCenter
        metrics.hourly = Sample.hourly(Dictionary(uniqueKeysWithValues: (0..<24).map { ($0, (1000 + $0, 900)) }))
        let year = ReportPeriod(from: LocalDate("2024-01-01")!, to: LocalDate("2024-12-31")!)!
        for days in [ReportPeriod(month: "2026-10")!.dates, year.dates] {
            metrics.daily = days.map {
                DayFigures(
                    date: $0.description, offered: 30_000, answered: 27_000, unanswered: 3000, handleSeconds: 7_000_000,
                    aht: 259.2)
            }
            let html = try output("summary.html", metrics)
            #expect(html.utf8.count < 100_000, "\(days.count) days: \(html.utf8.count) bytes")
            #expect(html.contains("Top 25 of 500 agents by calls answered — all 500 agents in agents.csv."))
            #expect(html.contains("Top 25 of 500 skills"))
            let md = try output("summary.md", metrics)
            #expect(md.contains("Top 25 of 500 agents by calls answered — all 500 agents in agents.csv."))
        }
    }

    @Test("hostile values come out escaped and intact in HTML")
    func hostileHTML() throws {
        let html = try output("summary.html", Sample.hostileMetrics)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("=HYPERLINK(&quot;http://x&quot;)"))
        #expect(html.contains("say &quot;hi&quot;, ok"))
        #expect(html.contains("x &amp; y&#39;s"))
        #expect(html.contains(">a|b<"))
        #expect(html.contains(">-5 <") || html.contains(">-5<"))
        #expect(html.contains("राहुल") && html.contains("📞 call me"))
        #expect(html.contains("line1\nline2"))
    }

    @Test("hostile values come out escaped and intact in CSV")
    func hostileCSV() throws {
        for name in ["agents.csv", "skills.csv", "campaigns.csv"] {
            let text = try output(name, Sample.hostileMetrics)
            #expect(text.hasPrefix("\u{FEFF}"))
            let rows = try CSVReader.parse(String(text.dropFirst()))
            #expect(rows.count == Sample.hostile.count + 1)
            #expect(Set(rows.map(\.count)).count == 1, "every row has the header's width")
            let column = name == "agents.csv" ? 1 : 0
            let expected = Sample.hostile.map { value -> String in
                let guarded = "=+-@\t\r".unicodeScalars.contains(value.unicodeScalars.first!)
                return (guarded ? "'" : "") + value
            }
            #expect(rows.dropFirst().map { $0[column] } == expected)
        }
    }

    @Test("hostile values come out escaped and intact in Markdown")
    func hostileMarkdown() throws {
        let md = try output("summary.md", Sample.hostileMetrics)
        #expect(md.contains("| \\<script\\>alert\\(1\\)\\</script\\> | H0 |"))
        #expect(md.contains("| a\\|b | H5 |"))
        #expect(md.contains("| line1 line2 | H7 |"))
        #expect(md.contains("| \\-5 | H2 |"))
        #expect(md.contains("| \\+1 | H3 |"))
        #expect(md.contains("| x \\& y's | H11 |"))
        #expect(md.contains("| राहुल | H8 |") && md.contains("| 📞 call me | H9 |"))
        // Every row of the agents table has exactly 9 unescaped pipes.
        let agentRows = md.split(separator: "\n").filter { $0.contains(/\| H\d+ \|/) }
        #expect(agentRows.count == Sample.hostile.count)
        for row in agentRows {
            var pipes = 0
            var escaped = false
            for c in row {
                if c == "|" && !escaped { pipes += 1 }
                escaped = c == "\\" && !escaped
            }
            #expect(pipes == 9, "\(row)")
        }
    }

    @Test("render writes every output into the folder, atomically")
    func renderToFolder() throws {
        let folder = try Sample.temporaryFolder().appendingPathComponent("2026-10")
        let written = try renderer.render(Sample.metrics, context: Sample.context, into: folder)
        #expect(written == renderer.outputNames)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == written.sorted())
        #expect(try Sample.read(folder.appendingPathComponent("daily.csv")).hasPrefix("\u{FEFF}date,"))
    }

    @Test("metrics.json round-trips")
    func metricsJSON() throws {
        let url = try Sample.temporaryFolder().appendingPathComponent(MetricsWriter.fileName)
        try MetricsWriter.write(Sample.metrics, to: url)
        let data = try Data(contentsOf: url)
        #expect(try MetricsJSON.decode(data) == Sample.metrics)
        #expect(String(decoding: data, as: UTF8.self).contains("\"serviceLevelSeconds\""))
    }
}

@Suite("Template folders")
struct TemplateFolderTests {
    @Test("a custom folder: extra text output, partials, escaping by output type, CRLF templates")
    func customFolder() throws {
        let folder = try Sample.templatesFolder([
            "foo.txt.mustache": "Report {{label}} for {{account}}\n{{#agentsTop}}{{> _agent}}{{/agentsTop}}",
            "names.csv.mustache": "name\r\n{{#agents}}\r\n{{> _agent}}\r\n{{/agents}}\r\n",
            "names.html.mustache": "<ul>{{#agents}}<li>{{> _agent}}</li>{{/agents}}</ul>\n",
            "_agent.mustache": "{{name}}\n",
        ])
        let renderer = try ReportRenderer(templatesDirectory: folder)
        #expect(renderer.outputNames == ["foo.txt", "names.csv", "names.html"])
        var metrics = Sample.metrics
        metrics.agents = [Sample.agent("X", "<b>=1,2</b>", offered: 1, answered: 1)]
        var context = Sample.context
        context.account = "a&b"
        let out = try Sample.temporaryFolder()
        let written = try renderer.render(metrics, context: context, into: out)
        #expect(written == ["foo.txt", "names.csv", "names.html"])
        #expect(
            try Sample.read(out.appendingPathComponent("foo.txt"))
                == "Report 2026-10-01_2026-10-03 for a&b\n<b>=1,2</b>\n")
        #expect(try Sample.read(out.appendingPathComponent("names.csv")) == "\u{FEFF}name\r\n\"<b>=1,2</b>\"\r\n")
        #expect(
            try Sample.read(out.appendingPathComponent("names.html")) == "<ul><li>&lt;b&gt;=1,2&lt;/b&gt;\n</li></ul>\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("_agent").path))
    }

    @Test("an output includes another format's output, deeply, with its own escaping; changed delimiters too")
    func crossFormatPartials() throws {
        let folder = try Sample.templatesFolder([
            "a.html.mustache": "<p>{{> b.txt}}</p>\n",
            "b.txt.mustache": "{{account}} {{> _c}}",
            "_c.mustache": "[{{label}}]",
            "d.md.mustache": "{{=<% %>=}}<% account %> <%> _c%>\n",
        ])
        let renderer = try ReportRenderer(templatesDirectory: folder)
        var context = Sample.context
        context.account = "a&b"
        func render(_ name: String) -> String? {
            renderer.renderOutput(named: name, metrics: Sample.metrics, context: context)
        }
        #expect(render("a.html") == "<p>a&amp;b [2026-10-01_2026-10-03]</p>\n")
        #expect(render("b.txt") == "a&b [2026-10-01_2026-10-03]")
        #expect(render("d.md")?.hasSuffix(" [2026-10-01\\_2026-10-03]\n") == true, "\(render("d.md") ?? "nil")")
    }

    @Test("the partials a template names are read from its tags, or not at all when they cannot be")
    func partialNames() {
        #expect(
            ReportRenderer.partials(in: "{{> a}} {{>b.csv }} {{<c}} {{! > d}} {{#e}}{{/e}} > f") == ["a", "b.csv", "c"])
        #expect(ReportRenderer.partials(in: "{{=<% %>=}}<%> a%>") == nil)
        #expect(ReportRenderer.partials(in: "{{>*name}}") == nil)
        #expect(ReportRenderer.partials(in: "no tags") == [])
    }

    @Test("a template's own byte-order mark is dropped")
    func templateBOM() throws {
        let folder = try Sample.templatesFolder(["x.csv.mustache": "\u{FEFF}a,b\n"])
        let text = try ReportRenderer(templatesDirectory: folder)
            .renderOutput(named: "x.csv", metrics: Sample.metrics, context: Sample.context)
        #expect(text == "\u{FEFF}a,b\r\n")
    }

    @Test(
        "a syntax error names file, line and column",
        arguments: [
            // (template, line, column): the column points at the offending name or tag end.
            // An unfinished tag points at its start, not past the line break.
            ("id,name\n{{#agents}}\n{{id}},{{name\n{{/agents}}\n", 3, 8),
            ("{{#agents}}{{/skills}}\n", 1, 15),
            ("{{! comment }}\n{{#agents}}{{/skills}}\n", 2, 15),
            ("{{name", 1, 1),
            ("ok\n  {{% NOPE: x}}\n", 2, 3),
            // An unclosed section points at its opening tag, not at the end of the file.
            ("x\n{{#agents}}\n  {{#hasAgents}}{{id}}{{/hasAgents}}\n", 2, 1),
        ])
    func syntaxError(template: String, line: Int, column: Int) throws {
        let folder = try Sample.templatesFolder(["agents.csv.mustache": template])
        #expect {
            _ = try ReportRenderer(templatesDirectory: folder)
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            let prefix = folder.path + "/agents.csv.mustache:\(line):\(column): "
            return error.exitStatus == .configuration && error.line == line && error.column == column
                && error.file == folder.path + "/agents.csv.mustache" && error.description.hasPrefix(prefix)
        }
    }

    @Test("the error shows the line with a caret under the column")
    func caret() throws {
        let folder = try Sample.templatesFolder(["agents.csv.mustache": "a\n\t{{id}},{{name\n"])
        do {
            _ = try ReportRenderer(templatesDirectory: folder)
            Issue.record("no error")
        } catch let error as RenderError {
            let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 3)
            #expect(lines[1] == "    \t{{id}},{{name")
            #expect(lines[2] == "    \t" + String(repeating: " ", count: error.column! - 2) + "^")
        }
    }

    @Test("an error in a partial is found too, and CRLF templates report true columns")
    func partialError() throws {
        let folder = try Sample.templatesFolder([
            "a.md.mustache": "x\r\n", "_p.mustache": "line one\r\nline two {{#x}}\r\n",
        ])
        let error = #expect(throws: RenderError.self) { _ = try ReportRenderer(templatesDirectory: folder) }
        #expect(error?.file?.hasSuffix("/_p.mustache") == true)
        #expect(error?.line == 2 && error?.column == 10)
        #expect(error?.description.contains("`{{#x}}` is never closed: add `{{/x}}`") == true)
    }

    @Test("a missing or empty folder is a configuration error")
    func emptyFolders() throws {
        let empty = try Sample.templatesFolder(["README.txt": "no templates here", "_partial.mustache": "x"])
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        for folder in [empty, missing] {
            #expect {
                _ = try ReportRenderer(templatesDirectory: folder)
            } throws: { error in
                guard let error = error as? RenderError else { return false }
                return error.exitStatus == .configuration && error.description.contains(folder.path)
            }
        }
    }

    @Test("messages name the folder as the user wrote it")
    func relativeFolder() throws {
        let error = #expect(throws: RenderError.self) {
            _ = try ReportRenderer(templatesDirectory: URL(fileURLWithPath: "no-such-templates"))
        }
        #expect(error?.description.contains("The templates folder no-such-templates does not exist") == true)
    }

    @Test("a template may not take the name of an output callreport writes itself")
    func reserved() throws {
        let folder = try Sample.templatesFolder(["metrics.json.mustache": "{}"])
        let error = #expect(throws: RenderError.self) { _ = try ReportRenderer(templatesDirectory: folder) }
        #expect(error?.description.contains("metrics.json is written by callreport itself") == true)
    }

    @Test("a custom calls.csv.mustache renders what the stream writes, byte for byte")
    func callsTemplate() throws {
        let row = CallColumns.names.map { "{{\($0)}}" }.joined(separator: ",")
        let folder = try Sample.templatesFolder([
            "calls.csv.mustache": CallColumns.names.joined(separator: ",") + "\n{{#calls}}\n" + row + "\n{{/calls}}\n"
        ])
        let renderer = try ReportRenderer(templatesDirectory: folder)
        #expect(renderer.rendersCallsTemplate)
        let records = CallsCSVWriterTests.records
        let out = try Sample.temporaryFolder()
        #expect(try renderer.render(Sample.metrics, context: Sample.context, calls: nil, into: out).isEmpty)
        #expect(
            try renderer.render(Sample.metrics, context: Sample.context, calls: records, into: out) == ["calls.csv"])
        let (_, streamed) = try CallsCSVWriterTests.write(records)
        #expect(try Sample.read(out.appendingPathComponent("calls.csv")) == streamed)
    }
}

@Suite("View model")
struct ViewModelTests {
    /// Every name a template can use, from the view types themselves.
    static var viewNames: Set<String> {
        let metrics = Sample.metrics
        let view = ReportView(metrics, context: Sample.context, calls: [])
        var parts: [Any] = [
            view, view.period, view.totals, view.dataQuality, view.fetch, view.definitions[0],
            AgentRow(metrics.agents[0], rank: 1), GroupRow(metrics.skills[0], rank: 1), DayRow(metrics.daily[0]),
            ChartRow(label: "x", offered: 1, answered: 1, busiest: 1),
            ChangeParts(amount: "▲ 12.5 %", previous: "1204"),
            ComparisonView(Comparison(current: metrics, previous: metrics, alertChange: 0.2)),
            AlertRow(Alert(scope: "skill", name: "x", change: FigureChange(figure: "aht", current: 1, previous: 2))),
            CallersView(
                CallerFigures(
                    missedCallers: 0, repeatWindowDays: 7, answeredCallers: 0, repeatCallers: 0, repeatRate: nil)),
            MissedRow(
                MissedCaller(
                    callerId: "1", firstMissed: LocalDateTime("2026-10-01 10:00:00")!,
                    lastMissed: LocalDateTime("2026-10-01 10:00:00")!, missedCount: 1, skill: nil, campaign: nil),
                offsets: OffsetFormatter(timeZone: TimeZone(identifier: "UTC")!)),
            DispositionFigures(name: "Sale", calls: 1, answered: 1, share: 1, aht: 60),
            IntervalsView(IntervalFigures(minutes: 30, targetServiceLevel: 0.8, serviceLevelSeconds: 20, rows: [])),
            IntervalRow(
                weekday: "Mon", start: "09:00", days: 1, offered: 1, averageOffered: 1, answered: 1, aht: 60,
                serviceLevel: 1, requiredAgents: 1, occupancy: 0.1),
        ]
        let sections = ReportView(SummarySectionsTests.figures, context: Sample.shortContext, calls: [])
        let map = sections.heatMap!
        parts += [
            sections.inbound!, sections.outbound!, sections.recovery!, sections.dispositionsTop!, map, map.rows[0],
            map.rows[0].cells[0], map.peaks[0], BarRow(label: "0–5 s", count: 1, of: 1, largest: 1),
            ShareRow(HangupFigures(name: "Agent", calls: 1, share: 1), rank: 1),
            FilePlaces(mail: nil),
        ]
        var names = Set(CallColumns.names)
        for part in parts { names.formUnion(Mirror(reflecting: part).children.compactMap(\.label)) }
        return names
    }

    @Test("templates/README.md documents exactly the fields the view has")
    func documented() throws {
        let readme = try Sample.read(Sample.templates.appendingPathComponent("README.md"))
        let fields = try #require(readme.components(separatedBy: "## Fields").last)
        let documented = Set(fields.matches(of: /`([A-Za-z][A-Za-z0-9]*)`/).map { String($0.output.1) })
            .subtracting(["ReportView"])
        #expect(documented.subtracting(Self.viewNames).isEmpty, "documented but missing")
        #expect(Self.viewNames.subtracting(documented).isEmpty, "in the view but not documented")
    }

    @Test("a missed-caller row gives a template what reflecting it gives", arguments: [nil, "Billing"])
    func missedRowFields(skill: String?) {
        let row = MissedRow(
            MissedCaller(
                callerId: "919800000001", firstMissed: LocalDateTime("2026-10-01 10:00:00")!,
                lastMissed: LocalDateTime("2026-10-02 11:30:00")!, missedCount: 3, skill: skill, campaign: "Sales"),
            offsets: OffsetFormatter(timeZone: TimeZone(identifier: "Asia/Kolkata")!))
        let reflected = ViewFields(row)
        let labels = Mirror(reflecting: row).children.compactMap(\.label)
        #expect(labels.count == 6)
        for label in labels + ["unknown"] {
            let own = row.child(named: label)
            #expect(own.map { String(describing: $0) } == reflected.child(named: label).map { String(describing: $0) })
        }
        #expect(row.child(named: "skill") as? String == skill)
        #expect(row.child(named: "missedCount") as? Int == 3)
    }

    @Test("missing figures are absent, so they render empty and test false")
    func missing() {
        let row = ViewFields(AgentRow(Sample.metrics.agents[2], rank: 3))
        #expect(row.child(named: "aht") == nil)
        #expect(row.child(named: "ahtText") as? String == "—")
        #expect(row.child(named: "answered") as? Int == 0)
    }
}
