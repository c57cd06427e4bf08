import CallFetch
import CallModel
import Foundation

extension CloudAgentSettings {
    /// The account to fetch from: the settings, then the environment
    /// (the key from ``apiKeyVariable``, `OZONETEL_USER_NAME`, `OZONETEL_BASE_URL`), then the
    /// default base URL. A missing key or user name stops here, before any request.
    public func account(environment: [String: String]) throws(FetchError) -> CloudAgentAccount {
        try account(environment: environment, needsKey: true)
    }

    /// The account without its key, for what needs only its place in the archive.
    func account(environment: [String: String], needsKey: Bool) throws(FetchError) -> CloudAgentAccount {
        typealias Defaults = ReportSettings.Defaults
        func value(_ variable: String) -> String? {
            guard let text = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
            else { return nil }
            return text
        }
        let base = baseURL ?? value(Defaults.baseURLVariable) ?? Defaults.baseURL
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { throw .badBaseURL(base) }
        // A user name or password in the URL would be written wherever the URL is (archive metadata, messages).
        guard url.user == nil, url.password == nil else { throw .credentialsInBaseURL }
        let key = value(apiKeyVariable)
        guard key != nil || !needsKey else { throw .missingCredential(apiKeyVariable) }
        // A user name given in the settings is used as given: an empty one is an error, not a fallback.
        guard
            let user = (userName ?? environment[Defaults.userNameVariable])?
                .trimmingCharacters(in: .whitespacesAndNewlines), !user.isEmpty
        else { throw .missingCredential(Defaults.userNameVariable) }
        return CloudAgentAccount(baseURL: url, userName: user, apiKey: key ?? "", format: format)
    }
}
