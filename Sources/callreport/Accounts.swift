import ArgumentParser
import CallConfig
import CallModel
import CallPipeline
import Foundation
import Logging

/// Runs a command for every account of the configuration.
///
/// Without a list of accounts, the one account runs as it always has: its error is
/// the command's. With a list, every account runs (fetches in parallel: each account
/// has its own rate limit), one failing does not stop the others, stderr ends with
/// one line per account, and the exit code is the most serious of theirs.
enum Accounts {
    typealias Work = @Sendable (ResolvedAccount, CallPipeline) async throws -> String

    /// `needsUserName`: the command reaches CloudAgent or its archive (`run`, `fetch`, `report` without input).
    static func each(
        _ configuration: Configuration, needsUserName: Bool, adjust: (inout ReportSettings) -> Void = { _ in },
        _ work: @escaping Work
    ) async throws {
        guard configuration.listsAccounts else {
            var settings = configuration.accounts[0].settings
            adjust(&settings)
            let account = configuration.accounts[0]
            _ = try await work(account, Console.pipeline(settings))
            return
        }
        // With several accounts in the file, each must name its user (the environment's is not read).
        let checked = needsUserName && (configuration.file?.accounts?.count ?? 0) > 1 ? configuration.file : nil
        let outcomes = await withTaskGroup(of: (Int, Outcome).self) { group in
            for (index, account) in configuration.accounts.enumerated() {
                var settings = account.settings
                adjust(&settings)
                let pipeline = Console.pipeline(settings, account: account.name)
                group.addTask {
                    (index, await Outcome.of(account, file: checked) { try await work(account, pipeline) })
                }
            }
            var outcomes: [(Int, Outcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for outcome in outcomes { Console.finalLine(outcome.line) }
        let status = Failure.mostSerious(outcomes.map(\.status))
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// How one account's command ended.
    struct Outcome: Sendable {
        let line: String
        let status: ExitStatus

        /// `file`: the configuration whose accounts must each name their user (else `nil`).
        static func of(_ account: ResolvedAccount, file: ConfigFile?, _ body: () async throws -> String) async
            -> Outcome
        {
            let name = account.name ?? "account"
            do {
                if account.settings.cloudAgent.userName == nil, let file {
                    // With several accounts the environment's user name is not read: each names its own.
                    throw ConfigError("\(file.path): account '\(name)' has no user_name.")
                }
                return Outcome(line: "\(name): \(try await body())", status: .success)
            } catch let error as ExitCodeProviding {
                let status = error.exitStatus
                return Outcome(line: "\(name): failed (exit \(status.rawValue)): \(error)", status: status)
            } catch {
                return Outcome(line: "\(name): failed: \(error)", status: .configuration)
            }
        }
    }
}
