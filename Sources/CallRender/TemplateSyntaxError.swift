import Foundation
import Mustache

/// Turns a swift-mustache parse error into a ``RenderError`` that points
/// where the user must look.
///
/// swift-mustache reports where its parser stopped. For most errors that is
/// the place, but not for two: an unfinished tag (`{{name` with no `}}`) is
/// reported after the white space that follows it, often at the start of the
/// next line; and a section that is never closed is reported at the end of
/// the file. So an unfinished or malformed tag points at where the tag
/// begins, and an unclosed section at its opening tag, named in the message.
enum TemplateSyntaxError {
    /// - Parameters:
    ///   - text: the template as the user wrote it, line ends as LF.
    ///   - linesBefore: lines the renderer put before `text` when parsing.
    static func make(
        _ error: MustacheTemplate.ParserError, text: String, linesBefore: Int, file: String
    ) -> RenderError {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        var line = max(1, error.context.lineNumber - linesBefore)
        var column = error.context.columnNumber
        var message = describe(error.error)

        switch error.error as? MustacheTemplate.Error {
        case nil, .unfinishedName, .invalidSetDelimiter, .invalidConfigVariableSyntax, .unrecognisedConfigVariable,
            .transformAppliedToInheritanceSection:
            // `nil`: the parser ran out of text inside a tag.
            if let start = tagStart(before: (line, column), in: lines) { (line, column) = start }
        case .expectedSectionEnd:
            if let open = unclosedSection(in: lines) {
                (line, column) = (open.line, open.column)
                message = "`{{\(open.tag)}}` is never closed: add `{{/\(open.name)}}` where the section ends"
            }
        default:
            break
        }
        let lineText = line <= lines.count ? String(lines[line - 1]) : ""
        return RenderError.syntax(file: file, line: line, column: column, lineText: lineText, message: message)
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            return "the template ends in the middle of a tag"
        }
        switch error {
        case .sectionCloseNameIncorrect:
            return "this closing tag does not match the section that is open here"
        case .unfinishedName:
            return "unfinished tag: expected a name (letters, digits, `.`, `_`, `-`) followed by `}}`"
        case .expectedSectionEnd:
            return "a section opened with `{{#name}}` or `{{^name}}` is never closed with `{{/name}}`"
        case .invalidSetDelimiter:
            return "malformed set-delimiter tag; write it as `{{=<% %>=}}`"
        case .transformAppliedToInheritanceSection:
            return "a block (`{{$name}}`) cannot take a transform"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "only blocks (`{{$name}}…{{/name}}`) may appear inside `{{<parent}}`"
        case .invalidConfigVariableSyntax:
            return "malformed pragma; write it as `{{% CONTENT_TYPE: HTML}}`"
        case .unrecognisedConfigVariable:
            return "unknown pragma or content type (known: CONTENT_TYPE with HTML, CSV, MARKDOWN or TEXT)"
        }
    }

    /// The last `{{` at or before a position, as (line, column), both 1-based.
    private static func tagStart(before position: (Int, Int), in lines: [[Character]]) -> (Int, Int)? {
        var line = min(position.0, lines.count)
        guard line >= 1 else { return nil }
        var index = min(position.1 - 1, lines[line - 1].count)
        if position.0 > lines.count { index = lines[line - 1].count }
        while line >= 1 {
            let chars = lines[line - 1]
            var i = min(index, chars.count) - 1
            while i >= 1 {
                if chars[i - 1] == "{", chars[i] == "{" {
                    var start = i - 1
                    while start > 0, chars[start - 1] == "{" { start -= 1 }  // `{{{name}`
                    return (line, start + 1)
                }
                i -= 1
            }
            line -= 1
            index = Int.max
        }
        return nil
    }

    private struct OpenSection {
        let tag: String
        let name: String
        let line: Int
        let column: Int
    }

    /// The innermost section still open at the end, found by a small scan of
    /// the tags; `nil` when the scan cannot tell (custom delimiters).
    private static func unclosedSection(in lines: [[Character]]) -> OpenSection? {
        var open: [OpenSection] = []
        var line = 0
        var column = 0
        var inComment = false
        while line < lines.count {
            let chars = lines[line]
            while column < chars.count {
                if inComment {
                    if column + 1 < chars.count, chars[column] == "}", chars[column + 1] == "}" {
                        inComment = false
                        column += 2
                    } else {
                        column += 1
                    }
                    continue
                }
                guard column + 2 < chars.count, chars[column] == "{", chars[column + 1] == "{" else {
                    column += 1
                    continue
                }
                let sigil = chars[column + 2]
                if sigil == "=" { return nil }
                if sigil == "!" {
                    inComment = true
                    column += 3
                    continue
                }
                var end = column + 2
                while end + 1 < chars.count, !(chars[end] == "}" && chars[end + 1] == "}") { end += 1 }
                let body = String(chars[(column + 2)..<min(end, chars.count)])
                let name = body.dropFirst().trimmingCharacters(in: .whitespaces)
                switch sigil {
                case "#", "^", "$", "<":
                    open.append(OpenSection(tag: body, name: name, line: line + 1, column: column + 1))
                case "/":
                    if open.last?.name == name { open.removeLast() }
                default:
                    break
                }
                column = end + 2
            }
            line += 1
            column = 0
        }
        return open.last
    }
}
