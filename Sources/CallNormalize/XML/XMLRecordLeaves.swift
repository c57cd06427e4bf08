import CallModel

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
    let leaves: UnsafeBufferPointer<XMLLeaf>
    let bytes: UnsafeBufferPointer<UInt8>
    let names: [XMLName]

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
