import CallAggregate
import CallModel
import CallRender
import CallWorkbook
import Foundation

/// summary.eml: the HTML summary with summary.txt as its plain-text part, and
/// the summary tables attached: the workbook when one is written, else the CSV files.
struct SummaryMessage {
    let settings: MailSettings
    let period: ReportPeriod
    let account: String?
    let date: Date

    /// The CSV files a mail carries: the summary tables. calls.csv can run to
    /// megabytes and missed.csv holds caller numbers, so both stay out of the mail.
    static let attachments = ["agents.csv", "skills.csv", "campaigns.csv", "daily.csv"]

    /// The media type of an .xlsx workbook.
    static let workbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// - Parameter workbook: the workbook to attach in place of the CSV files (``ReportWorkbook/mailedCopy``);
    ///   `nil` with `--no-xlsx`.
    func encoded(
        _ metrics: Metrics, context: ReportContext, renderer: ReportRenderer, folder: URL, workbook: Data? = nil
    ) throws -> Data {
        var attachments: [SummaryMail.Attachment] = []
        if let workbook {
            attachments.append(
                SummaryMail.Attachment(
                    fileName: ReportWorkbook.fileName, contentType: Self.workbookType, data: workbook))
        } else {
            for name in Self.attachments {
                guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
                attachments.append(SummaryMail.Attachment(fileName: name, data: data))
            }
        }
        // The mailed summary names what the mail carries, not the files of the report folder.
        var context = context
        context.mail = MailedSummary(
            attachments: attachments.map(\.fileName),
            sheets: workbook == nil ? [] : ReportWorkbook.mailedSheetNames)
        guard let html = renderer.renderOutput(named: "summary.html", metrics: metrics, context: context) else {
            throw PipelineError.mailNeedsHTMLTemplate
        }
        // A templates folder exported before summary.txt existed still mails its Markdown.
        let text =
            renderer.renderOutput(named: "summary.txt", metrics: metrics, context: context)
            ?? renderer.renderOutput(named: "summary.md", metrics: metrics, context: context)
            ?? "Call report \(period.label): see the HTML part."
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
