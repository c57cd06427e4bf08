import CallModel
import Foundation

/// What a body turned out to be, as the normalize stage reads it.
public enum BodyVerdict: Sendable, Equatable {
    /// A success envelope with this many records.
    case records(Int)
    /// `no record found`: an empty window, archived as such.
    case noRecords
    /// A failure envelope with the server's text.
    case failure(String)
}

/// Events of a fetch, for a progress display or log lines.
public enum FetchEvent: Sendable {
    case planned(windows: [FetchWindow], archived: Int, limit: RateLimit)
    case requesting(FetchWindow, attempt: Int)
    case fetched(FetchWindow, records: Int, bytes: Int)
    case waiting(until: Date, reason: String)
    case retrying(FetchWindow, attempt: Int, after: TimeInterval, problem: String)
    /// Another run fills the archive of this account; this one waits for it to finish.
    case waitingForOtherRun(pid: Int32?)
}

/// The settings of a fetch that are not the account. Their defaults are the
/// report settings' (CallPipeline's `ReportSettings.Defaults`).
public struct FetchSettings: Sendable {
    public var rateLimit: RateLimit
    /// Stop with exit 75 instead of waiting for the rate limit.
    public var noWait: Bool
    /// Fetch final windows again.
    public var refresh: Bool
    /// Count windows archived as `no record found` as final (once they have ended a day before their fetch).
    public var acceptEmpty: Bool
    /// Attempts per window for network errors, timeouts, 5xx and bad bodies.
    public var attempts: Int
    /// The first retry's delay; each next one doubles, with ±50 % jitter.
    public var backoff: TimeInterval
    public var timeout: TimeInterval

    public init(
        rateLimit: RateLimit, noWait: Bool, refresh: Bool, acceptEmpty: Bool, attempts: Int, backoff: TimeInterval,
        timeout: TimeInterval
    ) {
        self.rateLimit = rateLimit
        self.noWait = noWait
        self.refresh = refresh
        self.acceptEmpty = acceptEmpty
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
    }
}

/// What a fetch did.
public struct FetchOutcome: Sendable {
    /// Requests sent in this run, retries and refused ones included.
    public var requests = 0
    /// Windows fetched and archived in this run.
    public var fetched: [FetchWindow] = []
    /// Windows fetched that were `no record found`.
    public var emptyWindows = 0
    /// File names of the responses archived in this run.
    public var fetchedFiles: [String] = []

    /// Nothing fetched yet.
    public init() {}
}

/// Fills the archive: plans the missing windows, sends each request within
/// the shared rate limit, retries what can be retried, checks every body
/// before it is archived.
public struct Fetcher: Sendable {
    public let account: CloudAgentAccount
    public let archive: ResponseArchive
    public let ledger: RequestLedger
    public let settings: FetchSettings
    /// The account's zone: which date is "today", and when a window's last day ended.
    public let timeZone: TimeZone
    /// Reads a downloaded body the way the report will (told apart by content);
    /// throws when it is not a usable response. The second argument names the
    /// body in messages (its window: the file is a temporary one).
    let inspect: @Sendable (URL, String) throws -> BodyVerdict
    let report: @Sendable (FetchEvent) -> Void
    let now: @Sendable () -> Date

    public init(
        account: CloudAgentAccount, archiveRoot: URL, timeZone: TimeZone, settings: FetchSettings,
        inspect: @escaping @Sendable (URL, String) throws -> BodyVerdict,
        report: @escaping @Sendable (FetchEvent) -> Void,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.account = account
        self.archive = ResponseArchive(root: archiveRoot, account: account, timeZone: timeZone)
        self.ledger = RequestLedger(folder: archive.accountFolder, limit: settings.rateLimit)
        self.settings = settings
        self.timeZone = timeZone
        self.inspect = inspect
        self.report = report
        self.now = now
    }

    /// Today in the account's time zone.
    public var today: LocalDate { LocalDate.today(in: timeZone, at: now()) }

    /// The dates `fetch` fills when no period is given: from the day after the
    /// last date a final response covers (or the first of last month) up to
    /// yesterday. A date fetched before it was complete is fetched again the
    /// next night, in the same request as the new day.
    public func defaultRange() throws(FetchError) -> (from: LocalDate, to: LocalDate) {
        try archive.prepare()
        let yesterday = today.adding(days: -1)
        let lastFinal = try archive.finalDates(acceptingEmpty: settings.acceptEmpty).max()
        let first = lastFinal?.adding(days: 1) ?? ReportPeriod.previousMonth(of: today).from
        return (first, yesterday)
    }

    /// Fetches what the archive lacks of `from...to` (dates after today are skipped: no data exists yet).
    public func fill(from: LocalDate, to: LocalDate) async throws -> FetchOutcome {
        try archive.prepare()
        // Planned under the lock: what another run has just archived is not asked again.
        let lock = try await holdFetchLock()
        defer { withExtendedLifetime(lock) {} }
        let last = min(to, today)
        var needed: [LocalDate] = []
        if from <= last {
            let final = settings.refresh ? [] : try archive.finalDates(acceptingEmpty: settings.acceptEmpty)
            needed = stride(from: 0, through: from.days(to: last), by: 1).map { from.adding(days: $0) }
                .filter { !final.contains($0) }
        }
        let windows = WindowPlanner.windows(covering: needed)
        let total = from <= last ? from.days(to: last) + 1 : 0
        report(.planned(windows: windows, archived: total - needed.count, limit: settings.rateLimit))
        var outcome = FetchOutcome()
        for window in windows {
            let verdict = try await fetch(window, outcome: &outcome)
            outcome.fetched.append(window)
            if verdict == .noRecords { outcome.emptyWindows += 1 }
        }
        return outcome
    }

    /// One window: rate limit, request, check, archive; retried as the SPEC says.
    private func fetch(_ window: FetchWindow, outcome: inout FetchOutcome) async throws -> BodyVerdict {
        var failures = 0
        while true {
            try await takeSlot(outcome: outcome)
            outcome.requests += 1
            report(.requesting(window, attempt: failures + 1))
            let problem: String
            do {
                let response = try await CloudAgentClient(
                    account: account, timeout: settings.timeout, scratchFolder: archive.responsesFolder
                ).download(window)
                defer { try? FileManager.default.removeItem(at: response.body) }
                if response.status == 200 {
                    do {
                        let verdict = try inspect(response.body, window.description)
                        if let settled = try await settle(
                            verdict, body: response.body, window: window, outcome: &outcome)
                        {
                            return settled
                        }
                        continue
                    } catch let error as FetchError {
                        throw error
                    } catch {
                        problem = account.masked("the body is not a usable response (\(ErrorText.phrase(error)))")
                    }
                } else if response.status >= 500 || response.status == 408 || response.status == 429 {
                    problem = "HTTP \(response.status)"
                } else {
                    throw FetchError.httpStatus(
                        response.status, url: account.requestURL(for: window, maskingKey: true).absoluteString)
                }
            } catch let error as FetchError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                problem = error.maskedDescription(account: account)
            }
            failures += 1
            guard failures < settings.attempts else {
                throw FetchError.unavailable(window, attempts: failures, problem: problem)
            }
            let delay = settings.backoff * Double(1 << (failures - 1)) * Double.random(in: 0.5...1.5)
            report(.retrying(window, attempt: failures + 1, after: delay, problem: problem))
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        }
    }

    /// Archives a usable answer and returns it; `nil` when the request must be
    /// sent again (the server's rate limit, after waiting).
    private func settle(
        _ verdict: BodyVerdict, body: URL, window: FetchWindow, outcome: inout FetchOutcome
    ) async throws -> BodyVerdict? {
        switch verdict {
        case .records, .noRecords:
            let records = if case .records(let count) = verdict { count } else { 0 }
            let entry = try archive.store(body: body, window: window, fetchedAt: now(), records: records)
            outcome.fetchedFiles.append(entry.file)
            report(.fetched(window, records: records, bytes: entry.bytes))
            return verdict
        case .failure(let text) where text.localizedCaseInsensitiveContains("Max Limit Exceeded"):
            let until = try ledger.recordServerLimit(at: now())
            if settings.noWait { throw FetchError.rateLimited(until: until, sent: outcome.requests) }
            try await wait(until: until, reason: "CloudAgent answered Max Limit Exceeded")
            return nil
        case .failure(let text):
            throw FetchError.rejected(account.masked(text), window: window)
        }
    }

    /// Waits until no other run fills this account's archive (or stops, with `--no-wait`).
    private func holdFetchLock() async throws -> HeldLock {
        let file = archive.accountFolder.appendingPathComponent("fetch.lock")
        var reported = false
        while true {
            switch try HeldLock.tryAcquire(at: file) {
            case .success(let lock):
                return lock
            case .failure(let busy):
                if settings.noWait { throw FetchError.busy(pid: busy.pid) }
                if !reported { report(.waitingForOtherRun(pid: busy.pid)) }
                reported = true
                try await Task.sleep(nanoseconds: 200_000_000)
            }
        }
    }

    /// Blocks until the shared ledger grants a request (or stops, with `--no-wait`).
    private func takeSlot(outcome: FetchOutcome) async throws {
        while true {
            switch try ledger.reserve(at: now()) {
            case .granted:
                return
            case .wait(let until):
                if settings.noWait { throw FetchError.rateLimited(until: until, sent: outcome.requests) }
                try await wait(until: until, reason: "rate limit \(settings.rateLimit) reached")
            case .blocked(let until):
                if settings.noWait { throw FetchError.rateLimited(until: until, sent: outcome.requests) }
                try await wait(until: until, reason: "CloudAgent answered Max Limit Exceeded")
            }
        }
    }

    /// Sleeps until `until` in steps of at most a second, reporting each step for a countdown.
    private func wait(until: Date, reason: String) async throws {
        while true {
            let remaining = until.timeIntervalSince(now())
            guard remaining > 0 else { return }
            report(.waiting(until: until, reason: reason))
            try await Task.sleep(nanoseconds: UInt64(min(remaining, 1) * 1e9) + 1_000_000)
        }
    }
}
