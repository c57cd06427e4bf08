import CFastPaths

/// Checks JSON text for what Foundation's decoder lets through when it decodes no string: bytes
/// that are not UTF-8, and raw control characters, which JSON allows only escaped (`\u0000`).
///
/// A raw tab, line feed or carriage return is let through: outside strings it is white space, and
/// inside one it is harmless, so a server that forgets to escape it is not punished.
enum JSONTextCheck {
    /// The offset and a description of the first fault, or `nil` when the text is clean.
    static func firstFault(in text: UnsafeRawBufferPointer) -> (offset: Int, detail: String)? {
        let count = text.count
        guard let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var i = 0
        while i < count {
            // Runs of printable ASCII, the usual case, skipped sixteen bytes at a time.
            i = callreport_printable_ascii_end(base, i, count)
            guard i < count else { break }
            let byte = base[i]
            if byte < 0x20 {
                guard byte == 0x09 || byte == 0x0A || byte == 0x0D else {
                    return (i, "an unescaped control character (byte 0x\(hex(byte)))")
                }
                i += 1
            } else if byte < 0x80 {
                i += 1
            } else {
                let length = sequenceLength(base, at: i, count: count)
                guard length > 0 else { return (i, "a byte that is not UTF-8 (0x\(hex(byte)))") }
                i += length
            }
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or 0.
    private static func sequenceLength(_ base: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int {
        let lead = base[i]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return 0
        }
        guard i + length <= count, (lower...upper).contains(base[i + 1]) else { return 0 }
        for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    private static func hex(_ byte: UInt8) -> String {
        (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
