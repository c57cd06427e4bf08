import ArgumentParser
import CallModel
import CallPipeline
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Maps every failure of a stage to its SPEC exit code, in one place.
enum Failure {
    /// Runs `body`; an error that knows its exit status is printed as a
    /// sentence and becomes that exit code. Anything else is a bug of ours
    /// and still exits non-zero with its description.
    static func mappingExitCodes(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCodeProviding {
            Console.logger.error("\(error)")
            throw ExitCode(error.exitStatus.rawValue)
        }
    }

    /// The exit code of several accounts' results: the one needing the most attention.
    /// A setup to fix (78, 64) before bad data (65), before a service down (69), before the
    /// rate limit (75, which a re-run resumes).
    static func mostSerious(_ statuses: [ExitStatus]) -> ExitStatus {
        let order: [ExitStatus] = [.success, .rateLimited, .unavailable, .dataError, .usage, .configuration]
        return statuses.max { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! } ?? .success
    }

    /// Settings that cannot be used are a usage error: ArgumentParser prints it with the usage line.
    static func validating<Value>(_ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let error as PipelineError {
            throw ValidationError(error.description)
        }
    }
}

/// Messages for people: progress and errors on stderr, results on stdout.
///
/// On a terminal, short lines; otherwise (cron, CI) swift-log lines with a
/// timestamp and level, which is what a log file wants. The pipeline logs
/// through the same handler.
enum Console {
    static let isTerminal = isatty(STDERR_FILENO) != 0

    static let logger: Logger = {
        LoggingSystem.bootstrap { label in
            isTerminal ? TerminalLogHandler() as LogHandler : StreamLogHandler.standardError(label: label)
        }
        return Logger(label: "callreport")
    }()

    /// A line that the next one replaces (a countdown); terminals only.
    static func transient(_ message: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(message)".utf8))
    }

    static func result(_ message: String, terminator: String = "\n") {
        print(message, terminator: terminator)
    }

    /// One of the lines that end a several-account run on stderr, whatever the log format.
    static func finalLine(_ message: String) {
        FileHandle.standardError.write(Data("callreport: \(message)\n".utf8))
    }
}

/// `callreport: message`, `callreport: warning: message`, `callreport: error: message`.
struct TerminalLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix =
            switch event.level {
            case .warning: "warning: "
            case .error, .critical: "error: "
            default: ""
            }
        let account = (event.metadata?["account"] ?? metadata["account"]).map { "\($0): " } ?? ""
        FileHandle.standardError.write(Data("callreport: \(account)\(prefix)\(event.message)\n".utf8))
    }
}
