import ArgumentParser
import CallFetch
import CallModel
import CallPipeline
import Foundation

private typealias Defaults = ReportSettings.Defaults

/// `--month` or `--from/--to`: the dates a report covers.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A whole month to report on.", valueName: "YYYY-MM"))
    var month: String?

    @Option(help: ArgumentHelp("First date of a range (with --to).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(help: ArgumentHelp("Last date of a range, inclusive (with --from).", valueName: "YYYY-MM-DD"))
    var to: String?

    /// The chosen period; `nil` when none was given (allowed only where a default exists).
    func period() throws -> ReportPeriod? {
        try Failure.validating { try ReportSettings.period(month: month, from: from, to: to) }
    }

    func requiredPeriod() throws -> ReportPeriod {
        guard let period = try period() else { throw ValidationError(PipelineError.missingPeriod.description) }
        return period
    }
}

/// `--timezone`, shared by every command.
struct ZoneOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Time zone of the account's timestamps (default: \(Defaults.timeZoneIdentifier)).", valueName: "TZ"))
    var timezone: String?

    func apply(to settings: inout ReportSettings) throws {
        if let timezone { settings.timeZone = try ReportSettings.timeZone(named: timezone) }
    }
}

/// Options that shape every report, whatever its source.
struct ReportOptions: ParsableArguments {
    @Option(
        name: .customLong("campaign"),
        help: ArgumentHelp("Only calls of this campaign (repeatable; case is ignored).", valueName: "NAME"))
    var campaigns: [String] = []

    @Option(
        help: ArgumentHelp("Folder the report folder is written under (default: \(Defaults.output)).", valueName: "DIR")
    )
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Folder of *.mustache templates, replacing the built-in ones (see 'templates export').",
            valueName: "DIR"))
    var templates: String?

    @OptionGroup var zone: ZoneOption

    @Option(
        name: .customLong("service-level"), parsing: .unconditional,
        help: ArgumentHelp(
            "Service-level threshold: answered within this many seconds (default: \(Defaults.serviceLevelSeconds)).",
            valueName: "SECONDS"))
    var serviceLevel: Int?

    @Flag(name: .customLong("no-bom"), help: "Write CSV files without the UTF-8 byte-order mark.")
    var noBOM = false

    @Flag(
        name: .customLong("mask-callers"),
        help: "Show only the last four digits of caller numbers, in every output file.")
    var maskCallers = false

    @Option(
        name: .customLong("compare-to"),
        help: ArgumentHelp(
            "Folder of the metrics.json to compare with (default: the previous period's folder under --output).",
            valueName: "DIR"))
    var compareTo: String?

    @Option(
        name: .customLong("alert-change"), parsing: .unconditional,
        help: ArgumentHelp(
            "Flag changes larger than this against the previous period (default: \(Int(Defaults.alertChangePercent))).",
            valueName: "PERCENT"))
    var alertChange: Double?

    @Option(
        name: .customLong("repeat-window"), parsing: .unconditional,
        help: ArgumentHelp(
            "A caller who rings again within this many days is a repeat caller (default: \(Defaults.repeatWindowDays)).",
            valueName: "DAYS"))
    var repeatWindow: Int?

    @Option(
        name: .customLong("mail-from"),
        help: ArgumentHelp("Sender of summary.eml: address or 'Name <address>'.", valueName: "ADDRESS"))
    var mailFrom: String?

    @Option(
        name: .customLong("mail-to"),
        help: ArgumentHelp("Write summary.eml to this recipient (repeatable).", valueName: "ADDRESS"))
    var mailTo: [String] = []

    @Option(help: ArgumentHelp("Subject of summary.eml (default: 'Call report <period>').", valueName: "TEXT"))
    var subject: String?

    func validate() throws {
        var settings = ReportSettings()
        try Failure.validating { try apply(to: &settings) }
    }

    /// Writes the options given into `settings`, and checks the result.
    func apply(to settings: inout ReportSettings) throws {
        settings.campaigns = campaigns
        if let output { settings.output = URL(fileURLWithPath: output, isDirectory: true) }
        if let templates { settings.templates = URL(fileURLWithPath: templates, isDirectory: true) }
        try zone.apply(to: &settings)
        if let serviceLevel { settings.serviceLevelSeconds = serviceLevel }
        if noBOM { settings.byteOrderMark = false }
        if maskCallers { settings.maskCallers = true }
        if let compareTo { settings.compareTo = URL(fileURLWithPath: compareTo, isDirectory: true) }
        if let alertChange { settings.alertChangePercent = alertChange }
        if let repeatWindow { settings.repeatWindowDays = repeatWindow }
        if let mail = try MailSettings.parse(from: mailFrom, to: mailTo, subject: subject) { settings.mail = mail }
        settings = try settings.validated()
    }
}

/// Where and how to reach CloudAgent, and the archive's rules.
struct FetchOptions: ParsableArguments {
    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "API host (default: $\(Defaults.baseURLVariable), else \(Defaults.baseURL)).", valueName: "URL"))
    var baseURL: String?

    @Option(
        name: .customLong("user-name"),
        help: ArgumentHelp("Account user name (default: $\(Defaults.userNameVariable)).", valueName: "NAME"))
    var userName: String?

    @Option(
        name: .customLong("api-format"),
        help: ArgumentHelp(
            "Ask the API for json or xml (default: \(Defaults.apiFormat.rawValue)).", valueName: "json|xml"))
    var apiFormat: String?

    @Option(
        help: ArgumentHelp(
            "Folder of archived responses and the request ledger (default: \(Defaults.archive)).", valueName: "DIR"))
    var archive: String?

    @Option(
        name: .customLong("rate-limit"),
        help: ArgumentHelp(
            "Requests allowed per rolling span, shared by every run (default: \(Defaults.rateLimit)).",
            valueName: "N/SECONDS"))
    var rateLimit: String?

    @Flag(name: .customLong("no-wait"), help: "At the rate limit, stop with exit 75 instead of waiting.")
    var noWait = false

    @Flag(help: "Fetch again windows the archive already holds as final.")
    var refresh = false

    @Flag(
        name: .customLong("accept-empty"),
        help: "Take 'no record found' as a truly empty period (else empty windows are asked again by every run).")
    var acceptEmpty = false

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds to wait for the connection or the next bytes of an answer (default: \(Int(Defaults.timeoutSeconds))).",
            valueName: "SECONDS"))
    var timeout: Double?

    @Option(
        name: .customLong("retry-delay"), parsing: .unconditional,
        help: ArgumentHelp("First retry delay in seconds; doubles each attempt, with jitter.", visibility: .hidden))
    var retryDelay: Double?

    func validate() throws {
        var settings = ReportSettings()
        try Failure.validating { try apply(to: &settings) }
    }

    func apply(to settings: inout ReportSettings) throws {
        settings.cloudAgent.baseURL = baseURL
        settings.cloudAgent.userName = userName
        if let apiFormat { settings.cloudAgent.format = try CloudAgentSettings.format(named: apiFormat) }
        if let archive { settings.cloudAgent.archive = URL(fileURLWithPath: archive, isDirectory: true) }
        if let rateLimit { settings.cloudAgent.rateLimit = try CloudAgentSettings.rateLimit(rateLimit) }
        settings.cloudAgent.noWait = noWait
        settings.cloudAgent.refresh = refresh
        settings.cloudAgent.acceptEmpty = acceptEmpty
        if let timeout { settings.cloudAgent.timeoutSeconds = timeout }
        if let retryDelay { settings.cloudAgent.retryDelaySeconds = retryDelay }
        settings = try settings.validated()
    }
}
