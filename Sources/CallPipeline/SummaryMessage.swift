import CallAggregate
import CallModel
import CallRender
import Foundation

/// summary.eml: the HTML summary with summary.txt as its plain-text part, and
/// the summary tables attached.
struct SummaryMessage {
    let settings: MailSettings
    let period: ReportPeriod
    let account: String?
    let date: Date

    /// The CSV files a mail carries: the summary tables. calls.csv can run to
    /// megabytes and missed.csv holds caller numbers, so both stay out of the mail.
    static let attachments = ["agents.csv", "skills.csv", "campaigns.csv", "daily.csv"]

    func encoded(_ metrics: Metrics, context: ReportContext, renderer: ReportRenderer, folder: URL) throws -> Data {
        guard let html = renderer.renderOutput(named: "summary.html", metrics: metrics, context: context) else {
            throw PipelineError.mailNeedsHTMLTemplate
        }
        // A templates folder exported before summary.txt existed still mails its Markdown.
        let text =
            renderer.renderOutput(named: "summary.txt", metrics: metrics, context: context)
            ?? renderer.renderOutput(named: "summary.md", metrics: metrics, context: context)
            ?? "Call report \(period.label): see the HTML part."
        var attachments: [SummaryMail.Attachment] = []
        for name in Self.attachments {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
            attachments.append(SummaryMail.Attachment(fileName: name, data: data))
        }
        let mail = SummaryMail(
            from: settings.from, to: settings.to, subject: settings.subject ?? defaultSubject, date: date,
            text: text, html: html, attachments: attachments)
        return mail.encoded()
    }

    /// `Call report 2026-10 (2026-10-01 to 2026-10-31)`, with the account when known.
    var defaultSubject: String {
        "Call report \(period.label) (\(period.from) to \(period.to))" + (account.map { " – " + $0 } ?? "")
    }
}
