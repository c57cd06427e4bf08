import ArgumentParser
import CallConfig
import CallFetch
import CallModel
import CallPipeline
import Foundation

private typealias Defaults = ReportSettings.Defaults

/// `--month` or `--from/--to`: the dates a report covers.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A whole month to report on, or 'last' for last month.", valueName: "YYYY-MM"))
    var month: String?

    @Option(help: ArgumentHelp("First date of a range (with --to).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(help: ArgumentHelp("Last date of a range, inclusive (with --from).", valueName: "YYYY-MM-DD"))
    var to: String?

    /// The chosen period; `nil` when none was given (allowed only where a default exists).
    func period() throws -> ReportPeriod? {
        try Failure.validating { try ReportSettings.period(month: month, from: from, to: to) }
    }

    var layer: SettingLayer {
        var layer = SettingLayer()
        if let month { layer["month"] = SettingValue(flag: "--month", month) }
        if let from { layer["from"] = SettingValue(flag: "--from", from) }
        if let to { layer["to"] = SettingValue(flag: "--to", to) }
        return layer
    }
}

/// `--config FILE` and `--account NAME`: the configuration file, and which of its accounts.
struct ConfigOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Configuration file (YAML): settings and accounts; flags and the environment override it.",
            valueName: "FILE"))
    var config: String?

    @Option(
        name: .customLong("account"),
        help: ArgumentHelp("Only this account of the configuration file (repeatable).", valueName: "NAME"))
    var accounts: [String] = []

    /// The settings of each account: `flags` over the environment over the file over the defaults.
    func resolve(flags: SettingLayer) throws -> Configuration {
        let file = try config.map { path throws(ConfigError) in try ConfigFile.load(path) }
        return try Configuration.resolve(
            file: file, environment: ProcessInfo.processInfo.environment, flags: flags, selected: accounts)
    }
}

/// `--timezone`, shared by every command.
struct ZoneOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Time zone of the account's timestamps (default: \(Defaults.timeZoneIdentifier)).", valueName: "TZ"))
    var timezone: String?

    func validate() throws {
        if let timezone { _ = try Failure.validating { try ReportSettings.timeZone(named: timezone) } }
    }

    var layer: SettingLayer {
        timezone.map { ["timezone": SettingValue(flag: "--timezone", $0)] } ?? [:]
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

    @Flag(name: .customLong("no-xlsx"), help: "Leave report.xlsx out (the workbook of every table).")
    var noXLSX = false

    @Flag(
        name: .customLong("xlsx-calls"),
        help: "Add the Calls sheet to report.xlsx: one row per call, up to a sheet's 1 048 575.")
    var xlsxCalls = false

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
        name: .customLong("short-abandon"), parsing: .unconditional,
        help: ArgumentHelp(
            "An unanswered inbound call that waited less than this is a short abandon; 0 for none "
                + "(default: \(Defaults.shortAbandonSeconds)).",
            valueName: "SECONDS"))
    var shortAbandon: Int?

    @Option(
        help: ArgumentHelp(
            "Minutes of a staffing interval (default: \(Defaults.intervalMinutes)).", valueName: "15|30|60"))
    var interval: Int?

    @Option(
        name: .customLong("target-service-level"), parsing: .unconditional,
        help: ArgumentHelp(
            "Service level the required agents of each interval reach (default: \(Defaults.targetServiceLevel)).",
            valueName: "FRACTION"))
    var targetServiceLevel: Double?

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

    @Flag(help: "Send summary.eml over SMTP once the report is written ($CALLREPORT_SMTP_URL and the login).")
    var send = false

    @Flag(help: "With --send: send even if sent.json says this report was sent already.")
    var resend = false

    func validate() throws { try Flags.check(layer) }

    /// The options given, as the top layer of the settings.
    var layer: SettingLayer {
        var layer = zone.layer
        if !campaigns.isEmpty { layer["campaigns"] = SettingValue(flag: "--campaign", campaigns) }
        if let output { layer["output"] = SettingValue(flag: "--output", output) }
        if let templates { layer["templates"] = SettingValue(flag: "--templates", templates) }
        if let serviceLevel { layer["service_level"] = SettingValue(flag: "--service-level", String(serviceLevel)) }
        if noBOM { layer["no_bom"] = SettingValue(flag: "--no-bom", "true") }
        if maskCallers { layer["mask_callers"] = SettingValue(flag: "--mask-callers", "true") }
        if noXLSX { layer["no_xlsx"] = SettingValue(flag: "--no-xlsx", "true") }
        if xlsxCalls { layer["xlsx_calls"] = SettingValue(flag: "--xlsx-calls", "true") }
        if let compareTo { layer["compare_to"] = SettingValue(flag: "--compare-to", compareTo) }
        if let alertChange { layer["alert_change"] = SettingValue(flag: "--alert-change", "\(alertChange)") }
        if let repeatWindow { layer["repeat_window"] = SettingValue(flag: "--repeat-window", String(repeatWindow)) }
        if let shortAbandon {
            layer["short_abandon"] = SettingValue(flag: "--short-abandon", String(shortAbandon))
        }
        if let interval { layer["interval"] = SettingValue(flag: "--interval", String(interval)) }
        if let targetServiceLevel {
            layer["target_service_level"] = SettingValue(
                flag: "--target-service-level", "\(targetServiceLevel)")
        }
        if let mailFrom { layer["mail_from"] = SettingValue(flag: "--mail-from", mailFrom) }
        if !mailTo.isEmpty { layer["mail_to"] = SettingValue(flag: "--mail-to", mailTo) }
        if let subject { layer["subject"] = SettingValue(flag: "--subject", subject) }
        if send { layer["send"] = SettingValue(flag: "--send", "true") }
        if resend { layer["resend"] = SettingValue(flag: "--resend", "true") }
        return layer
    }
}

/// Checks of the flags alone, before any file or environment is read: a bad flag is exit 64 with the usage.
enum Flags {
    static func check(_ layer: SettingLayer) throws {
        do {
            try Configuration.check(flags: layer)
        } catch {
            throw ValidationError(error.description)
        }
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

    func validate() throws { try Flags.check(layer) }

    var layer: SettingLayer {
        var layer = SettingLayer()
        if let baseURL { layer["base_url"] = SettingValue(flag: "--base-url", baseURL) }
        if let userName { layer["user_name"] = SettingValue(flag: "--user-name", userName) }
        if let apiFormat { layer["api_format"] = SettingValue(flag: "--api-format", apiFormat) }
        if let archive { layer["archive"] = SettingValue(flag: "--archive", archive) }
        if let rateLimit { layer["rate_limit"] = SettingValue(flag: "--rate-limit", rateLimit) }
        if noWait { layer["no_wait"] = SettingValue(flag: "--no-wait", "true") }
        if refresh { layer["refresh"] = SettingValue(flag: "--refresh", "true") }
        if acceptEmpty { layer["accept_empty"] = SettingValue(flag: "--accept-empty", "true") }
        if let timeout { layer["timeout"] = SettingValue(flag: "--timeout", "\(timeout)") }
        return layer
    }

    /// The one setting no other source gives: the hidden retry delay of the tests.
    func applyHidden(to settings: inout ReportSettings) {
        if let retryDelay {
            settings.cloudAgent.retryDelaySeconds = retryDelay
            settings.delivery.retryDelaySeconds = retryDelay
        }
    }
}
