import Foundation
import Testing

/// The scheduling recipes of deploy/: systemd accepts the units, and the cron file runs the
/// same commands at the same times as the timers.
@Suite("deploy recipes")
struct DeployTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy")
    static let units = [
        "callreport-fetch.service", "callreport-fetch.timer", "callreport-run.service", "callreport-run.timer",
    ]
    static let installedBinary = "/usr/local/bin/callreport"

    static let systemdAnalyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// `Key=value` lines of a unit's `[section]`, in order.
    static func settings(_ unit: String, _ section: String) throws -> [(key: String, value: String)] {
        let text = try String(contentsOf: deploy.appendingPathComponent(unit), encoding: .utf8)
        var current = ""
        var pairs: [(key: String, value: String)] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("[") {
                current = String(line.dropFirst().dropLast())
            } else if current == section, !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") {
                pairs.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
            }
        }
        return pairs
    }

    static func value(_ unit: String, _ section: String, _ key: String) throws -> String? {
        try settings(unit, section).last { $0.key == key }?.value
    }

    @Test(
        "systemd-analyze verify accepts the units without a warning",
        .enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed here: the units are not verified"))
    func verify() throws {
        // verify checks that ExecStart's program exists: point a copy of the units at the built binary.
        let folder = try CommandRunner.temporaryFolder()
        for unit in Self.units {
            let text = try String(contentsOf: Self.deploy.appendingPathComponent(unit), encoding: .utf8)
            #expect(!unit.hasSuffix(".service") || text.contains("ExecStart=\(Self.installedBinary) "))
            try text.replacingOccurrences(of: Self.installedBinary, with: CommandRunner.executable.path)
                .write(to: folder.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.systemdAnalyze!)
        process.arguments = ["verify", "--man=no"] + Self.units.map { folder.appendingPathComponent($0).path }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(said)")
        // Unknown keys and bad calendar specifications are only warnings, with status 0.
        #expect(said.isEmpty, "\(said)")
    }

    @Test("the services run as callreport, with the secrets file, the state folder and the hardening")
    func services() throws {
        for service in ["callreport-fetch.service", "callreport-run.service"] {
            let wanted = [
                "Type": "oneshot", "User": "callreport", "Group": "callreport",
                "EnvironmentFile": "/etc/callreport/secrets.env", "StateDirectory": "callreport",
                "StateDirectoryMode": "0700", "WorkingDirectory": "/var/lib/callreport", "UMask": "0077",
                "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ReadWritePaths": "/var/lib/callreport",
                "PrivateTmp": "yes", "ProtectHome": "yes",
            ]
            for (key, value) in wanted {
                #expect(try Self.value(service, "Service", key) == value, "\(service): \(key)")
            }
        }
        let fetch = try #require(try Self.value("callreport-fetch.service", "Service", "ExecStart"))
        #expect(fetch == "\(Self.installedBinary) fetch --config /etc/callreport/callreport.yaml --no-wait")
        #expect(try Self.value("callreport-fetch.service", "Service", "SuccessExitStatus") == "75")
        let run = try #require(try Self.value("callreport-run.service", "Service", "ExecStart"))
        #expect(run == "\(Self.installedBinary) run --config /etc/callreport/callreport.yaml --month last")
        // The monthly report waits at the rate limit instead of stopping: 75 would be a lost report.
        #expect(try Self.value("callreport-run.service", "Service", "SuccessExitStatus") == nil)
    }

    @Test("the timers: nightly at 02:30 and on the 1st at 06:00, caught up after downtime")
    func timers() throws {
        #expect(try Self.value("callreport-fetch.timer", "Timer", "OnCalendar") == "*-*-* 02:30:00")
        #expect(try Self.value("callreport-run.timer", "Timer", "OnCalendar") == "*-*-01 06:00:00")
        for timer in ["callreport-fetch.timer", "callreport-run.timer"] {
            #expect(try Self.value(timer, "Timer", "Persistent") == "true")
            #expect(try Self.value(timer, "Install", "WantedBy") == "timers.target")
        }
    }

    @Test("the cron file runs the services' commands at the timers' times, as callreport, with the secrets")
    func cron() throws {
        let text = try String(contentsOf: Self.deploy.appendingPathComponent("callreport.cron"), encoding: .utf8)
        #expect(text.hasSuffix("\n"), "cron ignores a last line without a line end")
        // Jobs start with their schedule; the other lines are comments, blank or NAME=value.
        let jobs = text.split(separator: "\n").filter { line in
            line.first.map { $0.isNumber || $0 == "*" || $0 == "@" } ?? false
        }
        #expect(jobs.count == 2)
        let expected: [(schedule: [String], service: String)] = [
            (["30", "2", "*", "*", "*"], "callreport-fetch.service"),
            (["0", "6", "1", "*", "*"], "callreport-run.service"),
        ]
        for (job, wanted) in zip(jobs, expected) {
            let fields = job.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: true).map(String.init)
            #expect(fields.count == 7, "\(job)")
            guard fields.count == 7 else { continue }
            #expect(Array(fields[0..<5]) == wanted.schedule)
            #expect(fields[5] == "callreport")
            let command = String(fields[6].drop(while: \.isWhitespace))
            #expect(command.hasPrefix("cd /var/lib/callreport && umask 077 && set -a && . /etc/callreport/secrets.env"))
            #expect(!command.contains("%"), "cron turns % into a line break")
            let exec = try #require(try Self.value(wanted.service, "Service", "ExecStart"))
            let arguments = exec.replacingOccurrences(of: Self.installedBinary, with: "callreport")
            #expect(command.contains("exec \(arguments) >> /var/log/callreport/"), "\(command)")

            // The shell accepts the command.
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-n", "-c", command]
            try shell.run()
            shell.waitUntilExit()
            #expect(shell.terminationStatus == 0, "sh -n: \(command)")
        }
    }
}
