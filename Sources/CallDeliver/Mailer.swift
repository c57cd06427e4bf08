import CCurlSMTP
import CallModel
import Foundation

/// Sends one message over SMTP with libcurl: TLS required except to this machine,
/// the login by password or OAuth 2 token, transient failures retried with backoff.
public struct Mailer: Sendable {
    public let server: SMTPServer
    let password: String?
    let token: String?
    let attempts: Int
    let retryDelaySeconds: Double
    /// Called before each retry with the attempt to come, the delay and the problem.
    let retrying: @Sendable (Int, Double, String) -> Void

    /// The secrets come from `environment` (`CALLREPORT_SMTP_PASSWORD`, `CALLREPORT_SMTP_OAUTH2_TOKEN`).
    public init(
        server: SMTPServer, environment: [String: String], attempts: Int = 4, retryDelaySeconds: Double = 2,
        retrying: @escaping @Sendable (Int, Double, String) -> Void = { _, _, _ in }
    ) throws(DeliveryError) {
        func secret(_ name: String) -> String? {
            guard let value = environment[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { return nil }
            return value
        }
        self.server = server
        password = secret(SMTPServer.passwordVariable)
        token = secret(SMTPServer.tokenVariable)
        if let user = server.user, password == nil, token == nil { throw .missingSecret(user: user) }
        self.attempts = max(1, attempts)
        self.retryDelaySeconds = retryDelaySeconds
        self.retrying = retrying
    }

    /// The secrets of this mailer, for the masks of every output.
    public var secrets: [String] { [password, token].compactMap { $0 } }

    /// Sends `message` from `sender` to `recipients`; returns the server's last reply.
    public func send(_ message: Data, from sender: String, to recipients: [String]) throws(DeliveryError) -> String {
        var attempt = 1
        while true {
            let outcome = once(message, from: sender, to: recipients)
            switch outcome {
            case .sent(let reply):
                return reply
            case .final(let error):
                throw error
            case .transient(let problem):
                guard attempt < attempts else {
                    throw .failed(server.address, attempts: attempt, problem: problem)
                }
                let delay = retryDelaySeconds * pow(2, Double(attempt - 1)) * Double.random(in: 0.8...1.2)
                retrying(attempt + 1, delay, problem)
                Thread.sleep(forTimeInterval: delay)
                attempt += 1
            }
        }
    }

    private enum Outcome {
        case sent(String)
        case transient(String)
        case final(DeliveryError)
    }

    private func once(_ message: Data, from sender: String, to recipients: [String]) -> Outcome {
        var result = callreport_smtp_result()
        let code: Int32 = message.withUnsafeBytes { body in
            withCStrings(recipients.map { "<\($0)>" }) { rcpt in
                server.url.absoluteString.withCString { url in
                    "<\(sender)>".withCString { from in
                        optional(server.user) { user in
                            optional(password) { password in
                                optional(token) { token in
                                    optional(server.caFile) { caFile in
                                        var request = callreport_smtp_request(
                                            url: url, require_tls: server.isLoopback ? 0 : 1, ca_file: caFile,
                                            user: user, password: token == nil ? password : nil,
                                            bearer_token: token, mail_from: from, recipients: rcpt,
                                            recipient_count: recipients.count,
                                            message: body.baseAddress?.assumingMemoryBound(to: CChar.self),
                                            message_length: body.count,
                                            connect_timeout_seconds: Int(server.timeoutSeconds.rounded(.up)),
                                            timeout_seconds: Int(server.timeoutSeconds.rounded(.up)) * 5)
                                        return callreport_smtp_send(&request, &result)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let lastReply = Self.text(of: &result.last_reply)
        if code == 0 { return .sent(lastReply) }
        // What the server refused, not the "221 Bye" that closed the session after it.
        let errorReply = Self.text(of: &result.error_reply)
        let reply = errorReply.isEmpty ? lastReply : errorReply
        let recipient = Self.text(of: &result.last_recipient).trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        let curlText = Self.text(of: &result.curl_error)
        // The server's refusal when there is one, else what went wrong on the line (a timeout, a reset).
        let problem =
            !errorReply.isEmpty
            ? errorReply : curlText.isEmpty ? String(cString: callreport_smtp_code_text(code)) : curlText
        switch code {
        case 64:  // CURLE_USE_SSL_FAILED: no STARTTLS, or the server refused it
            return .final(.tlsRefused(server.address, reply: reply.isEmpty ? "no STARTTLS offered" : reply))
        case 60, 58, 77, 83, 90, 91:  // the peer's certificate, our CA file, the pinned key
            return .final(.certificate(server.address, detail: curlText.isEmpty ? problem : curlText))
        case 67:  // CURLE_LOGIN_DENIED
            return .final(.login(server.address, reply: reply.isEmpty ? "login denied" : reply))
        default:
            break
        }
        let replyCode = result.reply_code
        if curlText.hasPrefix("RCPT failed") || (replyCode >= 500 && reply.contains("5.1.")) {
            if replyCode >= 500 { return .final(.recipientRejected(recipient, reply: reply)) }
            return .transient("\(recipient): \(reply)")
        }
        if replyCode == 535 || reply.hasPrefix("535") || reply.hasPrefix("534") {
            return .final(.login(server.address, reply: reply))
        }
        if replyCode >= 500 { return .final(.failed(server.address, attempts: 1, problem: reply)) }
        // Refused or timed-out connections, dropped lines and 4xx replies: worth another try.
        return .transient(problem)
    }

    private static func text<T>(of tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { bytes in
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }
}

private func optional<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}

private func withCStrings<R>(_ texts: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies = texts.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer<CChar>($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
