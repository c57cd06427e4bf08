import CLibXML2
import CallModel
import Foundation

/// Reads an XML response with libxml2's streaming reader: memory stays flat whatever the size.
///
/// CloudAgent does not publish its XML element names, so the shape is recognised, not named
/// (SPEC §2): a call is any element below the root whose children are all leaf (text-only)
/// elements; the root's leaf children `status` and `message` are the envelope.
///
/// Safety: no network (`XML_PARSE_NONET`), no DTD loading or validation, and no entity
/// substitution (no `XML_PARSE_NOENT`), so a DOCTYPE's entities are never expanded into values;
/// libxml2's own amplification guard stops a "billion laughs" document with an error. The
/// predefined entities (`&amp;`) and character references are always decoded. No
/// `XML_PARSE_HUGE` either, so libxml2's safety limits hold: elements at most 256 deep, a text at
/// most 10,000,000 bytes; beyond them the document is an error, not a crash or a memory spike.
enum XMLResponseReader {
    private static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Reads `data`, which begins at `start` of the response (after white space), the place
    /// libxml2's lines and columns are counted from.
    static func read(
        _ data: Data, startingAt start: TextPlace = TextPlace(line: 1, column: 1), source: String,
        record: ([RawField], Int) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        guard data.count < Int(Int32.max) else { throw NormalizeError.tooLarge(source: source) }
        return try data.withUnsafeBytes { bytes in
            try read(startingAt: start, source: source, record: record) {
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
                return xmlReaderForMemory(base, Int32(bytes.count), nil, nil, options)
            }
        }
    }

    /// Reads the open file `descriptor` from `offset` on (the first meaningful byte), streaming:
    /// libxml2 reads it in small blocks, so memory stays flat whatever the file's size.
    static func read(
        fileDescriptor descriptor: Int32, offset: Int, startingAt start: TextPlace = TextPlace(line: 1, column: 1),
        source: String, record: ([RawField], Int) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw NormalizeError.empty(source: source)
        }
        return try read(startingAt: start, source: source, record: record) {
            xmlReaderForFd(descriptor, nil, nil, options)
        }
    }

    private static func read(
        startingAt start: TextPlace, source: String, record: ([RawField], Int) throws -> Void,
        makeReader: () -> xmlTextReaderPtr?
    ) throws -> ResponseEnvelope.Verdict {
        libxml2Initialized.touch()
        // Some faults reach libxml2 with no parser at hand (an encoding conversion that fails:
        // "encoding error : input conversion failed…", "xmlParseChunk: encoder error"), and go to
        // this thread's global handlers, which print to stderr. Silent ones keep them off the
        // user's terminal; the reader's own error then says what went wrong. Found by FuzzXML.
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        callreport_silence_libxml2_globals()
        let errors = ErrorCollector()
        var walker = TreeWalker()
        guard let reader = makeReader() else { throw NormalizeError.empty(source: source) }
        defer { xmlFreeTextReader(reader) }
        // Errors go to the collector, never to stderr.
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                guard let context, let error else { return }
                Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue().add(error.pointee)
            },
            Unmanaged.passUnretained(errors).toOpaque())
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else {
                let found = errors.worst
                var detail = found.map { explain($0.message) } ?? "libxml2 stopped reading."
                if found?.code == Int32(XML_ERR_DOCUMENT_END.rawValue) {
                    // libxml2 2.9's reader says this of a cut-off document too, which its words hide.
                    detail = "the document is cut off, or has content after its root element (libxml2: \(detail))"
                }
                // libxml2 counts from where it was given the text; the user's editor from the file's start.
                let line = found?.line ?? Int(xmlTextReaderGetParserLineNumber(reader))
                let column = found?.column ?? Int(xmlTextReaderGetParserColumnNumber(reader))
                throw NormalizeError.malformedXML(
                    line: line > 0 ? start.line + line - 1 : line,
                    column: line == 1 ? start.column - 1 + column : column,
                    detail: detail, source: source)
            }
            try walker.visit(reader, record: record)
            if walker.isHTML { throw NormalizeError.htmlPage(title: nil, source: source) }
        }
        return try walker.envelope(source: source).verdict(source: source)
    }

    /// libxml2's words on one line and, where they name a safety limit or an option of libxml2's
    /// programming interface (`XML_PARSE_HUGE`), in words a user can act on.
    static func explain(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map { RawValue.trimmingWhiteSpace(String($0)) }
        let words = lines.filter { !$0.isEmpty }.joined(separator: " ")
        if words.contains("Excessive depth in document") {
            return
                "elements are nested more than 256 deep, beyond libxml2's safety limit (a call log needs four levels)"
        }
        if words.contains("huge text node") || words.contains("Text node too long") {
            return "a text is longer than 10,000,000 bytes, beyond libxml2's safety limit"
        }
        if words.hasPrefix("Input is not proper UTF-8") {
            let bytes = lines.first { $0.hasPrefix("Bytes: ") }.map { " (bytes " + $0.dropFirst(7) + ")" } ?? ""
            return "the text is not UTF-8\(bytes); a response in another encoding must name it in its XML "
                + "declaration, e.g. <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
        }
        return words
    }
}

/// libxml2 wants one initialisation before parsers run on several threads; a global `let` is
/// initialised exactly once, thread-safely.
private let libxml2Initialized = LibXML2Setup()

private struct LibXML2Setup: Sendable {
    init() { xmlInitParser() }
    func touch() {}
}

/// Keeps the most serious message libxml2 reported, with its place; among equals the last, which
/// is the one that stopped the reader (earlier ones may point into an entity's text).
private final class ErrorCollector {
    struct Found {
        var level: UInt32
        var code: Int32
        var line: Int
        var column: Int
        var message: String
    }

    private(set) var worst: Found?

    func add(_ error: xmlError) {
        let level = error.level.rawValue
        guard level >= XML_ERR_ERROR.rawValue, level >= (worst?.level ?? 0) else { return }
        let text = error.message.map { String(cString: $0) } ?? "unknown error"
        worst = Found(
            level: level, code: error.code, line: Int(error.line), column: Int(error.int2),
            message: RawValue.trimmingWhiteSpace(text))
    }
}

/// Follows the reader's events and recognises records and the envelope.
private struct TreeWalker {
    /// An element still open.
    private struct Frame {
        var name: String
        var depth: Int
        var text = ""
        var hasChildElement = false
        var hasNonLeafChild = false
        var leaves: [RawField] = []
    }

    private var stack: [Frame] = []
    /// Element names by the address libxml2 gives them: the reader keeps names in its own
    /// dictionary, one address a distinct name, so each becomes a Swift string once, not once a
    /// record (a month repeats the same few dozen names millions of times).
    private var names: [UnsafePointer<xmlChar>: String] = [:]
    private var position = 0
    private var rootLeaves: [RawField] = []
    /// The root element is `<html>`: an error page, not a response.
    private(set) var isHTML = false

    func envelope(source: String) throws(NormalizeError) -> ResponseEnvelope {
        var status: String?
        var message: ResponseEnvelope.Message = position > 0 ? .records : .absent
        var seen: Set<String> = []
        for leaf in rootLeaves {
            guard case .string(let text) = leaf.value else { continue }
            let key = KeyNormalizer.normalize(leaf.key)
            guard key == "status" || key == "message" else { continue }
            // As in JSON: which of two would count is anyone's guess, so neither does.
            guard seen.insert(key).inserted else {
                throw .notAResponse("it has two \"\(key)\" elements, so what it says is ambiguous.", source: source)
            }
            if key == "status" { status = text } else if position == 0 { message = .text(text) }
        }
        return ResponseEnvelope(status: status, message: message)
    }

    mutating func visit(_ reader: xmlTextReaderPtr, record: ([RawField], Int) throws -> Void) throws {
        switch UInt32(xmlTextReaderNodeType(reader)) {
        case XML_READER_TYPE_ELEMENT.rawValue:
            let name = xmlTextReaderConstLocalName(reader).map { self.name(at: $0) } ?? ""
            if stack.isEmpty && name.lowercased() == "html" { isHTML = true }
            if !stack.isEmpty { stack[stack.count - 1].hasChildElement = true }
            stack.append(Frame(name: name, depth: Int(xmlTextReaderDepth(reader))))
            // `<Comments/>` has no end event.
            if xmlTextReaderIsEmptyElement(reader) == 1 { try close(record: record) }
        case XML_READER_TYPE_END_ELEMENT.rawValue:
            try close(record: record)
        case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue,
            XML_READER_TYPE_WHITESPACE.rawValue, XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue:
            // Only a leaf's text is a value; white space between records is not kept.
            guard let last = stack.indices.last, !stack[last].hasChildElement,
                let value = xmlTextReaderConstValue(reader)
            else { return }
            stack[last].text += String(cString: value)
        case XML_READER_TYPE_ENTITY_REFERENCE.rawValue:
            // An entity of the document's own DTD, deliberately not expanded: kept as written so
            // that nothing is lost silently.
            guard let last = stack.indices.last, !stack[last].hasChildElement else { return }
            let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
            stack[last].text += "&\(name);"
        default:
            break
        }
    }

    private mutating func name(at address: UnsafePointer<xmlChar>) -> String {
        if let known = names[address] { return known }
        let name = String(cString: address)
        names[address] = name
        return name
    }

    private mutating func close(record: ([RawField], Int) throws -> Void) throws {
        guard let frame = stack.popLast() else { return }
        let isLeaf = !frame.hasChildElement
        if frame.depth == 0 {
            rootLeaves = frame.leaves
        } else if !isLeaf && !frame.hasNonLeafChild {
            position += 1
            try record(frame.leaves, position)
        }
        guard let parent = stack.indices.last else { return }
        if isLeaf {
            // A container's leaves are kept only while it may still be a record (or is the root).
            if !stack[parent].hasNonLeafChild || stack[parent].depth == 0 {
                stack[parent].leaves.append(RawField(key: frame.name, value: .string(frame.text)))
            }
        } else {
            stack[parent].hasNonLeafChild = true
            if stack[parent].depth != 0 { stack[parent].leaves = [] }
        }
    }
}
