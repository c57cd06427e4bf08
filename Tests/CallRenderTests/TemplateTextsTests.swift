import CallAggregate
import CallModel
import Foundation
import Testing

@testable import CallRender

/// Templates given as texts (how the built-in set reaches the renderer): the
/// same rules as a folder, nothing on disk, and messages that name the file.
@Suite("Templates given as texts")
struct TemplateTextsTests {
    /// Every file of the repository's templates folder, by name.
    static func repositoryTexts() throws -> [String: String] {
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: Sample.templates.path) {
            texts[name] = try Sample.read(Sample.templates.appendingPathComponent(name))
        }
        return texts
    }

    @Test("the repository's templates as texts render every output as the folder does, byte for byte")
    func sameAsFolder() throws {
        let texts = try Self.repositoryTexts()
        #expect(texts["README.md"] != nil, "the folder's README is among the texts and must be ignored")
        let fromTexts = try ReportRenderer(templates: texts)
        let fromFolder = try ReportRenderer(templatesDirectory: Sample.templates)
        #expect(fromTexts.templatesDirectory == nil)
        #expect(fromTexts.outputNames == fromFolder.outputNames)
        #expect(fromTexts.writesMissedDirectly && fromTexts.writesMissedDirectly == fromFolder.writesMissedDirectly)
        let a = try Sample.temporaryFolder()
        let b = try Sample.temporaryFolder()
        let written = try fromTexts.render(Sample.metrics, context: Sample.context, into: a)
        #expect(written == (try fromFolder.render(Sample.metrics, context: Sample.context, into: b)))
        for name in written {
            #expect(
                try Data(contentsOf: a.appendingPathComponent(name))
                    == Data(contentsOf: b.appendingPathComponent(name)), "\(name) differs")
        }
    }

    @Test("only NAME.mustache names are templates; partials, CRLF and a byte-order mark as in a folder")
    func names() throws {
        let files = [
            "notes.txt": "not a template {{",
            ".hidden.mustache": "{{",
            "b.csv.mustache": "\u{FEFF}x\r\n{{> _p}}\n",
            "_p.mustache": "{{label}}",
            "a.md.mustache": "# {{label}}\r\n",
        ]
        let renderer = try ReportRenderer(templates: files)
        #expect(renderer.outputNames == ["a.md", "b.csv"])
        #expect(
            renderer.renderOutput(named: "b.csv", metrics: Sample.metrics, context: Sample.context)
                == "\u{FEFF}x\r\n2026-10-01_2026-10-03")  // a standalone partial tag takes its line end
        let folder = try ReportRenderer(templatesDirectory: try Sample.templatesFolder(files))
        for name in ["a.md", "b.csv"] {
            let text = renderer.renderOutput(named: name, metrics: Sample.metrics, context: Sample.context)
            #expect(
                text != nil
                    && text == folder.renderOutput(named: name, metrics: Sample.metrics, context: Sample.context))
        }
    }

    @Test("a syntax error names the template by its file name alone, with line and column")
    func syntaxError() throws {
        let error = #expect(throws: RenderError.self) {
            _ = try ReportRenderer(templates: ["agents.csv.mustache": "id,name\n{{#agents}}\n{{id}},{{name\n"])
        }
        #expect(error?.file == "agents.csv.mustache")
        #expect(error?.line == 3 && error?.column == 8)
        #expect(error?.description.hasPrefix("agents.csv.mustache:3:8: ") == true)
        #expect(error?.exitStatus == .configuration)
    }

    @Test("no template among the texts is a configuration error that says so")
    func empty() throws {
        for texts in [[:], ["README.md": "# Templates"], ["_partial.mustache": "x"]] {
            #expect(throws: RenderError.noTemplateTexts) { _ = try ReportRenderer(templates: texts) }
        }
        #expect(RenderError.noTemplateTexts.description == "No *.mustache template was given to render.")
    }
}
