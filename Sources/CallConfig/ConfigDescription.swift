import CallModel
import CallPipeline
import Foundation

extension Configuration {
    /// The resolved settings of every account as `callreport config` prints them: YAML a
    /// configuration file could hold, each value followed by its source. The API key is
    /// never shown: only whether its variable is set.
    public func describe(environment: [String: String]) -> String {
        var lines: [String] = []
        let source = file.map { "the file \($0.path)" } ?? "no configuration file"
        lines.append("# callreport \(CallPipeline.version): settings from \(source), the environment and the flags")
        lines.append("# (flags first, then the environment, then the file, then the defaults).")
        if listsAccounts { lines.append("accounts:") }
        for account in accounts {
            let indent = listsAccounts ? "    " : ""
            var first = listsAccounts
            func add(_ key: String, _ value: String, _ note: String) {
                let lead = first ? "  - " : indent
                first = false
                let text = "\(lead)\(key): \(value)"
                lines.append(text.padding(toLength: max(text.count, 44), withPad: " ", startingAt: 0) + "  # \(note)")
            }
            /// A comment, so that what is printed reads back as a configuration file.
            func note(_ text: String) { lines.append("\(indent)# \(text)") }
            if let name = account.name {
                add(SettingKey.accountName, SettingKey.quoted(name), "\(account.origins[SettingKey.accountName]!)")
            }
            for key in SettingKey.all where key.name != SettingKey.accountName {
                let origin = account.origins[key.name].map { "\($0)" }
                if SettingKey.periodKeys.contains(key.name) || key.name == SettingKey.input {
                    guard let origin else { continue }
                    add(key.name, Self.rawText(account, key.name), origin)
                    continue
                }
                guard let shown = key.show(account.settings) else {
                    note("\(key.name): not set")
                    continue
                }
                add(key.name, key.kind == .list ? shown : SettingKey.quoted(shown), origin ?? "default")
            }
            // The key itself never: whether its variable holds one.
            let variable = account.settings.cloudAgent.apiKeyVariable
            let isSet = !(environment[variable] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            note(isSet ? "api_key: *** (from $\(variable))" : "api_key: not set ($\(variable) is empty)")
            for (name, variable) in [
                ("smtp_password", "CALLREPORT_SMTP_PASSWORD"), ("smtp_oauth2_token", "CALLREPORT_SMTP_OAUTH2_TOKEN"),
            ] where !(environment[variable] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                note("\(name): *** (from $\(variable))")
            }
            if let period = account.settings.period {
                lines.append(
                    "\(indent)# reports of \(period.label) go to \(account.settings.reportFolder(for: period).path)/")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The key reference, a Markdown table: each key with its flag, its environment
    /// variable and what it says (the README holds the same table).
    public static func keyReference() -> String {
        func code(_ text: String?) -> String { text.map { "`\($0)`" } ?? "—" }
        var lines = ["| key | flag | environment | meaning |", "|---|---|---|---|"]
        for key in SettingKey.all {
            lines.append("| \(code(key.name)) | \(code(key.flag)) | \(code(key.environment)) | \(key.summary) |")
        }
        lines.append("| `accounts` | — | — | A list of accounts, each a mapping of the keys above. |")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func rawText(_ account: ResolvedAccount, _ key: String) -> String {
        switch key {
        case SettingKey.input: return SettingKey.list(account.inputs)
        case "month": return account.settings.period.map { $0.isWholeMonth ? SettingKey.quoted($0.label) : "~" } ?? "~"
        case "from": return account.settings.period.map { "\($0.from)" } ?? "~"
        default: return account.settings.period.map { "\($0.to)" } ?? "~"
        }
    }
}
