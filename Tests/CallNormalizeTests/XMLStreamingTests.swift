import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// The streamed XML file path copies records out of the reader as bytes and builds them from the
/// fields some stage needs only; these check it against the in-memory path, which builds from every
/// field, on shapes where the difference could show.
@Suite("XML streaming")
struct XMLStreamingTests {
    private static func readBoth(_ xml: String) throws -> (
        file: (Collected, NormalizeCounts), memory: (Collected, NormalizeCounts)
    ) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("w.xml")
        try Data(xml.utf8).write(to: file)
        var fromFile = Normalizer()
        var fileCollected = Collected()
        try fromFile.read(
            fileAt: file, record: { fileCollected.records.append($0) },
            quarantine: { fileCollected.quarantined.append($0) })
        var inMemory = Normalizer()
        let memoryCollected = try read(Data(xml.utf8), source: "w.xml", into: &inMemory)
        return ((fileCollected, fromFile.counts), (memoryCollected, inMemory.counts))
    }

    @Test("a quarantined record keeps every field as received, in order, fields no stage needs too")
    func quarantineKeepsEverything() throws {
        let xml = """
            <?xml version="1.0"?>
            <xml><status>success</status><message>
            <item><UCID>1</UCID><UUI>u &amp; v</UUI><StartTime>2026-10-01 09:00:00</StartTime><AudioFile/></item>
            <item><UUI><![CDATA[<x>]]> y</UUI><UCID>2</UCID><PhoneName>P&#x930;</PhoneName><ApiKey>k</ApiKey><Comments/></item>
            <item><PhoneName>n</PhoneName><StartTime>bad</StartTime><UUI> </UUI><FallBackRule>F</FallBackRule></item>
            <item><UCID>4</UCID><StartTime>2026-10-01 10:00:00</StartTime><PhoneName>z</PhoneName></item>
            </message></xml>
            """
        let (file, memory) = try Self.readBoth(xml)
        #expect(file.0.records == memory.0.records)
        #expect(file.0.quarantined == memory.0.quarantined)
        #expect(file.1 == memory.1)
        #expect(file.0.records.map(\.ucid) == ["1", "4"])
        #expect(file.0.quarantined.map(\.position) == [2, 3])
        #expect(
            file.0.quarantined[0].fields == [
                RawField(key: "UUI", value: .string("<x> y")), RawField(key: "UCID", value: .string("2")),
                RawField(key: "PhoneName", value: .string("P\u{930}")), RawField(key: "Comments", value: .string("")),
            ])
        #expect(
            file.0.quarantined[1].fields == [
                RawField(key: "PhoneName", value: .string("n")), RawField(key: "StartTime", value: .string("bad")),
                RawField(key: "UUI", value: .string(" ")), RawField(key: "FallBackRule", value: .string("F")),
            ])
    }

    @Test("mixed content, containers with leaves, and changing names read as in memory")
    func shapes() throws {
        let xml = """
            <r><status>success</status><count>3</count>
            <calls><note>n</note>
            <call>text<UCID>1</UCID><StartTime>2026-10-01 09:00:00</StartTime>tail</call>
            <call><Agent>a<b>c</b></Agent><UCID>2</UCID><StartTime>2026-10-01 09:01:00</StartTime></call>
            <call><Campaign>c</Campaign><UCID>3</UCID><Start_Time>2026-10-01 09:02:00</Start_Time><X/></call>
            </calls><message>ignored</message></r>
            """
        let (file, memory) = try Self.readBoth(xml)
        #expect(file.0.records == memory.0.records)
        #expect(file.0.quarantined == memory.0.quarantined)
        #expect(file.1 == memory.1)
        #expect(file.0.records.map(\.ucid) == ["1", "3"])
        #expect(file.0.records.last?.campaign == "c")
    }

    @Test("records over several batches, quarantined ones among them, keep their order and fields")
    func batches() throws {
        let items = (0..<5_000).map { i -> String in
            let start = i % 997 == 0 ? "" : "<StartTime>2026-10-01 10:\(String(format: "%02d", i % 60)):00</StartTime>"
            let extra = i % 3 == 0 ? "<Extra\(i % 7)>e\(i)</Extra\(i % 7)>" : ""
            return
                "<item><UUI>u\(i)</UUI><UCID>\(i % 3_000)</UCID>\(extra)\(start)<AgentName>a\(i % 5)</AgentName></item>"
        }
        let xml = "<xml><status>success</status><message>" + items.joined() + "</message></xml>"
        let (file, memory) = try Self.readBoth(xml)
        #expect(file.0.records == memory.0.records)
        #expect(file.0.quarantined == memory.0.quarantined)
        #expect(file.1 == memory.1)
        #expect(file.1.duplicates > 0)
        #expect(file.0.quarantined.count == 6)
        #expect(file.0.quarantined.first?.fields.first == RawField(key: "UUI", value: .string("u0")))
    }

    @Test("a fault after several batches is reported after the records before it, at the same place")
    func faultAfterBatches() throws {
        let items = (0..<3_000).map { "<item><UCID>\($0)</UCID><StartTime>2026-10-01 10:00:00</StartTime></item>" }
        let xml =
            "<xml><status>success</status><message>\n" + items.joined()
            + "\n<item><UCID>x</Ucid></item></message></xml>"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("w.xml")
        try Data(xml.utf8).write(to: file)
        var normalizer = Normalizer()
        var count = 0
        let fileError = try #require(throws: NormalizeError.self) {
            try normalizer.read(fileAt: file, record: { _ in count += 1 }, quarantine: { _ in })
        }
        var inMemory = Normalizer()
        var memoryCount = 0
        let memoryError = try #require(throws: NormalizeError.self) {
            try inMemory.read(Data(xml.utf8), source: "w.xml", record: { _ in memoryCount += 1 }, quarantine: { _ in })
        }
        #expect(fileError.description == memoryError.description)
        #expect(fileError.line == 3)
        // libxml2 reads a little ahead: the last records before the fault are not reached.
        #expect(count == memoryCount)
        #expect(count > 2_900)
    }
}
