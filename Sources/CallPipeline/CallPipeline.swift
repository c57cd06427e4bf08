import CallAggregate
import CallDemo
import CallFetch
import CallModel
import CallNormalize
import CallRender
import CallWorkbook
import Foundation
import Logging

/// callreport's pipeline, fetch → normalize → aggregate → render, composed
/// from one ``ReportSettings`` value.
///
/// Each entry point returns what it made or throws a stage's typed error
/// (``PipelineError``, `FetchError`, `NormalizeError`, `RenderError`), each
/// of which knows its exit status. Nothing is printed: progress and warnings
/// go to the `Logger`, fetch progress to `fetchEvents`.
///
///     var settings = ReportSettings(period: ReportPeriod(month: "2026-10"))
///     settings.output = URL(fileURLWithPath: "reports")
///     let result = try CallPipeline(settings: settings).report(paths: ["saved"])
///     print(result.metrics.totals.offered)
public struct CallPipeline: Sendable {
    /// callreport's version, as `callreport --version` prints it.
    public static let version = "2.0.0-dev"

    public let settings: ReportSettings
    let logger: Logger
    /// Where credentials, the base URL and `SOURCE_DATE_EPOCH` are read from.
    let environment: [String: String]
    let fetchEvents: @Sendable (FetchEvent) -> Void
    /// The clock that says which day is today (tests set it).
    let now: @Sendable () -> Date

    public init(
        settings: ReportSettings,
        logger: Logger = Logger(label: "callreport"),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fetchEvents: @escaping @Sendable (FetchEvent) -> Void = { _ in },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.logger = logger
        self.environment = environment
        self.fetchEvents = fetchEvents
        self.now = now
    }

    // MARK: - The commands

    /// `run`: fetches what the archive lacks of the period, then reports on the archive.
    public func run() async throws -> ReportResult {
        _ = try settings.validated()
        // A run that could not send its mail stops before any request.
        if settings.delivery.send { _ = try makeMailer() }
        let period = try completeDays(of: try settings.requiredPeriod())
        let fetcher = try makeFetcher()
        // A broken template fails before any request is spent.
        _ = try renderer()
        let outcome = try await fetcher.fill(from: period.from, to: period.to)
        let responses = try fetcher.archive.responses(for: period, through: period.to)
        let fresh = Set(outcome.fetchedFiles)
        let summary = FetchSummary(
            requests: outcome.requests, windows: responses.count,
            fromArchive: responses.filter { !fresh.contains($0.url.lastPathComponent) }.count)
        return try report(
            responses.map { .archived($0) }, period: period, account: fetcher.account.userName, fetch: summary)
    }

    /// `fetch`: fills the archive only. With no period, from the day after the
    /// last date a final response covers (or the first of last month) up to yesterday.
    public func fetch() async throws -> FetchResult {
        _ = try settings.validated()
        let fetcher = try makeFetcher()
        let (from, to) =
            try settings.period.map { try completeDays(of: $0) }.map { ($0.from, $0.to) }
            ?? fetcher.defaultRange()
        var warnings = Warnings(logger: logger)
        var outcome = FetchOutcome()
        if from <= to {
            outcome = try await fetcher.fill(from: from, to: to)
            if !outcome.fetched.isEmpty, outcome.emptyWindows == outcome.fetched.count {
                warnings.add(
                    "every window was 'no record found': the API key, user name or --base-url may be wrong."
                        + emptyWindowsHint)
            }
        }
        return FetchResult(
            from: from, to: to, outcome: outcome, archiveFolder: fetcher.archive.responsesFolder,
            warnings: warnings.messages)
    }

    /// `demo`: the built-in synthetic account of `records` calls, encoded as
    /// real API responses in `format`, through the same pipeline. With no
    /// period, last month (in the settings' zone).
    public func demo(records: Int, format: ResponseFormat, saveResponsesTo saved: URL? = nil) throws -> ReportResult {
        let period =
            settings.period
            ?? ReportPeriod.previousMonth(of: LocalDate.today(in: settings.timeZone.timeZone, at: now()))
        let responses = DemoAccount(period: period, records: records).responses(format: format)
        if let saved {
            do {
                try FileManager.default.createDirectory(at: saved, withIntermediateDirectories: true)
                for response in responses {
                    try Data(response.body).write(to: saved.appendingPathComponent(response.fileName), options: .atomic)
                }
            } catch {
                throw PipelineError.savingResponses(saved.relativePath, reason: ErrorText.phrase(error))
            }
            logger.info("saved \(responses.count) response(s) in \(saved.relativePath)")
        }
        return try report(
            responses.map { .memory(name: $0.fileName, body: Data($0.body)) }, period: period,
            account: settings.accountLabel ?? "demo")
    }

    /// `report --input`: the responses in files and folders (see ``InputFiles``);
    /// anything a folder holds that is not a response is named in a warning.
    public func report(paths: [String]) throws -> ReportResult {
        let period = try completeDays(of: try settings.requiredPeriod())
        let found = try InputFiles.find(at: paths, period: period)
        var skipped: [String] = []
        if let first = found.uncovered.first, let last = found.uncovered.last {
            skipped.append(
                "the archive given has no response for \(found.uncovered.count) date(s) of the period "
                    + "(\(first) to \(last)); their calls are missing from the report.")
        }
        if !found.skipped.isEmpty {
            let shown = found.skipped.prefix(10).joined(separator: ", ")
            let more = found.skipped.count > 10 ? " and \(found.skipped.count - 10) more" : ""
            skipped.append(
                "skipped \(found.skipped.count) file(s) that are not .json or .xml responses: \(shown)\(more).")
        }
        return try report(
            found.inputs, period: period, account: settings.accountLabel, fetch: FetchSummary(),
            earlierWarnings: skipped)
    }

    /// `report`: normalize → aggregate → render for responses already at hand.
    /// Nothing here knows where the bytes came from.
    public func report(_ inputs: [ResponseInput], fetch: FetchSummary = FetchSummary()) throws -> ReportResult {
        try report(inputs, period: try settings.requiredPeriod(), account: settings.accountLabel, fetch: fetch)
    }

    // MARK: - The report

    private func report(
        _ inputs: [ResponseInput], period: ReportPeriod, account: String?, fetch: FetchSummary = FetchSummary(),
        earlierWarnings: [String] = []
    ) throws -> ReportResult {
        _ = try settings.validated()
        if settings.delivery.send { _ = try makeMailer() }
        let period = try completeDays(of: period)
        var warnings = Warnings(logger: logger)
        for warning in earlierWarnings { warnings.add(warning) }
        // Templates first: a broken template should fail before any long work.
        let renderer = try renderer()
        // Like the templates: a comparison folder that cannot be read fails before the long work.
        let previous = try PreviousReport.lookup(for: period, settings: settings, warnings: &warnings)

        // Every file goes to a staging folder that replaces the report folder once complete.
        let reportFolder = try ReportFolder(settings.reportFolder(for: period))
        var committed = false
        var workbook: ReportWorkbook?
        var workbookTables: BackgroundJob<[String]>?
        defer {
            if !committed {
                // Tables still being written on another core are waited for before the workbook goes.
                _ = try? workbookTables?.wait()
                workbook?.abandon()
                reportFolder.abandon()
            }
        }
        let folder = reportFolder.staging
        let generated = generatedDate()
        var clock = StageClock()
        // Opened now, so that its Calls sheet (`--xlsx-calls`) is written as the calls pass.
        if settings.xlsx {
            workbook = try ReportWorkbook(
                folder: folder, displayFolder: reportFolder.final,
                callRows: settings.xlsxCalls ? settings.xlsxCallRowLimit : nil, maskCallers: settings.maskCallers,
                created: generated)
        }
        let read = try ReadStage(
            aggregate: AggregateOptions(
                period: period, timeZone: settings.timeZone, serviceLevelSeconds: settings.serviceLevelSeconds,
                campaigns: settings.campaigns, repeatWindowDays: settings.repeatWindowDays,
                shortAbandonSeconds: settings.shortAbandonSeconds, intervalMinutes: settings.intervalMinutes,
                targetServiceLevel: settings.targetServiceLevel),
            logger: logger, folder: folder, byteOrderMark: settings.byteOrderMark,
            keepCalls: renderer.rendersCallsTemplate, maskCallers: settings.maskCallers,
            secrets: [
                environment[settings.cloudAgent.apiKeyVariable]?.trimmingCharacters(in: .whitespacesAndNewlines)
                    ?? ""
            ] + deliverySecrets,
            callsSheet: workbook?.callsSheet
        ).run(inputs)
        clock.lap("read")

        let built = read.builder.buildWithMissedCallers(normalize: read.counts, fetch: fetch)
        let (unmatched, seen) = read.builder.unmatchedCampaigns(
            counted: built.metrics.campaigns.map(\.name).filter { $0 != GroupFigures.noneName })
        if !unmatched.isEmpty {
            warnings.add(
                "--campaign \(unmatched.joined(separator: ", ")) matched no call of the period; "
                    + (seen.isEmpty
                        ? "the period has no call with a campaign."
                        : "its campaigns are: \(seen.joined(separator: ", ")).")
            )
        }
        let keptCalls = read.keptCalls
        let counts = read.counts
        let finishCallsCSV = read.finishCallsCSV
        Disposal.later(consume read)  // every caller's calls, for the figures just built
        var metrics = built.metrics
        if let previous = previous.metrics {
            metrics.comparison = Comparison(
                current: metrics, previous: previous, alertChange: settings.alertChangePercent / 100)
        }
        let workbookContent = WorkbookContent(
            metrics: metrics, missedCallers: built.missedCallers, maskCallers: settings.maskCallers)
        // The workbook's tables (the zip of them most of all) are written on another core while
        // metrics.json and the other files are; with a Calls sheet, only once its last rows are
        // in, which is when calls.csv's are (below).
        if let workbook, workbook.callsSheet == nil {
            workbookTables = BackgroundJob { try workbook.finish(workbookContent) }
        }
        try MetricsWriter.write(metrics, to: folder.appendingPathComponent("metrics.json"))
        clock.lap("metrics")

        let context = ReportContext(
            label: period.label, account: account, campaignFilter: settings.campaigns,
            generatedAt: Self.stamp(generated), byteOrderMark: settings.byteOrderMark,
            timeZone: settings.timeZone.timeZone,
            missedCallers: built.missedCallers, maskCallers: settings.maskCallers, comparisonNote: previous.note,
            shortAbandonSeconds: settings.shortAbandonSeconds)
        try renderer.render(metrics, context: context, calls: keptCalls, into: folder)
        if let mail = settings.mail {
            // The mail carries the workbook, less the sheets of caller numbers, in place of the CSV files.
            let mailedWorkbook =
                settings.xlsx
                ? try ReportWorkbook.mailedCopy(
                    workbookContent, folder: folder, displayFolder: reportFolder.final, created: generated) : nil
            let message = try SummaryMessage(settings: mail, period: period, account: account, date: generated)
                .encoded(metrics, context: context, renderer: renderer, folder: folder, workbook: mailedWorkbook)
            try AtomicFile.write(message, to: folder.appendingPathComponent("summary.eml"))
        }
        // calls.csv's last rows (and the Calls sheet's) were written on other cores while the
        // figures were built and rendered.
        try finishCallsCSV()
        clock.lap("render")
        if let workbook {
            if let calls = workbook.callsSheet {
                logger.info("writing \(ReportWorkbook.fileName): \(calls.rowCount) call rows and the tables")
            }
            for warning in try workbookTables?.wait() ?? workbook.finish(workbookContent) { warnings.add(warning) }
        }
        // Without a Calls sheet, only what the workbook took beyond the other files.
        clock.lap("workbook")

        if counts.responses > 0, counts.emptyResponses == counts.responses {
            // From the archive (`run`), the empty windows will be asked again: say how to stop that.
            warnings.add(
                "every response was 'no record found': the period may hold no calls, "
                    + "or the API key, user name or campaign may be wrong."
                    + (fetch.windows > 0 ? emptyWindowsHint : ""))
        }
        try reportFolder.commit()
        committed = true
        let files = (try? FileManager.default.contentsOfDirectory(atPath: reportFolder.final.path))?.sorted() ?? []
        var result = ReportResult(
            folder: reportFolder.final, files: files, metrics: metrics, warnings: warnings.messages,
            stageTimes: clock.laps)
        if settings.delivery.send {
            logger.info("report written to \(reportFolder.final.path)/; sending summary.eml")
            result.delivery = try send(folder: reportFolder.final)
        }
        return result
    }

    /// The days of `period` that have ended (in the account's zone): a period
    /// that reaches today or later is cut at yesterday, and one with no ended
    /// day is refused, since no data of it is complete.
    private func completeDays(of period: ReportPeriod) throws(PipelineError) -> ReportPeriod {
        let yesterday = LocalDate.today(in: settings.timeZone.timeZone, at: now()).adding(days: -1)
        guard period.from <= yesterday else {
            throw .futurePeriod(period.label, lastCompleteDay: yesterday.description)
        }
        return period.through(yesterday)
    }

    /// What a run that got only empty windows adds to its warning.
    private var emptyWindowsHint: String {
        settings.cloudAgent.acceptEmpty
            ? ""
            : " Empty windows are asked again by every run; if the period truly has no calls, "
                + "run once with --accept-empty."
    }

    private func renderer() throws -> ReportRenderer {
        try TemplateLookup.renderer(for: settings.templates)
    }

    /// When the report is made: `SOURCE_DATE_EPOCH` when set, else now. The
    /// only clock reading of a report; the summaries and the mail's Date use it.
    private func generatedDate() -> Date {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
            return Date(timeIntervalSince1970: epoch)
        }
        return Date()
    }

    static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `report` with no input: the account's responses in the archive, read as `run`
    /// reads them, with no network and no key (the user name and base URL place them).
    public func reportFromArchive() throws -> ReportResult {
        let account = try settings.cloudAgent.account(environment: environment, needsKey: false)
        let archive = ResponseArchive(
            root: settings.cloudAgent.archive, account: account, timeZone: settings.timeZone.timeZone)
        return try report(paths: [archive.responsesFolder.path])
    }

    // MARK: - The fetch

    /// The account from the settings and the environment, its archive, and
    /// normalize as the judge of downloaded bodies.
    private func makeFetcher() throws -> Fetcher {
        let cloudAgent = settings.cloudAgent
        return Fetcher(
            account: try cloudAgent.account(environment: environment), archiveRoot: cloudAgent.archive,
            timeZone: settings.timeZone.timeZone, settings: cloudAgent.fetchSettings,
            inspect: { try BodyInspector.verdict($0, name: $1) },
            report: fetchEvents)
    }
}
