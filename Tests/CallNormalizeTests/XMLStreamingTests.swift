import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// The streamed XML file path copies records out of the reader as bytes and builds them from the
/// fields some stage needs only; these check it against the in-memory path, which builds from every
/// field, on shapes where the difference could show.
@Suite("XML streaming")
struct XMLStreamingTests {
    /// `xml` written to `w.xml` in a folder of its own, which the caller removes.
    private static func temporaryFile(_ xml: String) throws -> (folder: URL, file: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("w.xml")
        try Data(xml.utf8).write(to: file)
        return (folder, file)
    }

    private static func readBoth(_ xml: String) throws -> (
        file: (Collected, NormalizeCounts), memory: (Collected, NormalizeCounts)
    ) {
        let (folder, file) = try Self.temporaryFile(xml)
        defer { try? FileManager.default.removeItem(at: folder) }
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
        let (folder, file) = try Self.temporaryFile(xml)
        defer { try? FileManager.default.removeItem(at: folder) }
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

    /// What the reader passes on: each record's fields (all of them) and position, then its verdict
    /// or its error.
    private struct RawOutcome: Equatable {
        var records: [[RawField]] = []
        var positions: [Int] = []
        var verdict: ResponseEnvelope.Verdict?
        var error: String?
    }

    /// Reads `xml` with the reader alone, from a file and from memory, expanding records or not.
    private static func readRaw(_ xml: String, expands: Bool) throws -> (file: RawOutcome, memory: RawOutcome) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("w.xml")
        try Data(xml.utf8).write(to: url)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var file = RawOutcome()
        do {
            file.verdict = try XMLResponseReader.read(
                fileDescriptor: handle.fileDescriptor, offset: 0, source: "w.xml", expands: expands
            ) { leaves, position in
                file.records.append(leaves.fields(onlyNeeded: false))
                file.positions.append(position)
            }
        } catch let error as NormalizeError {
            file.error = error.description
        }
        var memory = RawOutcome()
        do {
            memory.verdict = try XMLResponseReader.read(Data(xml.utf8), source: "w.xml", expands: expands) {
                fields, position in
                memory.records.append(fields)
                memory.positions.append(position)
            }
        } catch let error as NormalizeError {
            memory.error = error.description
        }
        return (file, memory)
    }

    /// Checks that expanding records changes nothing the reader passes on, from a file or from memory.
    private static func expectSameExpanded(_ xml: String) throws -> RawOutcome {
        let expanded = try readRaw(xml, expands: true)
        let walked = try readRaw(xml, expands: false)
        #expect(expanded.file == walked.file)
        #expect(expanded.memory == walked.memory)
        #expect(expanded.file == expanded.memory)
        return expanded.file
    }

    @Test("expanded records read as records walked node by node: CDATA, entities, comments, prefixes, empty elements")
    func expandedShapes() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE xml [<!ENTITY co "Company"><!ENTITY sp " "><!ENTITY mk "<b>m</b>">]>
            <xml xmlns:c="urn:c"><status>success</status><message>
            <item><UCID>1</UCID><UUI>a</UUI><StartTime>2026-10-01 09:00:00</StartTime></item>
            <item><UCID>2</UCID><UUI><![CDATA[<x>]]> y <![CDATA[z]]></UUI><AudioFile/><Comments></Comments></item>
            <item><!-- c --><UCID>3</UCID><UUI>&co;&sp;&amp;&#x930; t&co;</UUI><?pi x?><Skill>S<!-- no -->k</Skill></item>
            <item>lead<UCID>4</UCID>mid<c:UUI>p</c:UUI><c:Skill/>tail</item>
            <item><UCID>5</UCID><UUI></UUI></item>
            <item></item>
            <item><UCID>6</UCID></item>
            <item/>
            <item><UCID>6b</UCID></item>
            <c:item><c:UCID>7</c:UCID></c:item>
            <c:item><c:UCID>8</c:UCID><UUI>&co;</UUI></c:item>
            <row><UCID>9</UCID></row>
            <row><UCID>10</UCID></row>
            <item><UCID>11</UCID></item>
            <item><UCID>12</UCID><p:UUI>undeclared prefix</p:UUI><UUI>&mk;</UUI></item>
            </message></xml>
            """
        let outcome = try Self.expectSameExpanded(xml)
        #expect(outcome.error == nil)
        #expect(outcome.positions == Array(1...13))
        #expect(
            outcome.records[12] == [
                RawField(key: "UCID", value: .string("12")),
                RawField(key: "p:UUI", value: .string("undeclared prefix")),
                RawField(key: "UUI", value: .string("&mk;")),
            ])
        #expect(
            outcome.records[2] == [
                RawField(key: "UCID", value: .string("3")),
                RawField(key: "UUI", value: .string("&co;&sp;&\u{930} t&co;")),
                RawField(key: "Skill", value: .string("Sk")),
            ])
        #expect(outcome.records[1][1] == RawField(key: "UUI", value: .string("<x> y z")))
        #expect(outcome.records[3].map(\.key) == ["UCID", "UUI", "Skill"])
        #expect(outcome.records[7] == [RawField(key: "UCID", value: .string("7"))])
        #expect(outcome.records[8][1] == RawField(key: "UUI", value: .string("&co;")))
    }

    @Test("a non-record after records is read whole once; records after it read as before")
    func expandedNonRecord() throws {
        let records = (0..<50).map { "<item><UCID>\($0)</UCID><UUI>u</UUI></item>" }.joined()
        let xml = """
            <xml><status>success</status><message>\(records)
            <item><Agent>a<b>c</b></Agent><UCID>x</UCID></item>
            <item><UCID>after</UCID></item><item><UCID>after2</UCID></item>
            <item><calls><call><UCID>in</UCID></call><call><UCID>in2</UCID></call></calls></item>
            </message><message>ignored</message></xml>
            """
        let outcome = try Self.expectSameExpanded(xml)
        #expect(outcome.error == nil)
        // `Agent` is a record of its own: its children are leaves.
        #expect(outcome.records.count == 55)
        #expect(
            outcome.records.suffix(4).map { $0.first?.value } == [
                .string("after"), .string("after2"), .string("in"), .string("in2"),
            ])
    }

    @Test("records among siblings that are not: a container after a record, records of a record's sibling")
    func expandedContainers() throws {
        let xml = """
            <r><status>success</status><rec><a>1</a></rec><rec><calls><call><UCID>1</UCID></call></calls></rec>
            <rec><a>2</a></rec><list><call><UCID>2</UCID></call><call><UCID>3</UCID></call></list></r>
            """
        let outcome = try Self.expectSameExpanded(xml)
        #expect(outcome.error == nil)
        #expect(outcome.records.count == 5)
        let envelope = """
            <r><rec><a>1</a></rec><rec><a>2</a></rec><status>failed</status><message>No record found</message></r>
            """
        _ = try Self.expectSameExpanded(envelope)
    }

    @Test("a fault inside a later record: the same error, where it is, with expansion or without")
    func expandedFault() throws {
        let records = (0..<3_000).map { "<item><UCID>\($0)</UCID><UUI>u &amp; v</UUI></item>" }
        for (fault, end) in [
            ("<item><UCID>x</Ucid></item>", "</message></xml>"),
            ("<item><UCID>x</UCID><UUI>&nope;</UUI></item>", "</message></xml>"),
            ("<item><UCID>x", "</message></xml>"),
            ("<item><UCID>x</UCID></item>", ""),
            ("<item><UCID>x</UCID></item>", "</message></xml><more/>"),
        ] {
            let xml = "<xml><status>success</status><message>\n" + records.joined() + "\n" + fault + end
            let expanded = try Self.readRaw(xml, expands: true)
            let walked = try Self.readRaw(xml, expands: false)
            #expect(expanded.file.error != nil)
            #expect(expanded.file.error == walked.file.error)
            #expect(expanded.memory.error == walked.memory.error)
            #expect(expanded.file == expanded.memory)
            #expect(expanded.file.records.count > 2_900)
            // Records passed on before the fault are the same ones, however many.
            #expect(
                expanded.file.records == Array(walked.file.records.prefix(expanded.file.records.count))
                    || walked.file.records == Array(expanded.file.records.prefix(walked.file.records.count)))
        }
        let early = "<xml><message><item><UCID>1</UCID></item><item><UCID>2</UCID><</item></message></xml>"
        let expanded = try Self.readRaw(early, expands: true)
        let walked = try Self.readRaw(early, expands: false)
        #expect(expanded.file.error == walked.file.error)
        #expect(expanded.file == expanded.memory)
        #expect(expanded.file.error?.contains("line 1") == true)
    }

    @Test("expanded records go through the normalizer as from memory: records, quarantine, counts")
    func expandedThroughNormalizer() throws {
        let items = (0..<200).map { i -> String in
            let start = i % 13 == 0 ? "<StartTime>bad</StartTime>" : "<StartTime>2026-10-01 10:00:00</StartTime>"
            return "<item><UCID>\(i)</UCID><UUI><![CDATA[c\(i)]]></UUI>\(start)<!-- n --><Comments/></item>"
        }
        let xml = "<xml><status>success</status><message>" + items.joined() + "</message></xml>"
        let (file, memory) = try Self.readBoth(xml)
        #expect(file.0.records == memory.0.records)
        #expect(file.0.quarantined == memory.0.quarantined)
        #expect(file.1 == memory.1)
        #expect(file.0.quarantined.count == 16)
        _ = try Self.expectSameExpanded(xml)
    }
}
