import CallConfig
import CallModel
import CallPipeline
import Foundation
import Testing

/// The configuration file's checks, the precedence of flags over the environment over
/// the file over the defaults, and the accounts of a file.
@Suite("configuration")
struct ConfigurationTests {
    static let today = LocalDate(year: 2026, month: 12, day: 3)!

    static func resolve(
        _ yaml: String?, environment: [String: String] = [:], flags: SettingLayer = [:], selected: [String] = [],
        path: String = "/etc/callreport/callreport.yaml"
    ) throws(ConfigError) -> Configuration {
        let file = try yaml.map { text throws(ConfigError) in try ConfigFile.parse(text, path: path) }
        return try Configuration.resolve(
            file: file, environment: environment, flags: flags, selected: selected, today: { _ in today })
    }

    static func error(_ yaml: String, environment: [String: String] = [:], flags: SettingLayer = [:]) -> ConfigError? {
        do {
            _ = try resolve(yaml, environment: environment, flags: flags)
            return nil
        } catch {
            return error
        }
    }

    /// The repository's example file, which the README points admins to.
    static var exampleFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/callreport.yaml")
    }

    @Test("the example file of deploy/ resolves to its two accounts")
    func exampleFile() throws {
        let file = try ConfigFile.load(Self.exampleFile.path)
        let configuration = try Configuration.resolve(
            file: file, environment: [:], flags: ["month": SettingValue(flag: "--month", "last")],
            today: { _ in Self.today })
        #expect(configuration.listsAccounts)
        let accounts = configuration.accounts
        #expect(accounts.map(\.name) == ["acme", "globex-sales"])
        let acme = accounts[0].settings
        let globex = accounts[1].settings
        #expect(acme.period == ReportPeriod(month: "2026-11"))
        #expect(acme.output.path == "/var/lib/callreport/reports/acme")
        #expect(globex.output.path == "/var/lib/callreport/reports/globex-sales")
        #expect(acme.cloudAgent.archive.path == "/var/lib/callreport/archive")
        #expect(acme.cloudAgent.userName == "acme_ops" && globex.cloudAgent.userName == "globex_sales")
        #expect(acme.cloudAgent.apiKeyVariable == "OZONETEL_API_KEY_ACME")
        #expect(globex.cloudAgent.apiKeyVariable == "OZONETEL_API_KEY_GLOBEX")
        #expect(!acme.cloudAgent.noWait && !globex.cloudAgent.noWait)
        #expect(acme.serviceLevelSeconds == 20 && globex.serviceLevelSeconds == 30)
        #expect(globex.campaigns == ["Outbound", "Renewals"] && acme.campaigns.isEmpty)
        #expect(globex.cloudAgent.baseURL == "https://api.ccaas.ozonetel.com")
        #expect(acme.mail?.to.map(\.address) == ["ops-lead@acme.example", "asha.rao@acme.example"])
        #expect(acme.mail?.from.name == "Contact centre reports")
        #expect(globex.mail?.subject == "Globex sales calls, last month")
        #expect(
            globex.reportFolder(for: globex.period!).path
                == "/var/lib/callreport/reports/globex-sales/2026-11_Outbound+Renewals")
    }

    @Test(
        "a flag beats the environment, which beats the file, which beats the default",
        arguments: [
            // key, file value, environment variable and value, flag and value, what each level gives
            ("service_level", "30", "CALLREPORT_SERVICE_LEVEL", "45", "--service-level", "60"),
            ("output", "/srv/file-reports", "CALLREPORT_OUTPUT", "/srv/env-reports", "--output", "/srv/flag-reports"),
            ("month", "2026-08", "CALLREPORT_MONTH", "2026-09", "--month", "2026-10"),
        ])
    func precedence(key: String, file: String, variable: String, environment: String, flag: String, flagValue: String)
        throws
    {
        func value(_ settings: ReportSettings) -> String {
            switch key {
            case "service_level": String(settings.serviceLevelSeconds)
            case "output": settings.output.path
            default: settings.period?.label ?? "none"
            }
        }
        let yaml = "\(key): \(file)\n"
        let defaults = try Self.resolve(nil).accounts[0]
        let fromFile = try Self.resolve(yaml).accounts[0]
        let fromEnvironment = try Self.resolve(yaml, environment: [variable: environment]).accounts[0]
        let fromFlag = try Self.resolve(
            yaml, environment: [variable: environment], flags: [key: SettingValue(flag: flag, flagValue)]
        ).accounts[0]
        #expect(value(defaults.settings) != file)
        #expect(value(fromFile.settings) == file)
        #expect(value(fromEnvironment.settings) == environment)
        #expect(value(fromFlag.settings) == flagValue)
        #expect(fromFile.origins[key] == .file(path: "/etc/callreport/callreport.yaml", line: 1, column: key.count + 3))
        #expect(fromEnvironment.origins[key] == .environment(variable))
        #expect(fromFlag.origins[key] == .flag(flag))
    }

    @Test("no_xlsx and xlsx_calls come from the file, the environment or the flags")
    func workbookKeys() throws {
        let defaults = try Self.resolve(nil).accounts[0].settings
        #expect(defaults.xlsx && !defaults.xlsxCalls)
        let fromFile = try Self.resolve("xlsx_calls: true\n").accounts[0].settings
        #expect(fromFile.xlsx && fromFile.xlsxCalls)
        let fromEnvironment = try Self.resolve(nil, environment: ["CALLREPORT_NO_XLSX": "true"]).accounts[0]
        #expect(
            !fromEnvironment.settings.xlsx && fromEnvironment.origins["no_xlsx"] == .environment("CALLREPORT_NO_XLSX"))
        let fromFlag = try Self.resolve(
            "no_xlsx: true\n", flags: ["no_xlsx": SettingValue(flag: "--no-xlsx", "false")]
        ).accounts[0].settings
        #expect(fromFlag.xlsx)
    }

    @Test("the period comes whole from the highest source that names any of it")
    func periodIsOneSetting() throws {
        let file = "from: 2026-10-01\nto: 2026-10-15\n"
        let account = try Self.resolve(file, environment: ["CALLREPORT_MONTH": "2026-09"]).accounts[0]
        #expect(account.settings.period == ReportPeriod(month: "2026-09"))
        let ranged = try Self.resolve(
            "month: 2026-09\n",
            flags: [
                "from": SettingValue(flag: "--from", "2026-10-01"),
                "to": SettingValue(flag: "--to", "2026-10-15"),
            ]
        ).accounts[0]
        #expect(ranged.settings.period.map { "\($0.from) \($0.to)" } == "2026-10-01 2026-10-15")
        #expect(try Self.resolve("month: last\n").accounts[0].settings.period == ReportPeriod(month: "2026-11"))
    }

    @Test("an account's own keys override the top of the file; relative paths start at the file's folder")
    func accountOverrides() throws {
        let yaml = """
            service_level: 25
            output: reports
            accounts:
              - name: north
                user_name: north_ops
              - name: south
                user_name: south_ops
                service_level: 10
                output: /srv/south
            """
        let accounts = try Self.resolve(yaml, path: "/srv/conf/callreport.yaml").accounts
        #expect(accounts.map(\.settings.serviceLevelSeconds) == [25, 10])
        #expect(accounts.map(\.settings.output.path) == ["/srv/conf/reports/north", "/srv/south/south"])
        // A flag still beats both.
        let flagged = try Self.resolve(
            yaml, flags: ["service_level": SettingValue(flag: "--service-level", "5")], path: "/srv/conf/c.yaml")
        #expect(flagged.accounts.map(\.settings.serviceLevelSeconds) == [5, 5])
    }

    @Test("with several accounts, the variables naming one account's user and host are not read")
    func oneAccountVariables() throws {
        let environment = ["OZONETEL_USER_NAME": "someone", "OZONETEL_BASE_URL": "https://elsewhere.example"]
        let several = try Self.resolve(
            "accounts:\n  - name: a\n  - name: b\n    user_name: b_ops\n", environment: environment)
        #expect(several.accounts.map(\.settings.cloudAgent.userName) == [nil, "b_ops"])
        #expect(several.accounts.allSatisfy { $0.settings.cloudAgent.baseURL == ReportSettings.Defaults.baseURL })
        let one = try Self.resolve("user_name: file_ops\n", environment: environment)
        #expect(one.accounts[0].settings.cloudAgent.userName == "someone")
        #expect(one.accounts[0].settings.cloudAgent.baseURL == "https://elsewhere.example")
    }

    @Test("--account picks accounts by name; an unknown name lists the file's")
    func selection() throws {
        let yaml = "accounts:\n  - name: north\n  - name: south\n  - name: east\n"
        let picked = try Self.resolve(yaml, selected: ["EAST", "north"]).accounts
        #expect(picked.map(\.name) == ["north", "east"])
        // A flag that names one account's thing is refused for several, accepted for one.
        let userFlag: SettingLayer = ["user_name": SettingValue(flag: "--user-name", "x_ops")]
        #expect(throws: ConfigError.self) { try Self.resolve(yaml, flags: userFlag) }
        #expect(
            try Self.resolve(yaml, flags: userFlag, selected: ["south"]).accounts[0].settings.cloudAgent.userName
                == "x_ops")
        do {
            _ = try Self.resolve(yaml, selected: ["west"])
            Issue.record("an unknown account was accepted")
        } catch {
            #expect(error.exitStatus == .usage)
            #expect(error.description.contains("north, south, east"))
        }
    }

    @Test(
        "a bad file is named by path, line and key, with exit 78",
        arguments: [
            (
                "timezone: UTC\nservce_level: 30\n",
                "callreport.yaml:2:1: unknown key 'servce_level'. Did you mean 'service_level'?"
            ),
            ("service_level: twenty\n", "callreport.yaml:1:16: service_level: expected a whole number; got 'twenty'."),
            ("service_level: -1\n", "callreport.yaml:1:16: service_level must be zero or more seconds; got -1."),
            ("no_wait: maybe\n", "callreport.yaml:1:10: no_wait: expected true or false; got 'maybe'."),
            ("output: [a, b]\n", "callreport.yaml:1:9: output: expected one value, not a list or mapping."),
            ("output:\n", "callreport.yaml:1:8: output: has no value"),
            ("timezone: Mars/Olympus\n", "callreport.yaml:1:11: timezone 'Mars/Olympus' is not a known time zone"),
            ("api_format: csv\n", "callreport.yaml:1:13: api_format must be json or xml; got 'csv'."),
            ("month: 2026-13\n", "callreport.yaml:1:8: month must be a month written YYYY-MM"),
            ("mail_to: a@example.com\n", "callreport.yaml:1:10: mail_to needs mail_from: the sender"),
            ("api_key: abc123\n", "callreport.yaml:1:1: api_key: secrets never go in the configuration file"),
            ("smtp_password: abc123\n", "secrets never go in the configuration file"),
            ("accounts:\n  - user_name: a\n  - user_name: b\n", "account 1 of accounts has no name"),
            ("accounts:\n  - name: a\n  - name: A\n", "callreport.yaml:3:11: name: two accounts are named 'A'"),
            ("accounts:\n  - name: ../up\n", "callreport.yaml:2:11: name: '../up' cannot name a folder"),
            ("accounts: acme\n", "callreport.yaml:1:11: accounts: expected a list of accounts"),
            ("api_key_env: 9LIVES\n", "callreport.yaml:1:14: api_key_env: '9LIVES' is not the name of an environment"),
            ("timezone: [UTC\n", "callreport.yaml:2:1: not valid YAML"),
            ("timezone: UTC\ntimezone: Asia/Kolkata\n", "is written twice"),
            ("- a\n- b\n", "callreport.yaml:1:1: the file must be a mapping of settings"),
        ])
    func badFile(yaml: String, message: String) throws {
        let error = Self.error(yaml)
        #expect(error?.exitStatus == .configuration)
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.hasPrefix("/etc/callreport/") == true)
    }

    @Test("a bad environment value names its variable (78); a bad flag is a usage error (64)")
    func badSources() throws {
        let fromEnvironment = Self.error("", environment: ["CALLREPORT_SERVICE_LEVEL": "soon"])
        #expect(fromEnvironment?.exitStatus == .configuration)
        #expect(fromEnvironment?.description == "CALLREPORT_SERVICE_LEVEL: expected a whole number; got 'soon'.")
        let range = Self.error("", environment: ["CALLREPORT_REPEAT_WINDOW": "0"])
        #expect(range?.description == "CALLREPORT_REPEAT_WINDOW must be one day or more; got 0.")
        let fromFlag = Self.error("", flags: ["service_level": SettingValue(flag: "--service-level", "-2")])
        #expect(fromFlag?.exitStatus == .usage)
        #expect(fromFlag?.description == "--service-level must be zero or more seconds; got -2.")
    }

    @Test(
        "the staffing settings: short abandon, interval and target, checked from every source",
        arguments: [
            ("short_abandon", "--short-abandon", "-1", "--short-abandon must be zero (none) or more seconds; got -1."),
            ("interval", "--interval", "20", "--interval must be 15, 30 or 60 minutes; got 20."),
            ("interval", "--interval", "0", "--interval must be 15, 30 or 60 minutes; got 0."),
            (
                "target_service_level", "--target-service-level", "1",
                "--target-service-level must be a fraction above 0 and below 1, such as 0.8; got 1.0."
            ),
            (
                "target_service_level", "--target-service-level", "0",
                "--target-service-level must be a fraction above 0 and below 1, such as 0.8; got 0.0."
            ),
        ])
    func staffingSettings(key: String, flag: String, value: String, message: String) throws {
        let fromFlag = Self.error("", flags: [key: SettingValue(flag: flag, value)])
        #expect(fromFlag?.exitStatus == .usage)
        #expect(fromFlag?.description == message)
        let fromFile = Self.error("\(key): \(value)\n")
        #expect(fromFile?.exitStatus == .configuration)
        #expect(fromFile?.description.contains(String(message.dropFirst(flag.count))) == true)
    }

    @Test("the staffing settings' defaults, and values from the file, the environment and the flags")
    func staffingValues() throws {
        let defaults = try Self.resolve(nil).accounts[0].settings
        #expect(defaults.shortAbandonSeconds == 5 && defaults.intervalMinutes == 30)
        #expect(defaults.targetServiceLevel == 0.8)
        let chosen = try Self.resolve(
            "short_abandon: 0\ninterval: 15\n", environment: ["CALLREPORT_TARGET_SERVICE_LEVEL": "0.9"],
            flags: ["interval": SettingValue(flag: "--interval", "60")]
        ).accounts[0].settings
        #expect(chosen.shortAbandonSeconds == 0 && chosen.intervalMinutes == 60)
        #expect(chosen.targetServiceLevel == 0.9)
    }

    @Test("values are read as written, not by YAML's implicit types")
    func plainText() throws {
        let yaml = """
            campaigns: [no, "on", 0755, 2026-10]
            subject: yes
            mail_from: ops@example.com
            mail_to: a@example.com
            """
        let settings = try Self.resolve(yaml).accounts[0].settings
        #expect(settings.campaigns == ["no", "on", "0755", "2026-10"])
        #expect(settings.mail?.subject == "yes")
    }

    @Test("callreport config shows where each value came from, and the key only as ***")
    func describe() throws {
        let key = "s3cr3t-KEY-value"
        let configuration = try Self.resolve(
            "accounts:\n  - name: acme\n    user_name: acme_ops\n    api_key_env: KEY_ACME\n  - name: beta\n",
            environment: ["KEY_ACME": key, "CALLREPORT_OUTPUT": "/srv/r"],
            flags: ["service_level": SettingValue(flag: "--service-level", "15")])
        let text = configuration.describe(environment: ["KEY_ACME": key])
        #expect(!text.contains(key))
        #expect(text.contains("    # api_key: *** (from $KEY_ACME)"))
        #expect(text.contains("    # api_key: not set ($OZONETEL_API_KEY is empty)"))
        #expect(text.contains("    # templates: not set"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines.contains {
                $0.hasPrefix("    user_name: acme_ops") && $0.hasSuffix("# /etc/callreport/callreport.yaml:3:16")
            })
        #expect(lines.contains { $0.hasPrefix("    output: /srv/r/acme") && $0.hasSuffix("# $CALLREPORT_OUTPUT") })
        #expect(lines.contains { $0.hasPrefix("    service_level: 15") && $0.hasSuffix("# --service-level") })
        #expect(lines.contains { $0.hasPrefix("    repeat_window: 7") && $0.hasSuffix("# default") })
        // What it prints is YAML that reads back as a configuration file (comments and all).
        let reread = try Configuration.resolve(
            file: try ConfigFile.parse(text, path: "printed.yaml"), environment: [:], flags: [:])
        #expect(reread.accounts.map(\.settings.serviceLevelSeconds) == [15, 15])
        #expect(reread.accounts.map(\.settings.output.path) == ["/srv/r/acme/acme", "/srv/r/beta/beta"])
    }
}

@Suite("configuration reference")
struct ConfigurationReferenceTests {
    @Test("the README's table of keys is the one callreport config --keys prints")
    func readmeTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        #expect(text.contains(Configuration.keyReference()))
    }
}
