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
/// predefined entities (`&amp;`) and character references are always decoded.
enum XMLResponseReader {
    private static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    static func read(
        _ data: Data, source: String,
        record: ([RawField], Int) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        guard data.count < Int(Int32.max) else { throw NormalizeError.tooLarge(source: source) }
        return try data.withUnsafeBytes { bytes in
            try read(source: source, record: record) {
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
                return xmlReaderForMemory(base, Int32(bytes.count), nil, nil, options)
            }
        }
    }

    /// Reads the open file `descriptor` from `offset` on (the first meaningful byte), streaming:
    /// libxml2 reads it in small blocks, so memory stays flat whatever the file's size.
    static func read(
        fileDescriptor descriptor: Int32, offset: Int, source: String,
        record: ([RawField], Int) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw NormalizeError.empty(source: source)
        }
        return try read(source: source, record: record) { xmlReaderForFd(descriptor, nil, nil, options) }
    }

    private static func read(
        source: String, record: ([RawField], Int) throws -> Void,
        makeReader: () -> xmlTextReaderPtr?
    ) throws -> ResponseEnvelope.Verdict {
        libxml2Initialized.touch()
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
                var detail = found?.message ?? "libxml2 stopped reading."
                if found?.code == Int32(XML_ERR_DOCUMENT_END.rawValue) {
                    // libxml2 2.9's reader says this of a cut-off document too, which its words hide.
                    detail = "the document is cut off, or has content after its root element (libxml2: \(detail))"
                }
                throw NormalizeError.malformedXML(
                    line: found?.line ?? Int(xmlTextReaderGetParserLineNumber(reader)),
                    column: found?.column ?? Int(xmlTextReaderGetParserColumnNumber(reader)),
                    detail: detail, source: source)
            }
            try walker.visit(reader, record: record)
        }
        return try walker.envelope.verdict(source: source)
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

    var envelope: ResponseEnvelope {
        var status: String?
        var message: ResponseEnvelope.Message = position > 0 ? .records : .absent
        for leaf in rootLeaves {
            guard case .string(let text) = leaf.value else { continue }
            switch KeyNormalizer.normalize(leaf.key) {
            case "status" where status == nil: status = text
            case "message" where position == 0: message = .text(text)
            default: break
            }
        }
        return ResponseEnvelope(status: status, message: message)
    }

    mutating func visit(_ reader: xmlTextReaderPtr, record: ([RawField], Int) throws -> Void) throws {
        switch UInt32(xmlTextReaderNodeType(reader)) {
        case XML_READER_TYPE_ELEMENT.rawValue:
            let name = xmlTextReaderConstLocalName(reader).map { self.name(at: $0) } ?? ""
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
