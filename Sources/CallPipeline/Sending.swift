import CallDeliver
import CallModel
import Foundation

extension CallPipeline {
    /// The mailer of the settings; checks the server's URL and that a password or token
    /// is in the environment, so that a run that cannot send stops before its long work.
    func makeMailer() throws(DeliveryError) -> Mailer {
        let delivery = settings.delivery
        guard let url = delivery.smtpURL else { throw .missingURL }
        let server = try SMTPServer(
            url: url, user: delivery.smtpUser, caFile: delivery.smtpCAFile,
            timeoutSeconds: settings.cloudAgent.timeoutSeconds)
        let logger = logger
        return try Mailer(
            server: server, environment: environment, attempts: delivery.attempts,
            retryDelaySeconds: delivery.retryDelaySeconds,
            retrying: { attempt, delay, problem in
                logger.warning(
                    "sending summary.eml through \(server.address) failed (\(problem)); attempt \(attempt) in \(String(format: "%.1f", delay)) s"
                )
            })
    }

    /// `callreport send`: sends the summary.eml of the report folder `folder` to the
    /// addresses of its headers, unless its sent.json says it went already (``DeliverySettings/resend``
    /// sends it again). Writes sent.json once the server has taken the message.
    public func send(folder: URL) throws -> Delivery {
        if !settings.delivery.resend, let record = SentRecord.read(in: folder) {
            let recipients = record.recipients.joined(separator: ", ")
            logger.info(
                "summary.eml of \(folder.lastPathComponent) was sent on \(record.sentAt) to \(recipients); --resend sends it again"
            )
            return .alreadySent(record)
        }
        let mailer = try makeMailer()
        let file = folder.appendingPathComponent("summary.eml")
        guard FileManager.default.fileExists(atPath: file.path) else { throw DeliveryError.noMail(folder: folder.path) }
        let message: Data
        do {
            message = try Data(contentsOf: file)
        } catch {
            throw DeliveryError.unreadableMail(file.path, reason: ErrorText.phrase(error))
        }
        guard let envelope = Envelope(message: message) else { throw DeliveryError.noMail(folder: folder.path) }
        let reply = try mailer.send(message, from: envelope.sender, to: envelope.recipients)
        let record = SentRecord(
            messageID: envelope.messageID ?? "", recipients: envelope.recipients, sentAt: now(),
            server: mailer.server.address, serverReply: reply)
        do {
            try record.write(in: folder)
        } catch {
            // Sent, but not recorded: the next run would send it again; say so, loudly.
            let reason = ErrorText.phrase(error)
            logger.error(
                "summary.eml was sent, but sent.json could not be written in \(folder.path) (\(reason)): a re-run will send it again"
            )
        }
        logger.info(
            "sent summary.eml to \(envelope.recipients.joined(separator: ", ")) through \(mailer.server.address): \(reply)"
        )
        return .sent(record)
    }

    /// The secrets of delivery in the environment, for the masks of every output.
    var deliverySecrets: [String] {
        [SMTPServer.passwordVariable, SMTPServer.tokenVariable].compactMap {
            environment[$0]?.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
    }
}
