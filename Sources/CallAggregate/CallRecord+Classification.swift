import CallModel

// SPEC §4 decides how a call counts. Each rule lives here, once, so that
// aggregate, the calls.csv writer and the summary text cannot drift apart.
extension CallRecord {
    /// `status` equals `answered`, ignoring case; every other call (no status included) is unanswered.
    public var isAnswered: Bool {
        guard let status else { return false }
        return CaseInsensitive.equals(status, "answered")
    }

    /// The handle seconds of the call: `handling` where the record has it,
    /// else talk + hold + wrapup.
    ///
    /// Defined for every record so that `calls.csv` can show it, but the
    /// aggregates only ever sum it over answered calls.
    public var handleSeconds: Int {
        handling ?? (talk + hold + wrapup)
    }

    /// An answered call whose `transferType` is present and not one of the
    /// "no transfer" spellings, or whose `transferredTo` is present.
    public var isTransferred: Bool {
        isTransferred(answered: isAnswered)
    }

    /// ``isTransferred`` for a caller that has already worked out ``isAnswered``.
    public func isTransferred(answered: Bool) -> Bool {
        guard answered else { return false }
        if let kind = Self.presentText(transferType),
            !Self.noTransferSpellings.contains(where: { CaseInsensitive.equals(kind, $0) })
        {
            return true
        }
        return Self.presentText(transferredTo) != nil
    }

    /// Values of `transferType` that CloudAgent writes for a call that was not transferred.
    static let noTransferSpellings: [StaticString] = ["no transfers", "no transfer", "none", "0"]

    /// Normalize already trims text and turns missing values into `nil`; a
    /// record built by other code (tests, the demo) may still carry blank or
    /// padded text, which must not read as a transfer.
    private static func presentText(_ text: String?) -> String? {
        guard let text else { return nil }
        // Most values begin and end with a visible ASCII character: no Unicode lookup for them.
        if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first),
            (0x21...0x7E).contains(last)
        {
            return text
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return nil }
        return String(scalars[first...last])
    }
}

/// Comparison with the fixed lower-case ASCII words of SPEC §4.
///
/// Same answer as `text.lowercased() == word` for these words (no scalar
/// outside ASCII lowercases to one of their letters; only the Kelvin sign
/// lowercases to ASCII, and no word has a `k`), without allocating a string
/// per call.
enum CaseInsensitive {
    static func equals(_ text: String, _ lowercaseASCIIWord: StaticString) -> Bool {
        // Asked several times for every call: lengths first, then the bytes in place.
        guard text.utf8.count == lowercaseASCIIWord.utf8CodeUnitCount else { return false }
        var text = text
        return text.withUTF8 { bytes in
            for (offset, byte) in bytes.enumerated() {
                let lowered = (65...90).contains(byte) ? byte + 32 : byte
                if lowered != lowercaseASCIIWord.utf8Start[offset] { return false }
            }
            return true
        }
    }
}
