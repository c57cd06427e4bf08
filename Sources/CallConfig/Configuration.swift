import CallModel
import CallPipeline
import Foundation

/// One account's settings, resolved: what its run, fetch or report uses.
public struct ResolvedAccount: Sendable {
    /// The account's name in the file (`nil` when the file names none or there is no file).
    public let name: String?
    public let settings: ReportSettings
    /// `report`'s saved responses, when a source names them (`--input` or `input:`).
    public let inputs: [String]
    /// Where each setting given came from, by key; a key missing here has its default.
    public let origins: [String: SettingOrigin]
}

/// The settings of every account a command handles, from four sources in order of
/// precedence: the flags, then the environment, then the configuration file (an
/// account's own entry over the file's top), then the defaults.
///
/// The period is one setting: the source with the highest precedence that says
/// anything of `month`, `from` or `to` gives all three. With several accounts in the
/// file, each account's reports go under `<output>/<name>/`, and the environment
/// variables that name one account (`OZONETEL_USER_NAME`, `OZONETEL_BASE_URL`) are
/// not read.
public struct Configuration: Sendable {
    /// The file read, if any.
    public let file: ConfigFile?
    /// The accounts selected, in the file's order.
    public let accounts: [ResolvedAccount]
    /// Whether the file lists accounts: their reports then go under `<output>/<name>/`.
    public let listsAccounts: Bool

    /// Resolves the settings of the accounts named in `selected` (every account when empty).
    /// `today` gives the day a `last` month is counted from, in a zone.
    public static func resolve(
        file: ConfigFile?, environment: [String: String], flags: SettingLayer, selected: [String] = [],
        today: @escaping (ReportTimeZone) -> LocalDate = { LocalDate.today(in: $0.timeZone) }
    ) throws(ConfigError) -> Configuration {
        let entries = file?.accounts ?? [[:]]
        let listsAccounts = file?.accounts != nil
        let several = entries.count > 1
        let environmentLayer = Self.layer(of: environment, skipping: several ? SettingKey.oneAccountVariables : [])

        var names: [String: SettingOrigin] = [:]
        var accounts: [ResolvedAccount] = []
        for (index, entry) in entries.enumerated() {
            let layers = [file?.shared ?? [:], entry, environmentLayer, flags]
            var chosen: [String: SettingValue] = [:]
            for layer in layers {
                for (key, value) in layer { chosen[key] = value }
            }
            // The period comes whole from the highest source that names any of it.
            if let top = layers.last(where: { !$0.keys.filter(SettingKey.periodKeys.contains).isEmpty }) {
                for key in SettingKey.periodKeys { chosen[key] = top[key] }
            }
            let name = try accountName(chosen[SettingKey.accountName], index: index, listed: listsAccounts, file: file)
            if let name {
                if let first = names[name.lowercased()] {
                    throw ConfigError(
                        chosen[SettingKey.accountName]!.origin, key: SettingKey.accountName,
                        "two accounts are named '\(name)' (the first at \(first)); each needs its own name.")
                }
                names[name.lowercased()] = chosen[SettingKey.accountName]?.origin
            }
            var settings = try settings(from: chosen, today: today)
            if listsAccounts, let name { settings.output.appendPathComponent(name, isDirectory: true) }
            if several, settings.cloudAgent.baseURL == nil {
                // Not $OZONETEL_BASE_URL: that variable would name one account's host for all.
                settings.cloudAgent.baseURL = ReportSettings.Defaults.baseURL
            }
            let inputs: [String]
            if let input = chosen[SettingKey.input],
                case .list(let paths) = try read(input, as: .list, key: SettingKey.input)
            {
                inputs = paths.map { path in
                    input.relativeTo.map { URL(fileURLWithPath: path, relativeTo: $0).path } ?? path
                }
            } else {
                inputs = []
            }
            accounts.append(
                ResolvedAccount(name: name, settings: settings, inputs: inputs, origins: chosen.mapValues(\.origin)))
        }
        if !selected.isEmpty {
            guard listsAccounts else {
                throw ConfigError(
                    "--account needs a configuration file that lists accounts (--config FILE with accounts:).",
                    status: .usage)
            }
            var picked: [ResolvedAccount] = []
            for wanted in selected {
                guard let account = accounts.first(where: { $0.name?.lowercased() == wanted.lowercased() }) else {
                    throw ConfigError(
                        "--account \(wanted): \(file!.path) has no such account; it lists "
                            + accounts.compactMap(\.name).joined(separator: ", ") + ".",
                        status: .usage)
                }
                if !picked.contains(where: { $0.name == account.name }) { picked.append(account) }
            }
            accounts = accounts.filter { account in picked.contains { $0.name == account.name } }
        }
        if accounts.count > 1 {
            // These flags name one account's things; given once for several accounts, they would be wrong for all but one.
            for key in ["user_name", "base_url", "compare_to", SettingKey.input] {
                guard let flag = flags[key]?.origin, case .flag(let name) = flag else { continue }
                throw ConfigError(
                    "\(name) names one account's \(key == SettingKey.input ? "responses" : "setting"); with "
                        + "\(accounts.count) accounts, choose one with --account NAME, or set it per account in the file.",
                    status: .usage)
            }
        }
        return Configuration(file: file, accounts: accounts, listsAccounts: listsAccounts)
    }

    /// Checks each value of `flags` alone (its kind, and what its own setting accepts),
    /// before any file or environment is read. Whether values fit together (`--mail-to`
    /// with a sender from the file) is checked once every source is known.
    public static func check(flags: SettingLayer) throws(ConfigError) {
        var settings = ReportSettings()
        for key in SettingKey.all {
            guard let value = flags[key.name] else { continue }
            let typed = try read(value, as: key.kind, key: key.name)
            do {
                try key.apply?(&settings, typed)
            } catch let error as PipelineError {
                throw ConfigError(value.origin, key: key.name, error.description)
            } catch {
                throw ConfigError(value.origin, key: key.name, ErrorText.phrase(error) + ".")
            }
        }
    }

    /// The settings of the environment: `CALLREPORT_<FLAG>` and the `OZONETEL_` variables; empty ones are unset.
    static func layer(of environment: [String: String], skipping: Set<String>) -> SettingLayer {
        var layer = SettingLayer()
        for key in SettingKey.all where !skipping.contains(key.name) {
            guard let variable = key.environment, let text = environment[variable],
                !text.trimmingCharacters(in: .whitespaces).isEmpty
            else { continue }
            let value: SettingValue.Text =
                key.kind == .list
                ? .list(
                    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                : .one(text.trimmingCharacters(in: .whitespacesAndNewlines))
            layer[key.name] = SettingValue(value, origin: .environment(variable))
        }
        return layer
    }

    /// The account's name: required and file-safe when the file lists several accounts.
    static func accountName(_ value: SettingValue?, index: Int, listed: Bool, file: ConfigFile?) throws(ConfigError)
        -> String?
    {
        guard let value else {
            guard listed else { return nil }
            throw ConfigError(
                "\(file!.path): account \(index + 1) of accounts has no name; each account needs one "
                    + "(name: acme): its reports go under <output>/<name>/.")
        }
        guard case .text(let name) = try read(value, as: .text, key: SettingKey.accountName) else { return nil }
        let safe = name.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
                || "-_.".unicodeScalars.contains($0)
        }
        guard safe, !name.hasPrefix("."), name.count <= 64 else {
            throw ConfigError(
                value.origin, key: SettingKey.accountName,
                "'\(name)' cannot name a folder: use letters, digits, '-', '_' and '.' (not first), at most 64.")
        }
        return name
    }

    /// Reads a source's text as a value of `kind`.
    static func read(_ value: SettingValue, as kind: SettingKey.Kind, key: String) throws(ConfigError)
        -> SettingKey.Value
    {
        let text: String
        switch value.text {
        case .list(let items):
            guard kind == .list else {
                throw ConfigError(value.origin, key: key, "expected one value, not a list.")
            }
            return .list(items)
        case .one(let one):
            text = one
        }
        switch kind {
        case .text:
            return .text(text)
        case .list:
            return .list([text])
        case .path:
            return .path(
                URL(fileURLWithPath: text, isDirectory: true, relativeTo: value.relativeTo).standardizedFileURL)
        case .wholeNumber:
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigError(value.origin, key: key, "expected a whole number; got '\(text)'.")
            }
            return .wholeNumber(number)
        case .number:
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                throw ConfigError(value.origin, key: key, "expected a number; got '\(text)'.")
            }
            return .number(number)
        case .onOff:
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .onOff(true)
            case "false", "no", "off", "0": return .onOff(false)
            default: throw ConfigError(value.origin, key: key, "expected true or false; got '\(text)'.")
            }
        }
    }

    /// The settings from the values chosen for each key; every error names its source.
    static func settings(
        from chosen: [String: SettingValue], today: (ReportTimeZone) -> LocalDate
    ) throws(ConfigError) -> ReportSettings {
        var settings = ReportSettings()
        func blame(_ error: PipelineError, default key: String) -> ConfigError {
            let named = error.settingName.flatMap { name in SettingKey.all.first { $0.flag == name || $0.name == name }
            }
            let key = named?.name ?? key
            guard let value = chosen[key] else { return ConfigError(error.description, status: error.exitStatus) }
            var problem = error.description
            switch value.origin {
            case .file:
                // The file's words: `mail_to needs mail_from`, not the flags'.
                for other in SettingKey.all.sorted(by: { ($0.flag?.count ?? 0) > ($1.flag?.count ?? 0) }) {
                    if let flag = other.flag { problem = problem.replacing(flag, with: other.name) }
                }
            case .environment(let variable):
                if let flag = named?.flag { problem = problem.replacing(flag, with: variable) }
            default: break
            }
            return ConfigError(value.origin, key: key, problem)
        }
        for key in SettingKey.all {
            guard let apply = key.apply, let value = chosen[key.name] else { continue }
            let typed = try read(value, as: key.kind, key: key.name)
            do {
                try apply(&settings, typed)
            } catch let error as PipelineError {
                throw blame(error, default: key.name)
            } catch {
                throw ConfigError(value.origin, key: key.name, ErrorText.phrase(error) + ".")
            }
        }
        func text(_ key: String) throws(ConfigError) -> String? {
            guard let value = chosen[key], case .text(let text) = try read(value, as: .text, key: key) else {
                return nil
            }
            return text
        }
        do {
            settings.period = try ReportSettings.period(
                month: try text("month"), from: try text("from"), to: try text("to"), today: today(settings.timeZone))
        } catch let error as PipelineError {
            throw blame(error, default: chosen["month"] != nil ? "month" : "from")
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("\(error)")
        }
        var recipients: [String] = []
        if let value = chosen["mail_to"], case .list(let list) = try read(value, as: .list, key: "mail_to") {
            recipients = list
        }
        do {
            if let mail = try MailSettings.parse(
                from: try text("mail_from"), to: recipients, subject: try text("subject"))
            {
                settings.mail = mail
            }
            settings = try settings.validated()
        } catch let error as PipelineError {
            throw blame(error, default: "mail_from")
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("\(error)")
        }
        return settings
    }
}
