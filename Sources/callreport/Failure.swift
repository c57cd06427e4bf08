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

    static func result(_ message: String) {
        print(message)
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
        FileHandle.standardError.write(Data("callreport: \(prefix)\(event.message)\n".utf8))
    }
}
