import CallModel
import Foundation

/// Where and how summary.eml is sent (SPEC §8 "Delivery"): an `smtp://` URL
/// (STARTTLS required) or `smtps://` (TLS from the start), and the login.
/// The password and the OAuth 2 token are read from the environment when a
/// message is sent, never kept in settings that could be printed.
public struct SMTPServer: Sendable, Equatable {
    public let url: URL
    public var user: String?
    /// A file of CA certificates for a private CA; `nil` for the system's.
    public var caFile: String?
    public var timeoutSeconds: Double

    /// The environment variables of the secrets.
    public static let passwordVariable = "CALLREPORT_SMTP_PASSWORD"
    public static let tokenVariable = "CALLREPORT_SMTP_OAUTH2_TOKEN"

    /// Checks `text`: `smtp://` or `smtps://`, a host, no user or password in it.
    public init(url text: String, user: String? = nil, caFile: String? = nil, timeoutSeconds: Double = 60)
        throws(DeliveryError)
    {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme),
            let host = url.host, !host.isEmpty, url.path.isEmpty || url.path == "/"
        else { throw .badURL(text) }
        // A password in the URL would be printed wherever the URL is.
        guard url.user == nil, url.password == nil else { throw .credentialsInURL }
        self.url = url
        self.user = user
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }

    /// `smtp.office365.com:587`, for messages and sent.json.
    public var address: String {
        (url.host ?? "") + (url.port.map { ":\($0)" } ?? "")
    }

    /// Whether the host is this machine: the only place plain-text SMTP may go.
    public var isLoopback: Bool {
        let host = (url.host ?? "").lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var implicitTLS: Bool { url.scheme?.lowercased() == "smtps" }
}
