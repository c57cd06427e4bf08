import CallModel

/// Why a response could not be read. Every case names the response it is about, so a user can
/// find the file; all of them are unusable input data (exit code 65).
///
/// A struct around a private enum, so that cases can be added without breaking callers; a
/// caller matches an error against the public static values and functions below with `==`
/// (`error == .empty(source: "window1.json")`), as with hummingbird's `PersistError`.
public struct NormalizeError: Error, CustomStringConvertible, ExitCodeProviding, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case unreadableFile(path: String, reason: String)
        case empty
        case unknownFormat(start: String)
        case malformedJSON(detail: String, place: JSONPlace)
        /// A JSON string longer than `maxTextLength`.
        case textTooLong(place: JSONPlace)
        case malformedXML(line: Int, column: Int, detail: String)
        case notARecord(position: Int)
        case notAResponse(detail: String)
        case serverFailure(text: String)
        case tooLarge
        case htmlPage(title: String?)
        case notUTF8(encoding: String)
    }

    /// Where a JSON fault is: a byte offset into the bytes being read until the reader that knows
    /// the whole response turns it into a line and column (see `locatingJSON(in:from:)`).
    private struct JSONPlace: Sendable, Equatable {
        var offset: Int?
        var line: Int?
        var column: Int?

        /// ` at line 3, column 14`, or nothing while the place is not known.
        var words: String {
            guard let line, let column else { return "" }
            return " at line \(line), column \(column)"
        }
    }

    /// The longest JSON string read, in bytes: libxml2's limit for an XML text, so that both
    /// formats take the same values and no single value multiplies through every output.
    static let maxTextLength = 10_000_000

    private let kind: Kind
    /// The response the error is about (its file name).
    public let source: String

    private init(_ kind: Kind, source: String) {
        self.kind = kind
        self.source = source
    }

    /// A response file that exists in the input but cannot be read; `reason` is the system's words.
    public static func unreadableFile(path: String, reason: String, source: String) -> Self {
        Self(.unreadableFile(path: path, reason: reason), source: source)
    }
    /// A response with nothing in it but white space (or a byte-order mark).
    public static func empty(source: String) -> Self { Self(.empty, source: source) }
    /// A response that is neither JSON nor XML; `start` describes its first character.
    public static func unknownFormat(start: String, source: String) -> Self {
        Self(.unknownFormat(start: start), source: source)
    }
    /// A response that is not valid JSON. `offset`: where in the bytes being read the fault is,
    /// when known; `detail` then says what, not where (the place is added once it is known as a
    /// line and column).
    public static func malformedJSON(_ detail: String, offset: Int? = nil, source: String) -> Self {
        // The description ends the sentence; Foundation's words end with a period of their own.
        let words = detail.hasSuffix(".") ? String(detail.dropLast()) : detail
        return Self(.malformedJSON(detail: words, place: JSONPlace(offset: offset)), source: source)
    }
    /// A JSON string longer than 10,000,000 bytes, at byte `offset` of what was being read.
    public static func textTooLong(offset: Int, source: String) -> Self {
        Self(.textTooLong(place: JSONPlace(offset: offset)), source: source)
    }
    /// A response that is not well-formed XML, where libxml2 stopped and in its words.
    public static func malformedXML(line: Int, column: Int, detail: String, source: String) -> Self {
        Self(.malformedXML(line: line, column: column, detail: detail), source: source)
    }
    /// An element of the list of calls, at 1-based `position`, that is not a record.
    public static func notARecord(position: Int, source: String) -> Self {
        Self(.notARecord(position: position), source: source)
    }
    /// Well-formed JSON or XML that is not a call log; `detail` says why.
    public static func notAResponse(_ detail: String, source: String) -> Self {
        Self(.notAResponse(detail: detail), source: source)
    }
    /// A CloudAgent failure response; `text` is the server's message (also ``serverFailureText``).
    public static func serverFailure(_ text: String, source: String) -> Self {
        Self(.serverFailure(text: text), source: source)
    }
    /// An XML response larger than libxml2 takes in one piece (2 GB).
    public static func tooLarge(source: String) -> Self { Self(.tooLarge, source: source) }
    /// An HTML page (an error page of a server or proxy) where a response was expected.
    public static func htmlPage(title: String?, source: String) -> Self {
        Self(.htmlPage(title: title), source: source)
    }
    /// JSON in an encoding other than UTF-8 (`encoding`, e.g. `UTF-16`).
    public static func notUTF8(encoding: String, source: String) -> Self {
        Self(.notUTF8(encoding: encoding), source: source)
    }

    /// The same error with a JSON fault's offset moved by `distance` bytes: a record's reader counts
    /// from the record's first byte, the response's reader from the response's.
    func shifted(by distance: Int) -> Self {
        guard let place = jsonPlace, let offset = place.offset, place.line == nil else { return self }
        return with(JSONPlace(offset: offset + distance))
    }

    /// The same error with a JSON fault's offset turned into a line and column of `text`, where the
    /// bytes that were read begin at `start` (after a byte-order mark and white space).
    func locatingJSON(in text: UnsafeRawBufferPointer, from start: Int) -> Self {
        guard let place = jsonPlace, let offset = place.offset, place.line == nil else { return self }
        let found = TextPlace(of: min(start + offset, text.count), in: text)
        return with(JSONPlace(offset: offset, line: found.line, column: found.column))
    }

    private var jsonPlace: JSONPlace? {
        switch kind {
        case .malformedJSON(_, let place), .textTooLong(let place): return place
        default: return nil
        }
    }

    private func with(_ place: JSONPlace) -> Self {
        switch kind {
        case .malformedJSON(let detail, _): return Self(.malformedJSON(detail: detail, place: place), source: source)
        case .textTooLong: return Self(.textTooLong(place: place), source: source)
        default: return self
        }
    }

    /// The server's own text when the response is a CloudAgent failure (e.g. `Max Limit Exceeded`).
    public var serverFailureText: String? {
        if case .serverFailure(let text) = kind { return text }
        return nil
    }

    /// The line of a malformed response: where libxml2 stopped, or where the JSON fault is.
    public var line: Int? {
        switch kind {
        case .malformedXML(let line, _, _): return line
        default: return jsonPlace?.line
        }
    }

    /// Whether the response is not JSON at all (rather than JSON that is not a call log).
    var isMalformedJSON: Bool {
        if case .malformedJSON = kind { return true }
        return false
    }

    /// A JSON fault's byte offset in what its reader was given, until it is located.
    var offset: Int? { jsonPlace?.offset }

    /// The column (in characters, 1-based) on `line`.
    public var column: Int? {
        switch kind {
        case .malformedXML(_, let column, _): return column
        default: return jsonPlace?.column
        }
    }

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch kind {
        case .unreadableFile(let path, let reason):
            return Self.sentence("Cannot read the response file \(path): \(reason)")
        case .empty:
            return "The response in \(source) is empty."
        case .unknownFormat(let start):
            return "The response in \(source) is neither JSON nor XML: it starts with \(start)."
        case .malformedJSON(let detail, let place):
            return "The response in \(source) is not valid JSON: \(detail)\(place.words)."
        case .textTooLong(let place):
            return "The response in \(source) has a text longer than 10,000,000 bytes\(place.words), beyond the "
                + "safety limit callreport keeps for JSON as libxml2 does for XML."
        case .malformedXML(let line, let column, let detail):
            return Self.sentence(
                "The response in \(source) is not well-formed XML (line \(line), column \(column)): \(detail)")
        case .notARecord(let position):
            return "The response in \(source) has an element at position \(position) of its call list "
                + "that is not a record (a JSON object)."
        case .notAResponse(let detail):
            return Self.sentence("The response in \(source) is not a CloudAgent call log: \(detail)")
        case .serverFailure(let text):
            return "The response in \(source) is a CloudAgent failure: \"\(text)\"."
        case .tooLarge:
            return "The response in \(source) is larger than 2 GB, which the XML reader cannot take in one piece."
        case .htmlPage(let title):
            let titled = title.map { " titled \"\($0)\"" } ?? ""
            return "The response in \(source) is not a CloudAgent call log but a web page (HTML)\(titled): "
                + "the server, or a proxy on the way, answered with an error page."
        case .notUTF8(let encoding):
            return "The response in \(source) is JSON in \(encoding); CloudAgent sends JSON in UTF-8, the only "
                + "encoding callreport reads for JSON."
        }
    }

    /// `text` ending as a sentence does: words from elsewhere (libxml2, the system) may end
    /// without a period.
    private static func sentence(_ text: String) -> String {
        guard let last = text.last, !".!?".contains(last) else { return text }
        return text + "."
    }
}
