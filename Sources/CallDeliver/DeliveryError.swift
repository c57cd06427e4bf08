import CallModel

/// Why summary.eml was not sent. Every message is a sentence that quotes the
/// server's reply where there is one, and never holds the password or token.
public struct DeliveryError: Error, Equatable, CustomStringConvertible, ExitCodeProviding, Sendable {
    private enum Kind: Equatable, Sendable {
        case badURL(String)
        case credentialsInURL
        case missingURL
        case missingSecret(user: String)
        case noMail(folder: String)
        case unreadableMail(path: String, reason: String)
        case noRecipients(path: String)
        case tlsRefused(server: String, reply: String)
        case certificate(server: String, detail: String)
        case login(server: String, reply: String)
        case recipientRejected(recipient: String, reply: String)
        case failed(server: String, attempts: Int, problem: String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    static func badURL(_ text: String) -> Self { Self(.badURL(text)) }
    static let credentialsInURL = Self(.credentialsInURL)
    public static let missingURL = Self(.missingURL)
    static func missingSecret(user: String) -> Self { Self(.missingSecret(user: user)) }
    public static func noMail(folder: String) -> Self { Self(.noMail(folder: folder)) }
    public static func unreadableMail(_ path: String, reason: String) -> Self {
        Self(.unreadableMail(path: path, reason: reason))
    }
    static func noRecipients(_ path: String) -> Self { Self(.noRecipients(path: path)) }
    static func tlsRefused(_ server: String, reply: String) -> Self { Self(.tlsRefused(server: server, reply: reply)) }
    static func certificate(_ server: String, detail: String) -> Self {
        Self(.certificate(server: server, detail: detail))
    }
    static func login(_ server: String, reply: String) -> Self { Self(.login(server: server, reply: reply)) }
    static func recipientRejected(_ recipient: String, reply: String) -> Self {
        Self(.recipientRejected(recipient: recipient, reply: reply))
    }
    static func failed(_ server: String, attempts: Int, problem: String) -> Self {
        Self(.failed(server: server, attempts: attempts, problem: problem))
    }

    /// Settings to fix are 78; a server that refused or stayed away is 69.
    public var exitStatus: ExitStatus {
        switch kind {
        case .badURL, .credentialsInURL, .missingURL, .missingSecret, .certificate, .login, .noMail, .noRecipients:
            .configuration
        case .unreadableMail: .dataError
        case .tlsRefused, .recipientRejected, .failed: .unavailable
        }
    }

    public var description: String {
        switch kind {
        case .badURL(let text):
            "The SMTP server '\(text)' is not an smtp:// or smtps:// URL with a host (such as smtp://smtp.example.com:587)."
        case .credentialsInURL:
            "The SMTP URL holds a user name or password; remove them: the user goes in CALLREPORT_SMTP_USER, "
                + "the password in CALLREPORT_SMTP_PASSWORD (environment only)."
        case .missingURL:
            "--send needs an SMTP server: set CALLREPORT_SMTP_URL (or smtp_url in the configuration file)."
        case .missingSecret(let user):
            "CALLREPORT_SMTP_USER is \(user), but neither CALLREPORT_SMTP_PASSWORD nor CALLREPORT_SMTP_OAUTH2_TOKEN "
                + "is set: export one in the environment of the job (nothing was sent)."
        case .noMail(let folder):
            "\(folder) has no summary.eml to send: write the report with --mail-from and --mail-to."
        case .unreadableMail(let path, let reason):
            "Cannot read \(path): \(reason)."
        case .noRecipients(let path):
            "\(path) has no From or no To address to send to."
        case .tlsRefused(let server, let reply):
            "The SMTP server \(server) did not start TLS (\(reply)); callreport sends mail in clear only to "
                + "this machine. Use the server's TLS port (smtps://) or a server with STARTTLS."
        case .certificate(let server, let detail):
            "The TLS certificate of the SMTP server \(server) was not accepted (\(detail)). For a private CA, "
                + "set CALLREPORT_SMTP_CA_FILE to its certificate file."
        case .login(let server, let reply):
            "The SMTP server \(server) refused the login (\(reply)): check CALLREPORT_SMTP_USER and the password or "
                + "token (nothing was sent)."
        case .recipientRejected(let recipient, let reply):
            "The SMTP server refused the recipient \(recipient): \(reply). Nothing was sent; fix --mail-to."
        case .failed(let server, let attempts, let problem):
            "Could not send through \(server) after \(attempts) attempt(s): \(problem). The report is written; "
                + "`callreport send` sends it later."
        }
    }
}
