import Foundation
import Testing

@testable import CallRender

/// The escapers' fuzz corpus and crashers (Tests/FuzzCorpus, see Fuzz/run.sh) through each
/// escaping, checked for what FuzzEscapers checks.
@Suite("Fuzz corpus: escaping")
struct EscaperFuzzCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    static var files: [String] {
        let manager = FileManager.default
        let seeds = (try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent("escapers").path)) ?? []
        let crashers = (try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent("crashers").path)) ?? []
        return (seeds.map { "escapers/" + $0 } + crashers.filter { $0.hasPrefix("escapers-") }.map { "crashers/" + $0 })
            .sorted()
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(path)), as: UTF8.self)
    }

    @Test func corpusIsThere() {
        #expect(Self.files.count >= 10)
    }

    @Test(arguments: files)
    func htmlLeavesNoMarkup(_ path: String) throws {
        let html = HTMLEscaping.escape(try Self.text(path))
        #expect(!html.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) })
    }

    /// Read byte by byte: `"\u{301}` is one `Character`, so `String` comparisons would not see its quote.
    @Test(arguments: files)
    func csvIsOneField(_ path: String) throws {
        let cell = Array(CSVField.escapeText(try Self.text(path)).utf8)
        let quote = UInt8(ascii: "\"")
        if cell.first == quote {
            // Quoted: ends with the closing quote, and every quote inside is doubled.
            #expect(cell.count >= 2 && cell.last == quote)
            var inner = cell.dropFirst().dropLast()[...]
            while let byte = inner.popFirst() {
                if byte == quote { #expect(inner.popFirst() == quote) }
            }
        } else {
            #expect(!cell.contains { $0 == quote || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D })
        }
    }

    @Test(arguments: files)
    func markdownLeavesNoSyntax(_ path: String) throws {
        let markdown = MarkdownEscaping.escape(try Self.text(path))
        #expect(!markdown.contains("\n") && !markdown.contains("\r"))
        var scalars = markdown.unicodeScalars[...]
        var first = true
        while let scalar = scalars.popFirst() {
            if scalar == "\\" {
                #expect(scalars.popFirst()?.isASCII == true)
            } else {
                #expect(!"\\`*_{}[]<>()#+!|~&$".unicodeScalars.contains(scalar))
                if first { #expect(scalar != "-" && scalar != "=") }
            }
            first = false
        }
    }

    /// Found by FuzzEscapers: a bidirectional control before `-` was dropped after the
    /// start-of-line rule had looked, so the value began a Markdown list item.
    @Test func bidiControlBeforeDashStillEscapesIt() throws {
        let text = try Self.text("crashers/escapers-bidi-control-before-list-dash")
        #expect(MarkdownEscaping.escape(text) == "\\-rtl")
        #expect(MarkdownEscaping.escape("\u{200E}1. x") == "1\\. x")
        #expect(MarkdownEscaping.escape("\r\u{200E}\n") == " ")
    }
}
