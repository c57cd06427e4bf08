import CFastPaths

/// Every way a secret (the API key, a password, a token) can be written in a response, a page or
/// a message, and the one rule that masks them (SPEC §7, "secrets in every form"): the archive's
/// masker, the messages' masker and the normalizer all use it.
///
/// The forms, each replaced by ``marker`` wherever it appears, in any field or position:
/// - raw: the secret's UTF-8 bytes;
/// - percent-encoded: every byte but RFC 3986's unreserved ones as `%XX`, in upper and in lower
///   case hex, with a space as `%20` or as `+` (a form), with `/` encoded or left as it is, and
///   with `-._~` encoded too (encoders differ on those);
/// - JSON-escaped as PHP writes it: `/` as `\/`, and each character outside ASCII (and each
///   control character) as `\uXXXX` in lower or upper case hex, surrogate pairs beyond the BMP;
/// - base64, standard and URL-safe alphabets, at each of the three alignments the secret can
///   have inside a longer base64 text: the run of characters that the secret's bytes alone decide
///   (the characters that also hold bits of a neighbour are left out, so the form matches
///   whatever surrounds it);
/// - each of these with its `/` written `\/`, as it stands inside a JSON string PHP wrote (a
///   base64 token or a URL quoted in a field); the reader gives the `/` back.
///
/// A form shorter than ``minimumLength`` is not searched for: it would match ordinary data (an
/// empty or very short secret masks nothing). The marker `***` is kept for every kind of text: it
/// is valid inside a JSON string, an XML text, a URL and a message alike, and it is not base64,
/// so it is never taken for part of a key.
public struct SecretForms: Sendable, Equatable {
    /// What replaces a form.
    public static let marker: [UInt8] = Array("***".utf8)
    /// Shorter forms are not searched for.
    public static let minimumLength = 8

    /// The distinct forms, longest first (so that a form holding another is replaced whole).
    public let forms: [[UInt8]]
    /// All the forms searched for at once, for ``occurs(in:)``; `nil` when there is none.
    private let search: FormSearch?

    /// The forms of every secret given (empty or short ones add none).
    public init(secrets: [String]) {
        var all: Set<[UInt8]> = []
        for secret in secrets where !secret.isEmpty {
            for form in Self.forms(of: secret) where form.count >= Self.minimumLength { all.insert(form) }
        }
        forms = all.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        search = FormSearch(forms)
    }

    /// The same forms: the search is made from them.
    public static func == (a: SecretForms, b: SecretForms) -> Bool { a.forms == b.forms }

    public init(_ secret: String) { self.init(secrets: [secret]) }

    /// No form to look for.
    public var isEmpty: Bool { forms.isEmpty }

    /// The length of the longest form: what a streaming masker holds back between chunks.
    public var longest: Int { forms.first?.count ?? 0 }

    // MARK: - Finding and masking

    /// Whether any form occurs in `bytes`: one pass for all the forms (``FormSearch``), so a clean
    /// file costs about as much as reading it once, however many forms the secrets have.
    public func occurs(in bytes: UnsafeRawBufferPointer) -> Bool {
        search?.occurs(in: bytes) ?? false
    }

    /// Calls `found` with the start and length of each occurrence of a form in `bytes`, in order,
    /// not overlapping (at one start, the longest form), for those starting before `before`.
    ///
    /// Each form's next occurrence is searched for once and kept until passed, so a text with
    /// many occurrences is still a few `memmem` passes, not one a match.
    func forEachMatch(in bytes: UnsafeRawBufferPointer, before: Int, _ found: (Int, Int) -> Void) {
        guard let base = bytes.baseAddress, !forms.isEmpty else { return }
        var next = [Int](repeating: -1, count: forms.count)
        var index = 0
        while true {
            var best: (start: Int, length: Int)?
            for (i, form) in forms.enumerated() {
                if next[i] < index, next[i] != Int.max {
                    let found =
                        bytes.count - index < form.count
                        ? nil
                        : form.withUnsafeBytes {
                            callreport_memmem(base + index, bytes.count - index, $0.baseAddress!, form.count)
                        }
                    next[i] = found.map { $0 - UnsafeRawPointer(base) } ?? Int.max
                }
                // Forms come longest first: an equal start keeps the longer one.
                if next[i] != Int.max, best == nil || next[i] < best!.start { best = (next[i], form.count) }
            }
            guard let match = best, match.start < before else { return }
            found(match.start, match.length)
            index = match.start + match.length
        }
    }

    /// `bytes` with every form replaced by the marker.
    public func masked(_ bytes: [UInt8]) -> [UInt8] {
        guard !forms.isEmpty else { return bytes }
        var output: [UInt8] = []
        var masker = SecretMasker(self)
        masker.feed(bytes, into: &output)
        masker.finish(into: &output)
        return output
    }

    /// `text` with every form replaced by the marker.
    public func masked(_ text: String) -> String {
        guard !forms.isEmpty else { return text }
        return String(decoding: masked(Array(text.utf8)), as: UTF8.self)
    }

    // MARK: - The forms

    static func forms(of secret: String) -> [[UInt8]] {
        let raw = Array(secret.utf8)
        var forms: [[UInt8]] = [raw]
        for upper in [true, false] {
            for plusForSpace in [false, true] {
                for keepSlash in [false, true] {
                    forms.append(percentEncoded(raw, upper: upper, plusForSpace: plusForSpace, keepSlash: keepSlash))
                }
                forms.append(percentEncoded(raw, upper: upper, plusForSpace: plusForSpace, onlyAlphanumerics: true))
            }
            forms.append(jsonEscaped(secret, upper: upper))
        }
        for alphabet in [standardAlphabet, urlSafeAlphabet] {
            for alignment in 0..<3 { forms.append(base64Core(raw, alignment: alignment, alphabet: alphabet)) }
        }
        // Any of them inside a JSON string as PHP writes it: a base64 or URL text's `/` as `\/`.
        for form in forms where form.contains(UInt8(ascii: "/")) {
            forms.append(form.flatMap { $0 == UInt8(ascii: "/") ? [UInt8(ascii: "\\"), $0] : [$0] })
        }
        return forms
    }

    private static let hexUpper = Array("0123456789ABCDEF".utf8)
    private static let hexLower = Array("0123456789abcdef".utf8)

    /// `onlyAlphanumerics`: the strictest encoders encode `-._~` too.
    static func percentEncoded(
        _ raw: [UInt8], upper: Bool, plusForSpace: Bool, keepSlash: Bool = false, onlyAlphanumerics: Bool = false
    ) -> [UInt8] {
        let hex = upper ? hexUpper : hexLower
        var out: [UInt8] = []
        for byte in raw {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(byte)
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                if onlyAlphanumerics {
                    out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                } else {
                    out.append(byte)
                }
            case UInt8(ascii: " ") where plusForSpace:
                out.append(UInt8(ascii: "+"))
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return out
    }

    /// As PHP's `json_encode` writes the text inside a string (and `\"`, `\\` as JSON must).
    static func jsonEscaped(_ secret: String, upper: Bool) -> [UInt8] {
        let hex = upper ? hexUpper : hexLower
        var out: [UInt8] = []
        func unit(_ value: UInt16) {
            out += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
            for shift in [12, 8, 4, 0] { out.append(hex[Int((value >> UInt16(shift)) & 15)]) }
        }
        for scalar in secret.unicodeScalars {
            switch scalar.value {
            case 0x22: out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case 0x5C: out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x2F: out += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
            case 0x20..<0x7F: out.append(UInt8(scalar.value))
            default: for value in String(scalar).utf16 { unit(value) }
            }
        }
        return out
    }

    static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let urlSafeAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The base64 characters decided by `raw` alone when it follows `alignment` other bytes of a
    /// base64 text: character j covers bits 6j..<6j+6 of the stream, and the secret bits
    /// 8·alignment..<8·(alignment + count).
    static func base64Core(_ raw: [UInt8], alignment: Int, alphabet: [UInt8]) -> [UInt8] {
        let stream = [UInt8](repeating: 0, count: alignment) + raw + [0, 0]
        let firstBit = 8 * alignment
        let endBit = 8 * (alignment + raw.count)
        var out: [UInt8] = []
        var j = (firstBit + 5) / 6
        while 6 * j + 6 <= endBit {
            var value = 0
            for bit in 6 * j..<(6 * j + 6) {
                value = value << 1 | Int((stream[bit / 8] >> UInt8(7 - bit % 8)) & 1)
            }
            out.append(alphabet[value])
            j += 1
        }
        return out
    }
}

/// Replaces every form of ``SecretForms`` in a byte stream with the marker, holding back just
/// enough bytes between chunks to catch a form split across two of them.
///
/// Cheap on clean bytes: one `memmem` a form over each chunk, and the bytes copied through.
public struct SecretMasker: Sendable {
    private let forms: SecretForms
    private var pending: [UInt8] = []

    public init(_ forms: SecretForms) { self.forms = forms }

    /// Masks `bytes` onto `output`; up to the longest form's length less one may be held back
    /// until the next call or ``finish(into:)``.
    public mutating func feed(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        guard !forms.isEmpty else {
            output += bytes
            return
        }
        pending += bytes
        // A form starting in the last `keep` bytes may be longer than what has come of it yet.
        let keep = forms.longest - 1
        let flushed: Int = pending.withUnsafeBytes { all in
            var index = 0
            let settled = max(0, all.count - keep)
            forms.forEachMatch(in: all, before: settled) { start, length in
                output += all[index..<start]
                output += SecretForms.marker
                index = start + length
            }
            let flushUpTo = max(index, settled)
            output += all[index..<flushUpTo]
            return flushUpTo
        }
        pending.removeFirst(flushed)
    }

    /// Passes on what was held back.
    public mutating func finish(into output: inout [UInt8]) {
        pending.withUnsafeBytes { all in
            var index = 0
            forms.forEachMatch(in: all, before: all.count) { start, length in
                output += all[index..<start]
                output += SecretForms.marker
                index = start + length
            }
            output += all[index...]
        }
        pending.removeAll()
    }
}
