import Logging

/// The warnings of a run: logged as they happen, and kept for the result.
struct Warnings {
    let logger: Logger
    private(set) var messages: [String] = []

    init(logger: Logger) { self.logger = logger }

    mutating func add(_ message: String) {
        logger.warning("\(message)")
        messages.append(message)
    }
}
