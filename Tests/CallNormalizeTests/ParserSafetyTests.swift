import CallModel
import Foundation
import Testing

@testable import CallNormalize

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile and broken responses through the real readers (libxml2, Foundation): each ends in a
/// `NormalizeError` that says what and where, or in a documented normalization; never in a crash,
/// a hang, a fetch, or memory out of proportion to the input.
///
/// Every case is read twice, from a file (the streaming path `report --input` takes) and from
/// memory (the path of a fetched body), and both must agree.
@Suite("Parser safety")
struct ParserSafetyTests {
    // MARK: - XML: entities, DTDs, network

    @Test("XML: an external entity is neither read nor expanded; the reference stays as written")
    func xmlExternalEntity() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
            <r><status>success</status><m><i>\(Self.start)<AgentName>&x;</AgentName></i></m></r>
            """
        let records = try Self.records(xml, name: "entity.xml")
        #expect(records.map(\.agentName) == ["&x;"])
    }

    @Test("XML: an external DTD is not fetched: no connection is even attempted, and no time is spent")
    func xmlExternalDTDOverNetwork() throws {
        let listener = try Listener()
        defer { listener.close() }
        let url = "http://127.0.0.1:\(listener.port)"
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "\(url)/x.dtd" [ <!ENTITY % remote SYSTEM "\(url)/p.dtd"> %remote; ]>
            <r><status>success</status><m><i>\(Self.start)<AgentName>&who;</AgentName></i></m></r>
            """
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let records = try Self.records(xml, name: "remote.xml")
            #expect(records.map(\.agentName) == ["&who;"])
        }
        #expect(!listener.hasPendingConnection, "libxml2 connected to \(url)")
        #expect(elapsed < .seconds(5))
    }

    @Test("XML: a DTD file named by the document is not loaded (it would fail, and define &who;)")
    func xmlExternalDTDFile() throws {
        let folder = try Self.folder()
        let dtd = folder.appendingPathComponent("x.dtd")
        try Data("<!ENTITY who \"loaded\">\n<!ELEMENT broken".utf8).write(to: dtd)
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "\(dtd.absoluteString)">
            <r><status>success</status><m><i>\(Self.start)<AgentName>&who;</AgentName></i></m></r>
            """
        let records = try Self.records(xml, name: "dtd.xml")
        #expect(records.map(\.agentName) == ["&who;"])
    }

    @Test("XML: an external parameter entity is not loaded")
    func xmlExternalParameterEntity() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [ <!ENTITY % p SYSTEM "file:///etc/passwd"> %p; ]>
            <r><status>success</status><m><i>\(Self.start)<AgentName>A</AgentName></i></m></r>
            """
        let records = try Self.records(xml, name: "pe.xml")
        #expect(records.map(\.agentName) == ["A"])
    }

    @Test("XML: parameter entities nested to a billion characters are an error at their line")
    func xmlParameterEntityLaughs() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY % a0 \"lollollollollollollollollollol\">\n"
        for level in 1...9 {
            xml += "<!ENTITY % a\(level) \"" + String(repeating: "%a\(level - 1);", count: 10) + "\">\n"
        }
        xml += "<!ENTITY big \"%a9;\">\n]>\n<r><status>success</status><m><i>\(Self.start)<A>&big;</A></i></m></r>"
        let error = try Self.error(xml, name: "pe-laughs.xml")
        #expect(error.line == 13)
        #expect(error.description.hasPrefix("The response in pe-laughs.xml is not well-formed XML (line 13, column "))
        #expect(error.description.contains("PEReferences forbidden in internal subset"))
    }

    @Test("XML: an entity referenced 10,000 times is not expanded (no quadratic blow-up)")
    func xmlQuadraticBlowUp() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [ <!ENTITY big "\(String(repeating: "x", count: 100_000))"> ]>
            <r><status>success</status><m><i>\(Self.start)<AgentName>\(String(repeating: "&big;", count: 10_000))</AgentName></i></m></r>
            """
        let records = try Self.records(xml, name: "quadratic.xml")
        #expect(records.first?.agentName == String(repeating: "&big;", count: 10_000))
    }

    // MARK: - XML: sizes

    @Test("XML: 100,000 nested elements are an error at the 257th, not a stack overflow")
    func xmlDeepNesting() throws {
        let xml =
            "<r>\n" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</r>"
        let error = try Self.error(xml, name: "deep.xml")
        #expect(error.line == 2)
        #expect(error.column == 257 * 3)
        #expect(
            error.description
                == "The response in deep.xml is not well-formed XML (line 2, column 771): elements are nested more "
                + "than 256 deep, beyond libxml2's safety limit (a call log needs four levels).")
    }

    @Test("XML: a 20 MB text is an error at its place (libxml2's limit is 10,000,000 bytes); 9 MB is read")
    func xmlHugeText() throws {
        let huge = Self.response(xml: "<AgentName>" + String(repeating: "A", count: 20_000_000) + "</AgentName>")
        let error = try Self.error(huge, name: "huge.xml")
        #expect(error.line == 1)
        #expect(error.description.contains("a text is longer than 10,000,000 bytes, beyond libxml2's safety limit"))

        let large = Self.response(xml: "<AgentName>" + String(repeating: "A", count: 9_000_000) + "</AgentName>")
        let records = try Self.records(large, name: "large.xml")
        #expect(records.first?.agentName?.utf8.count == 9_000_000)
    }

    // MARK: - XML: encodings and bytes

    @Test("XML: encoding=\"UTF-16\" on UTF-8 bytes is an error on line 1")
    func xmlUTF16DeclarationOnUTF8() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + Self.response(xml: "<AgentName>é</AgentName>")
        let error = try Self.error(xml, name: "label.xml")
        #expect(error.line == 1)
        #expect(error.description.contains("Document labelled UTF-16 but has UTF-8 content"))
    }

    @Test("XML: the declared encoding is believed: ISO-8859-1 bytes are decoded as Latin-1")
    func xmlLatin1() throws {
        var latin1 = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".utf8)
        latin1 += Data(Self.response(xml: "<AgentName>Jos\u{E9}</AgentName>").unicodeScalars.map { UInt8($0.value) })
        #expect(try Self.records(latin1, name: "latin1.xml").map(\.agentName) == ["José"])

        // UTF-8 bytes under a Latin-1 label are read as the label says: each byte one letter.
        let mislabelled =
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + Self.response(xml: "<AgentName>José</AgentName>")
        #expect(try Self.records(mislabelled, name: "latin1.xml").map(\.agentName) == ["JosÃ©"])
    }

    @Test("XML: an encoding libxml2 does not know is an error on line 1")
    func xmlUnknownEncoding() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"X-NOPE\"?>\n" + Self.response(xml: "<AgentName>A</AgentName>")
        let error = try Self.error(xml, name: "nope.xml")
        #expect(error.line == 1)
        #expect(error.description.contains("Unsupported encoding X-NOPE"))
    }

    @Test("XML: bytes that are not UTF-8 are an error with line, column and the bytes")
    func xmlInvalidUTF8() throws {
        var xml = Data("<?xml version=\"1.0\"?>\n<r><status>success</status>\n<m><i>\(Self.start)<AgentName>Jos".utf8)
        xml += Data([0xFF]) + Data("</AgentName></i></m></r>".utf8)
        let error = try Self.error(xml, name: "bytes.xml")
        #expect(
            error.description
                == "The response in bytes.xml is not well-formed XML (line 3, column 63): the text is not UTF-8 "
                + "(bytes 0xFF 0x3C 0x2F 0x41); a response in another encoding must name it in its XML declaration, "
                + "e.g. <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>.")
    }

    @Test("XML: a NUL byte, raw or as &#0;, is an error with its place")
    func xmlNUL() throws {
        var raw = Data("<r><status>success</status><m><i>\(Self.start)<AgentName>A".utf8)
        raw += Data([0]) + Data("B</AgentName></i></m></r>".utf8)
        let rawError = try Self.error(raw, name: "nul.xml")
        #expect(rawError.line == 1)
        #expect(rawError.description.contains("Char 0x0 out of allowed range"))

        let reference = try Self.error(Self.response(xml: "<AgentName>A&#0;B</AgentName>"), name: "nul.xml")
        #expect(reference.line == 1)
        #expect(reference.description.contains("invalid xmlChar value 0"))
    }

    @Test("XML: a byte-order mark, UTF-8 or UTF-16, is read")
    func xmlByteOrderMarks() throws {
        let xml = Self.response(xml: "<AgentName>Zoë</AgentName>")
        #expect(
            try Self.records(Data([0xEF, 0xBB, 0xBF]) + Data(xml.utf8), name: "bom.xml").map(\.agentName) == ["Zoë"])
        let utf16 = Data([0xFF, 0xFE]) + xml.data(using: .utf16LittleEndian)!
        #expect(try Self.records(utf16, name: "utf16.xml").map(\.agentName) == ["Zoë"])
    }

    // MARK: - XML: broken documents

    @Test("XML: a document cut in the middle is an error at the line where it stops")
    func xmlCutOff() throws {
        let error = try Self.error(
            "<?xml version=\"1.0\"?>\n<r><status>success</status>\n<m><i>\(Self.start)<AgentName>Jo", name: "cut.xml")
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("The response in cut.xml is not well-formed XML (line 3, column "))
        #expect(error.description.contains("cut off"))

        let declaration = try Self.error("<?xml vers", name: "cut.xml")
        #expect(declaration.line == 1)
    }

    @Test("XML: lines count from the top of the file, blank lines before the document included")
    func xmlLinesCountLeadingBlankLines() throws {
        let error = try Self.error(
            "\n\n<r><status>success</status>\n<m><i><UCID>1</Ucid></i></m></r>", name: "lines.xml")
        #expect(error.line == 4)
        let indented = try Self.error("  <r><A>1</B></r>", name: "lines.xml")
        let flush = try Self.error("<r><A>1</B></r>", name: "lines.xml")
        #expect(indented.line == 1 && flush.line == 1)
        #expect(indented.column == flush.column.map { $0 + 2 })
    }

    // MARK: - JSON: sizes

    @Test(
        "JSON: 100,000 levels of nesting are an error with line and column, not a stack overflow",
        arguments: [
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000),
            "{\"status\":\"success\",\n\"message\":[{\(ParserSafetyTests.startJSON),\"x\":"
                + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]}",
        ])
    func jsonDeepNesting(json: String) throws {
        let error = try Self.error(json, name: "deep.json")
        #expect(error.line != nil && error.column != nil)
        #expect(
            error.description.hasPrefix(
                "The response in deep.json is not valid JSON: Too many nested arrays or dictionaries at line "))
    }

    @Test("JSON: 500 levels of nesting inside an unused field are read; the record is kept")
    func jsonModerateNesting() throws {
        let json = Self.response(
            json: "\"x\":" + String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
        #expect(try Self.records(json, name: "nested.json").count == 1)
    }

    @Test(
        "JSON: a string over 10,000,000 bytes, used or not, is an error at its place, as in XML; 9 MB is read",
        arguments: ["AgentName", "Comments"])
    func jsonHugeString(key: String) throws {
        let huge = Self.response(json: "\n\"\(key)\":\"" + String(repeating: "A", count: 20_000_000) + "\"")
        let error = try Self.error(huge, name: "huge.json")
        #expect(
            error.description
                == "The response in huge.json has a text longer than 10,000,000 bytes at line 2, column \(key.count + 4), "
                + "beyond the safety limit callreport keeps for JSON as libxml2 does for XML.")

        let large = Self.response(json: "\"\(key)\":\"" + String(repeating: "A", count: 9_000_000) + "\"")
        #expect(try Self.records(large, name: "large.json").count == 1)
    }

    @Test("JSON: the longest string read is exactly 10,000,000 bytes, escapes counted as written")
    func jsonStringLimitEdge() throws {
        let exact = Self.response(json: "\"AgentName\":\"" + String(repeating: "A", count: 10_000_000) + "\"")
        #expect(try Self.records(exact, name: "edge.json").first?.agentName?.utf8.count == 10_000_000)
        let over = Self.response(json: "\"AgentName\":\"" + String(repeating: "A", count: 10_000_001) + "\"")
        #expect(try Self.error(over, name: "edge.json").line == 1)
    }

    // MARK: - JSON: numbers

    @Test("JSON and XML: a UCID of 30 digits keeps every digit; durations past 64 bits are invalid, not a trap")
    func numbersBeyond64Bits() throws {
        let digits = "123456789012345678901234567890"
        let json = Self.response(
            json: "\"UCID\":\(digits),\"TalkTime\":99999999999999999999999,\"HoldDuration\":1e400,"
                + "\"WrapupDuration\":-1e999999999,\"TimeToAnswer\":\"999999999999:59:59\",\"CallerID\":1e400")
        let call = try #require(try Self.records(json, name: "big.json").first)
        #expect(call.ucid == digits)
        #expect(call.callerId == "1e400")
        #expect(call.talk == 0 && call.hold == 0 && call.wrapup == 0 && call.timeToAnswer == 0)
        #expect(call.hasInvalidDuration)

        let xml = Self.response(
            xml:
                "<UCID>\(digits)</UCID><TalkTime>99999999999999999999999</TalkTime><HoldTime>999999999999:59:59</HoldTime>"
        )
        let fromXML = try #require(try Self.records(xml, name: "big.xml").first)
        #expect(fromXML.ucid == digits)
        #expect(fromXML.talk == 0 && fromXML.hold == 0)
        #expect(fromXML.hasInvalidDuration)
    }

    @Test("durations above 999,999,999 seconds are invalid, so that a month's sums cannot overflow")
    func durationCeiling() {
        #expect(DurationParser.parse(.string("999999999")) == .seconds(DurationParser.maxSeconds))
        #expect(DurationParser.parse(.string("1000000000")) == .invalid)
        #expect(DurationParser.parse(.string("277777:46:39")) == .seconds(999_999_999))
        #expect(DurationParser.parse(.string("277777:46:40")) == .invalid)
        #expect(DurationParser.parse(.number("1e9")) == .invalid)
        #expect(DurationParser.parse(.number("9.99999999e8")) == .seconds(999_999_999))
    }

    // MARK: - Duplicate keys

    @Test("JSON and XML: of two fields with the same key the first present value wins (SPEC §3)")
    func duplicateKeys() throws {
        let json = Self.response(json: "\"AgentName\":\"A\",\"AgentName\":\"B\",\"Skill\":null,\"Skill\":\"S\"")
        let fromJSON = try #require(try Self.records(json, name: "dup.json").first)
        #expect(fromJSON.agentName == "A" && fromJSON.skill == "S")

        let xml = Self.response(xml: "<AgentName>A</AgentName><AgentName>B</AgentName><Skill/><Skill>S</Skill>")
        let fromXML = try #require(try Self.records(xml, name: "dup.xml").first)
        #expect(fromXML.agentName == "A" && fromXML.skill == "S")
    }

    @Test(
        "JSON and XML: two status or message members in the envelope are an error, not a guess",
        arguments: [
            ("dup.json", #"{"status":"success","status":"failure","message":[]}"#, #"two "status" members"#),
            (
                "dup.json", #"{"status":"failure","message":"Max Limit Exceeded","message":[]}"#,
                #"two "message" members"#
            ),
            ("dup.json", #"{"status":"success","message":"no record found","message":"x"}"#, #"two "message" members"#),
            (
                "dup.xml", "<xml><status>success</status><status>failure</status><message/></xml>",
                #"two "status" elements"#
            ),
            (
                "dup.xml", "<xml><status>failure</status><message>no record found</message><message>x</message></xml>",
                #"two "message" elements"#
            ),
        ])
    func duplicateEnvelope(name: String, text: String, words: String) throws {
        let error = try Self.error(text, name: name)
        #expect(
            error.description
                == "The response in \(name) is not a CloudAgent call log: it has \(words), so what it says is ambiguous."
        )
    }

    // MARK: - JSON: encodings and bytes

    @Test(
        "JSON: bytes that are not UTF-8 are an error with line and column (never replaced silently)",
        arguments: [
            ([0xFF], 52, "0xFF"),  // not a UTF-8 byte at all
            ([0xC3, 0x28], 52, "0xC3"),  // a lead byte without its continuation
            ([0xC0, 0xAF], 52, "0xC0"),  // an overlong form of "/"
            ([0xED, 0xA0, 0x80], 52, "0xED"),  // a UTF-16 surrogate written as UTF-8
            ([0xF4, 0x90, 0x80, 0x80], 52, "0xF4"),  // beyond U+10FFFF
        ] as [([UInt8], Int, String)])
    func jsonInvalidUTF8(bytes: [UInt8], column: Int, shown: String) throws {
        var json = Data("{\"status\":\"success\",\n\"message\":[\n{\(Self.startJSON),\"AgentName\":\"Jos".utf8)
        json += Data(bytes) + Data("\"}]}".utf8)
        let error = try Self.error(json, name: "bytes.json")
        #expect(
            error.description
                == "The response in bytes.json is not valid JSON: a byte that is not UTF-8 (\(shown)) at line 3, column \(column)."
        )
    }

    @Test("JSON: a key that is not UTF-8, in a field no report uses, is an error too")
    func jsonInvalidUTF8InUnusedKey() throws {
        var json = Data("{\"status\":\"success\",\"message\":[{\(Self.startJSON),\"Not".utf8)
        json += Data([0xE9]) + Data("s\":\"x\"}]}".utf8)
        let error = try Self.error(json, name: "key.json")
        #expect(error.line == 1)
        #expect(error.description.contains("a byte that is not UTF-8 (0xE9)"))
    }

    @Test("JSON: an escaped lone surrogate (\\uD800) is valid JSON and reads as U+FFFD")
    func jsonLoneSurrogate() throws {
        let records = try Self.records(Self.response(json: #""AgentName":"A\uD800B""#), name: "surrogate.json")
        #expect(records.map(\.agentName) == ["A\u{FFFD}B"])
    }

    @Test("JSON: a raw NUL is an error with its place; an escaped \\u0000 is kept as U+0000")
    func jsonNUL() throws {
        let raw = try Self.error(Self.response(json: "\"AgentName\":\"A\u{0}B\""), name: "nul.json")
        #expect(raw.line == 1)
        #expect(raw.description.contains("an unescaped control character (byte 0x00) at line 1, column "))

        let escaped = try Self.records(Self.response(json: #""AgentName":"A\u0000B""#), name: "nul.json")
        #expect(escaped.map(\.agentName) == ["A\u{0}B"])
    }

    @Test("JSON: a byte-order mark is skipped; UTF-16 JSON is an error naming the encoding")
    func jsonByteOrderMarks() throws {
        let json = Self.response(json: "\"AgentName\":\"Zoë\"")
        #expect(
            try Self.records(Data([0xEF, 0xBB, 0xBF]) + Data(json.utf8), name: "bom.json").map(\.agentName) == ["Zoë"])

        let error = try Self.error(json.data(using: .utf16)!, name: "utf16.json")
        #expect(
            error.description
                == "The response in utf16.json is JSON in UTF-16; CloudAgent sends JSON in UTF-8, the only encoding "
                + "callreport reads for JSON.")
    }

    // MARK: - JSON: broken documents

    @Test("JSON: a document cut in the middle is an error at the line where it stops")
    func jsonCutOff() throws {
        let json =
            "{\"status\":\"success\",\n\"message\":[\n{\(Self.startJSON),\"AgentName\":\"A\"},\n{\(Self.startJSON),\"AgentN"
        let error = try Self.error(json, name: "cut.json")
        #expect(error.line == 4)
        #expect(error.description.hasPrefix("The response in cut.json is not valid JSON: Unexpected end of file"))
        #expect(error.description.hasSuffix(" at line 4, column 43."))
    }

    @Test("JSON: a syntax error names its line and column; lines count blank lines before the document")
    func jsonSyntaxErrorPlace() throws {
        let error = try Self.error(
            "\n\n{\"status\":\"success\",\n\"message\":[{\"StartTime\": tru}]}", name: "place.json")
        #expect(error.line == 4)
        #expect(
            error.description.hasPrefix(
                "The response in place.json is not valid JSON: Invalid value at line 4, column "))
    }

    @Test("JSON: a fault found by the streaming reader inside a record is placed in the whole response")
    func streamingFaultPlace() throws {
        // The streaming reader alone (the path of a response too large to be re-read whole).
        var text = Data("{\"status\":\"success\",\n\"message\":[\n{\"A\":1},\n{\"A\":\"".utf8)
        text += Data([0xFF]) + Data("\"}]}".utf8)
        let error = try text.withUnsafeBytes { bytes in
            var ranges: [Range<Int>] = []
            _ = try JSONStreamReader.read(bytes, source: "s.json") { batch, _ in ranges += batch.ranges }
            var builder = RecordBuilder()
            let last = try #require(ranges.last)
            return try #require(throws: NormalizeError.self) {
                try JSONStreamReader.build(
                    UnsafeRawBufferPointer(rebasing: bytes[last]), at: last.lowerBound, source: "s.json",
                    decoder: JSONDecoder(), builder: &builder)
            }.locatingJSON(in: bytes, from: 0)
        }
        #expect(error.line == 4 && error.column == 7)
    }

    // MARK: - Bodies that are not responses

    @Test(
        "an HTML error page, under any file name, is named as one, with its title",
        arguments: [
            (
                "page.json",
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>502 Bad\n Gateway</title></head><body><br></body></html>"
            ),
            ("page.xml", "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"),
            ("page.xml", "\n  <HTML>\n<HEAD><TITLE>502 Bad Gateway</TITLE></HEAD><BODY>x</BODY></HTML>"),
        ])
    func htmlErrorPage(name: String, text: String) throws {
        let error = try Self.error(text, name: name)
        #expect(
            error.description
                == "The response in \(name) is not a CloudAgent call log but a web page (HTML) titled \"502 Bad Gateway\": "
                + "the server, or a proxy on the way, answered with an error page.")
    }

    @Test("an XHTML page behind an XML declaration is named as a web page too")
    func xhtmlPage() throws {
        let error = try Self.error(
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Down</p></body></html>",
            name: "page.xml")
        #expect(
            error.description
                == "The response in page.xml is not a CloudAgent call log but a web page (HTML): the server, or a proxy "
                + "on the way, answered with an error page.")
    }

    @Test(
        "an empty, blank or mark-only body is an empty response",
        arguments: [Data(), Data(" \n\t\r\n ".utf8), Data([0xEF, 0xBB, 0xBF]), Data([0xEF, 0xBB, 0xBF, 0x0A])])
    func emptyBodies(body: Data) throws {
        for name in ["empty.json", "empty.xml"] {
            let error = try Self.error(body, name: name)
            #expect(error.description == "The response in \(name) is empty.")
        }
    }

    @Test("every error of this suite is unusable input data: exit code 65")
    func exitStatus() throws {
        for (text, name) in [("{", "a.json"), ("<r>", "a.xml"), ("<html></html>", "a.xml"), ("", "a.json")] {
            #expect(try Self.error(text, name: name).exitStatus == .dataError)
        }
    }

    // MARK: - Helpers

    static let start = "<StartTime>2026-10-01 09:00:00</StartTime>"
    static let startJSON = #""StartTime":"2026-10-01 09:00:00""#

    /// A one-record XML response; `fields` are added after the start time.
    static func response(xml fields: String) -> String {
        "<r><status>success</status><m><i>\(start)\(fields)</i></m></r>"
    }

    /// A one-record JSON response; `members` are added after the start time.
    static func response(json members: String) -> String {
        "{\"status\":\"success\",\"message\":[{\(startJSON),\(members)}]}"
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("callnormalize-safety-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Reads `data` as a file named `name` and from memory under the same name; both must agree.
    static func outcome(_ data: Data, name: String) throws -> Result<[CallRecord], NormalizeError> {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        func run(_ read: (inout Normalizer, (CallRecord) -> Void) throws -> Void) throws -> Result<
            [CallRecord], NormalizeError
        > {
            var normalizer = Normalizer()
            var records: [CallRecord] = []
            do {
                try read(&normalizer) { records.append($0) }
                return .success(records)
            } catch let error as NormalizeError {
                return .failure(error)
            }
        }
        let fromFile = try run { normalizer, record in
            try normalizer.read(fileAt: url, record: record, quarantine: { _ in })
        }
        let fromMemory = try run { normalizer, record in
            try normalizer.read(data, source: name, record: record, quarantine: { _ in })
        }
        switch (fromFile, fromMemory) {
        case (.success(let a), .success(let b)): #expect(a == b, "file and memory disagree for \(name)")
        case (.failure(let a), .failure(let b)): #expect(a.description == b.description)
        default: Issue.record("file: \(fromFile), memory: \(fromMemory)")
        }
        return fromFile
    }

    static func records(_ text: String, name: String) throws -> [CallRecord] {
        try records(Data(text.utf8), name: name)
    }

    static func records(_ data: Data, name: String) throws -> [CallRecord] {
        try outcome(data, name: name).get()
    }

    static func error(_ text: String, name: String) throws -> NormalizeError {
        try error(Data(text.utf8), name: name)
    }

    static func error(_ data: Data, name: String) throws -> NormalizeError {
        switch try outcome(data, name: name) {
        case .failure(let error): return error
        case .success(let records): throw UnexpectedSuccess(records: records.count)
        }
    }

    struct UnexpectedSuccess: Error { var records: Int }
}

/// A TCP socket listening on a free port of 127.0.0.1, to see whether anything connects to it.
private struct Listener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ListenerError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            _ = Glibc.close(descriptor)
            throw ListenerError()
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Whether a connection is waiting to be accepted (one is, after any attempt to connect).
    var hasPendingConnection: Bool {
        let connection = accept(descriptor, nil, nil)
        guard connection >= 0 else { return false }
        Glibc.close(connection)
        return true
    }

    func close() { _ = Glibc.close(descriptor) }

    struct ListenerError: Error {}
}
