/// Recognises an HTML page where a CloudAgent response was expected.
///
/// A proxy, a load balancer or the server's framework answers a fault with an error page
/// ("502 Bad Gateway"); read as XML it would fail on its first `<br>` with words about tags, or,
/// when it happens to be well-formed, pass as a response with odd records. Named for what it is,
/// with its title, the user knows what happened.
enum HTMLPage {
    /// Whether `text` (from its first meaningful byte) begins like an HTML page: `<!DOCTYPE html`
    /// or an `<html` element, in any case.
    static func isPage(_ text: UnsafeRawBufferPointer) -> Bool {
        startsWithWord(text, "<!doctype html") || startsWithWord(text, "<html")
    }

    /// The text of the page's `<title>`, white space collapsed and at most 100 characters, looked
    /// for in the first 64 KB; `nil` when there is none.
    static func title(in text: UnsafeRawBufferPointer) -> String? {
        let head = Array(text.prefix(64 << 10))
        let lowered = head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard let open = find(Array("<title".utf8), in: lowered, from: 0),
            let close = lowered[open...].firstIndex(of: UInt8(ascii: ">")),
            let end = find(Array("</".utf8), in: lowered, from: close + 1)
        else { return nil }
        let words = String(decoding: head[(close + 1)..<end], as: UTF8.self)
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !words.isEmpty else { return nil }
        return words.count > 100 ? String(words.prefix(100)) + "…" : words
    }

    /// Whether `text` begins with `word` (lower-case ASCII) in any case, followed by something that
    /// cannot continue a name (`<htmlx>` is not HTML).
    private static func startsWithWord(_ text: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard text.count >= count else { return false }
        for i in 0..<count {
            let byte = text[i]
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            guard folded == word.utf8Start[i] else { return false }
        }
        guard text.count > count else { return true }
        let next = text[count]
        return next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || next == 0x20 || next == 0x09
            || next == 0x0A || next == 0x0D
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for i in start...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}
