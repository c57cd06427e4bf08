/// A keyed 64-bit hash of text bytes, for the tables filled with texts from the call logs (agent,
/// skill and campaign names, caller numbers): without the key, which is drawn at random once a
/// process, no one can pick texts that fall on one place of a table and make every lookup walk
/// past all the others.
///
/// The mixing is wyhash's (Wang Yi, public domain; Go's maps use it the same way, keyed per
/// process): 64 × 64 → 128-bit products of the bytes and the key, folded. A text of up to 16 bytes,
/// as most are here, costs two multiplications, no more than the unkeyed hash it replaced.
///
/// Used by CallAggregate's `TextSlots` and CallNormalize's `TextInterner`; inlinable, since
/// both call it for every record.
public struct SeededTextHash: Sendable {
    @usableFromInline let seed: UInt64
    @usableFromInline let key0: UInt64
    @usableFromInline let key1: UInt64

    /// The key of this process.
    public static let process: SeededTextHash = {
        var random = SystemRandomNumberGenerator()
        return SeededTextHash(seed: random.next(), key0: random.next(), key1: random.next())
    }()

    @usableFromInline
    init(seed: UInt64, key0: UInt64, key1: UInt64) {
        self.seed = seed
        self.key0 = key0
        self.key1 = key1
    }

    @inlinable
    public func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    @inlinable
    public func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var state = seed
        var a: UInt64 = 0
        var b: UInt64 = 0
        if count <= 16 {
            // Two reads that may overlap: with the length, they still tell every text apart.
            if count >= 8 {
                a = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
                b = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else if count >= 4 {
                a = UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                b = UInt64(bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            } else if count > 0 {
                a = UInt64(bytes[0]) << 16 | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1])
            }
        } else {
            var offset = 0
            while count - offset > 16 {
                state = Self.mix(
                    bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ key0,
                    bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self) ^ state)
                offset += 16
            }
            a = bytes.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
            b = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        let (high, low) = (a ^ key0).multipliedFullWidth(by: b ^ state)
        return Self.mix(low ^ key1 ^ UInt64(count), high ^ key0)
    }

    /// Both halves of the 128-bit product, folded.
    @inlinable @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }
}
