import CallModel
import CallPipeline
import Foundation

/// One setting of callreport as each source spells it: the key of the configuration
/// file, the flag and the environment variable; how its text is read and where it goes
/// in ``ReportSettings``. ``SettingKey/all`` is the one table of them: the file's
/// checks, the precedence and `callreport config` all read it.
struct SettingKey: Sendable {
    enum Kind: Sendable {
        case text, path, wholeNumber, number, onOff, list
    }

    /// A value read by its kind.
    enum Value {
        case text(String)
        case path(URL)
        case wholeNumber(Int)
        case number(Double)
        case onOff(Bool)
        case list([String])
    }

    let name: String
    let kind: Kind
    let flag: String?
    let environment: String?
    /// One line for the reference of `callreport config --keys`.
    let summary: String
    /// Writes the value into the settings; `nil` for the settings read together (the period, the mail).
    let apply: (@Sendable (inout ReportSettings, Value) throws -> Void)?
    /// The resolved value as `callreport config` shows it; `nil` when unset.
    let show: @Sendable (ReportSettings) -> String?

    init(
        _ name: String, _ kind: Kind, flag: String?, environment: String? = nil, _ summary: String,
        apply: (@Sendable (inout ReportSettings, Value) throws -> Void)? = nil,
        show: @escaping @Sendable (ReportSettings) -> String? = { _ in nil }
    ) {
        self.name = name
        self.kind = kind
        self.flag = flag
        // `CALLREPORT_` and the flag's name (`--service-level`: `CALLREPORT_SERVICE_LEVEL`); "" for none.
        let derived = flag.map { "CALLREPORT_" + $0.dropFirst(2).uppercased().replacing("-", with: "_") }
        self.environment = environment == "" ? nil : environment ?? derived
        self.summary = summary
        self.apply = apply
        self.show = show
    }

    static func key(named name: String) -> SettingKey? { all.first { $0.name == name } }

    /// Keys only the file has: an account's name and the variable of its key.
    static let accountName = "name"
    static let apiKeyVariable = "api_key_env"
    static let accounts = "accounts"
    static let input = "input"
    static let periodKeys: Set<String> = ["month", "from", "to"]
    static let mailKeys = ["mail_from", "mail_to", "subject"]
    /// Keys whose environment variable names one account; with several accounts in the file they are not read.
    static let oneAccountVariables: Set<String> = ["user_name", "base_url"]

    static let all: [SettingKey] = [
        SettingKey(
            accountName, .text, flag: nil, environment: "",
            "The account's name: its folder under output when the file lists several."),
        SettingKey("month", .text, flag: "--month", "The month reported on: `YYYY-MM`, or `last` for last month."),
        SettingKey("from", .text, flag: "--from", "First date of a range, `YYYY-MM-DD` (with `to`)."),
        SettingKey("to", .text, flag: "--to", "Last date of a range, inclusive (with `from`)."),
        SettingKey(
            "user_name", .text, flag: "--user-name", environment: ReportSettings.Defaults.userNameVariable,
            "CloudAgent user name of the account.",
            apply: { settings, value in if case .text(let text) = value { settings.cloudAgent.userName = text } },
            show: { $0.cloudAgent.userName }),
        SettingKey(
            apiKeyVariable, .text, flag: nil, environment: "",
            "The environment variable that holds the account's API key (default `OZONETEL_API_KEY`).",
            apply: { settings, value in
                guard case .text(let name) = value else { return }
                guard Self.isVariableName(name) else {
                    throw PipelineError.invalidSetting(
                        apiKeyVariable, "'\(name)' is not the name of an environment variable (letters, digits, _).")
                }
                settings.cloudAgent.apiKeyVariable = name
            },
            show: { $0.cloudAgent.apiKeyVariable }),
        SettingKey(
            "base_url", .text, flag: "--base-url", environment: ReportSettings.Defaults.baseURLVariable,
            "API host (default \(ReportSettings.Defaults.baseURL)).",
            apply: { settings, value in if case .text(let text) = value { settings.cloudAgent.baseURL = text } },
            show: { $0.cloudAgent.baseURL }),
        SettingKey(
            "api_format", .text, flag: "--api-format", "Ask the API for `json` or `xml`.",
            apply: { settings, value in
                if case .text(let text) = value {
                    settings.cloudAgent.format = try CloudAgentSettings.format(named: text)
                }
            },
            show: { $0.cloudAgent.format.rawValue }),
        SettingKey(
            "archive", .path, flag: "--archive", "Folder of archived responses and the request ledger.",
            apply: { settings, value in if case .path(let url) = value { settings.cloudAgent.archive = url } },
            show: { $0.cloudAgent.archive.path }),
        SettingKey(
            "rate_limit", .text, flag: "--rate-limit", "Requests allowed per rolling span: `N/SECONDS`.",
            apply: { settings, value in
                if case .text(let text) = value {
                    settings.cloudAgent.rateLimit = try CloudAgentSettings.rateLimit(text)
                }
            },
            show: { "\($0.cloudAgent.rateLimit)" }),
        SettingKey(
            "no_wait", .onOff, flag: "--no-wait", "At the rate limit, stop with exit 75 instead of waiting.",
            apply: { settings, value in if case .onOff(let on) = value { settings.cloudAgent.noWait = on } },
            show: { "\($0.cloudAgent.noWait)" }),
        SettingKey(
            "refresh", .onOff, flag: "--refresh", "Fetch again windows the archive holds as final.",
            apply: { settings, value in if case .onOff(let on) = value { settings.cloudAgent.refresh = on } },
            show: { "\($0.cloudAgent.refresh)" }),
        SettingKey(
            "accept_empty", .onOff, flag: "--accept-empty", "Take `no record found` as a truly empty period.",
            apply: { settings, value in if case .onOff(let on) = value { settings.cloudAgent.acceptEmpty = on } },
            show: { "\($0.cloudAgent.acceptEmpty)" }),
        SettingKey(
            "timeout", .number, flag: "--timeout", "Seconds to wait for the connection or the next bytes of an answer.",
            apply: { settings, value in
                if case .number(let seconds) = value { settings.cloudAgent.timeoutSeconds = seconds }
            },
            show: { Self.decimal($0.cloudAgent.timeoutSeconds) }),
        SettingKey(
            "campaigns", .list, flag: "--campaign", environment: "CALLREPORT_CAMPAIGNS",
            "Only calls of these campaigns (case is ignored); the environment separates them with commas.",
            apply: { settings, value in if case .list(let names) = value { settings.campaigns = names } },
            show: { $0.campaigns.isEmpty ? nil : Self.list($0.campaigns) }),
        SettingKey(
            "timezone", .text, flag: "--timezone", "Time zone of the account's timestamps (IANA name).",
            apply: { settings, value in
                if case .text(let name) = value { settings.timeZone = try ReportSettings.timeZone(named: name) }
            },
            show: { $0.timeZone.identifier }),
        SettingKey(
            "service_level", .wholeNumber, flag: "--service-level",
            "Answered within this many seconds is within service level.",
            apply: { settings, value in
                if case .wholeNumber(let seconds) = value { settings.serviceLevelSeconds = seconds }
            },
            show: { "\($0.serviceLevelSeconds)" }),
        SettingKey(
            "output", .path, flag: "--output", "Folder the report folders are written under.",
            apply: { settings, value in if case .path(let url) = value { settings.output = url } },
            show: { $0.output.path }),
        SettingKey(
            "templates", .path, flag: "--templates", "Folder of `*.mustache` templates replacing the built-in ones.",
            apply: { settings, value in if case .path(let url) = value { settings.templates = url } },
            show: { $0.templates?.path }),
        SettingKey(
            "no_bom", .onOff, flag: "--no-bom", "Write CSV files without the UTF-8 byte-order mark.",
            apply: { settings, value in if case .onOff(let on) = value { settings.byteOrderMark = !on } },
            show: { "\(!$0.byteOrderMark)" }),
        SettingKey(
            "mask_callers", .onOff, flag: "--mask-callers", "Show only the last four digits of caller numbers.",
            apply: { settings, value in if case .onOff(let on) = value { settings.maskCallers = on } },
            show: { "\($0.maskCallers)" }),
        SettingKey(
            "no_xlsx", .onOff, flag: "--no-xlsx", "Leave `report.xlsx` out.",
            apply: { settings, value in if case .onOff(let on) = value { settings.xlsx = !on } },
            show: { "\(!$0.xlsx)" }),
        SettingKey(
            "xlsx_calls", .onOff, flag: "--xlsx-calls", "Add the Calls sheet, one row per call, to `report.xlsx`.",
            apply: { settings, value in if case .onOff(let on) = value { settings.xlsxCalls = on } },
            show: { "\($0.xlsxCalls)" }),
        SettingKey(
            "compare_to", .path, flag: "--compare-to", "Folder of the `metrics.json` to compare with.",
            apply: { settings, value in if case .path(let url) = value { settings.compareTo = url } },
            show: { $0.compareTo?.path }),
        SettingKey(
            "alert_change", .number, flag: "--alert-change", "Flag changes larger than this percentage.",
            apply: { settings, value in if case .number(let percent) = value { settings.alertChangePercent = percent }
            },
            show: { Self.decimal($0.alertChangePercent) }),
        SettingKey(
            "repeat_window", .wholeNumber, flag: "--repeat-window",
            "A caller ringing again within this many days repeats.",
            apply: { settings, value in if case .wholeNumber(let days) = value { settings.repeatWindowDays = days } },
            show: { "\($0.repeatWindowDays)" }),
        SettingKey(
            "short_abandon", .wholeNumber, flag: "--short-abandon",
            "An unanswered inbound call that waited less than this many seconds is a short abandon (0: none).",
            apply: { settings, value in
                if case .wholeNumber(let seconds) = value {
                    settings.shortAbandonSeconds = try ReportSettings.shortAbandon(seconds)
                }
            },
            show: { "\($0.shortAbandonSeconds)" }),
        SettingKey(
            "interval", .wholeNumber, flag: "--interval", "Minutes of a staffing interval: 15, 30 or 60.",
            apply: { settings, value in
                if case .wholeNumber(let minutes) = value {
                    settings.intervalMinutes = try ReportSettings.interval(minutes)
                }
            },
            show: { "\($0.intervalMinutes)" }),
        SettingKey(
            "target_service_level", .number, flag: "--target-service-level",
            "Service level the required agents reach, a fraction in (0, 1).",
            apply: { settings, value in
                if case .number(let fraction) = value {
                    settings.targetServiceLevel = try ReportSettings.targetServiceLevel(fraction)
                }
            },
            show: { Self.decimal($0.targetServiceLevel) }),
        SettingKey(
            "mail_from", .text, flag: "--mail-from", "Sender of `summary.eml`.", show: { $0.mail.map { "\($0.from)" } }),
        SettingKey(
            "mail_to", .list, flag: "--mail-to",
            "Recipients of `summary.eml`; the environment separates them with commas.",
            show: { $0.mail.map { Self.list($0.to.map { "\($0)" }) } }),
        SettingKey("subject", .text, flag: "--subject", "Subject of `summary.eml`.", show: { $0.mail?.subject }),
        SettingKey(
            "send", .onOff, flag: "--send", "Send `summary.eml` over SMTP once the report is written.",
            apply: { settings, value in if case .onOff(let on) = value { settings.delivery.send = on } },
            show: { "\($0.delivery.send)" }),
        SettingKey(
            "resend", .onOff, flag: "--resend", "Send again a report whose `sent.json` says it was sent.",
            apply: { settings, value in if case .onOff(let on) = value { settings.delivery.resend = on } },
            show: { "\($0.delivery.resend)" }),
        SettingKey(
            "smtp_url", .text, flag: nil, environment: "CALLREPORT_SMTP_URL",
            "`smtp://host:587` (STARTTLS required) or `smtps://host:465`; no credentials in it.",
            apply: { settings, value in if case .text(let text) = value { settings.delivery.smtpURL = text } },
            show: { $0.delivery.smtpURL }),
        SettingKey(
            "smtp_user", .text, flag: nil, environment: "CALLREPORT_SMTP_USER",
            "SMTP login; its password or OAuth 2 token comes from the environment only.",
            apply: { settings, value in if case .text(let text) = value { settings.delivery.smtpUser = text } },
            show: { $0.delivery.smtpUser }),
        SettingKey(
            "smtp_ca_file", .path, flag: nil, environment: "CALLREPORT_SMTP_CA_FILE",
            "CA certificates for an SMTP server with a private CA.",
            apply: { settings, value in if case .path(let url) = value { settings.delivery.smtpCAFile = url.path } },
            show: { $0.delivery.smtpCAFile }),
        SettingKey(
            input, .list, flag: "--input", environment: "",
            "`report`: saved responses, files or folders (default with a file: the account's archive)."),
    ]

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func list(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }

    /// A value written so YAML reads it back as the same text.
    static func quoted(_ text: String) -> String {
        // Plain YAML when it reads back as the same text: no ": ", no leading sign of YAML syntax.
        let plain =
            text.unicodeScalars.allSatisfy {
                ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
                    || "/._-@+:".unicodeScalars.contains($0)
            } && !text.hasSuffix(":") && !text.hasPrefix("-") && !["~", "null"].contains(text)
        guard !plain || text.isEmpty else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: escaped += String(format: "\\x%02X", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"" + escaped + "\""
    }
}
