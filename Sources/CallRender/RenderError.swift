import CallModel
import Foundation

/// Why the render stage failed: a template that does not parse, a templates
/// folder with nothing to render, or an output file that cannot be written.
///
/// Every case is the user's to fix (edit the template, point `--templates`
/// or `--output` elsewhere), so all of them exit with 78, "bad configuration
/// or template" (SPEC §6). The description reads as a compiler message, e.g.
///
///     templates/agents.csv.mustache:3:14: unfinished tag: expected `}}` …
///         {{name}},{{offered
///                  ^
///
/// A struct around a private enum, so that cases can be added without
/// breaking code that catches it.
public struct RenderError: Error, Equatable, ExitCodeProviding, CustomStringConvertible, Sendable {
    private enum Kind: Equatable, Sendable {
        case syntax(file: String, line: Int, column: Int, lineText: String, message: String)
        case noTemplatesFolder(String)
        case noTemplates(String)
        case noTemplateTexts
        case unreadableTemplate(file: String, reason: String)
        case reservedName(file: String, output: String)
        case write(path: String, reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    public var exitStatus: ExitStatus { .configuration }

    /// The template file, for a template error.
    public var file: String? {
        switch kind {
        case .syntax(let file, _, _, _, _), .unreadableTemplate(let file, _), .reservedName(let file, _): return file
        default: return nil
        }
    }

    /// 1-based line of a syntax error, counted in the template file as the user sees it.
    public var line: Int? {
        if case .syntax(_, let line, _, _, _) = kind { return line }
        return nil
    }

    /// 1-based column (in characters) of a syntax error.
    public var column: Int? {
        if case .syntax(_, _, let column, _, _) = kind { return column }
        return nil
    }

    public var description: String {
        switch kind {
        case .syntax(let file, let line, let column, let lineText, let message):
            // The caret line copies tabs so that it lines up under the text.
            let pointer = String(lineText.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }) + "^"
            return "\(file):\(line):\(column): \(message)\n    \(lineText)\n    \(pointer)"
        case .noTemplatesFolder(let folder):
            return "The templates folder \(folder) does not exist or is not a folder; "
                + "point --templates at a folder of *.mustache files."
        case .noTemplates(let folder):
            return "The templates folder \(folder) holds no *.mustache template to render."
        case .noTemplateTexts:
            return "No *.mustache template was given to render."
        case .unreadableTemplate(let file, let reason):
            return "\(file): cannot read the template: \(reason)."
        case .reservedName(let file, let output):
            return "\(file): \(output) is written by callreport itself; give the template another name."
        case .write(let path, let reason):
            return "Cannot write \(path): \(reason)."
        }
    }

    public static func syntax(file: String, line: Int, column: Int, lineText: String, message: String) -> RenderError {
        RenderError(.syntax(file: file, line: line, column: column, lineText: lineText, message: message))
    }

    public static func noTemplatesFolder(_ folder: String) -> RenderError { RenderError(.noTemplatesFolder(folder)) }
    public static func noTemplates(_ folder: String) -> RenderError { RenderError(.noTemplates(folder)) }
    /// Templates given as texts (not a folder) hold no `*.mustache` name.
    public static let noTemplateTexts = RenderError(.noTemplateTexts)

    public static func unreadableTemplate(_ file: String, reason: String) -> RenderError {
        RenderError(.unreadableTemplate(file: file, reason: reason))
    }

    public static func reservedName(_ file: String, output: String) -> RenderError {
        RenderError(.reservedName(file: file, output: output))
    }

    public static func write(_ url: URL, reason: String) -> RenderError {
        RenderError(.write(path: url.path, reason: reason))
    }
}
