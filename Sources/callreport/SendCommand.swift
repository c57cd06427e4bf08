import ArgumentParser
import CallConfig
import CallDeliver
import CallPipeline
import Foundation

/// `callreport send DIR`: the summary.eml of a report already written, over SMTP.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send the summary.eml of a report folder over SMTP.",
        discussion: """
            Sends to the From and To of summary.eml, through CALLREPORT_SMTP_URL \
            (smtp:// with STARTTLS required, or smtps://), logging in with \
            CALLREPORT_SMTP_USER and CALLREPORT_SMTP_PASSWORD or \
            CALLREPORT_SMTP_OAUTH2_TOKEN (XOAUTH2). sent.json in the folder records \
            what was sent; a folder sent already is not sent again without --resend.

            Example (a report whose run could not reach the mail server):
              callreport send reports/2026-10
            """
    )

    @Argument(help: ArgumentHelp("The report folder holding summary.eml.", valueName: "REPORT_DIR"))
    var folder: String

    @Flag(help: "Send even if sent.json says this report was sent already.")
    var resend = false

    @OptionGroup(title: "Configuration") var configOptions: ConfigOptions

    @Option(
        name: .customLong("retry-delay"), parsing: .unconditional,
        help: ArgumentHelp("First retry delay in seconds; doubles each attempt, with jitter.", visibility: .hidden))
    var retryDelay: Double?

    func run() async throws {
        try await Failure.mappingExitCodes {
            var flags = SettingLayer()
            if resend { flags["resend"] = SettingValue(flag: "--resend", "true") }
            let configuration = try configOptions.resolve(flags: flags)
            let delivery = configuration.accounts.map {
                [$0.settings.delivery.smtpURL, $0.settings.delivery.smtpUser, $0.settings.delivery.smtpCAFile]
            }
            guard Set(delivery).count == 1 else {
                throw ValidationError(
                    "The accounts of \(configOptions.config ?? "the file") send through different SMTP settings: "
                        + "choose one with --account NAME.")
            }
            var settings = configuration.accounts[0].settings
            if let retryDelay { settings.delivery.retryDelaySeconds = retryDelay }
            let url = URL(fileURLWithPath: folder, isDirectory: true)
            switch try Console.pipeline(settings).send(folder: url) {
            case .sent(let record):
                Console.result(
                    "Sent \(url.path)/summary.eml to \(record.recipients.joined(separator: ", ")) "
                        + "through \(record.server): \(record.serverReply)")
            case .alreadySent(let record):
                Console.result(
                    "Not sent: \(url.path)/summary.eml was sent on \(record.sentAt) (\(record.messageID)); "
                        + "--resend sends it again.")
            }
        }
    }
}
