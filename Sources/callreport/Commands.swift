import ArgumentParser
import CallConfig
import CallFetch
import CallModel
import CallPipeline
import Foundation

/// `callreport run`: fetch what is missing, then the whole report.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch what the archive lacks, then build the reports of the period.",
        discussion: """
            A closed period already in the archive costs no request. Campaigns are \
            filtered locally, so --campaign never costs an extra request.

            Example (monthly, on the 1st at 06:00, for last month; deploy/ has the
            cron file and systemd units):
              0 6 1 * *  callreport run --config /etc/callreport/callreport.yaml --month last
            """
    )

    @OptionGroup(title: "Configuration") var configOptions: ConfigOptions
    @OptionGroup(title: "Period") var periodOptions: PeriodOptions
    @OptionGroup(title: "CloudAgent") var fetchOptions: FetchOptions
    @OptionGroup(title: "Report") var options: ReportOptions

    func validate() throws { _ = try periodOptions.period() }

    func run() async throws {
        try await Failure.mappingExitCodes {
            let configuration = try configOptions.resolve(
                flags: periodOptions.layer.merging(fetchOptions.layer) { $1 }.merging(options.layer) { $1 })
            try await Accounts.each(configuration, needsUserName: true, adjust: fetchOptions.applyHidden) {
                account, pipeline in
                Summary.show(try await pipeline.run(), account: account.name)
            }
        }
    }
}

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
              30 2 * * *  callreport fetch --config /etc/callreport/callreport.yaml --no-wait
            """
    )

    @OptionGroup(title: "Configuration") var configOptions: ConfigOptions
    @OptionGroup(title: "Period (optional)") var periodOptions: PeriodOptions
    @OptionGroup(title: "CloudAgent") var fetchOptions: FetchOptions
    @OptionGroup var zone: ZoneOption

    func validate() throws { _ = try periodOptions.period() }

    func run() async throws {
        try await Failure.mappingExitCodes {
            let configuration = try configOptions.resolve(
                flags: periodOptions.layer.merging(fetchOptions.layer) { $1 }.merging(zone.layer) { $1 })
            try await Accounts.each(configuration, needsUserName: true, adjust: fetchOptions.applyHidden) {
                account, pipeline in
                let result = try await pipeline.fetch()
                let line =
                    result.upToDate
                    ? "The archive is up to date through \(result.to); nothing to fetch."
                    : "Archive \(result.archiveFolder.path): \(result.outcome.fetched.count) window(s) fetched "
                        + "with \(result.outcome.requests) request(s) for \(result.from) to \(result.to)."
                Console.result(Summary.prefixed(line, account: account.name))
                return line
            }
        }
    }
}

/// `callreport report`: the offline pipeline on saved API responses.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the reports from saved API responses, with no network.",
        discussion: """
            Each --input is a response body saved from the "Get call logs" API, \
            JSON or XML (told apart by content), or a folder of them: every .json \
            and .xml file under it, any case, subfolders included, in name order; \
            anything else there is listed as skipped. Records are de-duplicated \
            across all inputs; the first wins.

            Example:
              callreport report --input saved/ --month 2026-10 --campaign Inbound_Sales
            """
    )

    @Option(
        name: .customLong("input"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Saved responses: files or folders (repeatable). With --config and no input: each account's archive.",
            valueName: "FILE"))
    var inputs: [String] = []

    @OptionGroup(title: "Configuration") var configOptions: ConfigOptions
    @OptionGroup(title: "Period") var periodOptions: PeriodOptions
    @OptionGroup(title: "Report") var options: ReportOptions

    func validate() throws {
        guard !inputs.isEmpty || configOptions.config != nil else {
            throw ValidationError("Give at least one --input FILE (or --config FILE to read each account's archive).")
        }
        _ = try periodOptions.period()
    }

    func run() async throws {
        try await Failure.mappingExitCodes {
            var flags = periodOptions.layer.merging(options.layer) { $1 }
            if !inputs.isEmpty { flags["input"] = SettingValue(flag: "--input", inputs) }
            let configuration = try configOptions.resolve(flags: flags)
            try await Accounts.each(configuration, needsUserName: configuration.accounts.contains { $0.inputs.isEmpty })
            {
                account, pipeline in
                let result =
                    try account.inputs.isEmpty ? pipeline.reportFromArchive() : pipeline.report(paths: account.inputs)
                return Summary.show(result, account: account.name)
            }
        }
    }
}

/// `callreport demo`: the embedded default account through the real pipeline.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the reports of a built-in synthetic account: no credentials needed.",
        discussion: """
            The demo account is a 48-agent center with five skills, three \
            inbound queues and a dialer (Progressive, Predictive, Preview and \
            Manual campaigns, call-backs of missed callers included). Its month is encoded as real API responses (one per 30-day \
            window) and read through the same normalize path as downloads, dirty \
            records included. The same --month and --records give the same files.
            """
    )

    @Option(help: ArgumentHelp("The month to simulate (default: last month).", valueName: "YYYY-MM"))
    var month: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of calls in the month.", valueName: "N"))
    var records: Int = ReportSettings.Defaults.demoRecords

    @Option(
        name: .customLong("save-responses"),
        help: ArgumentHelp(
            "Also write the synthetic API responses here, as report --input reads them.", valueName: "DIR"))
    var saveResponses: String?

    @Option(
        name: .customLong("api-format"),
        help: ArgumentHelp("Body format of the synthetic responses.", valueName: "json|xml"))
    var apiFormat: String = "json"

    @OptionGroup(title: "Report") var options: ReportOptions

    func validate() throws {
        _ = try Failure.validating { try ReportSettings.period(month: month, from: nil, to: nil) }
        guard records >= 0 else { throw ValidationError("--records must be zero or more; got \(records).") }
        _ = try Failure.validating { try CloudAgentSettings.format(named: apiFormat) }
    }

    func run() async throws {
        try await Failure.mappingExitCodes {
            let configuration = try Configuration.resolve(
                file: nil, environment: ProcessInfo.processInfo.environment, flags: options.layer)
            var settings = configuration.accounts[0].settings
            settings.period = try Failure.validating { try ReportSettings.period(month: month, from: nil, to: nil) }
            let result = try Console.pipeline(settings).demo(
                records: records, format: try CloudAgentSettings.format(named: apiFormat),
                saveResponsesTo: saveResponses.map { URL(fileURLWithPath: $0, isDirectory: true) })
            Summary.show(result, account: nil)
        }
    }
}

/// What a report run prints when it is done: stdout for people and scripts.
enum Summary {
    /// Prints the result; returns its one line for the end of a several-account run.
    @discardableResult
    static func show(_ result: ReportResult, account: String?) -> String {
        if ProcessInfo.processInfo.environment["CALLREPORT_STAGE_TIMES"] != nil {
            // `stage times: read 9.12 s (cpu 16.40 s), metrics 0.31 s (cpu 0.31 s), render 0.20 s (cpu 0.20 s)`
            let parts = result.stageTimes.map {
                String(format: "%@ %.2f s (cpu %.2f s)", $0.name, $0.wallSeconds, $0.cpuSeconds)
            }
            FileHandle.standardError.write(Data("stage times: \(parts.joined(separator: ", "))\n".utf8))
        }
        let totals = result.metrics.totals
        let quality = result.metrics.dataQuality
        Console.result(
            prefixed("Wrote \(result.folder.path)/: \(result.files.joined(separator: ", "))", account: account))
        Console.result(
            prefixed(
                "\(totals.offered) calls offered, \(totals.answered) answered; "
                    + "\(quality.quarantined) quarantined, \(quality.duplicates) duplicates, "
                    + "\(quality.outOfPeriod) out of period.", account: account))
        var line = "wrote \(result.folder.path)/ (\(totals.offered) calls offered, \(totals.answered) answered)"
        switch result.delivery {
        case .sent(let record)?:
            Console.result(
                prefixed("Sent summary.eml to \(record.recipients.joined(separator: ", ")).", account: account))
            line += "; summary.eml sent"
        case .alreadySent(let record)?:
            Console.result(
                prefixed("summary.eml not sent again: sent on \(record.sentAt) (--resend).", account: account))
            line += "; summary.eml sent before"
        case nil:
            break
        }
        return line + "."
    }

    /// `acme: text` for one of several accounts.
    static func prefixed(_ text: String, account: String?) -> String {
        account.map { "\($0): \(text)" } ?? text
    }
}

extension Console {
    /// The pipeline for `settings`, logging and showing fetch progress here.
    /// With `account`, one of several running at once: its lines say its name, and no countdown is drawn.
    static func pipeline(_ settings: ReportSettings, account: String? = nil) -> CallPipeline {
        var logger = logger
        if let account { logger[metadataKey: "account"] = "\(account)" }
        let progress = FetchProgress(logger: logger, countdown: isTerminal && account == nil)
        return CallPipeline(settings: settings, logger: logger, fetchEvents: { progress.show($0) })
    }
}
