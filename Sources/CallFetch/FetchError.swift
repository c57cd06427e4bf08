import CallModel
import Foundation

/// Why fetching stopped. Every case says what to do next; the API key never
/// appears in a description (URLs are shown with `api_key=***`).
///
/// A struct around a private enum, so that cases can be added without breaking
/// callers; match a case with `==` against its static value.
public struct FetchError: Error, Equatable, CustomStringConvertible, ExitCodeProviding, Sendable {
    private enum Kind: Equatable, Sendable {
        case missingCredential(variable: String)
        case badBaseURL(String)
        case credentialsInBaseURL
        case rejected(text: String, window: FetchWindow)
        case httpStatus(code: Int, url: String)
        case rateLimited(until: Date, sent: Int)
        case busy(pid: Int32?)
        case unavailable(window: FetchWindow, attempts: Int, problem: String)
        case archive(path: String, reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    public static func missingCredential(_ variable: String) -> Self { Self(.missingCredential(variable: variable)) }
    public static func badBaseURL(_ text: String) -> Self { Self(.badBaseURL(text)) }
    /// The base URL carries a user name or password; it is not repeated in the message.
    public static let credentialsInBaseURL = Self(.credentialsInBaseURL)
    public static func rejected(_ text: String, window: FetchWindow) -> Self {
        Self(.rejected(text: text, window: window))
    }
    public static func httpStatus(_ code: Int, url: String) -> Self { Self(.httpStatus(code: code, url: url)) }
    public static func rateLimited(until: Date, sent: Int) -> Self { Self(.rateLimited(until: until, sent: sent)) }
    public static func unavailable(_ window: FetchWindow, attempts: Int, problem: String) -> Self {
        Self(.unavailable(window: window, attempts: attempts, problem: problem))
    }
    public static func archive(_ path: String, _ reason: String) -> Self { Self(.archive(path: path, reason: reason)) }
    public static func busy(pid: Int32?) -> Self { Self(.busy(pid: pid)) }

    /// When a rate-limited run may be started again.
    public var retryAfter: Date? {
        if case .rateLimited(let until, _) = kind { return until }
        return nil
    }

    public var exitStatus: ExitStatus {
        switch kind {
        case .missingCredential, .badBaseURL, .credentialsInBaseURL, .archive: .configuration
        case .rejected(let text, _) where Self.isCredentialText(text): .configuration
        case .rejected, .httpStatus, .unavailable: .unavailable
        case .rateLimited, .busy: .rateLimited
        }
    }

    static func isCredentialText(_ text: String) -> Bool {
        text.localizedCaseInsensitiveContains("provide API Key")
            || text.localizedCaseInsensitiveContains("provide UserName")
    }

    public var description: String {
        switch kind {
        case .missingCredential(let variable):
            return "\(variable) is not set: export it in the environment of the job (no request was sent)."
        case .badBaseURL(let text):
            return "--base-url '\(text)' is not an http or https URL."
        case .credentialsInBaseURL:
            return "The base URL (--base-url or OZONETEL_BASE_URL) holds a user name or password; remove them: "
                + "credentials belong in the environment (OZONETEL_API_KEY, OZONETEL_USER_NAME)."
        case .rejected(let text, let window):
            return "CloudAgent refused the request for \(window): \"\(text)\"."
        case .httpStatus(let code, let url):
            return "CloudAgent answered HTTP \(code) for \(url); check --base-url."
        case .rateLimited(let until, let sent):
            return "Stopped for the rate limit after \(sent) request(s); run again after "
                + "\(Self.readable(until)). The archive keeps what was fetched, so the next run resumes."
        case .busy(let pid):
            return "Another callreport run\(pid.map { " (pid \($0))" } ?? "") is fetching for this account; "
                + "run again when it is done. The archive keeps what it fetches, so nothing is asked twice."
        case .unavailable(let window, let attempts, let problem):
            return "CloudAgent failed for \(window) after \(attempts) attempt(s): \(problem)"
        case .archive(let path, let reason):
            return "Cannot use the archive at \(path): \(reason)"
        }
    }

    /// A local time with its offset, e.g. `2026-11-01 10:15:00 +0530`.
    static func readable(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
