import CallTestSupport
import Foundation
import Testing

/// A real SMTP server on loopback (`Tests/MailServer/smtp_server.py`, Debian python3-aiosmtpd),
/// started for one test with a self-signed certificate made by openssl, and stopped with it.
final class MailServer: @unchecked Sendable {
    static let python = "/usr/bin/python3"
    let port: Int
    let store: URL
    private let process: Process

    /// Whether Debian's aiosmtpd is there (`.ci/run` installs python3-aiosmtpd).
    static var available: Bool {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import aiosmtpd"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }

    init(in folder: URL, arguments: [String], port: Int = 0, host: String = "127.0.0.1") throws {
        store = folder.appendingPathComponent("received-\(UUID().uuidString.prefix(8))")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MailServer/smtp_server.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments =
            [script.path, "--store", store.path, "--port", String(port), "--host", host, "--max-lifetime", "300"]
            + arguments
        self.port = try FakeCloudAgent.startListening(process)
    }

    deinit { stop() }

    /// Stops the server now (its port is free once this returns). SIGKILL: a child started
    /// from a test thread inherits that thread's blocked SIGTERM (see FakeCloudAgent).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The messages taken, in order: the raw message and what the server and Python's parser saw.
    func received() throws -> [(raw: String, info: [String: Any])] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: store.path)) ?? [])
            .filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let raw = try String(contentsOf: store.appendingPathComponent(name), encoding: .utf8)
            let json = try Data(
                contentsOf: store.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json")))
            return (raw, try JSONSerialization.jsonObject(with: json) as! [String: Any])
        }
    }

    /// A self-signed certificate for 127.0.0.1 and this machine's addresses, and its key.
    static func certificate(in folder: URL, addresses: [String]) throws -> (cert: String, key: String) {
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let names = (["DNS:localhost"] + addresses.map { "IP:\($0)" }).joined(separator: ",")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
            "-subj", "/CN=callreport test", "-addext", "subjectAltName=\(names)",
        ]
        openssl.standardError = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl failed"])
        }
        return (cert, key)
    }

    /// An address of this machine that is not loopback, if it has one.
    static var nonLoopbackAddress: String? {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["hostname", "-I"]
        let out = Pipe()
        probe.standardOutput = out
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .first { $0.contains(".") && !$0.hasPrefix("127.") }
    }
}

@Suite("delivery over SMTP", .serialized, .enabled(if: MailServer.available, "needs Debian's python3-aiosmtpd"))
struct DeliveryTests {
    static let password = "pa55-W0rd-not-to-print"
    static let token = "ya29.token-not-to-print"

    /// A demo report with mail settings, written once per test into `folder/reports/2026-10`.
    private func report(in folder: URL, to recipients: [String] = ["ops@acme.example", "Asha Rao <asha@acme.example>"])
        throws -> URL
    {
        let outcome = try CommandRunner.run(
            [
                "demo", "--month", "2026-10", "--records", "400", "--output", "reports", "--templates",
                CommandRunner.templates, "--mail-from", "Reports <reports@acme.example>",
            ] + recipients.flatMap { ["--mail-to", $0] }, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return folder.appendingPathComponent("reports/2026-10")
    }

    private func environment(_ server: MailServer, cert: String, scheme: String = "smtp", host: String = "127.0.0.1")
        -> [String: String]
    {
        [
            "CALLREPORT_SMTP_URL": "\(scheme)://\(host):\(server.port)", "CALLREPORT_SMTP_USER": "bob",
            "CALLREPORT_SMTP_PASSWORD": Self.password, "CALLREPORT_SMTP_CA_FILE": cert,
        ]
    }

    /// No output, log or file holds the secret, raw or base64.
    private func expectSecretHidden(_ secret: String, outcomes: [CommandRunner.Outcome], folder: URL) throws {
        let forms = [
            secret, Data(secret.utf8).base64EncodedString(), Data("\u{0}bob\u{0}\(secret)".utf8).base64EncodedString(),
        ]
        for outcome in outcomes {
            for form in forms { #expect(!outcome.stdout.contains(form) && !outcome.stderr.contains(form)) }
        }
        let paths = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        for path in paths where !path.hasPrefix("received-") {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else {
                continue
            }
            for form in forms { #expect(data.range(of: Data(form.utf8)) == nil, "\(path) holds the secret") }
        }
    }

    @Test(
        "--send delivers over STARTTLS with a login; the mail parses back; a re-run does not send again; --resend does")
    func deliveredOnce() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (cert, key) = try MailServer.certificate(in: folder, addresses: ["127.0.0.1"])
        let server = try MailServer(
            in: folder, arguments: ["--tls-cert", cert, "--tls-key", key, "--auth", "bob:\(Self.password)"])
        let arguments = [
            "demo", "--month", "2026-10", "--records", "400", "--output", "reports", "--templates",
            CommandRunner.templates, "--mail-from", "Reports <reports@acme.example>", "--mail-to", "ops@acme.example",
            "--mail-to", "Asha Rao <asha@acme.example>", "--send",
        ]
        let first = try CommandRunner.run(arguments, in: folder, environment: environment(server, cert: cert))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Sent summary.eml to ops@acme.example, asha@acme.example."))
        let received = try server.received()
        #expect(received.count == 1)
        let info = try #require(received.first?.info)
        #expect(info["tls"] as? Bool == true)
        #expect(info["mail_from"] as? String == "reports@acme.example")
        #expect(info["rcpt_tos"] as? [String] == ["ops@acme.example", "asha@acme.example"])
        #expect((info["defects"] as? [Any])?.isEmpty == true)
        let headers = try #require(info["headers"] as? [String: String])
        #expect(headers["Subject"]?.hasPrefix("Call report 2026-10") == true)
        #expect(headers["To"] == "ops@acme.example, Asha Rao <asha@acme.example>")
        let messageID = try #require(headers["Message-ID"])
        #expect(messageID.hasPrefix("<callreport.") && messageID.hasSuffix("@acme.example>"))
        #expect(headers["Date"]?.isEmpty == false)
        let parts = try #require(info["parts"] as? [[String: Any]])
        #expect(
            parts.map { $0["type"] as? String } == [
                "text/plain", "text/html", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ])
        #expect(parts.compactMap { $0["filename"] as? String } == ["report.xlsx"])
        #expect((parts.last?["bytes"] as? Int ?? 0) > 1000)
        // What arrived is summary.eml byte for byte (bar the SMTP line ends), and sent.json says so.
        let folderURL = folder.appendingPathComponent("reports/2026-10")
        let written = try String(contentsOf: folderURL.appendingPathComponent("summary.eml"), encoding: .utf8)
        #expect(
            received[0].raw.replacingOccurrences(of: "\r\n", with: "\n")
                == written.replacingOccurrences(of: "\r\n", with: "\n"))
        let sent =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folderURL.appendingPathComponent("sent.json"))) as! [String: Any]
        #expect(sent["messageID"] as? String == messageID)
        #expect(sent["recipients"] as? [String] == ["ops@acme.example", "asha@acme.example"])
        #expect((sent["serverReply"] as? String)?.hasPrefix("250 2.0.0 Ok: queued as CR00001") == true)
        #expect(sent["server"] as? String == "127.0.0.1:\(server.port)")

        // The same report again: written anew, sent.json carried over, nothing sent.
        let second = try CommandRunner.run(arguments, in: folder, environment: environment(server, cert: cert))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("summary.eml not sent again"))
        #expect(try server.received().count == 1)
        #expect(FileManager.default.fileExists(atPath: folderURL.appendingPathComponent("sent.json").path))

        let third = try CommandRunner.run(
            arguments + ["--resend"], in: folder, environment: environment(server, cert: cert))
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try server.received().count == 2)
        try expectSecretHidden(Self.password, outcomes: [first, second, third], folder: folder)
    }

    @Test("a wrong password stops at once with exit 78, names no secret, and leaves the report as it was")
    func wrongPassword() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (cert, key) = try MailServer.certificate(in: folder, addresses: ["127.0.0.1"])
        let server = try MailServer(
            in: folder, arguments: ["--tls-cert", cert, "--tls-key", key, "--auth", "bob:right-one"])
        let report = try report(in: folder)
        let before = try CommandRunner.reportFiles(in: report)
        let started = Date()
        let outcome = try CommandRunner.run(
            ["send", report.path, "--retry-delay", "0.2"], in: folder, environment: environment(server, cert: cert))
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("refused the login (535 5.7.8 Authentication credentials invalid)"))
        #expect(Date().timeIntervalSince(started) < 20, "a refused login is not retried")
        #expect(try server.received().isEmpty)
        #expect(try CommandRunner.reportFiles(in: report) == before)
        try expectSecretHidden(Self.password, outcomes: [outcome], folder: folder)
    }

    @Test("a server that is down at first is retried with backoff, then takes the message")
    func downThenUp() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (cert, key) = try MailServer.certificate(in: folder, addresses: ["127.0.0.1"])
        let report = try report(in: folder)
        // A port nobody listens on yet.
        let probe = try MailServer(in: folder, arguments: [])
        let port = probe.port
        probe.stop()
        let environment = [
            "CALLREPORT_SMTP_URL": "smtp://127.0.0.1:\(port)", "CALLREPORT_SMTP_USER": "bob",
            "CALLREPORT_SMTP_PASSWORD": Self.password, "CALLREPORT_SMTP_CA_FILE": cert,
        ]
        let running = try CommandRunner.start(
            ["send", report.path, "--retry-delay", "1"], in: folder, environment: environment)
        Thread.sleep(forTimeInterval: 1.5)
        let server = try MailServer(
            in: folder, arguments: ["--tls-cert", cert, "--tls-key", key, "--auth", "bob:\(Self.password)"], port: port)
        let outcome = running.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("attempt 2 in"))
        #expect(try server.received().count == 1)
    }

    @Test("a busy server (421) is asked again; one that stays busy ends with exit 69 quoting its reply")
    func busy() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (cert, key) = try MailServer.certificate(in: folder, addresses: ["127.0.0.1"])
        let report = try report(in: folder)
        let base = ["--tls-cert", cert, "--tls-key", key, "--auth", "bob:\(Self.password)"]
        let twice = try MailServer(in: folder, arguments: base + ["--busy", "2"])
        let recovered = try CommandRunner.run(
            ["send", report.path, "--retry-delay", "0.1"], in: folder, environment: environment(twice, cert: cert))
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stderr.contains("421 4.3.2 Service busy"))
        #expect(try twice.received().count == 1)
        let always = try MailServer(in: folder, arguments: base + ["--busy", "100"])
        let gaveUp = try CommandRunner.run(
            ["send", report.path, "--resend", "--retry-delay", "0.1"], in: folder,
            environment: environment(always, cert: cert))
        #expect(gaveUp.status == 69)
        #expect(
            gaveUp.stderr.contains("after 4 attempt(s): 421 4.3.2 Service busy, try again later"), "\(gaveUp.stderr)")
    }

    @Test("a rejected recipient is named, exit 69, and nothing is recorded as sent")
    func rejectedRecipient() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (cert, key) = try MailServer.certificate(in: folder, addresses: ["127.0.0.1"])
        let server = try MailServer(
            in: folder,
            arguments: [
                "--tls-cert", cert, "--tls-key", key, "--auth", "bob:\(Self.password)", "--reject", "gone@acme.example",
            ])
        let report = try report(in: folder, to: ["ops@acme.example", "gone@acme.example"])
        let outcome = try CommandRunner.run(
            ["send", report.path], in: folder, environment: environment(server, cert: cert))
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("refused the recipient gone@acme.example: 550 5.1.1"))
        #expect(try server.received().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: report.appendingPathComponent("sent.json").path))
    }

    @Test("a server off this machine's loopback that offers no STARTTLS gets nothing, in clear or otherwise")
    func noStartTLS() throws {
        let address = try #require(MailServer.nonLoopbackAddress, "this machine has no non-loopback address")
        let folder = try CommandRunner.temporaryFolder()
        let (cert, _) = try MailServer.certificate(in: folder, addresses: [address])
        let server = try MailServer(in: folder, arguments: ["--auth", "bob:\(Self.password)"], host: address)
        let report = try report(in: folder)
        let outcome = try CommandRunner.run(
            ["send", report.path], in: folder, environment: environment(server, cert: cert, host: address))
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("did not start TLS"), "\(outcome.stderr)")
        #expect(try server.received().isEmpty)
    }

    @Test("XOAUTH2: the server checks the bearer token; a wrong one is refused")
    func oauth2() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (cert, key) = try MailServer.certificate(in: folder, addresses: ["127.0.0.1"])
        let server = try MailServer(
            in: folder,
            arguments: ["--tls-cert", cert, "--tls-key", key, "--implicit-tls", "--xoauth2", "bob:\(Self.token)"])
        let report = try report(in: folder)
        var environment = environment(server, cert: cert, scheme: "smtps")
        environment["CALLREPORT_SMTP_PASSWORD"] = nil
        environment["CALLREPORT_SMTP_OAUTH2_TOKEN"] = "wrong-token"
        let refused = try CommandRunner.run(["send", report.path], in: folder, environment: environment)
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("refused the login"))
        environment["CALLREPORT_SMTP_OAUTH2_TOKEN"] = Self.token
        let sent = try CommandRunner.run(["send", report.path], in: folder, environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.info["login"] as? String == "bob")
        try expectSecretHidden(Self.token, outcomes: [refused, sent], folder: folder)
    }
}
