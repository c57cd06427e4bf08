import CallAggregate
import CallModel
import Foundation
import Mustache

/// Renders a set of templates into report files: the templates of a folder,
/// or a set given as texts (the built-in templates, compiled into the binary).
///
/// Each `NAME.mustache` in the folder (not in sub-folders) renders to the
/// file `NAME`: `summary.html.mustache` → `summary.html`. Files whose name
/// starts with `_` (`_header.mustache`) are partials only: they render to
/// no file of their own and are included with `{{> _header}}`. Every
/// template can include every other one by its name without `.mustache`.
///
/// Escaping follows the extension of the OUTPUT file, and is done here, not
/// by the template: `.html`/`.htm` HTML, `.csv` CSV (RFC 4180 quoting, the
/// formula guard, CRLF row ends, the byte-order mark), `.md`/`.markdown`
/// Markdown, anything else none. A partial takes the escaping of the file
/// that includes it. `{{{triple}}}` still prints a value raw, as in any
/// Mustache; the default templates never use it.
///
/// Line ends: templates may be saved with LF or CRLF; their line breaks are
/// read as LF, then written as CRLF in CSV outputs (RFC 4180) and as LF in
/// every other output. The conversion is done on the template text, before
/// any value is put in, so a value's own line break (quoted in CSV) reaches
/// the file unchanged.
///
/// `calls.csv` is normally streamed by ``CallsCSVWriter``; the default
/// folder has no template for it. A user's `calls.csv.mustache` replaces the
/// stream: see ``rendersCallsTemplate``. `missed.csv` is written without
/// Mustache while its template is the shipped one (``MissedCSV``).
public struct ReportRenderer: Sendable {
    /// The folder the templates were read from; `nil` for templates given as texts.
    public let templatesDirectory: URL?
    /// The files ``render(_:context:calls:into:)`` writes, in order.
    public let outputNames: [String]

    private let outputs: [Output]
    /// One library per output format: the same templates, each parsed with
    /// that format's escaping, so that a partial escapes like its includer.
    private let libraries: [String: MustacheLibrary]
    /// The folder's `missed.csv.mustache` is the shipped text: ``MissedCSV`` writes the file.
    let writesMissedDirectly: Bool
    /// Some template Mustache renders names `missed`, so the view must hold its rows.
    let viewNeedsMissedRows: Bool

    private struct Output: Sendable {
        /// The output file, also the template's name in the libraries.
        let name: String
        let format: OutputFormat
    }

    /// Outputs written by other parts of callreport, which a template must not overwrite.
    static let reservedOutputs: Set<String> = ["metrics.json", "quarantine.jsonl", "summary.eml"]

    /// The output a custom calls template renders to.
    static let callsOutput = "calls.csv"

    /// Reads and parses every template of the folder.
    ///
    /// - Throws: ``RenderError`` (exit 78) when the folder is missing, holds
    ///   no `*.mustache`, or a template does not parse; a syntax error names
    ///   the file, line and column.
    public init(templatesDirectory: URL) throws {
        try self.init(Self.readTemplates(in: templatesDirectory), from: templatesDirectory)
    }

    /// Parses templates given as texts, by file name (`summary.html.mustache` →
    /// its text), with the rules of a folder: names ending in `.mustache` only, the
    /// rest ignored. Nothing is read from or written to disk. Messages name a
    /// template by its file name alone (`summary.html.mustache:3:14: …`).
    ///
    /// - Throws: ``RenderError`` (exit 78) when there is no template to render or
    ///   a template does not parse.
    public init(templates: [String: String]) throws {
        let sources = templates.keys.filter(Self.isTemplateName).sorted(by: Self.codePointOrder).map { file in
            var text = templates[file]!
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            return Source(name: String(file.dropLast(Self.suffix.count)), displayPath: file, text: Self.lf(text))
        }
        try self.init(sources, from: nil)
    }

    private init(_ sources: [Source], from templatesDirectory: URL?) throws {
        self.templatesDirectory = templatesDirectory
        var outputs: [Output] = []
        for source in sources where !source.name.hasPrefix("_") {
            if Self.reservedOutputs.contains(source.name) {
                throw RenderError.reservedName(source.displayPath, output: source.name)
            }
            outputs.append(Output(name: source.name, format: OutputFormat(outputName: source.name)))
        }
        guard !outputs.isEmpty else {
            throw templatesDirectory.map { RenderError.noTemplates(Self.displayPath(of: $0)) } ?? .noTemplateTexts
        }

        // Check every template first, with LF line ends, so that a syntax
        // error is reported with a true column (swift-mustache counts columns
        // from the last LF) and even in a partial that no output includes.
        var checked: [String: MustacheTemplate] = [:]
        for source in sources {
            checked[source.name] = try Self.parse(source, as: .text, crlf: false)
        }
        // Each format's library holds the outputs of that format and the partials they include,
        // parsed with its escaping: a template is parsed for the formats that can render it, not
        // for every format (swift-mustache's parser takes time growing faster than a template's
        // length, and the summaries are long).
        var libraries: [String: MustacheLibrary] = [:]
        for format in Set(outputs.map(\.format)) {
            var library = MustacheLibrary()
            let needed = Self.included(from: outputs.filter { $0.format == format }.map(\.name), in: sources)
            for source in sources where needed.contains(source.name) {
                // The check's parse is the plain-text one: it serves the text outputs as it is.
                let template =
                    format == .text ? checked[source.name]! : try Self.parse(source, as: format, crlf: format == .csv)
                library.register(template, named: source.name)
            }
            libraries[format.rawValue] = library
        }
        self.outputs = outputs
        self.outputNames = outputs.map(\.name)
        self.libraries = libraries
        let writesMissedDirectly = sources.contains {
            $0.name == MissedCSV.outputName && $0.text == MissedCSV.shippedTemplate
        }
        self.writesMissedDirectly = writesMissedDirectly
        viewNeedsMissedRows = sources.contains { source in
            !(writesMissedDirectly && source.name == MissedCSV.outputName)
                && Self.mayName("missed", in: source.text)
        }
    }

    /// True when the folder has a `calls.csv.mustache`. The command line then
    /// passes the calls to ``render(_:context:calls:into:)`` and does not
    /// stream `calls.csv` itself; when false it uses ``CallsCSVWriter``.
    public var rendersCallsTemplate: Bool { outputNames.contains(Self.callsOutput) }

    /// Renders every output template into `folder` (created if missing) and
    /// returns the names of the files written.
    ///
    /// - Parameter calls: the normalized calls of the period, for a custom
    ///   `calls.csv.mustache` (and any template using `calls`). When `nil`,
    ///   `calls.csv.mustache` is skipped, so the caller can stream the file.
    /// - Throws: ``RenderError`` when a file cannot be written.
    @discardableResult
    public func render(_ metrics: Metrics, context: ReportContext, calls: [CallRecord]? = nil, into folder: URL)
        throws -> [String]
    {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RenderError.write(folder, reason: ErrorText.phrase(error))
        }
        let view = ViewFields(ReportView(metrics, context: context, calls: calls, missedRows: viewNeedsMissedRows))
        var written: [String] = []
        for output in outputs {
            if output.name == Self.callsOutput, calls == nil { continue }
            let bytes = render(output, view: view, context: context)
            try AtomicFile.write(bytes, to: folder.appendingPathComponent(output.name))
            written.append(output.name)
        }
        return written
    }

    /// The content one output would have, without writing it: for the mail
    /// encoder, which embeds `summary.html`, and for tests. `nil` when the
    /// folder has no template for `name`.
    public func renderOutput(
        named name: String, metrics: Metrics, context: ReportContext, calls: [CallRecord]? = nil
    ) -> String? {
        guard let output = outputs.first(where: { $0.name == name }) else { return nil }
        let view = ViewFields(ReportView(metrics, context: context, calls: calls, missedRows: viewNeedsMissedRows))
        return String(decoding: render(output, view: view, context: context), as: UTF8.self)
    }

    private func render(_ output: Output, view: ViewFields, context: ReportContext) -> [UInt8] {
        if writesMissedDirectly, output.name == MissedCSV.outputName {
            return MissedCSV.render(context.missedCallers, context: context)
        }
        guard let library = libraries[output.format.rawValue],
            let text = library.render(view, withTemplate: output.name)
        else { return [] }
        var bytes: [UInt8] = []
        if output.format == .csv, context.byteOrderMark { bytes.append(contentsOf: CSVField.byteOrderMark) }
        bytes.append(contentsOf: text.utf8)
        return bytes
    }

    /// Whether a template may use the view field `name`: true when a tag other than a comment
    /// holds `name` as a whole word (`{{#missed}}`, `{{count(missed)}}`, `{{> missed.csv}}`,
    /// which includes a template that does). Errs towards true: a tag that changes the
    /// delimiters, after which tags cannot be told from text here, or that includes a partial
    /// named by a value, counts as using every field. Words in the text outside tags
    /// ("the call-back list is missed.csv") do not count.
    static func mayName(_ name: String, in text: String) -> Bool {
        var named = false
        forEachTag(in: text) { tag in
            if tag.hasPrefix("=") || ((tag.hasPrefix(">") || tag.hasPrefix("<")) && tag.contains("*")) {
                named = true
            } else if !tag.hasPrefix("!") {
                var words = tag
                while !named, let found = words.range(of: name) {
                    let before =
                        found.lowerBound == words.startIndex ? nil : words[words.index(before: found.lowerBound)]
                    let after = found.upperBound == words.endIndex ? nil : words[found.upperBound]
                    named = !isNameCharacter(before) && !isNameCharacter(after)
                    words = words[found.upperBound...]
                }
            }
            return !named
        }
        return named
    }

    /// Calls `body` with the inside of each `{{…}}` of `text` in turn (its leading spaces and a
    /// third `{` dropped) while `body` returns true. The braces are looked for in the UTF-8
    /// bytes: a template is read at every run, and searching its characters took longer than
    /// parsing it.
    private static func forEachTag(in text: String, _ body: (Substring) -> Bool) {
        let utf8 = text.utf8
        /// The first of two `byte`s in a row from `start` on.
        func pair(of byte: UInt8, from start: String.Index) -> String.Index? {
            var place = start
            while let found = utf8[place...].firstIndex(of: byte) {
                let next = utf8.index(after: found)
                if next < utf8.endIndex, utf8[next] == byte { return found }
                place = next
            }
            return nil
        }
        var place = utf8.startIndex
        while let open = pair(of: UInt8(ascii: "{"), from: place) {
            let start = utf8.index(open, offsetBy: 2)
            guard let close = pair(of: UInt8(ascii: "}"), from: start) else { return }
            place = utf8.index(close, offsetBy: 2)
            if !body(text[start..<close].drop(while: { $0 == " " || $0 == "{" })) { return }
        }
    }

    /// The names of `outputs` and of every template they include, however deep; every name when
    /// a template's partials cannot be told from its text.
    private static func included(from outputs: [String], in sources: [Source]) -> Set<String> {
        let texts = Dictionary(sources.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first })
        var names = Set(outputs)
        var pending = outputs
        while let name = pending.popLast() {
            guard let text = texts[name] else { continue }
            guard let partials = partials(in: text) else { return Set(texts.keys) }
            for partial in partials where names.insert(partial).inserted { pending.append(partial) }
        }
        return names
    }

    /// The names of the partials `text` includes (`{{> name}}`, and the parents `{{< name}}` of
    /// swift-mustache's inheritance), or `nil` when they cannot be told from the text: a tag that
    /// changes the delimiters, or a partial named by a value (`{{>* name}}`).
    static func partials(in text: String) -> Set<String>? {
        var names: Set<String>? = []
        forEachTag(in: text) { tag in
            if tag.hasPrefix("=") {
                names = nil
            } else if tag.hasPrefix(">") || tag.hasPrefix("<") {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("*") { names = nil } else { names?.insert(name) }
            }
            return names != nil
        }
        return names
    }

    private static func isNameCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_"
    }

    // MARK: - Loading

    private struct Source {
        /// File name without `.mustache`: the output name, and the partial name.
        let name: String
        /// How messages name the file: as the user wrote the folder, plus the file name.
        let displayPath: String
        /// The text with every line break as LF and no byte-order mark.
        let text: String
    }

    private static func readTemplates(in folder: URL) throws -> [Source] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RenderError.noTemplatesFolder(displayPath(of: folder))
        }
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw RenderError.noTemplatesFolder(displayPath(of: folder))
        }
        let templateFiles = names.filter(isTemplateName).sorted(by: codePointOrder)
        var sources: [Source] = []
        for file in templateFiles {
            let url = folder.appendingPathComponent(file)
            let display = displayPath(of: folder) + "/" + file
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            guard let data = fileManager.contents(atPath: url.path) else {
                throw RenderError.unreadableTemplate(display, reason: "permission denied or not a regular file")
            }
            guard var text = String(data: data, encoding: .utf8) else {
                throw RenderError.unreadableTemplate(display, reason: "it is not UTF-8 text")
            }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            sources.append(Source(name: String(file.dropLast(suffix.count)), displayPath: display, text: lf(text)))
        }
        return sources
    }

    private static let suffix = ".mustache"

    /// `NAME.mustache`, not hidden: a template; anything else is not.
    private static func isTemplateName(_ file: String) -> Bool {
        file.hasSuffix(suffix) && !file.hasPrefix(".") && file.count > suffix.count
    }

    /// Sorted by code point so outputs render in the same order on every machine.
    private static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// Every CRLF or lone CR as LF. In a Swift string CRLF is one character,
    /// so the replacements cannot split one.
    private static func lf(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// The folder as the user wrote it (`templates`), not made absolute.
    private static func displayPath(of folder: URL) -> String {
        var path = folder.relativePath
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Parses a template with the escaping of `format` forced by a pragma on
    /// a line of its own before the text (see ``OutputFormat/pragmaLine``);
    /// with `crlf`, the template's line breaks become CRLF.
    private static func parse(_ source: Source, as format: OutputFormat, crlf: Bool) throws -> MustacheTemplate {
        let body = crlf ? source.text.replacingOccurrences(of: "\n", with: "\r\n") : source.text
        do {
            return try MustacheTemplate(string: format.pragmaLine + body)
        } catch let error as MustacheTemplate.ParserError {
            // The pragma line is ours: the user's line 1 is the parser's line 2.
            throw TemplateSyntaxError.make(error, text: source.text, linesBefore: 1, file: source.displayPath)
        }
    }
}
