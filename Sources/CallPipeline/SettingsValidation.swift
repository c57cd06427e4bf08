import CallDeliver
import CallFetch
import CallModel
import CallRender
import Foundation

// The checks of the settings' values, whatever they come from; each error
// names the setting as the command line spells it.

extension ReportSettings {
    /// The word `--month` takes for the month before today's: what a monthly cron job asks for.
    public static let lastMonth = "last"

    /// The period of `month` (`YYYY-MM`, or `last` for the month before `today`'s), or of
    /// `from` to `to` (`YYYY-MM-DD`, both inclusive); `nil` when none is given (allowed
    /// where a command has a default).
    public static func period(month: String?, from: String?, to: String?, today: LocalDate? = nil)
        throws(PipelineError) -> ReportPeriod?
    {
        switch (month, from, to) {
        case (nil, nil, nil):
            return nil
        case (let month?, nil, nil) where month.lowercased() == lastMonth:
            let zone = ReportTimeZone(identifier: Defaults.timeZoneIdentifier)!.timeZone
            return ReportPeriod.previousMonth(of: today ?? LocalDate.today(in: zone))
        case (let month?, nil, nil):
            guard let period = ReportPeriod(month: month) else {
                throw .invalidSetting(
                    "--month",
                    "--month must be a month written YYYY-MM, such as 2026-10, or 'last' for last month; got '\(month)'."
                )
            }
            return period
        case (nil, let from?, let to?):
            let first = try date(from, setting: "--from")
            let last = try date(to, setting: "--to")
            guard let period = ReportPeriod(from: first, to: last) else {
                throw .invalidSetting("--to", "--to (\(to)) is before --from (\(from)).")
            }
            guard period.dayCount <= ReportPeriod.longestDays else {
                throw .invalidSetting(
                    "--from",
                    "--from \(from) --to \(to) spans \(period.dayCount) days; a period is at most "
                        + "\(ReportPeriod.longestDays) days (ten years): split it.")
            }
            return period
        case (_?, _, _):
            throw .invalidSetting("--month", "Give either --month or --from with --to, not both.")
        default:
            throw .invalidSetting("--from", "--from and --to go together: give both.")
        }
    }

    /// A day of the calendar written YYYY-MM-DD; the message tells a wrong form from a day that does not exist.
    static func date(_ text: String, setting: String) throws(PipelineError) -> LocalDate {
        if let date = LocalDate(text) { return date }
        let shaped =
            text.count == 10
            && text.enumerated().allSatisfy {
                $0.offset == 4 || $0.offset == 7 ? $0.element == "-" : $0.element.isASCII && $0.element.isNumber
            }
        throw .invalidSetting(
            setting,
            shaped
                ? "\(setting) \(text) is not a day of the calendar (check the month's number of days)."
                : "\(setting) must be a date written YYYY-MM-DD; got '\(text)'.")
    }

    /// The zone named `name` (an IANA identifier such as `Asia/Kolkata`).
    public static func timeZone(named name: String) throws(PipelineError) -> ReportTimeZone {
        guard let zone = ReportTimeZone(identifier: name) else {
            throw .invalidSetting(
                "--timezone", "--timezone '\(name)' is not a known time zone (try Asia/Kolkata or UTC).")
        }
        return zone
    }

    /// The settings, when every value is in its range. Every entry point of
    /// ``CallPipeline`` checks its settings so; a caller may check earlier.
    public func validated() throws(PipelineError) -> Self {
        if let period, period.dayCount > ReportPeriod.longestDays {
            throw .invalidSetting(
                "period",
                "The period \(period.from) to \(period.to) spans \(period.dayCount) days; a period is at most "
                    + "\(ReportPeriod.longestDays) days (ten years): split it.")
        }
        guard serviceLevelSeconds >= 0 else {
            throw .invalidSetting(
                "--service-level", "--service-level must be zero or more seconds; got \(serviceLevelSeconds).")
        }
        if campaigns.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw .invalidSetting("--campaign", "--campaign needs a name.")
        }
        guard alertChangePercent.isFinite, alertChangePercent >= 0 else {
            throw .invalidSetting(
                "--alert-change", "--alert-change must be a percentage of zero or more; got \(alertChangePercent).")
        }
        guard repeatWindowDays >= 1 else {
            throw .invalidSetting(
                "--repeat-window", "--repeat-window must be one day or more; got \(repeatWindowDays).")
        }
        _ = try Self.shortAbandon(shortAbandonSeconds)
        _ = try Self.interval(intervalMinutes)
        _ = try Self.targetServiceLevel(targetServiceLevel)
        if delivery.send, mail == nil {
            throw .invalidSetting(
                "--send",
                "--send needs a summary.eml to send: give --mail-from and --mail-to (or mail_from and mail_to).")
        }
        if delivery.send, delivery.smtpURL == nil {
            throw .invalidSetting("smtp_url", DeliveryError.missingURL.description)
        }
        guard cloudAgent.timeoutSeconds > 0, cloudAgent.retryDelaySeconds >= 0 else {
            throw .invalidSetting("--timeout", "--timeout must be above zero.")
        }
        return self
    }
}

extension ReportSettings {
    /// `--short-abandon`: whole seconds, zero (no short abandons) or more.
    public static func shortAbandon(_ seconds: Int) throws(PipelineError) -> Int {
        guard seconds >= 0 else {
            throw .invalidSetting(
                "--short-abandon", "--short-abandon must be zero (none) or more seconds; got \(seconds).")
        }
        return seconds
    }

    /// `--interval`: the minutes of a staffing interval, 15, 30 or 60 (whole intervals of an hour).
    public static func interval(_ minutes: Int) throws(PipelineError) -> Int {
        guard [15, 30, 60].contains(minutes) else {
            throw .invalidSetting("--interval", "--interval must be 15, 30 or 60 minutes; got \(minutes).")
        }
        return minutes
    }

    /// `--target-service-level`: a fraction above 0 and below 1, such as 0.8 for 80 %.
    public static func targetServiceLevel(_ fraction: Double) throws(PipelineError) -> Double {
        guard fraction.isFinite, fraction > 0, fraction < 1 else {
            throw .invalidSetting(
                "--target-service-level",
                "--target-service-level must be a fraction above 0 and below 1, such as 0.8; got \(fraction).")
        }
        return fraction
    }
}

extension MailSettings {
    /// The mail settings from their texts; `nil` when no recipient and no sender is given (no mail).
    public static func parse(from sender: String?, to recipients: [String], subject: String?) throws(PipelineError)
        -> MailSettings?
    {
        if let subject, SummaryMail.breaksHeader(subject) {
            throw .invalidSetting("--subject", "--subject must be one line, without control characters.")
        }
        if !recipients.isEmpty, sender == nil {
            throw .invalidSetting("--mail-to", "--mail-to needs --mail-from: the sender of summary.eml.")
        }
        guard let sender else { return nil }
        if recipients.isEmpty {
            throw .invalidSetting("--mail-from", "--mail-from needs at least one --mail-to.")
        }
        func address(_ text: String, _ name: String) throws(PipelineError) -> MailAddress {
            guard let address = MailAddress(text) else {
                throw .invalidSetting(
                    name, "'\(text)' is not a mail address (write user@example.com or 'Name <user@example.com>').")
            }
            return address
        }
        var to: [MailAddress] = []
        for recipient in recipients { to.append(try address(recipient, "--mail-to")) }
        let from = try address(sender, "--mail-from")
        return MailSettings(from: from, to: to, subject: subject)
    }
}

extension CloudAgentSettings {
    /// `json` or `xml`.
    public static func format(named name: String) throws(PipelineError) -> ResponseFormat {
        guard let format = ResponseFormat(rawValue: name) else {
            throw .invalidSetting("--api-format", "--api-format must be json or xml; got '\(name)'.")
        }
        return format
    }

    /// `N/SECONDS`, such as `10/3600`.
    public static func rateLimit(_ text: String) throws(PipelineError) -> RateLimit {
        guard let limit = RateLimit(text) else {
            throw .invalidSetting(
                "--rate-limit", "--rate-limit must be N/SECONDS with both above zero, such as 10/3600; got '\(text)'.")
        }
        return limit
    }
}
