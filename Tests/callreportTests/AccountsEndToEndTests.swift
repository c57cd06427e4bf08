import Foundation
import Testing

/// Several accounts from one configuration file, against two loopback CloudAgents.
@Suite("accounts end to end", .serialized)
struct AccountsEndToEndTests {
    private let stamp = ["SOURCE_DATE_EPOCH": "1790000000"]

    private func configuration(good: FakeCloudAgent, bad: FakeCloudAgent) -> String {
        """
        # Two accounts on two hosts; the second host fails every request.
        timezone: Asia/Kolkata
        output: out
        archive: archive
        templates: \(CommandRunner.templates)
        accounts:
          - name: good
            user_name: \(FakeCloudAgent.userName)
            api_key_env: OZONETEL_API_KEY_GOOD
            base_url: \(good.baseURL)
          - name: broken
            user_name: \(FakeCloudAgent.userName)
            api_key_env: OZONETEL_API_KEY_BROKEN
            base_url: \(bad.baseURL)
        """
    }

    @Test("one account failing: the other's report is complete and equal to its own run; exit 69 names the failing one")
    func oneFailing() throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = try FetchEndToEndTests.serverData(in: folder)
        let good = try FakeCloudAgent(data: data)
        let bad = try FakeCloudAgent(data: data, arguments: ["--fail-from", "1", "--fail-mode", "html500"])
        try configuration(good: good, bad: bad).write(
            to: folder.appendingPathComponent("callreport.yaml"), atomically: true, encoding: .utf8)
        let keys = ["OZONETEL_API_KEY_GOOD": good.apiKey, "OZONETEL_API_KEY_BROKEN": bad.apiKey]
        // Neither the default key variable nor the user name's: each account names its own.
        let environment = stamp.merging(keys) { $1 }.merging(["OZONETEL_API_KEY": "", "OZONETEL_USER_NAME": ""]) { $1 }

        let both = try CommandRunner.run(
            ["run", "--config", "callreport.yaml", "--month", "2026-10", "--retry-delay", "0.01"], in: folder,
            environment: environment)
        #expect(both.status == 69, "\(both.stderr)")
        let last = both.stderr.split(separator: "\n").suffix(2).map(String.init)
        #expect(last.count == 2)
        #expect(last.first?.hasPrefix("callreport: good: wrote ") == true, "\(last)")
        #expect(last.first?.contains("out/good/2026-10/") == true)
        #expect(last.last?.hasPrefix("callreport: broken: failed (exit 69): ") == true, "\(last)")
        #expect(good.requests == 2)
        #expect(bad.requests >= 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/broken/2026-10").path))

        // The good account's reports are those of a run of that account alone.
        let alone = try CommandRunner.run(
            good.commandLine(
                ["run", "--month", "2026-10"], archive: "archive-alone", output: "alone", retryDelay: "0.01"),
            in: folder, environment: FakeCloudAgent.environment.merging(stamp) { $1 })
        #expect(alone.status == 0, "\(alone.stderr)")
        let together = try CommandRunner.reportFiles(in: folder.appendingPathComponent("out/good/2026-10"))
        let single = try CommandRunner.reportFiles(in: folder.appendingPathComponent("alone/2026-10"))
        #expect(together.keys.sorted() == single.keys.sorted())
        #expect(together.keys.contains("summary.html") && together.keys.contains("calls.csv"))
        for (name, bytes) in single where name != "quarantine.jsonl" {
            #expect(together[name] == bytes, "\(name) differs")
        }
        // quarantine.jsonl names the archived responses, whose names carry the time they were fetched.
        #expect(
            together["quarantine.jsonl"].map { $0.split(separator: 10).count }
                == single["quarantine.jsonl"].map { $0.split(separator: 10).count })

        // `fetch` of both: the same split; the good account is up to date, the broken one still fails.
        let before = good.requests
        let fetch = try CommandRunner.run(
            ["fetch", "--config", "callreport.yaml", "--month", "2026-10", "--retry-delay", "0.01"], in: folder,
            environment: environment)
        #expect(fetch.status == 69)
        let fetchLines = fetch.stderr.split(separator: "\n").suffix(2).map(String.init)
        #expect(fetchLines.first?.hasPrefix("callreport: good: ") == true, "\(fetchLines)")
        #expect(fetchLines.last?.hasPrefix("callreport: broken: failed (exit 69)") == true, "\(fetchLines)")
        #expect(good.requests == before, "a closed month in the archive costs no request")
        // `--account good` alone succeeds, and `report` reads the archive of each account, offline.
        let one = try CommandRunner.run(
            ["report", "--config", "callreport.yaml", "--account", "good", "--month", "2026-10"], in: folder,
            environment: environment)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stderr.split(separator: "\n").last?.hasPrefix("callreport: good: wrote ") == true, "\(one.stderr)")
        for name in [good.apiKey, bad.apiKey] {
            #expect(!both.stderr.contains(name) && !both.stdout.contains(name) && !fetch.stderr.contains(name))
        }
    }

    @Test("a configuration error is named by file, line and key, with exit 78, before any request")
    func badFile() throws {
        let folder = try CommandRunner.temporaryFolder()
        try "timezone: Asia/Kolkata\nservice_levle: 20\n".write(
            to: folder.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", "--config", "c.yaml", "--month", "2026-10"], in: folder)
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("c.yaml:2:1: unknown key 'service_levle'. Did you mean 'service_level'?"))
        let shown = try CommandRunner.run(["config", "--config", "c.yaml"], in: folder)
        #expect(shown.status == 78)
    }

    @Test("callreport config prints the resolved settings; the key only as ***")
    func configCommand() throws {
        let folder = try CommandRunner.temporaryFolder()
        try "output: from-file\nservice_level: 30\n".write(
            to: folder.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(
            ["config", "--config", "c.yaml", "--service-level", "40", "--month", "last"], in: folder,
            environment: ["OZONETEL_API_KEY": "k3y-not-to-print", "CALLREPORT_OUTPUT": "from-env"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("k3y-not-to-print"))
        #expect(outcome.stdout.contains("# api_key: *** (from $OZONETEL_API_KEY)"))
        #expect(outcome.stdout.contains("service_level: 40"))
        #expect(outcome.stdout.contains("output: \(folder.path)/from-env") || outcome.stdout.contains("/from-env "))
        #expect(outcome.stdout.contains("# $CALLREPORT_OUTPUT"))
    }
}
