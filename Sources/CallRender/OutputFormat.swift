import Mustache

/// The kind of file a template renders to, chosen by the extension of the
/// OUTPUT file (`agents.csv.mustache` → `agents.csv` → CSV). The format
/// decides how `{{value}}` is escaped, so a template author cannot forget
/// the escaping, nor pick the wrong one.
enum OutputFormat: String, CaseIterable, Sendable {
    /// HTML escaping of `& < > " '` (``HTMLEscaping``), with ``ReadableText``.
    case html = "CALLREPORT_HTML"
    /// RFC 4180 quoting with the formula guard (``CSVField``); the file also
    /// gets CRLF row ends and the byte-order mark.
    case csv = "CSV"
    /// Backslash escapes for GitHub-flavored Markdown (``MarkdownEscaping``).
    case markdown = "MARKDOWN"
    /// `.txt`: no escaping, but no control characters either (``PlainTextEscaping``):
    /// the text part of the mail, read in a terminal.
    case plainText = "PLAIN_TEXT"
    /// No escaping: JSON-like or any other format a user invents.
    case text = "TEXT"

    init(outputName: String) {
        let ext = outputName.lastIndex(of: ".").map { outputName[outputName.index(after: $0)...].lowercased() }
        switch ext ?? "" {
        case "html", "htm": self = .html
        case "csv": self = .csv
        case "md", "markdown": self = .markdown
        case "txt": self = .plainText
        default: self = .text
        }
    }

    /// The pragma that makes swift-mustache use this format's escaping. It
    /// goes on a line of its own before the template text: standalone, the
    /// tag and its line break vanish from the output, and the template's own
    /// first line keeps the usual Mustache rules (a standalone `{{! comment }}`
    /// or `{{#section}}` on line 1 still leaves no blank line). The cost is
    /// one line, subtracted from the line numbers of parse errors.
    var pragmaLine: String {
        Self.registerContentTypes
        return "{{% CONTENT_TYPE: \(rawValue)}}\n"
    }

    /// swift-mustache resolves `CONTENT_TYPE` while parsing, from a global
    /// table, so our types must be in it before the first parse. A static
    /// `let` runs exactly once, thread-safely.
    private static let registerContentTypes: Void = {
        MustacheContentTypes.register(HTMLContentType(), named: OutputFormat.html.rawValue)
        MustacheContentTypes.register(CSVContentType(), named: OutputFormat.csv.rawValue)
        MustacheContentTypes.register(MarkdownContentType(), named: OutputFormat.markdown.rawValue)
        MustacheContentTypes.register(PlainTextContentType(), named: OutputFormat.plainText.rawValue)
    }()
}

/// `{{value}}` in an HTML template.
struct HTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
}

/// Makes a data value plain text in HTML, in element content and in quoted
/// attribute values alike.
///
/// Ours rather than swift-mustache's, which looks at whole characters: there
/// a quote or a `<` followed by a combining mark (`"\u{301}`) is one
/// character that is not in its table, so it went through unescaped and a
/// value could close an attribute. Here every Unicode scalar is looked at.
/// The entities are the same as swift-mustache's, so ordinary values render
/// byte for byte as before.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default:
                if ReadableText.isBidiControl(scalar) { continue }
                out.append(ReadableText.isHiddenControl(scalar) ? ReadableText.replacement : scalar)
            }
        }
        return String(out)
    }
}

/// `{{value}}` in a CSV template: one quoted-as-needed, formula-guarded cell.
///
/// The escaping sees only a string, never its type. Guarding by the first
/// character is still right for numbers, because every number in our CSV
/// views is a count, a sum of seconds, an average or a rate, and none of
/// them is ever negative: a number never begins with `-` (or `+`, `=`, `@`),
/// so the guard never touches one.
struct CSVContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { CSVField.escapeText(text) }
}

/// `{{value}}` in a `.txt` template.
struct PlainTextContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { PlainTextEscaping.escape(text) }
}

/// Keeps a data value on its line and harmless in a terminal: nothing is
/// escaped (a plain-text reader shows every character as it is), but a line
/// break or a tab becomes a space, so lines and columns stay aligned; an
/// escape or other control character becomes U+FFFD, so a value cannot
/// drive the terminal that shows the mail; bidirectional controls go
/// (``ReadableText``).
enum PlainTextEscaping {
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if ReadableText.isBidiControl(scalar) { continue }
            switch scalar {
            case "\n" where previous == "\r": continue
            case "\r", "\n", "\t", "\u{2028}", "\u{2029}": out.append(" ")
            default: out.append(ReadableText.isHiddenControl(scalar) ? ReadableText.replacement : scalar)
            }
        }
        return String(out)
    }
}

/// `{{value}}` in a Markdown template.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownEscaping.escape(text) }
}

/// Makes a data value inert in GitHub-flavored Markdown, whether it lands in
/// a table cell or in running text.
enum MarkdownEscaping {
    /// ASCII punctuation that can start or end Markdown syntax. CommonMark
    /// lets a backslash escape any ASCII punctuation, so an escape never
    /// shows. `|` splits table cells; `$` starts math on github.com; `&`
    /// would start an entity; `<` raw HTML or an autolink.
    private static let escaped: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "(", ")", "#", "+", "!", "|", "~", "&", "$",
    ]

    /// Backslash-escapes syntax characters; turns every line break (CR, LF,
    /// CRLF) into one space, since a break would end a table row; applies
    /// ``ReadableText``.
    ///
    /// `-` and `=` are escaped only as the first character (a list item, a
    /// thematic break or a setext underline needs them at a line's start),
    /// and `.` only in `1. ` at the start (an ordered list): escaping them
    /// everywhere would litter dates and decimals (`81.3 %`) with
    /// backslashes for no gain.
    static func escape(_ text: String) -> String {
        // Bidirectional controls go first, so that the start-of-line rules below see the text as
        // shown (found by FuzzEscapers: "\u{200E}- x" came out as a list item).
        let scalars = Array(text.unicodeScalars.filter { !ReadableText.isBidiControl($0) })
        let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
        let leadingDigits = scalars.prefix(while: { digits.contains($0) }).count
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\r" || scalar == "\n" {
                if !(scalar == "\n" && index > 0 && scalars[index - 1] == "\r") { out.append(" ") }
                continue
            }
            if ReadableText.isHiddenControl(scalar) {
                out.append(ReadableText.replacement)
                continue
            }
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let needsEscape =
                escaped.contains(scalar)
                || (index == 0 && (scalar == "-" || scalar == "="))
                || (scalar == "." && index > 0 && index == leadingDigits
                    && (next == nil || next!.properties.isWhitespace))
            if needsEscape { out.append("\\") }
            if scalar == "@" { out.append(wordJoiner) }
            out.append(scalar)
            if breaksAutolink(after: index, in: scalars) { out.append(wordJoiner) }
        }
        return String(out)
    }

    /// U+2060, invisible and not a line-break opportunity: put inside an autolink trigger, it
    /// leaves the text as shown but no longer a trigger.
    static let wordJoiner: Unicode.Scalar = "\u{2060}"

    /// GFM's autolink extension makes a link of `www.…`, of `scheme://…` and of anything
    /// shaped like an e-mail address, even without `<…>`, and a backslash does not stop it
    /// before `@` (`cmark-gfm` 0.29 links `bob\@evil.example`). So a word joiner goes after
    /// the `www` of `www.` and after the `:` of `://` (any case, any scheme), and before every
    /// `@` (see ``escape(_:)``): the local part of an address then ends in a character the
    /// extension does not accept, and `mailto:` and `xmpp:` need the `@` too.
    private static func breaksAutolink(after index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        func lower(_ offset: Int) -> Unicode.Scalar? {
            let i = index + offset
            guard i >= 0, i < scalars.count else { return nil }
            let scalar = scalars[i]
            return ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) : scalar
        }
        if lower(0) == ":" && lower(1) == "/" && lower(2) == "/" { return true }
        return lower(-2) == "w" && lower(-1) == "w" && lower(0) == "w" && lower(1) == "."
    }
}
