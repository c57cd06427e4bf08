import CallAggregate
import Foundation

/// What the templates see besides the metrics: facts about the run that the
/// command line knows and aggregate does not.
///
/// Rendering never reads the clock or the environment: `generatedAt` comes
/// from the caller (who honours `SOURCE_DATE_EPOCH`), so the same inputs
/// render the same bytes.
public struct ReportContext: Sendable {
    /// The period label, also the folder name: `2026-10` or `2026-10-01_2026-10-15`.
    public var label: String
    /// The CloudAgent account (user name); `nil` for the demo and offline runs
    /// that do not name one.
    public var account: String?
    /// The `--campaign` values, as given; empty when every campaign counts.
    public var campaignFilter: [String]
    /// When the report was made, already formatted for people; `nil` leaves
    /// it out of the report (e.g. for byte-identical golden files).
    public var generatedAt: String?
    /// Whether CSV outputs start with the UTF-8 byte-order mark (`--no-bom` turns it off).
    public var byteOrderMark: Bool
    /// The report time zone (`--timezone`), for the offsets of call timestamps.
    public var timeZone: TimeZone
    /// How many agents, skills and campaigns the summaries list before
    /// pointing to the CSV: keeps the HTML under Gmail's 100 KB clip
    /// whatever the size of the account.
    public var htmlTopRows: Int
    /// The call-back list for missed.csv (``MetricsBuilder/missedCallers()``);
    /// the summaries show only its length.
    public var missedCallers: [MissedCaller]
    /// `--mask-callers`: caller numbers in missed.csv (and a custom calls.csv)
    /// show only their last four digits.
    public var maskCallers: Bool
    /// Why the summary compares with no earlier report (none found, or one of another
    /// length, campaigns or service level); `nil` when it compares, or says nothing.
    public var comparisonNote: String?
    /// S of `--short-abandon`, for the summaries' words on short abandons (0: none excluded);
    /// `nil` leaves the number out.
    public var shortAbandonSeconds: Int?
    /// What summary.eml carries, when the summary is rendered for it; `nil` for the report
    /// folder's files. The mailed summary names only what the mail carries.
    public var mail: MailedSummary?

    public init(
        label: String,
        account: String? = nil,
        campaignFilter: [String] = [],
        generatedAt: String? = nil,
        byteOrderMark: Bool,
        timeZone: TimeZone,
        htmlTopRows: Int = 25,
        missedCallers: [MissedCaller] = [],
        maskCallers: Bool,
        comparisonNote: String? = nil,
        shortAbandonSeconds: Int? = nil
    ) {
        self.label = label
        self.account = account
        self.campaignFilter = campaignFilter
        self.generatedAt = generatedAt
        self.byteOrderMark = byteOrderMark
        self.timeZone = timeZone
        self.htmlTopRows = htmlTopRows
        self.missedCallers = missedCallers
        self.maskCallers = maskCallers
        self.comparisonNote = comparisonNote
        self.shortAbandonSeconds = shortAbandonSeconds
    }
}

/// What the mailed summary (summary.eml) carries besides itself.
public struct MailedSummary: Sendable, Equatable {
    /// The attached files' names, in the mail's order.
    public var attachments: [String]
    /// The sheets of the attached workbook, in order; empty when no workbook is attached.
    public var sheets: [String]

    public init(attachments: [String], sheets: [String] = []) {
        self.attachments = attachments
        self.sheets = sheets
    }

    /// `report.xlsx (sheets Summary, Agents and Daily)`, or `agents.csv and daily.csv`; `nil`
    /// when nothing is attached.
    var text: String? {
        guard !attachments.isEmpty else { return nil }
        let files = Self.list(attachments)
        return sheets.isEmpty ? files : files + " (sheets " + Self.list(sheets) + ")"
    }

    /// `a`, `a and b`, `a, b and c`.
    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
