import ArgumentParser
import CallFetch
import CallModel
import CallNormalize
import CallRender
import Foundation

/// `callreport fetch`: fill the archive, render nothing. The daily cron job.
struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the archive from CloudAgent, without building reports.",
        discussion: """
            With no period: from the day after the last archived date (or the first \
            of last month) up to yesterday, which keeps history safe while the API \
            still has it. Only dates the archive lacks are requested, as the fewest \
            30-day windows. Credentials come from OZONETEL_API_KEY and \
            OZONETEL_USER_NAME.

            Example (daily, 02:30):
              30 2 * * *  callreport fetch --no-wait
            """
    )

    @OptionGroup(title: "Period (optional)") var periodOptions: PeriodOptions
    @OptionGroup(title: "CloudAgent") var fetchOptions: FetchOptions

    @Option(help: ArgumentHelp("Time zone of the account's dates.", valueName: "TZ"))
    var timezone: String = "Asia/Kolkata"

    func validate() throws {
        _ = try periodOptions.period()
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("--timezone '\(timezone)' is not a known time zone (try Asia/Kolkata or UTC).")
        }
    }

    func run() async throws {
        try await Failure.mappingExitCodesAsync {
            let fetcher = try FetchRunner.fetcher(fetchOptions, timeZone: TimeZone(identifier: timezone)!)
            let range: (from: LocalDate, to: LocalDate)
            if let period = try periodOptions.period() {
                range = (period.from, period.to)
            } else {
                range = try fetcher.defaultRange()
            }
            guard range.from <= range.to else {
                Console.result("The archive is up to date through \(range.to); nothing to fetch.")
                return
            }
            let outcome = try await fetcher.fill(from: range.from, to: range.to)
            if !outcome.fetched.isEmpty, outcome.emptyWindows == outcome.fetched.count {
                Console.progress(
                    "warning: every window was 'no record found': the API key, user name or --base-url may be wrong.")
            }
            Console.result(
                "Archive \(fetcher.archive.responsesFolder.path): \(outcome.fetched.count) window(s) fetched "
                    + "with \(outcome.requests) request(s) for \(range.from) to \(range.to).")
        }
    }
}

/// `callreport run`: fetch what is missing, then the whole report.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch what the archive lacks, then build the reports of the period.",
        discussion: """
            A closed period already in the archive costs no request. Campaigns are \
            filtered locally, so --campaign never costs an extra request.

            Example (monthly, on the 1st at 06:00, for last month):
              0 6 1 * *  callreport run --month "$(date -d 'last month' +\\%Y-\\%m)"
            """
    )

    @OptionGroup(title: "Period") var periodOptions: PeriodOptions
    @OptionGroup(title: "CloudAgent") var fetchOptions: FetchOptions
    @OptionGroup(title: "Report") var options: ReportOptions

    func validate() throws {
        guard try periodOptions.period() != nil else {
            throw ValidationError("Give the period: --month YYYY-MM, or --from YYYY-MM-DD --to YYYY-MM-DD.")
        }
    }

    func run() async throws {
        try await Failure.mappingExitCodesAsync {
            let period = try periodOptions.period()!
            let fetcher = try FetchRunner.fetcher(fetchOptions, timeZone: options.timeZone)
            // Fail on a broken template before spending any request.
            _ = try ReportRenderer(templatesDirectory: try ReportPipeline.templatesFolder(options.templates))
            let outcome = try await fetcher.fill(from: period.from, to: period.to)
            let last = min(period.to, fetcher.today)
            let responses = last < period.from ? [] : try fetcher.archive.responses(for: period, through: last)
            let fresh = Set(outcome.fetchedFiles)
            var pipeline = ReportPipeline(period: period, options: options)
            pipeline.account = fetcher.account.userName
            pipeline.fetch = FetchSummary(
                requests: outcome.requests, windows: responses.count,
                fromArchive: responses.filter { !fresh.contains($0.url.lastPathComponent) }.count)
            _ = try pipeline.run(responses.map { .archived($0) })
        }
    }
}

/// Builds the fetcher: the account, the archive, and normalize as the judge of bodies.
enum FetchRunner {
    static func fetcher(_ options: FetchOptions, timeZone: TimeZone) throws -> Fetcher {
        let account = try options.account()
        let progress = FetchProgress()
        return Fetcher(
            account: account, archiveRoot: URL(fileURLWithPath: options.archive, isDirectory: true),
            timeZone: timeZone, settings: options.settings, inspect: inspect, report: { progress.show($0) })
    }

    /// Reads a downloaded body exactly as the report will, to tell records,
    /// an empty window and a failure apart, and to refuse a body that is cut
    /// short or not a response at all (it is then retried, never archived).
    @Sendable static func inspect(_ body: URL) throws -> BodyVerdict {
        var normalizer = Normalizer()
        do {
            try normalizer.read(fileAt: body, record: { _ in }, quarantine: { _ in })
        } catch let error as NormalizeError {
            if let text = error.serverFailureText { return .failure(text) }
            throw error
        }
        return normalizer.counts.emptyResponses > 0 ? .noRecords : .records(normalizer.counts.inputRecords)
    }
}
