/// The exit codes of SPEC §6, shared by every module's errors so the command
/// line can map any failure to its code in one place.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case usage = 64
    case dataError = 65
    case unavailable = 69
    case rateLimited = 75
    case configuration = 78
}

/// An error that knows which exit code it deserves.
public protocol ExitCodeProviding: Error {
    var exitStatus: ExitStatus { get }
}
