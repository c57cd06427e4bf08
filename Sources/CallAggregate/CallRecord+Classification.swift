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
