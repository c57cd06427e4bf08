import CallAggregate
import CallFetch
import CallModel
import CallNormalize
import CallRender
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One API response to read: a saved file, an archived response, or a body
/// already in memory (the demo).
enum ResponseInput {
    case file(URL)
    case archived(ArchivedResponse)
    case memory(name: String, body: Data)

    var name: String {
        switch self {
        case .file(let url): url.lastPathComponent
        case .archived(let response): response.url.lastPathComponent
        case .memory(let name, _): name
        }
    }

    /// Which records of the response to read, by start date: an archived
    /// response is read only for the dates it is the newest response of
    /// (records on its window's other dates belong to a newer fetch); a
    /// stray record dated outside its window is read, and counted out of period.
    var speaksFor: (@Sendable (LocalDate) -> Bool)? {
        guard case .archived(let response) = self else { return nil }
        return { date in !response.window.contains(date) || response.dates.contains(date) }
    }
}

/// normalize → aggregate → render, for responses that are already at hand.
///
/// The fetch stage only hands over `ResponseInput`s and a `FetchSummary`;
/// nothing here knows where the bytes came from.
struct ReportPipeline {
    let period: ReportPeriod
    let options: ReportOptions
    var fetch = FetchSummary()
    /// The account the responses belong to, when known; shown in the summary.
    var account: String?

    /// Runs the pipeline and returns the folder written.
    func run(_ inputs: [ResponseInput]) throws -> URL {
        // Templates first: a broken template should fail before any long work.
        let renderer = try ReportRenderer(templatesDirectory: try Self.templatesFolder(options.templates))
        let folder = URL(fileURLWithPath: options.output, isDirectory: true)
            .appendingPathComponent(period.label, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError("Cannot create the output folder \(folder.path): \(error.localizedDescription)")
        }
        // What a killed run of this report was writing: half files, never read, caller numbers in them.
        AtomicFile.removeAbandoned(in: folder)

        // Like the templates: a --compare-to that cannot be read fails before the long work.
        let previous = try PreviousMetrics.load(period: period, options: options)

        var clock = StageClock()
        let read = try ReadStage(
            aggregate: AggregateOptions(
                period: period, timeZoneIdentifier: options.timezone,
                serviceLevelSeconds: options.serviceLevel, campaigns: options.campaigns,
                repeatWindowDays: options.repeatWindow),
            folder: folder, timeZone: options.timeZone, byteOrderMark: !options.noBOM,
            keepCalls: renderer.rendersCallsTemplate, maskCallers: options.maskCallers
        ).run(inputs)
        clock.lap("read")

        let built = read.builder.buildWithMissedCallers(normalize: read.counts, fetch: fetch)
        let keptCalls = read.keptCalls
        let counts = read.counts
        let finishCallsCSV = read.finishCallsCSV
        Disposal.later(consume read)  // every caller's calls, for the figures just built
        var metrics = built.metrics
        if let previous {
            metrics.comparison = Comparison(
                current: metrics, previous: previous, alertChange: options.alertChange / 100)
        }
        try MetricsWriter.write(metrics, to: folder.appendingPathComponent("metrics.json"))
        clock.lap("metrics")
        let generated = Self.generatedDate()
        let context = ReportContext(
            label: period.label, account: account, campaignFilter: options.campaigns,
            generatedAt: Self.stamp(generated), byteOrderMark: !options.noBOM, timeZone: options.timeZone,
            missedCallers: built.missedCallers, maskCallers: options.maskCallers)
        try renderer.render(metrics, context: context, calls: keptCalls, into: folder)
        if !options.mailTo.isEmpty {
            try writeMail(metrics, context: context, renderer: renderer, date: generated, folder: folder)
        }
        // calls.csv's last rows were written on another core while the figures were built and rendered.
        try finishCallsCSV()
        clock.lap("render")
        clock.report()

        if counts.responses > 0, counts.emptyResponses == counts.responses {
            Console.progress(
                "warning: every response was 'no record found': the period may hold no calls, "
                    + "or the API key, user name or campaign may be wrong.")
        }
        Self.printSummary(metrics, folder: folder)
        return folder
    }

    /// `--templates`, else `./templates`, else the templates folder of the source tree this binary was built from.
    static func templatesFolder(_ option: String?) throws -> URL {
        var isFolder: ObjCBool = false
        if let option {
            guard FileManager.default.fileExists(atPath: option, isDirectory: &isFolder), isFolder.boolValue else {
                throw ConfigurationError("--templates \(option) is not a folder.")
            }
            return URL(fileURLWithPath: option, isDirectory: true)
        }
        let local = "templates"
        if FileManager.default.fileExists(atPath: local, isDirectory: &isFolder), isFolder.boolValue {
            return URL(fileURLWithPath: local, isDirectory: true)
        }
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates", isDirectory: true)
        if FileManager.default.fileExists(atPath: built.path, isDirectory: &isFolder), isFolder.boolValue {
            return built
        }
        throw ConfigurationError(
            "No templates folder: there is no ./templates here and none was given; pass --templates DIR.")
    }

    /// When the report is made: `SOURCE_DATE_EPOCH` when set, else now. The
    /// only clock reading of a report; the summaries and the mail's Date use it.
    static func generatedDate() -> Date {
        let environment = ProcessInfo.processInfo.environment
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

    /// The CSV files a mail carries: the summary tables. calls.csv can run to
    /// megabytes and missed.csv holds caller numbers, so both stay out of the mail.
    static let mailAttachments = ["agents.csv", "skills.csv", "campaigns.csv", "daily.csv"]

    /// summary.eml: the HTML summary with summary.md as its plain-text part.
    private func writeMail(
        _ metrics: Metrics, context: ReportContext, renderer: ReportRenderer, date: Date, folder: URL
    )
        throws
    {
        guard let html = renderer.renderOutput(named: "summary.html", metrics: metrics, context: context) else {
            throw ConfigurationError("--mail-to needs a summary.html.mustache template; the templates folder has none.")
        }
        let text =
            renderer.renderOutput(named: "summary.md", metrics: metrics, context: context)
            ?? "Call report \(period.label): see the HTML part."
        var attachments: [SummaryMail.Attachment] = []
        for name in Self.mailAttachments {
            let url = folder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else { continue }
            attachments.append(SummaryMail.Attachment(fileName: name, data: data))
        }
        let mail = SummaryMail(
            from: MailAddress(options.mailFrom!)!, to: options.mailTo.compactMap(MailAddress.init),
            subject: options.subject ?? Self.defaultSubject(period: period, account: account), date: date,
            text: text, html: html, attachments: attachments)
        try AtomicFile.write(mail.encoded(), to: folder.appendingPathComponent("summary.eml"))
    }

    /// `Call report 2026-10 (2026-10-01 to 2026-10-31)`, with the account when known.
    static func defaultSubject(period: ReportPeriod, account: String?) -> String {
        "Call report \(period.label) (\(period.from) to \(period.to))" + (account.map { " – " + $0 } ?? "")
    }

    private static func printSummary(_ metrics: Metrics, folder: URL) {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.sorted() ?? []
        let totals = metrics.totals
        let quality = metrics.dataQuality
        Console.result("Wrote \(folder.path)/: \(files.joined(separator: ", "))")
        Console.result(
            "\(totals.offered) calls offered, \(totals.answered) answered; "
                + "\(quality.quarantined) quarantined, \(quality.duplicates) duplicates, "
                + "\(quality.outOfPeriod) out of period.")
    }
}

/// Wall and CPU time of each stage of a report, printed to stderr when
/// `CALLREPORT_STAGE_TIMES` is set (the benchmark reads it). "read" is
/// normalize, aggregate and calls.csv, which run overlapped on every core;
/// "metrics" the final figures and metrics.json; "render" the templates.
struct StageClock {
    private let enabled = ProcessInfo.processInfo.environment["CALLREPORT_STAGE_TIMES"] != nil
    private var laps: [(name: String, wall: Double, cpu: Double)] = []
    private var wall = Self.wallNow()
    private var cpu = Self.cpuNow()

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let (wallNow, cpuNow) = (Self.wallNow(), Self.cpuNow())
        laps.append((name, wallNow - wall, cpuNow - cpu))
        (wall, cpu) = (wallNow, cpuNow)
    }

    /// `stage times: read 9.12 s (cpu 16.40 s), metrics 0.31 s (cpu 0.31 s), render 0.20 s (cpu 0.20 s)`
    func report() {
        guard enabled, !laps.isEmpty else { return }
        let parts = laps.map { String(format: "%@ %.2f s (cpu %.2f s)", $0.name, $0.wall, $0.cpu) }
        FileHandle.standardError.write(Data("stage times: \(parts.joined(separator: ", "))\n".utf8))
    }

    private static func wallNow() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func cpuNow() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
