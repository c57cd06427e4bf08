import CallModel
import Foundation

/// A JSON encoder that writes object members in the order they were encoded.
///
/// Only what metrics need: strings, booleans, numbers, null, arrays and
/// objects (no dates, data or URLs, which would need strategies). Output is
/// indented by two spaces with `"key" : value`, like `JSONEncoder`'s
/// `.prettyPrinted`; slashes are not escaped.
struct OrderedJSONEncoder {
    func encode(_ value: some Encodable) throws -> Data {
        let root = JSONNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        var text = ""
        root.write(into: &text, indent: 0)
        text += "\n"
        return Data(text.utf8)
    }
}

/// One value of the tree being built. A class, because a nested container
/// keeps writing into its node after the parent has moved on.
final class JSONNode {
    enum Kind { case unset, scalar, array, object }

    private(set) var kind = Kind.unset
    /// The JSON text of a scalar.
    private var scalar = ""
    private var elements: [JSONNode] = []
    private var members: [(key: String, node: JSONNode)] = []

    func setScalar(_ json: String) {
        kind = .scalar
        scalar = json
    }

    func becomeArray() {
        if kind != .array {
            kind = .array
            elements = []
        }
    }

    func becomeObject() {
        if kind != .object {
            kind = .object
            members = []
        }
    }

    func appendElement() -> JSONNode {
        let node = JSONNode()
        elements.append(node)
        return node
    }

    var elementCount: Int { elements.count }

    /// The member for `key`; encoding a key twice replaces its value in place.
    func member(_ key: String) -> JSONNode {
        if let existing = members.first(where: { $0.key == key }) {
            existing.node.kind = .unset
            return existing.node
        }
        let node = JSONNode()
        members.append((key, node))
        return node
    }

    func write(into out: inout String, indent: Int) {
        let inner = String(repeating: " ", count: indent + 2)
        let outer = String(repeating: " ", count: indent)
        switch kind {
        case .unset:
            // An encode(to:) that asked for a container and wrote nothing: `{}` as JSONEncoder does.
            out += "{}"
        case .scalar:
            out += scalar
        case .array where elements.isEmpty:
            out += "[]"
        case .array:
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += inner
                element.write(into: &out, indent: indent + 2)
                out += index == elements.count - 1 ? "\n" : ",\n"
            }
            out += outer + "]"
        case .object where members.isEmpty:
            out += "{}"
        case .object:
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += inner + Self.quoted(member.key) + " : "
                member.node.write(into: &out, indent: indent + 2)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += outer + "}"
        }
    }

    /// A JSON string literal, as everywhere callreport writes JSON.
    static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}

// MARK: Encoder plumbing

private struct NodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

/// Turns one value into JSON text in `node`; numbers and strings directly,
/// everything else through its own `encode(to:)`.
private func encodeValue(_ value: some Encodable, into node: JSONNode, codingPath: [any CodingKey]) throws {
    switch value {
    case let text as String: node.setScalar(JSONNode.quoted(text))
    case let flag as Bool: node.setScalar(flag ? "true" : "false")
    case let number as Double: node.setScalar(try jsonNumber(number, codingPath: codingPath))
    case let number as Float: node.setScalar(try jsonNumber(Double(number), codingPath: codingPath))
    case let number as any BinaryInteger: node.setScalar(String(describing: number))
    default: try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
}

/// Swift prints the shortest text that reads back as the same `Double`, so
/// metrics.json round-trips exactly. JSON has no NaN or infinity.
private func jsonNumber(_ value: Double, codingPath: [any CodingKey]) throws -> String {
    guard value.isFinite else {
        throw EncodingError.invalidValue(
            value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) is not valid in JSON"))
    }
    return String(describing: value)
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = String(index)
    }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { nil }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).setScalar("null") }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

    private func put(_ value: some Encodable, _ key: Key) throws {
        try encodeValue(value, into: node.member(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int { node.elementCount }

    mutating func encodeNil() throws { node.appendElement().setScalar("null") }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    private func put(_ value: some Encodable) throws {
        let path = codingPath + [IndexKey(count)]
        try encodeValue(value, into: node.appendElement(), codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.appendElement(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.appendElement(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.appendElement(), codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.setScalar("null") }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    private func put(_ value: some Encodable) throws {
        try encodeValue(value, into: node, codingPath: codingPath)
    }
}
