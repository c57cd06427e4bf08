import CLibXML2
import CallModel
import Foundation

/// Reads an XML response with libxml2's streaming reader: memory stays flat whatever the size,
/// one record's subtree at a time (a hostile document can make one larger element be held whole,
/// once: see `holdsDeeper` below).
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
    ///
    /// `expands` is for tests: `false` walks every record node by node, as the reader gives them.
    static func read(
        _ data: Data, startingAt start: TextPlace = TextPlace(line: 1, column: 1), source: String,
        expands: Bool = true, record: ([RawField], Int) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        guard data.count < Int(Int32.max) else { throw NormalizeError.tooLarge(source: source) }
        return try data.withUnsafeBytes { bytes in
            try read(
                startingAt: start, source: source, isNeeded: nil, expands: expands,
                record: { leaves, position in try record(leaves.fields(onlyNeeded: false), position) }
            ) {
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
                return xmlReaderForMemory(base, Int32(bytes.count), nil, nil, options)
            }
        }
    }

    /// Reads the open file `descriptor` from `offset` on (the first meaningful byte), streaming:
    /// libxml2 reads it in small blocks, so memory stays flat whatever the file's size.
    ///
    /// `isNeeded` says, once for each element name, whether a record's leaf of that name is needed
    /// by any stage; the others' texts are kept as bytes, and become strings only when asked
    /// for (`XMLRecordLeaves.fields(onlyNeeded: false)`, for a record to quarantine). `nil`: all are.
    /// `expands` is for tests, as above.
    static func read(
        fileDescriptor descriptor: Int32, offset: Int, startingAt start: TextPlace = TextPlace(line: 1, column: 1),
        source: String, isNeeded: ((String) -> Bool)? = nil, expands: Bool = true,
        record: (XMLRecordLeaves, Int) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw NormalizeError.empty(source: source)
        }
        let blocks = FileBlocks(descriptor: descriptor)
        return try withExtendedLifetime(blocks) {
            try read(startingAt: start, source: source, isNeeded: isNeeded, expands: expands, record: record) {
                xmlReaderForIO(
                    { context, buffer, length in
                        guard let context, let buffer else { return -1 }
                        return Unmanaged<FileBlocks>.fromOpaque(context).takeUnretainedValue()
                            .read(into: buffer, count: Int(length))
                    }, nil, Unmanaged.passUnretained(blocks).toOpaque(), nil, nil, options)
            }
        }
    }

    private static func read(
        startingAt start: TextPlace, source: String, isNeeded: ((String) -> Bool)?, expands: Bool,
        record: (XMLRecordLeaves, Int) throws -> Void,
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
        var walker = TreeWalker(isNeeded: isNeeded)
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
        /// The reader's error, in the user's lines and columns.
        func fault() -> NormalizeError {
            let found = errors.worst
            var detail = found.map { explain($0.message) } ?? "libxml2 stopped reading."
            if found?.code == Int32(XML_ERR_DOCUMENT_END.rawValue) {
                // libxml2 2.9's reader says this of a cut-off document too, which its words hide.
                detail = "the document is cut off, or has content after its root element (libxml2: \(detail))"
            }
            // libxml2 counts from where it was given the text; the user's editor from the file's start.
            let line = found?.line ?? Int(xmlTextReaderGetParserLineNumber(reader))
            let column = found?.column ?? Int(xmlTextReaderGetParserColumnNumber(reader))
            return NormalizeError.malformedXML(
                line: line > 0 ? start.line + line - 1 : line,
                column: line == 1 ? start.column - 1 + column : column,
                detail: detail, source: source)
        }
        var expands = expands
        var status = xmlTextReaderRead(reader)
        while status != 0 {
            guard status == 1 else { throw fault() }
            let type = xmlTextReaderNodeType(reader)
            // A record's thirty-odd leaves are a hundred reader steps; expanded, libxml2 builds the
            // same nodes once and the walker follows their pointers (a month of a million records:
            // about 15% less wall time). Only an element that looks like the record before it (same
            // name, same parent) is expanded, so that the list of records is never held whole; and
            // should one hold more than leaves after all, none is expanded again.
            if expands, type == Int32(XML_READER_TYPE_ELEMENT.rawValue),
                walker.expectsRecord(named: xmlTextReaderConstLocalName(reader)),
                xmlTextReaderIsEmptyElement(reader) == 0,
                let current = xmlTextReaderCurrentNode(reader), !holdsDeeper(current),
                let node = xmlTextReaderExpand(reader)
            {
                // A leaf (`<item></item>`) costs no more than a record; anything deeper, once only.
                if try walker.walk(node, depth: Int(xmlTextReaderDepth(reader)), record: record) { expands = false }
                // Past the subtree, onto the node after it; libxml2 frees the subtree on the way.
                status = xmlTextReaderNext(reader)
                continue
            }
            // Not expanded, or libxml2 failed to (a fault inside): the reader goes on node by node,
            // and a fault surfaces from its next step as without expansion.
            try walker.visit(reader, type: type, record: record)
            if walker.isHTML { throw NormalizeError.htmlPage(title: nil, source: source) }
            status = xmlTextReaderRead(reader)
        }
        return try walker.envelope(source: source).verdict(source: source)
    }

    /// Whether `node`, as far as libxml2 has parsed it yet (its reading runs ahead by a block),
    /// already holds an element with elements in it: no record, maybe a list of them, and not to be
    /// expanded. What has not been parsed yet cannot be seen: an element named as the record before
    /// it but holding a list of records further on is still expanded whole, once.
    private static func holdsDeeper(_ node: xmlNodePtr) -> Bool {
        var child = node.pointee.children
        while let element = child {
            if element.pointee.type == XML_ELEMENT_NODE {
                var grandchild = element.pointee.children
                while let inner = grandchild {
                    if inner.pointee.type == XML_ELEMENT_NODE { return true }
                    grandchild = inner.pointee.next
                }
            }
            child = element.pointee.next
        }
        return false
    }

    /// libxml2's words on one line and, where they name a safety limit or an option of libxml2's
    /// programming interface (`XML_PARSE_HUGE`), in words a user can act on.
    static func explain(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map { FieldText.trimmed(String($0)) }
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
            message: FieldText.trimmed(text))
    }
}
