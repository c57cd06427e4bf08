import CallModel

/// Why a response could not be read. Every case names the response it is about, so a user can
/// find the file; all of them are unusable input data (exit code 65).
///
/// A struct around a private enum, so that cases can be added without breaking callers.
public struct NormalizeError: Error, CustomStringConvertible, ExitCodeProviding, Sendable {
    private enum Kind: Sendable, Equatable {
        case unreadableFile(path: String, reason: String)
        case empty
        case unknownFormat(start: String)
        case malformedJSON(detail: String)
        case malformedXML(line: Int, column: Int, detail: String)
        case notARecord(position: Int)
        case notAResponse(detail: String)
        case serverFailure(text: String)
        case tooLarge
    }

    private let kind: Kind
    /// The response the error is about (its file name).
    public let source: String

    private init(_ kind: Kind, source: String) {
        self.kind = kind
        self.source = source
    }

    static func unreadableFile(path: String, reason: String, source: String) -> Self {
        Self(.unreadableFile(path: path, reason: reason), source: source)
    }
    static func empty(source: String) -> Self { Self(.empty, source: source) }
    static func unknownFormat(start: String, source: String) -> Self {
        Self(.unknownFormat(start: start), source: source)
    }
    static func malformedJSON(_ detail: String, source: String) -> Self {
        Self(.malformedJSON(detail: detail), source: source)
    }
    static func malformedXML(line: Int, column: Int, detail: String, source: String) -> Self {
        Self(.malformedXML(line: line, column: column, detail: detail), source: source)
    }
    static func notARecord(position: Int, source: String) -> Self {
        Self(.notARecord(position: position), source: source)
    }
    static func notAResponse(_ detail: String, source: String) -> Self {
        Self(.notAResponse(detail: detail), source: source)
    }
    static func serverFailure(_ text: String, source: String) -> Self {
        Self(.serverFailure(text: text), source: source)
    }
    static func tooLarge(source: String) -> Self { Self(.tooLarge, source: source) }

    /// The server's own text when the response is a CloudAgent failure (e.g. `Max Limit Exceeded`).
    public var serverFailureText: String? {
        if case .serverFailure(let text) = kind { return text }
        return nil
    }

    /// The line of a malformed XML response, where libxml2 stopped.
    public var line: Int? {
        if case .malformedXML(let line, _, _) = kind { return line }
        return nil
    }

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch kind {
        case .unreadableFile(let path, let reason):
            return "Cannot read the response file \(path): \(reason)"
        case .empty:
            return "The response in \(source) is empty."
        case .unknownFormat(let start):
            return "The response in \(source) is neither JSON nor XML: it starts with \(start)."
        case .malformedJSON(let detail):
            return "The response in \(source) is not valid JSON: \(detail)"
        case .malformedXML(let line, let column, let detail):
            return "The response in \(source) is not well-formed XML (line \(line), column \(column)): \(detail)"
        case .notARecord(let position):
            return "The response in \(source) has an element at position \(position) of its call list "
                + "that is not a record (a JSON object)."
        case .notAResponse(let detail):
            return "The response in \(source) is not a CloudAgent call log: \(detail)"
        case .serverFailure(let text):
            return "The response in \(source) is a CloudAgent failure: \"\(text)\""
        case .tooLarge:
            return "The response in \(source) is larger than 2 GB, which the XML reader cannot take in one piece."
        }
    }
}
