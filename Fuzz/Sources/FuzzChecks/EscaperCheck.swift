import Mustache

@testable import CallRender

/// One value through each escaping of the template renderer, the way a template prints
/// `{{value}}`: the format's pragma line, then the value, rendered by swift-mustache.
///
/// What is checked is what the escapings promise (OutputFormat.swift, CSVField.swift,
/// ReadableText.swift): HTML leaves no `& < > " '` of its own, CSV is one RFC 4180 field holding
/// the value (behind the formula guard), Markdown leaves no line break and no syntax character
/// unescaped and no GFM autolink trigger (`www.`, `://`, `@`) unbroken. Each reads back to the
/// value, as shown: in HTML and Markdown without bidirectional controls and with other controls as
/// U+FFFD (Markdown also without the word joiners it puts into autolink triggers), in CSV with NUL
/// as U+FFFD.
public enum EscaperCheck {
    public static func run(_ text: String) {
        checkHTML(text)
        checkCSV(text)
        checkMarkdown(text)
        checkCallerMask(text)
    }

    private static let templates: [OutputFormat: MustacheTemplate] = {
        var templates: [OutputFormat: MustacheTemplate] = [:]
        for format in [OutputFormat.html, .csv, .markdown] {
            templates[format] = try! MustacheTemplate(string: format.pragmaLine + "{{value}}")
        }
        return templates
    }()

    /// `{{value}}` rendered in a template of `format`.
    static func render(_ text: String, as format: OutputFormat) -> String {
        templates[format]!.render(["value": text])
    }

    // MARK: - HTML

    static func checkHTML(_ text: String) {
        let html = render(text, as: .html)
        var decoded = String.UnicodeScalarView()
        var scalars = html.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "<", ">", "\"", "'":
                finding("HTML output holds a raw \(scalar.escaped(asASCII: true)): \(html.debugDescription)")
            case "&":
                let entity = ["amp;": "&", "lt;": "<", "gt;": ">", "quot;": "\"", "#39;": "'"].first {
                    scalars.starts(with: $0.key.unicodeScalars)
                }
                guard let entity else { finding("HTML output holds a raw &: \(html.debugDescription)") }
                scalars = scalars.dropFirst(entity.key.unicodeScalars.count)
                decoded.append(contentsOf: entity.value.unicodeScalars)
            default:
                decoded.append(scalar)
            }
        }
        require(
            String(decoded) == displayed(text),
            "HTML output \(html.unicodeScalars.map(\.value)) of \(text.unicodeScalars.map(\.value)) does not read back")
    }

    // MARK: - CSV

    static func checkCSV(_ text: String) {
        let cell = CSVField.escapeText(text)
        require(render(text, as: .csv) == cell, "a CSV template escapes differently from CSVField")
        guard let field = readOneField(Array(cell.utf8)) else {
            finding("CSV output is not one RFC 4180 field: \(cell.debugDescription)")
        }
        var expected = Array(
            String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 })).utf8)
        // The guard looks past invisible format characters to the first visible one.
        let formulaStarts = Set("=+-@\t\r".unicodeScalars)
        if let first = text.unicodeScalars.first(where: { $0.properties.generalCategory != .format }),
            formulaStarts.contains(first)
        {
            expected.insert(UInt8(ascii: "'"), at: 0)
        }
        require(field == expected, "CSV output \(cell.debugDescription) reads back as another value")
    }

    /// The value of `bytes` read as exactly one RFC 4180 field (no separator, no row end), or `nil`.
    static func readOneField(_ bytes: [UInt8]) -> [UInt8]? {
        let quote = UInt8(ascii: "\"")
        guard bytes.first == quote else {
            let special = bytes.contains { $0 == quote || $0 == UInt8(ascii: ",") || $0 == 0x0A || $0 == 0x0D }
            return special ? nil : bytes
        }
        var value: [UInt8] = []
        var i = 1
        while i < bytes.count {
            if bytes[i] == quote {
                if i + 1 < bytes.count, bytes[i + 1] == quote {
                    value.append(quote)
                    i += 2
                    continue
                }
                return i == bytes.count - 1 ? value : nil
            }
            value.append(bytes[i])
            i += 1
        }
        return nil
    }

    // MARK: - Markdown

    /// Characters `MarkdownEscaping` escapes wherever they are.
    private static let markdownSyntax = Set("\\`*_{}[]<>()#+!|~&$".unicodeScalars)

    static func checkMarkdown(_ text: String) {
        let markdown = MarkdownEscaping.escape(text)
        require(render(text, as: .markdown) == markdown, "a Markdown template escapes differently")
        // No autolink trigger survives: a word joiner sits in each.
        let lowered = markdown.lowercased()
        require(
            !lowered.contains("www.") && !lowered.contains("://"),
            "Markdown output holds an autolink trigger: \(markdown.debugDescription)")
        let joined = Array(markdown.unicodeScalars)
        for (index, scalar) in joined.enumerated() where scalar == "@" {
            require(index > 0 && joined[index - 1] == "\u{2060}", "Markdown output holds a bare @")
        }
        var decoded = String.UnicodeScalarView()
        var scalars = markdown.unicodeScalars[...]
        var first = true
        while let scalar = scalars.popFirst() {
            require(
                scalar != "\n" && scalar != "\r", "Markdown output holds a line break: \(markdown.debugDescription)")
            if scalar == "\\" {
                guard let next = scalars.popFirst(), next.isASCII, next.properties.generalCategory.isPunctuationOrSymbol
                else { finding("Markdown output holds a backslash that escapes nothing: \(markdown.debugDescription)") }
                decoded.append(next)
            } else {
                require(
                    !markdownSyntax.contains(scalar),
                    "Markdown output holds a raw \(scalar): \(markdown.debugDescription)")
                require(!(first && (scalar == "-" || scalar == "=")), "Markdown output starts with a raw \(scalar)")
                decoded.append(scalar)
            }
            first = false
        }
        // `1. ` at the start would begin an ordered list: its dot must be escaped.
        let leading = markdown.unicodeScalars.prefix { ("0"..."9").contains($0) }
        if (1...9).contains(leading.count) {
            let rest = markdown.unicodeScalars.dropFirst(leading.count)
            let after = rest.dropFirst().first
            require(
                rest.first != "." || !(after == nil || after!.properties.isWhitespace),
                "Markdown output starts an ordered list: \(markdown.debugDescription)")
        }
        // Line breaks (CRLF, CR, LF) become one space each; everything else reads back.
        var expected = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in displayed(text).unicodeScalars {
            if scalar == "\r" || scalar == "\n" {
                if !(scalar == "\n" && previous == "\r") { expected.append(" ") }
            } else {
                expected.append(scalar)
            }
            previous = scalar
        }
        let withoutJoiners = { (text: String) in
            String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{2060}" }))
        }
        require(
            withoutJoiners(String(decoded)) == withoutJoiners(String(expected)),
            "Markdown output does not read back: \(markdown.debugDescription)")
    }

    /// A value as the summaries for people show it (``ReadableText``): bidirectional controls
    /// removed, control characters other than tab, LF and CR as U+FFFD.
    static func displayed(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
            case 0x09, 0x0A, 0x0D: out.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    // MARK: - Caller mask

    /// `--mask-callers`: only digits change, and at most the last four stay.
    static func checkCallerMask(_ text: String) {
        let masked = Array(CallerMask.mask(text).unicodeScalars)
        let original = Array(text.unicodeScalars)
        require(masked.count == original.count, "the mask changed the length of \(text.debugDescription)")
        let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
        require(masked.filter { digits.contains($0) }.count <= 4, "the mask left more than four digits")
        for (before, after) in zip(original, masked) where !digits.contains(before) {
            require(before == after, "the mask changed a non-digit of \(text.debugDescription)")
        }
    }
}

extension Unicode.GeneralCategory {
    /// ASCII punctuation in CommonMark's sense covers these categories.
    fileprivate var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default: return false
        }
    }
}
