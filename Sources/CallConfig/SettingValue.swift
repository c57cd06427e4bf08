import CallModel
import Foundation

/// Where a setting's value came from; messages and `callreport config` name it.
public enum SettingOrigin: Sendable, Equatable, CustomStringConvertible {
    case defaultValue
    /// A place in the configuration file, as the file was named, with the line and column of the value.
    case file(path: String, line: Int, column: Int)
    case environment(String)
    case flag(String)

    public var description: String {
        switch self {
        case .defaultValue: "default"
        case .file(let path, let line, let column): "\(path):\(line):\(column)"
        case .environment(let name): "$\(name)"
        case .flag(let name): name
        }
    }

    /// A flag's bad value is a usage error (64); the file's or the environment's, a configuration error (78).
    var exitStatus: ExitStatus {
        if case .flag = self { return .usage }
        return .configuration
    }
}

/// One setting's value as a source wrote it, before it is checked.
public struct SettingValue: Sendable, Equatable {
    public enum Text: Sendable, Equatable {
        case one(String)
        case list([String])
    }

    public var text: Text
    public var origin: SettingOrigin
    /// The folder a relative path is read from: the configuration file's folder for the
    /// file's values, else `nil` for the working folder.
    public var relativeTo: URL?

    public init(_ text: Text, origin: SettingOrigin, relativeTo: URL? = nil) {
        self.text = text
        self.origin = origin
        self.relativeTo = relativeTo
    }

    /// A flag's value: `SettingValue(flag: "--output", "reports")`.
    public init(flag: String, _ value: String) {
        self.init(.one(value), origin: .flag(flag))
    }

    /// A repeatable flag's values.
    public init(flag: String, _ values: [String]) {
        self.init(.list(values), origin: .flag(flag))
    }
}

/// The values one source gives, by setting name (`service_level`).
public typealias SettingLayer = [String: SettingValue]

/// A setting that cannot be used, or a configuration file that cannot be read, in a
/// sentence that names where the value was written: `callreport.yaml:7:16: service_level: …`.
public struct ConfigError: Error, Equatable, CustomStringConvertible, ExitCodeProviding, Sendable {
    public let description: String
    public let exitStatus: ExitStatus

    public init(_ description: String, status: ExitStatus = .configuration) {
        self.description = description
        self.exitStatus = status
    }

    /// `problem` about the setting `key` whose value came from `origin`.
    init(_ origin: SettingOrigin, key: String, _ problem: String) {
        switch origin {
        case .file:
            // "service_level must be …" names its key already.
            let named = problem.hasPrefix(key + " ") ? problem : "\(key): \(problem)"
            self.init("\(origin): \(named)", status: origin.exitStatus)
        case .environment(let name):
            self.init(problem.hasPrefix(name + " ") ? problem : "\(name): \(problem)", status: origin.exitStatus)
        case .flag, .defaultValue:
            self.init(problem, status: origin.exitStatus)
        }
    }
}
