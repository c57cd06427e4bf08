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

/// The open file, read for libxml2 in large blocks. libxml2's own file input (`xmlReaderForFd`)
/// asks the system for 4 KB at a time: a month's response of a gigabyte cost 280,000 `read` calls,
/// a few percent of the whole reading. libxml2 still asks for 4 KB at a time, now served from
/// memory; its parsing is the same, since its file input is the same kind of callback.
private final class FileBlocks {
    private let descriptor: Int32
    private static let capacity = 1 << 20
    private let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    private var start = 0
    private var end = 0

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { buffer.deallocate() }

    /// Copies up to `count` next bytes of the file to `target`: how many, 0 at its end, -1 on a
    /// failed read (as libxml2's `xmlFdRead`).
    func read(into target: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        guard count > 0 else { return 0 }
        if start == end {
            var got: Int
            repeat {
                got = Foundation.read(descriptor, buffer, Self.capacity)
            } while got < 0 && errno == EINTR
            guard got > 0 else { return got < 0 ? -1 : 0 }
            start = 0
            end = got
        }
        let n = min(count, end - start)
        target.update(from: buffer + start, count: n)
        start += n
        return Int32(n)
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

/// An element name, made a Swift string once.
struct XMLName: Sendable {
    var text: String
    /// Whether a record's leaf of this name is needed (see `XMLResponseReader.read(fileDescriptor:…)`).
    var isNeeded: Bool
}

/// A leaf element: its name (an index into the names) and its text, a range of bytes.
struct XMLLeaf: Sendable, BitwiseCopyable {
    var name: Int
    private var start: Int
    private var end: Int

    var text: Range<Int> { start..<end }

    init(name: Int, text: Range<Int>) {
        self.name = name
        start = text.lowerBound
        end = text.upperBound
    }
}

/// One record's leaves, as the reader holds them: bytes, made strings only when asked for. Valid
/// only during the `record` call it is given to (or while its batch is being read).
struct XMLRecordLeaves {
    fileprivate let leaves: UnsafeBufferPointer<XMLLeaf>
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let names: [XMLName]

    /// The record's fields in document order: all of them, or only those of needed names (making
    /// the others' strings is left for a record that is quarantined).
    func fields(onlyNeeded: Bool) -> [RawField] {
        var fields: [RawField] = []
        fields.reserveCapacity(leaves.count)
        for leaf in leaves {
            let name = names[leaf.name]
            guard name.isNeeded || !onlyNeeded else { continue }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[leaf.text]), as: UTF8.self)
            fields.append(RawField(key: name.text, value: .string(text)))
        }
        return fields
    }

    /// The record's needed fields as members for `RecordBuilder.build(members:in:)`, in document
    /// order, and the bytes their ranges index. Texts are strings as libxml2 gives them, with no
    /// escape left; `role` gives the role of a name by its index and text.
    func members(
        into members: inout [MemberBytes], role: (Int, String) -> KeyRole
    ) -> UnsafeRawBufferPointer {
        members.removeAll(keepingCapacity: true)
        for leaf in leaves where names[leaf.name].isNeeded {
            members.append(MemberBytes(role: role(leaf.name, names[leaf.name].text), kind: .string, range: leaf.text))
        }
        return UnsafeRawBufferPointer(bytes)
    }
}

/// Records copied out of the reader in input order, to be built on another thread: every
/// record's texts in one buffer and every leaf in one array, so that a batch of thousands of
/// records is a handful of allocations, reused batch after batch.
struct XMLRecordBatch: Sendable {
    private var leaves: [XMLLeaf] = []
    private var bytes: [UInt8] = []
    /// Each record's end in `leaves`, and its 1-based position in the response.
    private var records: [(end: Int, position: Int)] = []
    private var names: [XMLName] = []

    var count: Int { records.count }

    init(capacity: Int) {
        records.reserveCapacity(capacity)
        leaves.reserveCapacity(capacity * 40)
        bytes.reserveCapacity(capacity * 512)
    }

    mutating func append(_ record: XMLRecordLeaves, position: Int) {
        if let first = record.leaves.first, let last = record.leaves.last {
            let shift = bytes.count - first.text.lowerBound
            bytes.append(
                contentsOf: UnsafeBufferPointer(rebasing: record.bytes[first.text.lowerBound..<last.text.upperBound]))
            for leaf in record.leaves {
                leaves.append(
                    XMLLeaf(name: leaf.name, text: (leaf.text.lowerBound + shift)..<(leaf.text.upperBound + shift)))
            }
        }
        records.append((leaves.count, position))
        // The reader's names only grow: the latest list names every leaf so far.
        if record.names.count != names.count { names = record.names }
    }

    /// Calls `body` with each record and its position, in input order.
    func forEach(_ body: (XMLRecordLeaves, Int) throws -> Void) rethrows {
        try leaves.withUnsafeBufferPointer { leaves in
            try bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for (end, position) in records {
                    try body(
                        XMLRecordLeaves(
                            leaves: UnsafeBufferPointer(rebasing: leaves[start..<end]), bytes: bytes, names: names),
                        position)
                    start = end
                }
            }
        }
    }

    /// Empties the batch, keeping its storage for the next.
    mutating func removeAll() {
        leaves.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
    }
}

/// Follows the reader's events and recognises records and the envelope.
///
/// The leaves of the open elements and their texts are kept on two stacks, one of leaves and one
/// of bytes: an element's leaves and texts come after its parent's, and are dropped when it
/// closes. Nothing is allocated a record once they have grown to a record's size.
private struct TreeWalker {
    /// An element still open.
    private struct Frame {
        var name: Int
        var depth: Int
        /// Where this element's leaves start in `leaves`, and its text (or its leaves' texts) in `bytes`.
        var leafStart: Int
        var textStart: Int
        var hasChildElement = false
        var hasNonLeafChild = false
    }

    private let stack = PlainStack<Frame>(capacity: 16)
    private let leaves = PlainStack<XMLLeaf>(capacity: 64)
    private let bytes = PlainStack<UInt8>(capacity: 2048)
    /// Element names by the address libxml2 gives them: the reader keeps names in its own
    /// dictionary, one address a distinct name, so each becomes a Swift string once, not once a
    /// record (a month repeats the same few dozen names millions of times).
    private var nameIndex: [UnsafePointer<xmlChar>?: Int] = [:]
    /// By depth, the address and name of the previous element at each place among its parent's
    /// children: records list the same names in the same order, and comparing two addresses is
    /// cheaper than hashing one.
    private var recent: [[(address: UnsafePointer<xmlChar>?, name: Int)]] = []
    private var names: [XMLName] = []
    /// The address of each name, by its index.
    private var addresses: [UnsafePointer<xmlChar>?] = []
    /// Where the latest record closed (the number of elements then open) and its name, until the
    /// next element opens or another closes: `level` is -1 otherwise.
    private var recordSibling = (level: -1, name: 0)
    private let isNeeded: ((String) -> Bool)?
    private var position = 0
    private var rootLeaves: [RawField] = []
    /// The root element is `<html>`: an error page, not a response.
    private(set) var isHTML = false

    init(isNeeded: ((String) -> Bool)?) {
        self.isNeeded = isNeeded
    }

    func envelope(source: String) throws(NormalizeError) -> ResponseEnvelope {
        var status: String?
        var message: ResponseEnvelope.Message = position > 0 ? .records : .absent
        var seen: Set<String> = []
        for leaf in rootLeaves {
            guard case .string(let text) = leaf.value else { continue }
            let key = FieldText.normalizedKey(leaf.key)
            guard key == "status" || key == "message" else { continue }
            // As in JSON: which of two would count is anyone's guess, so neither does.
            guard seen.insert(key).inserted else {
                throw .notAResponse("it has two \"\(key)\" elements, so what it says is ambiguous.", source: source)
            }
            if key == "status" { status = text } else if position == 0 { message = .text(text) }
        }
        return ResponseEnvelope(status: status, message: message)
    }

    /// Follows the reader's node.
    mutating func visit(_ reader: xmlTextReaderPtr, type: Int32, record: (XMLRecordLeaves, Int) throws -> Void) throws {
        switch UInt32(type) {
        case XML_READER_TYPE_ELEMENT.rawValue:
            try start(
                nameAddress: xmlTextReaderConstLocalName(reader), depth: Int(xmlTextReaderDepth(reader)),
                // `<Comments/>` has no end event.
                isEmpty: xmlTextReaderIsEmptyElement(reader) == 1, record: record)
        case XML_READER_TYPE_END_ELEMENT.rawValue:
            try end(record: record)
        case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue,
            XML_READER_TYPE_WHITESPACE.rawValue, XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue:
            guard takesText, let value = xmlTextReaderConstValue(reader) else { return }
            text(value, count: strlen(value))
        case XML_READER_TYPE_ENTITY_REFERENCE.rawValue:
            guard takesText else { return }
            entity(xmlTextReaderConstName(reader))
        default:
            break
        }
    }

    /// Follows `top`, an element the reader has expanded at `depth`, and its subtree, giving the
    /// walker the events the reader would have given node by node: the same names (an element's
    /// `name` is the address `xmlTextReaderConstLocalName` gives, prefixed or not), the same texts;
    /// comments and processing instructions are passed over as `visit` passes them over, and an
    /// entity reference is not entered (its children are the entity's declaration). Returns whether
    /// `top` was held whole as more than a record: it has an element child with element children.
    @inline(__always)
    mutating func walk(_ top: xmlNodePtr, depth: Int, record: (XMLRecordLeaves, Int) throws -> Void) throws -> Bool {
        try start(nameAddress: top.pointee.name, depth: depth, isEmpty: false, record: record)
        // The element whose children are being followed, its depth, and the next of them.
        var parent = top
        var level = depth
        var next = top.pointee.children
        var isDeep = false
        while true {
            guard let node = next else {
                try end(record: record)
                if parent == top { return isDeep }
                next = parent.pointee.next
                guard let up = parent.pointee.parent else { return isDeep }
                parent = up
                level -= 1
                continue
            }
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                if level > depth { isDeep = true }
                try start(nameAddress: node.pointee.name, depth: level + 1, isEmpty: false, record: record)
                if let child = node.pointee.children {
                    parent = node
                    level += 1
                    next = child
                    continue
                }
                try end(record: record)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if takesText, let value = node.pointee.content { text(value, count: strlen(value)) }
            case XML_ENTITY_REF_NODE:
                if takesText { entity(node.pointee.name) }
            default:
                break
            }
            next = node.pointee.next
        }
    }

    /// Whether an element named at `address` here would likely be a record: the element before it
    /// among its parent's children closed as one, under that name.
    func expectsRecord(named address: UnsafePointer<xmlChar>?) -> Bool {
        recordSibling.level == stack.count && addresses[recordSibling.name] == address
    }

    /// Whether a text here is kept: only a leaf's text is a value; white space between records is not kept.
    private var takesText: Bool {
        guard let last = stack.last else { return false }
        return !last.hasChildElement
    }

    /// An element opens.
    private mutating func start(
        nameAddress: UnsafePointer<xmlChar>?, depth: Int, isEmpty: Bool, record: (XMLRecordLeaves, Int) throws -> Void
    ) throws {
        if stack.count > 0 {
            let top = stack.count - 1
            if !stack[top].hasChildElement {
                // Not a leaf after all: its text so far is no value.
                stack[top].hasChildElement = true
                bytes.cut(to: stack[top].textStart)
            }
        }
        recordSibling.level = -1
        let name = self.name(at: nameAddress, depth: stack.count, place: leaves.count - (stack.last?.leafStart ?? 0))
        if stack.count == 0 && names[name].text.lowercased() == "html" { isHTML = true }
        stack.append(Frame(name: name, depth: depth, leafStart: leaves.count, textStart: bytes.count))
        if isEmpty { try end(record: record) }
    }

    /// A leaf's text, `count` bytes at `value`.
    private mutating func text(_ value: UnsafePointer<xmlChar>, count: Int) {
        bytes.append(value, count: count)
    }

    /// A reference to an entity of the document's own DTD, deliberately not expanded: kept as
    /// written so that nothing is lost silently.
    private mutating func entity(_ name: UnsafePointer<xmlChar>?) {
        bytes.append(UInt8(ascii: "&"))
        if let name {
            bytes.append(name, count: strlen(name))
        }
        bytes.append(UInt8(ascii: ";"))
    }

    /// The name at `address`, for an element at `depth` that follows `place` leaves of its parent.
    private mutating func name(at address: UnsafePointer<xmlChar>?, depth: Int, place: Int) -> Int {
        if depth < recent.count, place < recent[depth].count, recent[depth][place].address == address {
            return recent[depth][place].name
        }
        let index: Int
        if let known = nameIndex[address] {
            index = known
        } else {
            let text = address.map { String(cString: $0) } ?? ""
            names.append(XMLName(text: text, isNeeded: isNeeded?(text) ?? true))
            addresses.append(address)
            index = names.count - 1
            nameIndex[address] = index
        }
        while recent.count <= depth { recent.append([]) }
        if place < recent[depth].count {
            recent[depth][place] = (address, index)
        } else if place == recent[depth].count {
            recent[depth].append((address, index))
        }
        return index
    }

    /// The open element closes. A leaf below the root, thirty times a record, is closed here; the
    /// rest, which may hand on a record, apart, so that the record's closure is passed (and
    /// retained) once a record, not once a leaf.
    @inline(__always)
    private mutating func end(record: (XMLRecordLeaves, Int) throws -> Void) throws {
        let top = stack.count - 1
        guard top >= 1, !stack[top].hasChildElement else { return try endElement(record: record) }
        let frame = stack.removeLast()
        recordSibling.level = -1
        // A container's leaves are kept only while it may still be a record (or is the root).
        let parent = top - 1
        if !stack[parent].hasNonLeafChild || stack[parent].depth == 0 {
            leaves.append(XMLLeaf(name: frame.name, text: frame.textStart..<bytes.count))
        } else {
            bytes.cut(to: frame.textStart)
        }
    }

    /// The open element closes, not a leaf below the root (see `end`).
    @inline(never)
    private mutating func endElement(record: (XMLRecordLeaves, Int) throws -> Void) throws {
        guard let frame = stack.popLast() else { return }
        let isLeaf = !frame.hasChildElement
        recordSibling.level = -1
        if frame.depth == 0 {
            rootLeaves = withLeaves(from: frame.leafStart) { $0.fields(onlyNeeded: false) }
        } else if !isLeaf && !frame.hasNonLeafChild {
            position += 1
            try withLeaves(from: frame.leafStart) { try record($0, position) }
            recordSibling = (stack.count, frame.name)
        }
        let parent = stack.count - 1
        guard parent >= 0 else { return }
        if isLeaf {
            // A container's leaves are kept only while it may still be a record (or is the root).
            if !stack[parent].hasNonLeafChild || stack[parent].depth == 0 {
                leaves.append(XMLLeaf(name: frame.name, text: frame.textStart..<bytes.count))
            } else {
                bytes.cut(to: frame.textStart)
            }
        } else {
            leaves.cut(to: frame.leafStart)
            bytes.cut(to: frame.textStart)
            stack[parent].hasNonLeafChild = true
            if stack[parent].depth != 0 {
                leaves.cut(to: stack[parent].leafStart)
                bytes.cut(to: stack[parent].textStart)
            }
        }
    }

    private func withLeaves<T>(from start: Int, _ body: (XMLRecordLeaves) throws -> T) rethrows -> T {
        try body(
            XMLRecordLeaves(
                leaves: UnsafeBufferPointer(rebasing: leaves.all[start...]), bytes: bytes.all, names: names))
    }
}

/// A growable stack of plain values in memory of its own: the walker pushes a leaf's text and cuts
/// the stack back about a hundred times a record, and an `Array` checks its uniqueness at each step
/// (its open elements too, pushed and popped thirty times a record).
private final class PlainStack<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    /// The values, valid until the next push.
    var all: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func append(_ element: Element) {
        reserve(1)
        (base + count).initialize(to: element)
        count += 1
    }

    func append(_ elements: UnsafePointer<Element>, count added: Int) {
        reserve(added)
        (base + count).initialize(from: elements, count: added)
        count += added
    }

    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    var last: Element? { count > 0 ? base[count - 1] : nil }

    func removeLast() -> Element {
        count -= 1
        return base[count]
    }

    func popLast() -> Element? { count > 0 ? removeLast() : nil }

    /// Drops the values from `newCount` on (plain values need no deinitialization).
    func cut(to newCount: Int) { count = min(count, newCount) }

    private func reserve(_ added: Int) {
        guard count + added > capacity else { return }
        capacity = max(2 * capacity, count + added)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
    }
}
