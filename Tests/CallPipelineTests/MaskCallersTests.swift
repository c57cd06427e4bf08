import CallModel
import CallPipeline
import CallTestSupport
import Foundation
import Testing

@Suite("Mask callers")
struct MaskCallersTests {
    @Test("maskCallers leaves no full caller number in calls.csv, missed.csv or the summaries")
    func masked() throws {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.maskCallers = true
        let out = try report([fixture("hand-made.json").path], chosen).folder
        let calls = try String(contentsOf: out.appendingPathComponent("calls.csv"), encoding: .utf8)
        #expect(calls.contains(",********0001,"))
        let missed = try String(contentsOf: out.appendingPathComponent("missed.csv"), encoding: .utf8)
        #expect(missed.contains("********0003"))
        for name in ["calls.csv", "missed.csv", "summary.html", "summary.md", "summary.txt", "metrics.json"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("91980000000"), "\(name) holds a full caller number")
        }
        // Without the setting the team's files carry the numbers.
        var plain = settings(ReportPeriod(month: "2026-10"), in: folder)
        plain.output = folder.appendingPathComponent("plain", isDirectory: true)
        let plainOut = try report([fixture("hand-made.json").path], plain).folder
        let plainCalls = try String(contentsOf: plainOut.appendingPathComponent("calls.csv"), encoding: .utf8)
        #expect(plainCalls.contains(",919800000001,"))
    }
}

/// Issue 6, part 6: where caller numbers may appear. The summaries and the mail go to supervisors
/// and carry none; calls.csv and missed.csv are for the team and carry them; `maskCallers`
/// leaves only the last four digits anywhere, quarantine.jsonl and the log included.
@Suite("Caller numbers in outputs")
struct CallerPrivacyTests {
    /// Every caller number of the input holds this run of digits; a masked one never does.
    static let marker = "98765"

    /// Responses whose callers are all `+91 98765 …`, spelled every way the API may: string,
    /// JSON number, with spaces, under the key aliases; some in quarantined records.
    static let json = """
        {"status": "success", "message": [
         {"UCID": "1", "AgentID": "A1", "AgentName": "Asha", "CampaignName": "Sales", "Skill": "Hindi",
          "StartTime": "2026-10-01 09:00:00", "Status": "Answered", "TimeToAnswer": "5", "TalkTime": "60",
          "CallerID": "+919876541234", "DialedNumber": "+919876541234"},
         {"UCID": "2", "AgentID": "A1", "AgentName": "Asha", "CampaignName": "Sales", "Skill": "Hindi",
          "StartTime": "2026-10-02 10:00:00", "Status": "NotAnswered", "Caller Id": 919876545678},
         {"UCID": "3", "AgentID": "A2", "AgentName": "Ravi", "CampaignName": "Support", "Skill": "Tamil",
          "StartTime": "2026-10-03 11:00:00", "Status": "Unanswered", "CallerNo": "+91 98765 40042"},
         {"UCID": "4", "AgentID": "A2", "AgentName": "Ravi", "CampaignName": "Support",
          "StartTime": "", "Status": "Answered", "CallerID": 919876541111, "DialedNumber": "919876542222"},
         {"UCID": "5", "AgentID": "A2", "CampaignName": "Support", "StartTime": "2026-13-01 10:00:00",
          "Caller Number": "+91-98765-43333", "Caller_Id": null}
        ]}
        """

    static let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xml><status>success</status><message>
        <item><UCID>1</UCID><AgentID>A1</AgentID><AgentName>Asha</AgentName><CampaignName>Sales</CampaignName>
        <StartTime>2026-10-01 09:00:00</StartTime><Status>Answered</Status><CallerID>+919876541234</CallerID></item>
        <item><UCID>2</UCID><AgentID>A1</AgentID><Campaign_Name>Sales</Campaign_Name>
        <StartTime>2026-10-02 10:00:00</StartTime><Status>NotAnswered</Status><Caller_Id>919876545678</Caller_Id></item>
        <item><UCID>4</UCID><AgentID>A2</AgentID><StartTime/><Status>Answered</Status>
        <CallerNo>919876541111</CallerNo><DialedNumber>919876542222</DialedNumber></item>
        </message></xml>
        """

    struct Run {
        let result: ReportResult
        /// Every log line, its metadata included, and every warning: what a terminal would show.
        let log: String
        /// Every output file by name; summary.eml as its decoded parts, attachments included.
        let files: [String: String]
    }

    static func report(_ body: String, name: String, mask: Bool) throws -> Run {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.mail = try MailSettings.parse(from: "reports@example.com", to: ["ops@example.com"], subject: nil)
        chosen.maskCallers = mask
        // The Calls sheet too: it holds every caller number.
        chosen.xlsxCalls = true
        let input = folder.appendingPathComponent(name)
        try Data(body.utf8).write(to: input)
        let (reporter, handler) = pipeline(try chosen.validated())
        let result = try reporter.report(ResponseInput.files(at: [input.path]))
        let log = handler.entries.map { "\($0.level) \($0.message) \($0.metadata)" } + result.warnings
        var files: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: result.folder.path) {
            // report.xlsx as its XML parts, unzipped.
            let text = try WorkbookReader.text(of: result.folder.appendingPathComponent(file))
            guard file == "summary.eml" else {
                files[file] = text
                continue
            }
            let message = try #require(MIMEPart(text))
            var decoded = MIMEPart.decodeWords(text.components(separatedBy: "\r\n\r\n")[0])
            for part in message.parts {
                for inner in [part] + part.parts {
                    decoded +=
                        "\n"
                        + (inner.contentType.hasPrefix("application/vnd.openxmlformats")
                            ? try WorkbookReader.text(ofWorkbook: inner.body)
                            : String(decoding: inner.body, as: UTF8.self))
                }
            }
            files[file] = decoded
        }
        return Run(result: result, log: log.joined(separator: "\n"), files: files)
    }

    @Test(
        "the summaries and the mail (its workbook too) carry no caller number; calls.csv, missed.csv, quarantine.jsonl and report.xlsx do"
    )
    func unmasked() throws {
        let run = try Self.report(Self.json, name: "in.json", mask: false)
        for name in [
            "summary.eml", "summary.html", "summary.md", "summary.txt", "metrics.json", "agents.csv", "skills.csv",
        ]
            + ["campaigns.csv", "daily.csv"]
        {
            let text = try #require(run.files[name], "\(name) missing")
            #expect(!text.contains(Self.marker), "\(name) holds a caller number")
        }
        #expect(run.files["summary.eml"]?.contains("Call report 2026-10") == true, "the mail was not decoded")
        let calls = try #require(run.files["calls.csv"])
        #expect(calls.contains(",'+919876541234,") && calls.contains(",919876545678,"))
        #expect(calls.contains(",'+91 98765 40042,"))
        let missed = try #require(run.files["missed.csv"])
        #expect(missed.contains("919876545678") && missed.contains("+91 98765 40042"))
        // The workbook's Missed sheet, as text: no `'` in front of `+`.
        let workbook = try #require(run.files["report.xlsx"])
        #expect(workbook.contains(">919876545678<") && workbook.contains(">+91 98765 40042<"))
        // Without the setting, quarantined records stay exactly as received.
        let quarantine = try #require(run.files["quarantine.jsonl"])
        #expect(quarantine.contains("\"CallerID\":919876541111,\"DialedNumber\":\"919876542222\""))
        #expect(quarantine.contains("\"Caller Number\":\"+91-98765-43333\",\"Caller_Id\":null"))
    }

    @Test("maskCallers leaves no full caller number in any file, the mail or the log", arguments: ["json", "xml"])
    func masked(format: String) throws {
        let run = try Self.report(format == "json" ? Self.json : Self.xml, name: "in.\(format)", mask: true)
        #expect(run.files.keys.contains("quarantine.jsonl") && run.files.keys.contains("summary.eml"))
        for (name, text) in run.files {
            #expect(!text.contains(Self.marker), "\(format): \(name) holds a full caller number")
        }
        #expect(!run.log.isEmpty && !run.log.contains(Self.marker), "\(run.log)")
        #expect(run.files["calls.csv"]?.contains("********1234") == true)
        #expect(run.files["missed.csv"]?.contains("********5678") == true)
        #expect(run.files["report.xlsx"]?.contains(">********5678<") == true)
        let quarantine = try #require(run.files["quarantine.jsonl"])
        // A number given as a JSON number comes back as text: `********1111` is no number.
        #expect(quarantine.contains("\":\"********1111\""), "\(quarantine)")
        #expect(quarantine.contains("\"DialedNumber\":\"********2222\""), "\(quarantine)")
        if format == "json" {
            #expect(quarantine.contains("\"Caller Number\":\"+**-*****-*3333\",\"Caller_Id\":null"), "\(quarantine)")
            #expect(run.files["calls.csv"]?.contains(",'+** ***** *0042,") == true)
        }
        for line in quarantine.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }
    }
}
