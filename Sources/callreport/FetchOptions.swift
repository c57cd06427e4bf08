import ArgumentParser
import CallFetch
import CallModel
import Foundation

/// Where and how to reach CloudAgent, and the archive's rules.
struct FetchOptions: ParsableArguments {
    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "API host (default: $OZONETEL_BASE_URL, else \(CloudAgentAccount.defaultBaseURL.absoluteString)).",
            valueName: "URL"))
    var baseURL: String?

    @Option(
        name: .customLong("user-name"),
        help: ArgumentHelp("Account user name (default: $OZONETEL_USER_NAME).", valueName: "NAME"))
    var userName: String?

    @Option(name: .customLong("api-format"), help: ArgumentHelp("Ask the API for json or xml.", valueName: "json|xml"))
    var apiFormat: String = "json"

    @Option(help: ArgumentHelp("Folder of archived responses and the request ledger.", valueName: "DIR"))
    var archive: String = ".callreport/archive"

    @Option(
        name: .customLong("rate-limit"),
        help: ArgumentHelp("Requests allowed per rolling span, shared by every run.", valueName: "N/SECONDS"))
    var rateLimit: String = "10/3600"

    @Flag(name: .customLong("no-wait"), help: "At the rate limit, stop with exit 75 instead of waiting.")
    var noWait = false

    @Flag(help: "Fetch again windows the archive already holds as final.")
    var refresh = false

    @Option(
        help: ArgumentHelp("Seconds to wait for the connection or the next bytes of an answer.", valueName: "SECONDS"))
    var timeout: Double = 60

    @Option(
        name: .customLong("retry-delay"),
        help: ArgumentHelp("First retry delay in seconds; doubles each attempt, with jitter.", visibility: .hidden))
    var retryDelay: Double = 2

    func validate() throws {
        guard ResponseFormat(rawValue: apiFormat) != nil else {
            throw ValidationError("--api-format must be json or xml; got '\(apiFormat)'.")
        }
        guard RateLimit(rateLimit) != nil else {
            throw ValidationError(
                "--rate-limit must be N/SECONDS with both above zero, such as 10/3600; got '\(rateLimit)'.")
        }
        guard timeout > 0, retryDelay >= 0 else { throw ValidationError("--timeout must be above zero.") }
    }

    var settings: FetchSettings {
        var settings = FetchSettings()
        settings.rateLimit = RateLimit(rateLimit)!
        settings.noWait = noWait
        settings.refresh = refresh
        settings.timeout = timeout
        settings.backoff = retryDelay
        return settings
    }

    /// The account from flags and environment; a missing key or user name stops here, before any request.
    func account() throws -> CloudAgentAccount {
        let environment = ProcessInfo.processInfo.environment
        let base =
            baseURL ?? environment["OZONETEL_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? CloudAgentAccount.defaultBaseURL.absoluteString
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw ConfigurationError("--base-url '\(base)' is not an http or https URL.")
        }
        guard let key = environment["OZONETEL_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty
        else {
            throw ConfigurationError("OZONETEL_API_KEY is not set: export the account's API key (no request was sent).")
        }
        guard
            let user = (userName ?? environment["OZONETEL_USER_NAME"])?.trimmingCharacters(in: .whitespacesAndNewlines),
            !user.isEmpty
        else {
            throw ConfigurationError(
                "OZONETEL_USER_NAME is not set and no --user-name was given (no request was sent).")
        }
        return CloudAgentAccount(
            baseURL: url, userName: user, apiKey: key, format: ResponseFormat(rawValue: apiFormat)!)
    }
}
