import CallModel
import Foundation
import Testing

@testable import CallNormalize

@Suite("XML")
struct XMLTests {
    @Test("element names are normalized like JSON keys; entities, character references and CDATA are decoded")
    func namesAndText() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xml><status>success</status><message>
              <item>
                <Campaign_Name>Tom &amp; Jerry &lt;B&gt;</Campaign_Name>
                <Start_Time>2026-10-01T09:15:00</Start_Time>
                <Agent_Name>&#x930;&#2366;<![CDATA[ <&> ]]>x</Agent_Name>
                <Caller-Id>
                  98450
                </Caller-Id>
              </item>
            </message></xml>
            """
        let (collected, _) = try read(xml, source: "a.xml")
        let record = try #require(collected.records.first)
        #expect(record.campaign == "Tom & Jerry <B>")
        #expect(record.start == at("2026-10-01 09:15:00"))
        #expect(record.agentName == "रा <&> x")
        #expect(record.callerId == "98450")
    }

    @Test("any element names for root, list and record; attributes and comments are ignored")
    func anyShape() throws {
        let xml = """
            <response version="2"><!-- calls -->
              <calls count="2">
                <call id="a"><UCID>1</UCID><StartTime>2026-10-01 09:00:00</StartTime></call>
                <call id="b"><UCID>2</UCID><StartTime>2026-10-01 10:00:00</StartTime><Comments/></call>
              </calls>
              <status>success</status>
            </response>
            """
        let (collected, counts) = try read(xml, source: "a.xml")
        #expect(collected.records.map(\.ucid) == ["1", "2"])
        #expect(counts.inputRecords == 2)
    }

    @Test("an XML response with no calls: an empty message element is no calls, not a failure")
    func emptyMessage() throws {
        for xml in [
            "<xml><status>success</status><message/></xml>", "<xml><status>success</status><message>\n</message></xml>",
        ] {
            let (collected, counts) = try read(xml, source: "a.xml")
            #expect(collected.records.isEmpty)
            #expect(counts.emptyResponses == 0)
            #expect(counts.responses == 1)
        }
    }

    @Test("records are positioned in document order, quarantined ones too")
    func positions() throws {
        let xml =
            "<r><status>success</status><m><i><UCID>1</UCID></i><i><StartTime>2026-10-01 09:00:00</StartTime></i><i><UCID>3</UCID><StartTime>x</StartTime></i></m></r>"
        let (collected, _) = try read(xml, source: "a.xml")
        #expect(collected.quarantined.map(\.position) == [1, 3])
        #expect(collected.quarantined.map(\.reason) == [.missingStart, .invalidStart])
        #expect(
            collected.quarantined[1].fields == [
                RawField(key: "UCID", value: .string("3")), RawField(key: "StartTime", value: .string("x")),
            ])
    }

    @Test(
        "malformed or truncated XML is an error with source, line and column",
        arguments: [
            ("<xml>\n<status>success</status>\n<message><item><UCID>1</UCID>\n", 3),
            ("<xml>\n<status>success</status>\n<message><item><UCID>1</Ucid></item></message></xml>", 3),
            ("<xml>\n<status>success</status>\n<message><item><Agent>A & B</Agent></item></message></xml>", 3),
            ("<xml><status>success</status></xml>\n<xml/>", 2),
            ("<xml><Agent>&undefined;</Agent></xml>", 1),
        ])
    func malformed(xml: String, line: Int) throws {
        let error = try #require(throws: NormalizeError.self) { try read(xml, source: "window2.xml") }
        #expect(error.line == line)
        #expect(
            error.description.hasPrefix("The response in window2.xml is not well-formed XML (line \(line), column "))
        #expect(error.exitStatus == .dataError)
    }

    @Test("a cut-off document says so")
    func cutOff() throws {
        let error = try #require(throws: NormalizeError.self) {
            try read("<xml><status>success</status><message><item><UCID>1</UCID>", source: "w.xml")
        }
        #expect(error.description.contains("cut off"))
    }

    @Test("a billion-laughs DTD is neither expanded nor fatal to the process")
    func billionLaughs() throws {
        var normalizer = Normalizer()
        var records: [CallRecord] = []
        do {
            try normalizer.read(
                fileAt: try fixture("billion-laughs.xml"), record: { records.append($0) }, quarantine: { _ in })
            // If libxml2 lets the document through, the entity stays a reference.
            #expect(records.map(\.agentName) == ["&lol9;"])
        } catch let error as NormalizeError {
            #expect(error.description.contains("billion-laughs.xml"))
        }
    }

    @Test("entities of an internal DTD are not substituted")
    func internalEntity() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE xml [ <!ENTITY team "Sales &amp; Support"> ]>
            <xml><status>success</status><message><item><StartTime>2026-10-01 09:00:00</StartTime><Skill>&team;</Skill></item></message></xml>
            """
        let (collected, _) = try read(xml, source: "a.xml")
        #expect(collected.records.first?.skill == "&team;")
    }

    @Test("an external entity is never fetched")
    func externalEntity() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE xml [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <xml><status>success</status><message><item><StartTime>2026-10-01 09:00:00</StartTime><Skill>&secret;</Skill></item></message></xml>
            """
        let (collected, _) = try read(xml, source: "a.xml")
        #expect(collected.records.first?.skill == "&secret;")
    }
}

/// libxml2 must report through callreport's errors, never print on its own. Serialized because it
/// points the process's stderr at a file for a moment.
@Suite("XML errors stay quiet", .serialized)
struct XMLQuietTests {
    @Test("a malformed document prints nothing to stderr")
    func silent() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("callnormalize-stderr-\(getpid()).txt")
            .path
        let file = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
        try #require(file >= 0)
        let saved = dup(2)
        fflush(nil)
        dup2(file, 2)
        _ = try? read("<xml><item><UCID>1</UCI></item>", source: "quiet.xml")
        _ = try? read("<xml><Agent>&nope;</Agent></xml>", source: "quiet.xml")
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        close(file)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: path)
        #expect(!written.contains("quiet.xml"))
        #expect(!written.lowercased().contains("error"))
    }
}
