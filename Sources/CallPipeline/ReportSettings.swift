import CallFetch
import CallModel
import CallRender
import CallWorkbook
import Foundation

/// Everything one report run needs to know, in one value: built once from the
/// command line (and later a configuration file), then read by every stage.
///
/// Every default of callreport lives in ``Defaults`` and nowhere else: the
/// stages take their values from here and keep none of their own.
public struct ReportSettings: Sendable {
    /// The defaults of every setting (SPEC §6).
    public enum Defaults {
        /// The zone CloudAgent writes India's timestamps in.
        public static let timeZoneIdentifier = "Asia/Kolkata"
        public static let serviceLevelSeconds = 20
        public static let output = "reports"
        public static let alertChangePercent = 20.0
        public static let repeatWindowDays = 7
        public static let shortAbandonSeconds = 5
        public static let intervalMinutes = 30
        public static let targetServiceLevel = 0.8
        public static let byteOrderMark = true
        public static let maskCallers = false
        /// report.xlsx is written unless `--no-xlsx`; its Calls sheet only with `--xlsx-calls`.
        public static let xlsx = true
        public static let xlsxCalls = false
        public static let apiFormat = ResponseFormat.json
        public static let archive = ".callreport/archive"
        public static let baseURL = "https://in1-ccaas-api.ozonetel.com"
        public static let rateLimit = RateLimit.cloudAgent
        public static let timeoutSeconds = 60.0
        public static let retryDelaySeconds = 2.0
        /// Attempts per window for network errors, timeouts, 5xx answers and bad bodies.
        public static let attempts = 4
        /// The size of the demo's month when none is given: a mid-sized center.
        public static let demoRecords = 20_000
        /// The environment variables credentials and the base URL come from.
        public static let apiKeyVariable = "OZONETEL_API_KEY"
        public static let userNameVariable = "OZONETEL_USER_NAME"
        public static let baseURLVariable = "OZONETEL_BASE_URL"
    }

    /// The dates reported on; `nil` only where a command has its own default (`fetch`, `demo`).
    public var period: ReportPeriod?
    /// The zone of the account's timestamps: the offsets in calls.csv, "today" and "yesterday".
    public var timeZone: ReportTimeZone
    /// T of SPEC §4: answered within this many seconds is within service level.
    public var serviceLevelSeconds: Int
    /// `--campaign`: only these campaigns, matched ignoring case; empty for all.
    public var campaigns: [String]
    /// The folder report folders are written under.
    public var output: URL
    /// The folder of `*.mustache` templates, replacing the built-in set; `nil` for the built-in set.
    public var templates: URL?
    /// Whether CSV files start with the UTF-8 byte-order mark.
    public var byteOrderMark: Bool
    /// Caller numbers show only their last four digits in every output file.
    public var maskCallers: Bool
    /// Write report.xlsx (`--no-xlsx` turns it off).
    public var xlsx: Bool
    /// Add the Calls sheet to report.xlsx (`--xlsx-calls`); no effect without ``xlsx``.
    public var xlsxCalls: Bool
    /// The most rows of the Calls sheet: a sheet's limit; tests set fewer to see the warning.
    public var xlsxCallRowLimit: Int
    /// The folder of the metrics.json to compare with; `nil` for the previous period's folder under ``output``.
    public var compareTo: URL?
    /// Changes larger than this, in percent, are flagged at the top of the summary.
    public var alertChangePercent: Double
    /// A caller who rings again within this many days of an answered call is a repeat caller.
    public var repeatWindowDays: Int
    /// An unanswered inbound call with a known wait below this many seconds is a short abandon; 0 makes none.
    public var shortAbandonSeconds: Int
    /// Minutes of a staffing interval: 15, 30 or 60.
    public var intervalMinutes: Int
    /// The service level, in (0, 1), the required agents of each interval reach.
    public var targetServiceLevel: Double
    /// `summary.eml`'s sender, recipients and subject; `nil` writes no mail.
    public var mail: MailSettings?
    /// The account's name as shown in the summary, when no CloudAgent account names it (the demo's "demo").
    public var accountLabel: String?
    /// Where and how to fetch.
    public var cloudAgent: CloudAgentSettings
    /// Whether and how summary.eml is sent once the report is written.
    public var delivery: DeliverySettings

    /// The defaults, for `period`.
    public init(period: ReportPeriod? = nil) {
        self.period = period
        timeZone = ReportTimeZone(identifier: Defaults.timeZoneIdentifier)!
        serviceLevelSeconds = Defaults.serviceLevelSeconds
        campaigns = []
        output = URL(fileURLWithPath: Defaults.output, isDirectory: true)
        templates = nil
        byteOrderMark = Defaults.byteOrderMark
        maskCallers = Defaults.maskCallers
        xlsx = Defaults.xlsx
        xlsxCalls = Defaults.xlsxCalls
        xlsxCallRowLimit = ReportWorkbook.sheetRowLimit
        compareTo = nil
        alertChangePercent = Defaults.alertChangePercent
        repeatWindowDays = Defaults.repeatWindowDays
        shortAbandonSeconds = Defaults.shortAbandonSeconds
        intervalMinutes = Defaults.intervalMinutes
        targetServiceLevel = Defaults.targetServiceLevel
        mail = nil
        accountLabel = nil
        cloudAgent = CloudAgentSettings()
        delivery = DeliverySettings()
    }

    /// The period, for the commands that need one.
    func requiredPeriod() throws(PipelineError) -> ReportPeriod {
        guard let period else { throw .missingPeriod }
        return period
    }

    /// The folder a report of `period` is written to.
    public func reportFolder(for period: ReportPeriod) -> URL {
        output.appendingPathComponent(reportLabel(for: period), isDirectory: true)
    }

    /// The report folder's name: the period's label, and for a campaign-filtered report
    /// its campaigns (`2026-10_Inbound_Sales`), so that it never replaces the whole
    /// account's report. Campaigns are sorted and written file-safe; a name that would be
    /// too long for a file system ends in a short digest of the campaigns instead.
    public func reportLabel(for period: ReportPeriod) -> String {
        guard !campaigns.isEmpty else { return period.label }
        var names: [String] = []
        for name in campaigns.map(Self.fileSafe).sorted() where !names.contains(name) { names.append(name) }
        let suffix = names.joined(separator: "+")
        guard suffix.utf8.count > 120 else { return period.label + "_" + suffix }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: the same campaigns give the same name every run
        for byte in suffix.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let head = String(decoding: suffix.utf8.prefix(80), as: UTF8.self).filter { $0 != "\u{FFFD}" }
        return period.label + "_" + head + "-" + String(hash, radix: 16)
    }

    /// Letters, digits, `-`, `_` and `.` kept; anything else (a slash, a space, a control) becomes `-`.
    static func fileSafe(_ name: String) -> String {
        let kept = String(
            name.trimmingCharacters(in: .whitespaces).unicodeScalars.map { scalar -> Character in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
                    ? Character(scalar) : "-"
            })
        return kept.hasPrefix(".") ? "-" + kept.dropFirst() : kept
    }
}

/// The sender, recipients and subject of `summary.eml`.
public struct MailSettings: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    /// `nil` for `Call report <label> (<from> to <to>) – <account>`.
    public var subject: String?

    public init(from: MailAddress, to: [MailAddress], subject: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
    }
}

/// Where CloudAgent is and how to talk to it. Credentials are not kept here:
/// they are read from the environment when a fetch starts (see ``CredentialSource``).
public struct CloudAgentSettings: Sendable {
    /// `--base-url`; `nil` for `OZONETEL_BASE_URL`, else ``ReportSettings/Defaults/baseURL``.
    public var baseURL: String?
    /// `--user-name`; `nil` for `OZONETEL_USER_NAME`.
    public var userName: String?
    /// The environment variable that holds the API key: `OZONETEL_API_KEY`, or the one
    /// an account of the configuration file names (`api_key_env`).
    public var apiKeyVariable: String
    public var format: ResponseFormat
    /// The archive of responses and the request ledger.
    public var archive: URL
    public var rateLimit: RateLimit
    /// At the rate limit, stop (exit 75) instead of waiting.
    public var noWait: Bool
    /// Fetch again the windows the archive holds as final.
    public var refresh: Bool
    /// Take `no record found` windows as really empty: once ended, they are final like the others.
    public var acceptEmpty: Bool
    public var timeoutSeconds: Double
    /// The first retry's delay; each next one doubles, with jitter.
    public var retryDelaySeconds: Double
    public var attempts: Int

    public init() {
        typealias Defaults = ReportSettings.Defaults
        baseURL = nil
        userName = nil
        apiKeyVariable = Defaults.apiKeyVariable
        format = Defaults.apiFormat
        archive = URL(fileURLWithPath: Defaults.archive, isDirectory: true)
        rateLimit = Defaults.rateLimit
        noWait = false
        refresh = false
        acceptEmpty = false
        timeoutSeconds = Defaults.timeoutSeconds
        retryDelaySeconds = Defaults.retryDelaySeconds
        attempts = Defaults.attempts
    }

    /// What the fetch stage takes of these settings.
    var fetchSettings: FetchSettings {
        FetchSettings(
            rateLimit: rateLimit, noWait: noWait, refresh: refresh, acceptEmpty: acceptEmpty, attempts: attempts,
            backoff: retryDelaySeconds, timeout: timeoutSeconds)
    }
}

/// `--send`: summary.eml over SMTP once the report is complete (SPEC §8 "Delivery").
/// The password and the OAuth 2 token are not kept here: they are read from the
/// environment when the message is sent.
public struct DeliverySettings: Sendable {
    /// Send summary.eml after the report is written.
    public var send: Bool
    /// Send even when sent.json says this report was sent already.
    public var resend: Bool
    /// `smtp://host:587` (STARTTLS required) or `smtps://host:465`.
    public var smtpURL: String?
    public var smtpUser: String?
    /// A file of CA certificates for a server with a private CA.
    public var smtpCAFile: String?
    public var attempts: Int
    public var retryDelaySeconds: Double

    public init() {
        send = false
        resend = false
        smtpURL = nil
        smtpUser = nil
        smtpCAFile = nil
        attempts = ReportSettings.Defaults.attempts
        retryDelaySeconds = ReportSettings.Defaults.retryDelaySeconds
    }
}
