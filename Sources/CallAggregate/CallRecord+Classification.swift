import CallModel
import Foundation

// SPEC §4 decides how a call counts. Each rule lives here, once, so that
// aggregate, the calls.csv writer and the summary text cannot drift apart.
extension CallRecord {
    /// `status` equals `answered`, ignoring case; every other call (no status included) is unanswered.
    public var isAnswered: Bool {
        guard let status else { return false }
        return status.lowercased() == "answered"
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
        guard isAnswered else { return false }
        if let kind = Self.presentText(transferType),
            !Self.noTransferSpellings.contains(kind.lowercased())
        {
            return true
        }
        return Self.presentText(transferredTo) != nil
    }

    /// Values of `transferType` that CloudAgent writes for a call that was not transferred.
    static let noTransferSpellings: Set<String> = ["no transfers", "no transfer", "none", "0"]

    /// Normalize already turns missing values into `nil`; a record built by
    /// other code (tests, the demo) may still carry blank text, which must not
    /// read as a transfer.
    private static func presentText(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }
}
