import CallFetch
import CallNormalize
import Foundation

/// Reads a downloaded body exactly as the report will, to tell records, an
/// empty window and a failure apart, and to refuse a body that is cut short or
/// not a response at all (the fetch retries it and never archives it).
enum BodyInspector {
    @Sendable static func verdict(_ body: URL, name: String) throws -> BodyVerdict {
        var normalizer = Normalizer()
        do {
            // Mapped, not read: a month's answer runs to a hundred megabytes.
            let data = try Data(contentsOf: body, options: .alwaysMapped)
            try normalizer.read(data, source: name, record: { _ in }, quarantine: { _ in })
        } catch let error as NormalizeError {
            if let text = error.serverFailureText { return .failure(text) }
            throw error
        }
        return normalizer.counts.emptyResponses > 0 ? .noRecords : .records(normalizer.counts.inputRecords)
    }
}
