import CFastPaths
import CallModel

#if canImport(Glibc)
    import Glibc
#endif

/// Walks JSON bytes and yields records' members: the list's walker, the record reader and the
/// whole-document reader all walk with it.
///
/// It keeps what Foundation's decoding loses: the written order of keys and the exact text of
/// numbers (a UCID such as 48712345678912345678 exceeds 2^53).
///
/// Foundation has not always seen the bytes first. The streaming reader (`JSONStreamReader`)
/// walks the list of calls with it before any check, and Foundation checks each batch of records
/// (and the envelope) only afterwards, on the building threads; a record is read here again only
/// once Foundation has accepted it, and the whole-document reader (`JSONResponseReader`) gives it
/// a document Foundation has accepted whole. So it checks every byte it relies on (strings,
/// escapes, numbers, brackets), and an unexpected shape ends in a `NormalizeError`, never in a
/// crash; what it does not check (UTF-8, nesting depth) Foundation or `JSONTextCheck` does before
/// any record is passed on.
struct JSONRecordScanner {
    let bytes: UnsafeRawBufferPointer
    private let source: String
    var index = 0

    init(bytes: UnsafeRawBufferPointer, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// Calls `body` with each record's fields and its 1-based position in the list of calls:
    /// the top-level array, or the first `message` member holding records in any of the shapes
    /// of ``MessageShape``.
    mutating func forEachRecord(_ body: ([RawField], Int) throws -> Void) throws {
        skipWhitespace()
        if peek == UInt8(ascii: "[") { return try forEachElement(.list, body) }
        var foundList = false
        try forEachMember { scanner, key in
            if !foundList, key == "message", let shape = MessageShape(at: scanner) {
                foundList = true
                try scanner.forEachElement(shape, body)
            } else {
                try scanner.skipValue()
            }
        }
    }

    // MARK: - Structure

    private mutating func forEachElement(_ shape: MessageShape, _ body: ([RawField], Int) throws -> Void) throws {
        if shape == .oneRecord { return try body(try object(), 1) }
        let closing = shape == .list ? UInt8(ascii: "]") : UInt8(ascii: "}")
        try expect(shape == .list ? UInt8(ascii: "[") : UInt8(ascii: "{"))
        var position = 0
        skipWhitespace()
        if peek == closing {
            index += 1
            return
        }
        while true {
            position += 1
            skipWhitespace()
            if shape == .objectOfObjects {
                _ = try stringRange()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
            }
            guard peek == UInt8(ascii: "{") else { throw NormalizeError.notARecord(position: position, source: source) }
            try body(try object(), position)
            guard try separator(closing: closing) else { return }
        }
    }

    /// The members of an object, in written order.
    mutating func object() throws -> [RawField] {
        var fields: [RawField] = []
        try forEachMember { scanner, key in
            fields.append(RawField(key: key, value: try scanner.value()))
        }
        return fields
    }

    /// The members of an object whose keys have a role (`role(key)` is not `.other`), in written
    /// order; the values of the others are skipped without being read.
    mutating func object(keys: inout JSONKeyCache, role: (String) -> KeyRole) throws -> [RawField] {
        var fields: [RawField] = []
        fields.reserveCapacity(keys.count)
        try forEachNeededMember(keys: &keys, role: role) { scanner, key, _ in
            fields.append(RawField(key: key, value: try scanner.value()))
        }
        return fields
    }

    /// Where the members of an object with a role are, without reading their values, appended to
    /// `members`: what `RecordBuilder.build(members:in:)` makes a record of. `false`, with
    /// `members` incomplete, when a member needs more than its bytes to be read (an escape in a
    /// string, a `true` or `false`, a nested value) or anything is out of the ordinary, faults
    /// included: the caller reads the object with `object(keys:role:)` then, which meets the same
    /// bytes in the same order and so throws what a walk of them throws.
    ///
    /// When it returns `true`, the object holds nothing `skipValue` refuses, and `index` is where
    /// `skipValue` would leave it: the list's walker relies on that (a seeded test holds to it).
    ///
    /// One tight loop over the bytes, with no call per key, colon or comma: it runs for every
    /// member of every record (some forty a record), where the general walk cost three times as
    /// much. Values whose key has no role are skipped as the general walk skips them.
    mutating func members(
        keys: inout JSONKeyCache, role: (String) -> KeyRole, into members: inout [MemberBytes]
    ) throws -> Bool {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        let longest = NormalizeError.maxTextLength
        var i = index
        func skipSpace() {
            while i < end, Self.isWhitespace(base[i]) { i += 1 }
        }
        guard i < end, base[i] == UInt8(ascii: "{") else { return false }
        i += 1
        skipSpace()
        if i < end, base[i] == UInt8(ascii: "}") {
            index = i + 1
            return true
        }
        var position = 0
        while true {
            skipSpace()
            guard i < end, base[i] == UInt8(ascii: "\"") else { return false }
            let keyStart = i + 1
            let keyEnd = Self.plainTextEnd(base, from: keyStart, count: end)
            guard keyEnd < end, base[keyEnd] == UInt8(ascii: "\""), keyEnd - keyStart <= longest else { return false }
            let keyRole: KeyRole
            if let known = keys.role(at: position, matching: base + keyStart, count: keyEnd - keyStart) {
                keyRole = known
            } else {
                let written = UnsafeRawBufferPointer(start: base + keyStart, count: keyEnd - keyStart)
                let key = String(decoding: written, as: UTF8.self)
                keyRole = role(key)
                keys.store(key, role: keyRole, bytes: written, at: position)
            }
            i = keyEnd + 1
            skipSpace()
            guard i < end, base[i] == UInt8(ascii: ":") else { return false }
            i += 1
            skipSpace()
            guard i < end else { return false }
            let first = base[i]
            if first == UInt8(ascii: "\"") {
                let valueEnd = Self.plainTextEnd(base, from: i + 1, count: end)
                if valueEnd < end, base[valueEnd] == UInt8(ascii: "\""), valueEnd - i - 1 <= longest {
                    if keyRole != .other {
                        members.append(MemberBytes(role: keyRole, kind: .string, range: i + 1..<valueEnd))
                    }
                    i = valueEnd + 1
                } else if keyRole == .other {
                    index = i
                    try skipValue()
                    i = index
                } else {
                    return false
                }
            } else if first == UInt8(ascii: "-") || first &- 0x30 < 10 {
                guard let numberEnd = Self.numberEnd(base, from: i, count: end) else { return false }
                if keyRole != .other { members.append(MemberBytes(role: keyRole, kind: .number, range: i..<numberEnd)) }
                i = numberEnd
            } else if keyRole == .other {
                index = i
                try skipValue()
                i = index
            } else if first == UInt8(ascii: "n"), i + 4 <= end, base[i + 1] == UInt8(ascii: "u"),
                base[i + 2] == UInt8(ascii: "l"), base[i + 3] == UInt8(ascii: "l")
            {
                members.append(MemberBytes(role: keyRole, kind: .null, range: i..<i + 4))
                i += 4
            } else {
                return false
            }
            position += 1
            skipSpace()
            guard i < end else { return false }
            if base[i] == UInt8(ascii: ",") {
                i += 1
            } else if base[i] == UInt8(ascii: "}") {
                index = i + 1
                return true
            } else {
                return false
            }
        }
    }

    /// Calls `member` for each member of the object at `index` whose key has a role, with the key
    /// and its role; `member` must consume the value. The values of the others are skipped.
    ///
    /// Keys come from `keys` when the bytes match the key at the same place in the previous record
    /// (records of a response repeat one layout), so neither a key string nor the question of its
    /// role is made again for each record.
    private mutating func forEachNeededMember(
        keys: inout JSONKeyCache, role: (String) -> KeyRole,
        _ member: (inout JSONRecordScanner, String, KeyRole) throws -> Void
    ) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return
        }
        var position = 0
        while true {
            skipWhitespace()
            let (range, hasEscape) = try stringRange()
            let written = UnsafeRawBufferPointer(rebasing: bytes[range])
            var key = ""
            let keyRole: KeyRole
            if !hasEscape, let known = keys.entry(at: position, matching: written) {
                (key, keyRole) = known
            } else {
                key =
                    hasEscape
                    ? String(decoding: Self.unescape(written), as: UTF8.self) : String(decoding: written, as: UTF8.self)
                keyRole = role(key)
                if !hasEscape { keys.store(key, role: keyRole, bytes: written, at: position) }
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            if keyRole != .other {
                try member(&self, key, keyRole)
            } else {
                try skipValue()
            }
            position += 1
            guard try separator(closing: UInt8(ascii: "}")) else { return }
        }
    }

    /// Reads `{ "key": value, … }`, handing each key to `member`, which must consume the value.
    mutating func forEachMember(_ member: (inout JSONRecordScanner, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try member(&self, key)
            guard try separator(closing: UInt8(ascii: "}")) else { return }
        }
    }

    /// After a member or element: `true` on a comma, `false` on the closing bracket.
    mutating func separator(closing: UInt8) throws -> Bool {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: ","):
            index += 1
            return true
        case closing:
            index += 1
            return false
        default:
            throw unexpected()
        }
    }

    // MARK: - Values

    private mutating func value() throws -> RawValue {
        guard let byte = peek else { throw unexpected() }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = index
            try skipValue()
            return .nested(compact(start..<index))
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try numberText())
        default:
            throw unexpected()
        }
    }

    mutating func skipValue() throws {
        switch peek {
        case UInt8(ascii: "\""):
            _ = try stringRange()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer()
        case nil:
            throw unexpected()
        case .some(UInt8(ascii: "-")), .some(UInt8(ascii: "0")...UInt8(ascii: "9")):
            try skipNumber()
        default:
            while let byte = peek, !Self.endsScalar(byte) { index += 1 }
        }
    }

    /// Skips the object or array at `index`, strings and escapes respected. A tight loop over raw
    /// bytes: the streaming reader runs it over every byte of a response, on the one thread that
    /// everything else waits for.
    private mutating func skipContainer() throws {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        var i = index
        var depth = 0
        while i < end {
            switch base[i] {
            case UInt8(ascii: "\""):
                i += 1
                while true {
                    i = Self.plainTextEnd(base, from: i, count: end)
                    guard i < end, base[i] != UInt8(ascii: "\"") else { break }
                    if base[i] == UInt8(ascii: "\\") {
                        guard let length = Self.escapeLength(base, at: i, count: end) else {
                            index = i
                            throw badEscape()
                        }
                        i += length
                    } else {
                        index = i
                        throw rawControl()
                    }
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                // Foundation's decoder takes `[1,]` and `{"a":1,}`; JSON does not. The byte before
                // a closing bracket, white space aside, is outside any string. Found by FuzzJSON.
                var previous = i - 1
                while Self.isWhitespace(base[previous]) { previous -= 1 }
                if base[previous] == UInt8(ascii: ",") {
                    index = i
                    throw NormalizeError.malformedJSON("a comma before a closing bracket", offset: i, source: source)
                }
                depth -= 1
                if depth == 0 {
                    index = i + 1
                    return
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let next = Self.numberEnd(base, from: i, count: end) else {
                    index = i
                    throw malformedNumber()
                }
                i = next
                continue
            default:
                break
            }
            i += 1
        }
        index = end
        throw unexpected()
    }

    private mutating func numberText() throws -> String {
        let start = index
        try skipNumber()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    mutating func skipNumber() throws {
        guard
            let end = Self.numberEnd(
                bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), from: index, count: bytes.count)
        else { throw malformedNumber() }
        index = end
    }

    /// The end of the number at `start` by JSON's grammar (`-? (0 | [1-9][0-9]*) (.[0-9]+)?
    /// ([eE][+-]?[0-9]+)?`, then a byte that ends it), or `nil` when the bytes there are not one.
    ///
    /// Foundation's decoder checks a number only when it decodes it, and the check of a record
    /// decodes nothing: `1-2`, `1e`, `01` passed it. Found by FuzzJSON, as `[1-2]` in a nested
    /// value, written as received to quarantine.jsonl, where it was no longer JSON.
    private static func numberEnd(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        var i = start
        func digits() -> Bool {
            let first = i
            while i < count, base[i] &- 0x30 < 10 { i += 1 }
            return i > first
        }
        if i < count, base[i] == UInt8(ascii: "-") { i += 1 }
        if i < count, base[i] == UInt8(ascii: "0") {
            i += 1
        } else if !digits() {
            return nil
        }
        if i < count, base[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() else { return nil }
        }
        if i < count, base[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < count, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() else { return nil }
        }
        guard i == count || endsScalar(base[i]) else { return nil }
        return i
    }

    private func malformedNumber() -> NormalizeError {
        .malformedJSON("a number that is not JSON", offset: index, source: source)
    }

    mutating func literal(_ word: StaticString) throws {
        let end = index + word.utf8CodeUnitCount
        guard end <= bytes.count,
            UnsafeRawBufferPointer(rebasing: bytes[index..<end]).elementsEqual(
                UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        else { throw unexpected() }
        index = end
    }

    // MARK: - Strings

    private mutating func string() throws -> String {
        let (range, hasEscape) = try stringRange()
        let content = UnsafeRawBufferPointer(rebasing: bytes[range])
        // Most strings have no escape and are taken as they are; PHP escapes `/` and non-ASCII
        // letters (`\u0930`), so the other path is common too.
        return hasEscape
            ? String(decoding: Self.unescape(content), as: UTF8.self)
            : String(decoding: content, as: UTF8.self)
    }

    /// The content of the string at `index` (quotes excluded); leaves `index` after its closing quote.
    mutating func stringRange() throws -> (Range<Int>, hasEscape: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = index
        var hasEscape = false
        while index < bytes.count {
            index = Self.plainTextEnd(base(), from: index, count: bytes.count)
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                guard index - 1 - start <= NormalizeError.maxTextLength else {
                    throw NormalizeError.textTooLong(offset: start - 1, source: source)
                }
                return (start..<index - 1, hasEscape)
            case UInt8(ascii: "\\"):
                hasEscape = true
                guard let length = Self.escapeLength(base(), at: index, count: bytes.count) else {
                    throw badEscape()
                }
                index += length
            case 0x00..<0x20:
                throw rawControl()
            default:
                index += 1
            }
        }
        throw unexpected()
    }

    /// The first place from `i` on that holds a quote, a backslash or a control character (or
    /// `count`): the end of a run of string content that needs no attention. Sixteen bytes at a
    /// time with the processor's vector instructions (in C: Swift has no portable way to ask for
    /// them), since strings are most of a response's bytes.
    static func plainTextEnd(_ base: UnsafePointer<UInt8>, from i: Int, count: Int) -> Int {
        callreport_plain_text_end(base, i, count)
    }

    /// The length of the escape at `i` (a backslash): 2, or 6 for `\uXXXX`; `nil` when JSON has
    /// no such escape.
    private static func escapeLength(_ base: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int? {
        guard i + 1 < count else { return nil }
        switch base[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return 2
        case UInt8(ascii: "u"):
            guard i + 6 <= count else { return nil }
            for j in i + 2..<i + 6 {
                let byte = base[j]
                guard byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6 else { return nil }
            }
            return 6
        default:
            return nil
        }
    }

    private func base() -> UnsafePointer<UInt8> { bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) }

    /// Foundation checks a string only when it decodes it, and the check of a record decodes
    /// nothing; the text check lets tab, LF and CR through, which are white space outside strings.
    /// Found by FuzzJSON: a raw line break inside a string of a nested value reached
    /// quarantine.jsonl as written and split its line.
    private func rawControl() -> NormalizeError {
        .malformedJSON(
            "an unescaped control character (byte 0x\(String(bytes[index], radix: 16))) in a string", offset: index,
            source: source)
    }

    private func badEscape() -> NormalizeError {
        .malformedJSON("an escape that JSON does not have", offset: index, source: source)
    }

    /// Resolves JSON escapes; a lone surrogate becomes U+FFFD rather than an error.
    private static func unescape(_ content: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var i = 0
        func hex4(at position: Int) -> UInt32? {
            guard position + 4 <= content.count else { return nil }
            var value: UInt32 = 0
            for byte in content[position..<position + 4] {
                guard let digit = Digits.hexValue(byte) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while i < content.count {
            let byte = content[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < content.count else {
                out.append(byte)
                i += 1
                continue
            }
            let escaped = content[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4(at: i) else {
                    out.append(contentsOf: [UInt8(ascii: "\\"), escaped])
                    continue
                }
                i += 4
                if (0xD800...0xDBFF).contains(code), i + 6 <= content.count,
                    content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u"),
                    let low = hex4(at: i + 2), (0xDC00...0xDFFF).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                UTF8.encode(scalar) { out.append($0) }
            default:
                out.append(escaped)  // `\"`, `\\`, `\/`
            }
        }
        return out
    }


    // MARK: - Bytes

    /// A nested value as compact JSON: white space outside strings removed, everything else as written.
    private func compact(_ range: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var inString = false
        var escaped = false
        for byte in bytes[range] {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if Self.isWhitespace(byte) {
                continue
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else { throw unexpected() }
        index += 1
    }

    mutating func skipWhitespace() {
        while let byte = peek, Self.isWhitespace(byte) { index += 1 }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Bytes that end a number or literal.
    private static func endsScalar(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
    }

    func unexpected() -> NormalizeError {
        let found = peek.map { "byte 0x" + String($0, radix: 16) } ?? "end of the text"
        return .malformedJSON("unexpected \(found)", offset: index, source: source)
    }
}
