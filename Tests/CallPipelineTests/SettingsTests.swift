import CallFetch
import CallModel
import CallPipeline
import Foundation
import Testing

@Suite("Settings")
struct SettingsTests {
    @Test("the defaults are SPEC §6's")
    func defaults() {
        let settings = ReportSettings()
        #expect(settings.timeZone.identifier == "Asia/Kolkata")
        #expect(settings.serviceLevelSeconds == 20)
        #expect(settings.output.lastPathComponent == "reports")
        #expect(settings.alertChangePercent == 20 && settings.repeatWindowDays == 7)
        #expect(settings.byteOrderMark && !settings.maskCallers && settings.mail == nil)
        #expect(settings.cloudAgent.rateLimit == RateLimit(requests: 10, seconds: 3600))
        #expect(settings.cloudAgent.archive.path.hasSuffix(".callreport/archive"))
        #expect(settings.cloudAgent.format == .json)
    }

    @Test("values out of range are refused with a sentence naming the option")
    func validation() throws {
        var settings = ReportSettings()
        settings.serviceLevelSeconds = -1
        #expect(
            throws: PipelineError.invalidSetting(
                "--service-level", "--service-level must be zero or more seconds; got -1.")
        ) {
            try settings.validated()
        }
        settings = ReportSettings()
        settings.repeatWindowDays = 0
        #expect(throws: PipelineError.self) { try settings.validated() }
        settings = ReportSettings()
        settings.alertChangePercent = .nan
        #expect(throws: PipelineError.self) { try settings.validated() }
        #expect(throws: PipelineError.self) { try ReportSettings.timeZone(named: "Mars/Olympus") }
        #expect(try ReportSettings.timeZone(named: "UTC").identifier == "UTC")
        #expect(throws: PipelineError.self) { try CloudAgentSettings.rateLimit("10/0") }
        #expect(try CloudAgentSettings.format(named: "xml") == .xml)
    }

    @Test("mail settings need a sender and a recipient, each a real address, and a one-line subject")
    func mail() throws {
        #expect(try MailSettings.parse(from: nil, to: [], subject: nil) == nil)
        #expect(throws: PipelineError.self) { try MailSettings.parse(from: nil, to: ["a@example.com"], subject: nil) }
        #expect(throws: PipelineError.self) { try MailSettings.parse(from: "r@example.com", to: [], subject: nil) }
        #expect(throws: PipelineError.self) {
            try MailSettings.parse(from: "r@example.com", to: ["not an address"], subject: nil)
        }
        #expect(throws: PipelineError.self) {
            try MailSettings.parse(from: "r@example.com", to: ["a@example.com"], subject: "two\nlines")
        }
        let mail = try MailSettings.parse(from: "Reports <r@example.com>", to: ["a@example.com"], subject: "S")
        #expect(mail?.from.name == "Reports" && mail?.to.map(\.address) == ["a@example.com"])
    }

    @Test("credentials: the key from the environment only, the user name from the settings first")
    func credentials() throws {
        var cloudAgent = CloudAgentSettings()
        #expect(throws: FetchError.missingCredential("OZONETEL_API_KEY")) {
            try cloudAgent.account(environment: ["OZONETEL_USER_NAME": "acme"])
        }
        #expect(throws: FetchError.missingCredential("OZONETEL_USER_NAME")) {
            try cloudAgent.account(environment: ["OZONETEL_API_KEY": "KEY-1234"])
        }
        let account = try cloudAgent.account(environment: [
            "OZONETEL_API_KEY": " KEY-1234 ", "OZONETEL_USER_NAME": "acme",
        ])
        #expect(account.userName == "acme")
        #expect(account.baseURL.absoluteString == "https://in1-ccaas-api.ozonetel.com")
        cloudAgent.userName = "other"
        let environment = [
            "OZONETEL_API_KEY": "KEY-1234", "OZONETEL_USER_NAME": "acme", "OZONETEL_BASE_URL": "http://127.0.0.1:8080",
        ]
        let chosen = try cloudAgent.account(environment: environment)
        #expect(chosen.userName == "other" && chosen.baseURL.port == 8080)
        cloudAgent.baseURL = "ftp://example.com"
        #expect(throws: FetchError.badBaseURL("ftp://example.com")) { try cloudAgent.account(environment: environment) }
        cloudAgent.baseURL = nil
        cloudAgent.userName = "  "
        #expect(throws: FetchError.missingCredential("OZONETEL_USER_NAME")) {
            try cloudAgent.account(environment: environment)
        }
    }

    @Test("input folders give their responses in byte order, without metadata files")
    func inputFolders() throws {
        let folder = try temporaryFolder()
        for name in ["b.json", "a.xml", "a.meta.json", ".hidden.json", "notes.txt"] {
            try Data("{}".utf8).write(to: folder.appendingPathComponent(name))
        }
        let inputs = try ResponseInput.files(at: [folder.path])
        #expect(inputs.map(\.name) == ["a.xml", "b.json"])
        #expect(throws: PipelineError.inputMissing("/no/such/input")) {
            try ResponseInput.files(at: ["/no/such/input"])
        }
        let empty = try temporaryFolder()
        #expect(throws: PipelineError.inputUnreadable(empty.path, reason: "the folder holds no .json or .xml file")) {
            try ResponseInput.files(at: [empty.path])
        }
        #expect(PipelineError.inputMissing("x").exitStatus == .usage)
        #expect(PipelineError.inputUnreadable("x", reason: "y").exitStatus == .dataError)
    }
}
