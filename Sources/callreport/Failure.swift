import ArgumentParser
import CallModel
import Foundation

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
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("callreport: error: \(message)\n".utf8))
    }

    static func progress(_ message: String) {
        FileHandle.standardError.write(Data("callreport: \(message)\n".utf8))
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
