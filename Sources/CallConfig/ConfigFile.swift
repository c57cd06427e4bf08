import CallModel
import Foundation
import Yams

/// The configuration file: settings shared by every account at the top, and an
/// optional `accounts` list whose entries override them.
///
///     timezone: Asia/Kolkata
///     output: /var/lib/callreport/reports
///     accounts:
///       - name: acme
///         user_name: acme_ops
///         api_key_env: OZONETEL_API_KEY_ACME
///
/// YAML, read with Yams: every node knows its line, so an unknown key or a value of
/// the wrong kind is reported at its place. Values are read as text and checked by
/// callreport itself, never by YAML's implicit types (`no`, `0755`, `2026-10` stay
/// what was written).
public struct ConfigFile: Sendable {
    /// The file's name as given.
    public let path: String
    /// The settings at the top of the file.
    public let shared: SettingLayer
    /// The entries of `accounts`, in the file's order; `nil` when the file has no such list.
    public let accounts: [SettingLayer]?

    /// Reads and checks the file at `path`.
    public static func load(_ path: String) throws(ConfigError) -> ConfigFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("Cannot read the configuration file \(path): \(ErrorText.phrase(error)).")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("The configuration file \(path) is not UTF-8 text.")
        }
        return try parse(text, path: path)
    }

    /// Checks `text` as the file `path` (relative paths in it are taken from `path`'s folder).
    public static func parse(_ text: String, path: String) throws(ConfigError) -> ConfigFile {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let reader = Reader(path: path, folder: folder)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw reader.syntaxError(error)
        } catch {
            throw ConfigError("\(path): not a YAML file: \(error).")
        }
        guard let root else { return ConfigFile(path: path, shared: [:], accounts: nil) }
        guard let mapping = root.mapping else {
            throw reader.error(at: root, "the file must be a mapping of settings (key: value lines).")
        }
        var shared = SettingLayer()
        var accounts: [SettingLayer]?
        for (keyNode, value) in mapping {
            let key = try reader.keyName(keyNode)
            if key == SettingKey.accounts {
                accounts = try reader.accounts(value)
            } else {
                shared[key] = try reader.value(value, for: key, at: keyNode)
            }
        }
        return ConfigFile(path: path, shared: shared, accounts: accounts)
    }
}

/// The checks of one file's nodes, each error naming the file, the line and the key.
private struct Reader {
    let path: String
    let folder: URL

    func origin(_ node: Node) -> SettingOrigin {
        .file(path: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    func error(at node: Node, _ problem: String) -> ConfigError {
        ConfigError("\(origin(node)): \(problem)")
    }

    func syntaxError(_ error: YamlError) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let around = context.map { " (\($0.text))" } ?? ""
            return ConfigError("\(path):\(mark.line):\(mark.column): not valid YAML: \(problem)\(around).")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(
                "\(path):\(context.mark.line):\(context.mark.column): the key \(duplicates.joined(separator: ", ")) "
                    + "is written twice in one mapping.")
        case .reader(let problem, _, _, _):
            return ConfigError("\(path): not readable as YAML: \(problem).")
        default:
            return ConfigError("\(path): not valid YAML.")
        }
    }

    /// A mapping key: a known setting's name, else an error that suggests the nearest one.
    func keyName(_ node: Node) throws(ConfigError) -> String {
        guard let key = node.scalar?.string else { throw error(at: node, "a key must be a plain name.") }
        if key == SettingKey.accounts || SettingKey.key(named: key) != nil { return key }
        let lowered = key.lowercased()
        if ["api_key", "apikey", "key", "password", "token", "secret"].contains(where: {
            lowered == $0 || lowered.hasSuffix("_" + $0)
        }) {
            throw error(
                at: node,
                "\(key): secrets never go in the configuration file. Put the value in an environment variable and "
                    + "name the variable instead (api_key_env: OZONETEL_API_KEY_ACME).")
        }
        let names = SettingKey.all.map(\.name) + [SettingKey.accounts]
        let nearest = names.min { Self.distance(lowered, $0) < Self.distance(lowered, $1) }
        let hint = nearest.map { Self.distance(lowered, $0) <= 3 ? " Did you mean '\($0)'?" : "" } ?? ""
        throw error(at: node, "unknown key '\(key)'.\(hint) The keys are listed by `callreport config --keys`.")
    }

    /// The `accounts` list: each entry a mapping of settings.
    func accounts(_ node: Node) throws(ConfigError) -> [SettingLayer] {
        guard let entries = node.sequence else {
            throw error(at: node, "accounts: expected a list of accounts (lines starting with '- name: ...').")
        }
        var layers: [SettingLayer] = []
        for entry in entries {
            guard let mapping = entry.mapping else {
                throw error(at: entry, "accounts: each account is a mapping of settings (name: ..., user_name: ...).")
            }
            var layer = SettingLayer()
            for (keyNode, value) in mapping {
                let key = try keyName(keyNode)
                guard key != SettingKey.accounts else {
                    throw error(at: keyNode, "accounts: an account cannot hold a list of accounts.")
                }
                layer[key] = try self.value(value, for: key, at: keyNode)
            }
            layers.append(layer)
        }
        return layers
    }

    /// The value of `key`: one plain value, or a list for the keys that take several.
    func value(_ node: Node, for key: String, at keyNode: Node) throws(ConfigError) -> SettingValue {
        let kind = SettingKey.key(named: key)?.kind ?? .text
        let place = origin(node)
        func one(_ node: Node) throws(ConfigError) -> String {
            guard let scalar = node.scalar else {
                throw error(
                    at: node,
                    kind == .list
                        ? "\(key): expected a list of plain values."
                        : "\(key): expected one value, not a list or mapping.")
            }
            // An empty or `~` value is YAML's null: say it instead of using an empty text.
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                throw ConfigError("\(place): \(key): has no value; write one, or remove the line for the default.")
            }
            return scalar.string
        }
        switch node {
        case .sequence(let items) where kind == .list:
            var values: [String] = []
            for item in items { values.append(try one(item)) }
            return SettingValue(.list(values), origin: place, relativeTo: folder)
        case .scalar where kind == .list:
            return SettingValue(.list([try one(node)]), origin: place, relativeTo: folder)
        default:
            return SettingValue(.one(try one(node)), origin: place, relativeTo: folder)
        }
    }

    /// Edits between two keys (Levenshtein), for the "did you mean" of an unknown key.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
