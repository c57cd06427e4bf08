import CallModel

// SPEC §4 decides how a call counts. Each rule lives here, once, so that
// aggregate, the calls.csv writer and the summary text cannot drift apart.
extension CallRecord {
    /// `status` equals `answered`, ignoring case; every other call (no status included) is unanswered.
    public var isAnswered: Bool {
        guard let status else { return false }
        return FieldText.equalsIgnoringCase(status, "answered")
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
            !Self.noTransferSpellings.contains(where: { FieldText.equalsIgnoringCase(kind, $0) })
        {
            return true
        }
        return Self.presentText(transferredTo) != nil
    }

    /// Values of `transferType` that CloudAgent writes for a call that was not transferred.
    static let noTransferSpellings: [StaticString] = ["no transfers", "no transfer", "none", "0"]

    /// Normalize already trims text and turns missing values into `nil`; a record built by other
    /// code (tests, the demo) may still carry blank, padded or `n/a` text, which must not read as
    /// a transfer. The rule is normalize's own (``FieldText/present(_:)-(String?)``), so a
    /// normalized value passes unchanged.
    private static func presentText(_ text: String?) -> String? {
        FieldText.present(text)
    }
}

// SPEC §4b: the one direction rule, for the inbound and outbound figures, the direction of skill and
// campaign rows, the staffing intervals and the call-back list alike.
extension CallRecord {
    /// The call rang in: its `type` is missing, or its letters, lower-cased, spell `inbound` or
    /// `incoming` (`InBound`, `in-bound`, `Incoming`). Every other present type (`Manual`,
    /// `Progressive`, `Preview`, `Predictive`, `Outbound`, …) was dialled out.
    public var isInbound: Bool { Self.isInbound(type: type) }

    /// ``isInbound`` for a type text; `nil` is a missing type.
    public static func isInbound(type: String?) -> Bool {
        // Normalize's rule for "missing": a record built by other code may still carry `n/a`.
        guard let type = FieldText.present(type) else { return true }
        if let ascii = asciiIsInbound(type.utf8) { return ascii }
        // "Letter" is any Unicode letter, scalar by scalar, so a combining mark left by lower-casing
        // (`İ` → `i` + U+0307) is dropped like any other non-letter.
        var letters = String.UnicodeScalarView()
        for scalar in type.unicodeScalars {
            for lower in scalar.properties.lowercaseMapping.unicodeScalars where isLetter(lower) {
                letters.append(lower)
            }
        }
        let word = String(letters)
        return word == "inbound" || word == "incoming"
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// ``isInbound(type:)`` for ASCII text, read byte by byte without making a string (every call of
    /// a month asks); `nil` for other text. In ASCII the letters are A–Z and a–z, and lower-casing
    /// maps one onto the other. Up to eight letters are packed into one number, as many as the
    /// longer word has.
    private static func asciiIsInbound(_ bytes: String.UTF8View) -> Bool? {
        var packed: UInt64 = 0
        var letters = 0
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            let lower = byte | 0x20
            guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { continue }
            if letters < 8 { packed |= UInt64(lower) << (8 * letters) }
            letters += 1
        }
        return (letters == 7 && packed == inboundPacked) || (letters == 8 && packed == incomingPacked)
    }

    private static let inboundPacked = pack("inbound")
    private static let incomingPacked = pack("incoming")

    private static func pack(_ word: StaticString) -> UInt64 {
        var packed: UInt64 = 0
        for index in 0..<word.utf8CodeUnitCount { packed |= UInt64(word.utf8Start[index]) << (8 * index) }
        return packed
    }
}

// SPEC §4b: the key a call's disposition is counted under.
extension CallRecord {
    /// The disposition as the `dispositions` rows key it: the text itself, except that CloudAgent's
    /// system text `Wrap up time exceeded :N` (ASCII case ignored, zero or more spaces on each side
    /// of the colon, N one or more digits) is one key whatever N, ``DispositionFigures/wrapUpExceeded``.
    /// `nil` without a disposition.
    public var dispositionKey: String? {
        guard let disposition else { return nil }
        return Self.isWrapUpExceeded(disposition) ? DispositionFigures.wrapUpExceeded : disposition
    }

    /// Whether `text` is `Wrap up time exceeded :N`. Read in place, byte by byte: asked for every
    /// call, and most dispositions fail at the first byte.
    static func isWrapUpExceeded(_ text: String) -> Bool {
        let words: StaticString = "wrap up time exceeded"
        let bytes = text.utf8
        var index = bytes.startIndex
        // The words, ignoring ASCII case.
        for offset in 0..<words.utf8CodeUnitCount {
            guard index != bytes.endIndex else { return false }
            let byte = bytes[index]
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            guard lower == words.utf8Start[offset] else { return false }
            bytes.formIndex(after: &index)
        }
        func skipSpaces() {
            while index != bytes.endIndex, bytes[index] == UInt8(ascii: " ") { bytes.formIndex(after: &index) }
        }
        skipSpaces()
        guard index != bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { return false }
        bytes.formIndex(after: &index)
        skipSpaces()
        // One or more digits, and nothing after them.
        guard index != bytes.endIndex else { return false }
        while index != bytes.endIndex {
            guard bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return false }
            bytes.formIndex(after: &index)
        }
        return true
    }
}

// SPEC §4b: how long an unanswered caller waited.
extension CallRecord {
    /// end − start in whole seconds, when the end is readable and not before the start; `nil`
    /// (unknown) otherwise. Meant for unanswered calls: the wait before the caller gave up.
    public var waitSeconds: Int? {
        guard let end else { return nil }
        let seconds = end.wallSeconds - start.wallSeconds
        return seconds >= 0 ? seconds : nil
    }
}
