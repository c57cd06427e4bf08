import ArgumentParser
import CallModel
import CallRender
import Foundation

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
        switch (month, from, to) {
        case (nil, nil, nil):
            return nil
        case (let month?, nil, nil):
            guard let period = ReportPeriod(month: month) else {
                throw ValidationError("--month must be a month written YYYY-MM, such as 2026-10; got '\(month)'.")
            }
            return period
        case (nil, let from?, let to?):
            guard let first = LocalDate(from) else {
                throw ValidationError("--from must be a date written YYYY-MM-DD; got '\(from)'.")
            }
            guard let last = LocalDate(to) else {
                throw ValidationError("--to must be a date written YYYY-MM-DD; got '\(to)'.")
            }
            guard let period = ReportPeriod(from: first, to: last) else {
                throw ValidationError("--to (\(to)) is before --from (\(from)).")
            }
            guard period.dayCount <= ReportPeriod.longestDays else {
                throw ValidationError(
                    "--from \(from) --to \(to) spans \(period.dayCount) days; a period is at most "
                        + "\(ReportPeriod.longestDays) days (ten years): split it.")
            }
            return period
        case (_?, _, _):
            throw ValidationError("Give either --month or --from with --to, not both.")
        default:
            throw ValidationError("--from and --to go together: give both.")
        }
    }
}

/// Options that shape every report, whatever its source.
struct ReportOptions: ParsableArguments {
    @Option(
        name: .customLong("campaign"),
        help: ArgumentHelp("Only calls of this campaign (repeatable; case is ignored).", valueName: "NAME"))
    var campaigns: [String] = []

    @Option(help: ArgumentHelp("Folder the report folder is written under.", valueName: "DIR"))
    var output: String = "reports"

    @Option(help: ArgumentHelp("Folder of *.mustache templates (default: ./templates).", valueName: "DIR"))
    var templates: String?

    @Option(help: ArgumentHelp("Time zone of the account's timestamps.", valueName: "TZ"))
    var timezone: String = "Asia/Kolkata"

    @Option(
        name: .customLong("service-level"),
        help: ArgumentHelp("Service-level threshold: answered within this many seconds.", valueName: "SECONDS"))
    var serviceLevel: Int = 20

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
        name: .customLong("alert-change"),
        help: ArgumentHelp("Flag changes larger than this against the previous period.", valueName: "PERCENT"))
    var alertChange: Double = 20

    @Option(
        name: .customLong("repeat-window"),
        help: ArgumentHelp("A caller who rings again within this many days is a repeat caller.", valueName: "DAYS"))
    var repeatWindow: Int = 7

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
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("--timezone '\(timezone)' is not a known time zone (try Asia/Kolkata or UTC).")
        }
        guard serviceLevel >= 0 else {
            throw ValidationError("--service-level must be zero or more seconds; got \(serviceLevel).")
        }
        if campaigns.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--campaign needs a name.")
        }
        guard alertChange.isFinite, alertChange >= 0 else {
            throw ValidationError("--alert-change must be a percentage of zero or more; got \(alertChange).")
        }
        guard repeatWindow >= 1 else {
            throw ValidationError("--repeat-window must be one day or more; got \(repeatWindow).")
        }
        if !mailTo.isEmpty, mailFrom == nil {
            throw ValidationError("--mail-to needs --mail-from: the sender of summary.eml.")
        }
        if mailFrom != nil, mailTo.isEmpty {
            throw ValidationError("--mail-from needs at least one --mail-to.")
        }
        for address in mailTo + [mailFrom].compactMap({ $0 }) where MailAddress(address) == nil {
            throw ValidationError(
                "'\(address)' is not a mail address (write user@example.com or 'Name <user@example.com>').")
        }
        if let subject, SummaryMail.breaksHeader(subject) {
            throw ValidationError("--subject must be one line, without control characters.")
        }
    }

    var timeZone: TimeZone { TimeZone(identifier: timezone)! }
}
