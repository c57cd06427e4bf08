import CallFetch
import Foundation
import Logging

/// Shows a fetch as it goes: windows planned and fetched, retries, and a
/// countdown while the rate limit holds requests back.
final class FetchProgress: @unchecked Sendable {
    private let logger: Logger
    /// A countdown line rewritten in place: one fetch on a terminal, never several at once.
    private let countdown: Bool
    private let lock = NSLock()
    private var lastWait: Date?
    private var countingDown = false

    init(logger: Logger, countdown: Bool) {
        self.logger = logger
        self.countdown = countdown
    }

    func show(_ event: FetchEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .planned(let windows, let archived, let limit):
            let dates = windows.reduce(0) { $0 + $1.dayCount }
            line(
                "planned \(windows.count) request(s) for \(dates) date(s)"
                    + (archived > 0 ? "; \(archived) date(s) already final in the archive" : ""))
            if windows.count > limit.requests {
                // A long range runs into the rate limit: say so now, not after the first hour.
                let spans = (windows.count - 1) / limit.requests
                line(
                    "at \(limit) this takes at least \(Self.clock(spans * limit.seconds)); "
                        + "with --no-wait each run fetches what the limit allows and the next one resumes")
            }
        case .requesting(let window, let attempt):
            line("requesting \(window)" + (attempt > 1 ? " (attempt \(attempt))" : ""))
        case .fetched(let window, let records, let bytes):
            line(
                "fetched \(window): "
                    + (records == 0 ? "no record found" : "\(records) records, \(Self.size(bytes))"))
        case .retrying(let window, let attempt, let delay, let problem):
            line("\(window) failed (\(problem)); attempt \(attempt) in \(String(format: "%.1f", delay)) s")
        case .waitingForOtherRun(let pid):
            line(
                "another callreport run\(pid.map { " (pid \($0))" } ?? "") is fetching for this account; "
                    + "waiting for it to finish")
        case .waiting(let until, let reason):
            let remaining = max(0, Int(until.timeIntervalSinceNow.rounded(.up)))
            if countdown {
                Console.transient(
                    "callreport: \(reason): waiting \(Self.clock(remaining)), next request at \(Self.time(until))")
                countingDown = true
            } else if lastWait != until {
                logger.info("\(reason): waiting \(remaining) s, next request at \(Self.time(until))")
            }
            lastWait = until
        }
    }

    private func line(_ text: String) {
        if countingDown {
            Console.transient("")
            countingDown = false
        }
        logger.info("\(text)")
    }

    static func clock(_ seconds: Int) -> String {
        String(format: "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60)
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20
            ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : String(format: "%.1f kB", Double(bytes) / 1024)
    }
}
