import ArgumentParser
import CallModel
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
    static func mappingExitCodes(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCodeProviding {
            Console.error("\(error)")
            throw ExitCode(error.exitStatus.rawValue)
        }
    }
}

/// Messages for people: progress and errors on stderr, results on stdout.
///
/// On a terminal, short lines; otherwise (cron, CI) swift-log lines with a
/// timestamp and level, which is what a log file wants.
enum Console {
    static let isTerminal = isatty(STDERR_FILENO) != 0

    private static let logger: Logger = {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        return Logger(label: "callreport")
    }()

    static func error(_ message: String) {
        if isTerminal {
            FileHandle.standardError.write(Data("callreport: error: \(message)\n".utf8))
        } else {
            logger.error("\(message)")
        }
    }

    static func progress(_ message: String) {
        if isTerminal {
            FileHandle.standardError.write(Data("callreport: \(message)\n".utf8))
        } else {
            logger.info("\(message)")
        }
    }

    /// A line that the next one replaces (a countdown); terminals only.
    static func transient(_ message: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(message)".utf8))
    }

    static func result(_ message: String) {
        print(message)
    }
}

/// A problem with the command's surroundings rather than its data: exit 78.
struct ConfigurationError: ExitCodeProviding, CustomStringConvertible {
    let description: String
    var exitStatus: ExitStatus { .configuration }
    init(_ description: String) { self.description = description }
}

/// Input the command was pointed at that is not there (64) or cannot be read (65).
struct InputError: ExitCodeProviding, CustomStringConvertible {
    let description: String
    let exitStatus: ExitStatus

    static func missing(_ path: String) -> InputError {
        InputError(description: "No such input file or folder: \(path)", exitStatus: .usage)
    }

    static func unreadable(_ path: String, _ reason: String) -> InputError {
        InputError(description: "Cannot read \(path): \(reason)", exitStatus: .dataError)
    }
}

extension Failure {
    /// `mappingExitCodes` for the commands that talk to the network.
    static func mappingExitCodesAsync(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCodeProviding {
            Console.error("\(error)")
            throw ExitCode(error.exitStatus.rawValue)
        }
    }
}
