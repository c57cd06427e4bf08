/// Where a reader finds what the summary shows only in part (the `places` of the view): the
/// report folder's files, or, in the mailed summary, what the mail carries, since a reader of the
/// mail has nothing else. A place the mail does not carry is missing, and the templates leave
/// out the sentence that would name it.
struct FilePlaces {
    let agents: String?
    let skills: String?
    let campaigns: String?
    let daily: String?
    let dispositions: String?
    let intervals: String?
    let callBackList: String?
    let quarantine: String?
    let metrics: String?

    init(mail: MailedSummary?) {
        /// The file, or the attachment or sheet of the mail that holds the table of `file`.
        func place(_ file: String, sheet: String? = nil) -> String? {
            guard let mail else { return file }
            if let sheet, mail.sheets.contains(sheet), let workbook = mail.attachments.first {
                return "the \(sheet) sheet of the attached \(workbook)"
            }
            return mail.attachments.contains(file) ? "the attached \(file)" : nil
        }
        agents = place("agents.csv", sheet: "Agents")
        skills = place("skills.csv", sheet: "Skills")
        campaigns = place("campaigns.csv", sheet: "Campaigns")
        daily = place("daily.csv", sheet: "Daily")
        dispositions = place("dispositions.csv", sheet: "Dispositions")
        intervals = place("intervals.csv", sheet: "Intervals")
        callBackList = place("missed.csv", sheet: "Missed")
        quarantine = place("quarantine.jsonl")
        metrics = place("metrics.json")
    }
}
