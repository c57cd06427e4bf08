import CLibXML2
import CallModel
import Foundation

/// Follows the reader's events and recognises records and the envelope.
///
/// The leaves of the open elements and their texts are kept on two stacks, one of leaves and one
/// of bytes: an element's leaves and texts come after its parent's, and are dropped when it
/// closes. Nothing is allocated a record once they have grown to a record's size.
struct TreeWalker {
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
    /// rest, which may pass on a record, apart, so that the record's closure is passed (and
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
