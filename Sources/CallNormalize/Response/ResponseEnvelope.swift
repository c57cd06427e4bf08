import CallModel
import Foundation

/// What a response says besides its records: `status` and, when it is text, `message`.
///
/// One rule for both formats (SPEC §2): a text message `no record found` is an empty window;
/// any other text, or a `failure` status, is an error carrying the server's words.
struct ResponseEnvelope: Sendable {
    enum Message: Sendable {
        /// The message is a list of records (possibly empty).
        case records
        case text(String)
        /// No `message` at all.
        case absent
        /// A `message` that is neither records nor text: what it is, in words ("a number").
        case unreadable(String)
    }

    enum Verdict: Equatable {
        case records
        case noRecordFound
    }

    var status: String?
    var message: Message

    func verdict(source: String) throws(NormalizeError) -> Verdict {
        let isFailure = status.map { FieldText.trimmed($0).lowercased() == "failure" } ?? false
        switch message {
        case .records:
            return .records
        case .text(let raw):
            let text = FieldText.trimmed(raw)
            if text.lowercased() == "no record found" { return .noRecordFound }
            // An XML serializer writes an empty list as an empty element: no calls, not a failure.
            if text.isEmpty && !isFailure { return .records }
            throw .serverFailure(text, source: source)
        case .absent:
            if isFailure { throw .serverFailure("", source: source) }
            guard status != nil else {
                throw .notAResponse("it has neither a list of calls nor a status.", source: source)
            }
            // "Success" with nothing to read: never taken as zero calls in silence (SPEC §7).
            throw .notAResponse(
                "its status is \"\(FieldText.trimmed(status ?? ""))\" but it has no \"message\" holding the calls.",
                source: source)
        case .unreadable(let kind):
            if isFailure { throw .serverFailure("", source: source) }
            throw .notAResponse(
                "its \"message\" is \(kind), not a list of calls, a call or a failure text.", source: source)
        }
    }
}
