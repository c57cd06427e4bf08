import CallModel

#if canImport(Glibc)
    import Glibc
#endif

/// Strings made once per distinct spelling and then shared: a table keyed by the bytes, open
/// addressing, a few thousand entries at most (past that, texts are made as usual, so a field
/// that does not repeat cannot make it grow without end). Texts of up to 15 bytes are not kept:
/// Swift stores them inside the string value, with no allocation to save.
///
/// The texts come from outside, so the hash is keyed (``SeededTextHash``): texts crafted to share
/// a place would otherwise make every new one walk past all the kept ones.
struct TextInterner: Sendable {
    private static let capacity = 4096
    private static let maxEntries = 3072
    private var slots: [(hash: UInt64, bytes: [UInt8], text: String)?] = []
    private var entries = 0
    private let hasher = SeededTextHash.process

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15, bytes.count <= 256 else { return String(decoding: bytes, as: UTF8.self) }
        if slots.isEmpty { slots = Array(repeating: nil, count: Self.capacity) }
        let hash = hasher.hash(UnsafeRawBufferPointer(bytes))
        var slot = Int(truncatingIfNeeded: hash) & (Self.capacity - 1)
        while let entry = slots[slot] {
            if entry.hash == hash, entry.bytes.count == bytes.count,
                entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
            {
                return entry.text
            }
            slot = (slot + 1) & (Self.capacity - 1)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if entries < Self.maxEntries {
            slots[slot] = (hash, Array(bytes), text)
            entries += 1
        }
        return text
    }
}
