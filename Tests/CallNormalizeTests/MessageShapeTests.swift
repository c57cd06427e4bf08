import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// SPEC §7, "every success shape read, or an error": `message` as a list, as one object (one
/// record) or as an object of objects (its values, in order) holds records; any other shape is
/// exit 65, never "0 records" in silence.
@Suite("Message shapes")
struct MessageShapeTests {
    static let first = #"{"UCID":"1","StartTime":"2026-10-01 09:00:00","AgentName":"Asha"}"#
    static let second = #"{"UCID":"2","StartTime":"2026-10-02 10:00:00","AgentName":"Ravi"}"#

    /// Reads `text` streaming (from a file, as `report` and the fetch's inspection do) and from
    /// memory, and checks both ways agree; gives the UCIDs read.
    private func ucids(_ text: String) throws -> [String] {
        let (collected, counts) = try read(text)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shape-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var normalizer = Normalizer()
        var fromFile: [String] = []
        try normalizer.read(fileAt: file, record: { fromFile.append($0.ucid ?? "") }, quarantine: { _ in })
        let fromMemory = collected.records.map { $0.ucid ?? "" }
        #expect(fromFile == fromMemory)
        #expect(counts.emptyResponses == 0 && counts.responses == 1)
        #expect(counts.inputRecords == fromMemory.count)
        return fromMemory
    }

    @Test("one object is one record")
    func oneObject() throws {
        #expect(try ucids(#"{"status":"success","message":\#(Self.first)}"#) == ["1"])
        // `message` before `status`, white space around, and a nested value in the record.
        #expect(
            try ucids(#"{ "message" : {"UCID":"1","StartTime":"2026-10-01 09:00:00","UUI":{"a":1}}, "status":"success"}"#)
                == ["1"])
    }

    @Test("an object of objects is its values, in written order, whatever the keys")
    func objectOfObjects() throws {
        #expect(
            try ucids(#"{"status":"success","message":{"7":\#(Self.second),"1":\#(Self.first)}}"#) == ["2", "1"])
        #expect(try ucids(#"{"status":"success","message":{ "a" : \#(Self.first) }}"#) == ["1"])
    }

    @Test("an empty object is no calls, as an empty list is")
    func emptyObject() throws {
        #expect(try ucids(#"{"status":"success","message":{}}"#) == [])
        #expect(try ucids(#"{"status":"success","message":{ }}"#) == [])
    }

    @Test("a large object of objects: threaded batches keep the order")
    func largeObjectOfObjects() throws {
        let members = (1...5000).map { n in
            #""k\#(n)":{"UCID":"\#(n)","StartTime":"2026-10-\#(String(format: "%02d", n % 28 + 1)) 09:00:00"}"#
        }
        let text = #"{"status":"success","message":{"# + members.joined(separator: ",") + "}}"
        #expect(try ucids(text) == (1...5000).map(String.init))
    }

    @Test(
        "any other message is exit 65, with a sentence naming the response",
        arguments: [
            (#"{"status":"success","message":42}"#, "its \"message\" is a number"),
            (#"{"status":"success","message":true}"#, "its \"message\" is true or false"),
            (#"{"status":"success","message":null}"#, "its \"message\" is null"),
            (#"{"status":"success"}"#, "it has no \"message\""),
            (#"{"status":"success","message":["a","b"]}"#, "position 1"),
            (#"{"status":"success","message":[{"UCID":"1"},3]}"#, "position 2"),
            (#"{"status":"success","message":{"a":\#(first),"b":"text"}}"#, "position 2"),
            (#"{"status":"success","message":{"a":\#(first),"b":[1]}}"#, "position 2"),
        ])
    func otherShapes(text: String, words: String) throws {
        let error = try #require(throws: NormalizeError.self) { try read(text, source: "2026-10-01_2026-10-30.json") }
        #expect(error.exitStatus == .dataError)
        #expect(error.description.hasPrefix("The response in 2026-10-01_2026-10-30.json "))
        #expect(error.description.contains(words), "\(error.description)")
        #expect(error.serverFailureText == nil)
    }

    @Test("the whole-document reader reads the same shapes")
    func wholeDocument() throws {
        for (text, expected) in [
            (#"{"status":"success","message":\#(Self.first)}"#, ["1"]),
            (#"{"status":"success","message":{"x":\#(Self.second),"y":\#(Self.first)}}"#, ["2", "1"]),
            (#"{"status":"success","message":{}}"#, []),
        ] {
            var seen: [String] = []
            let verdict = try JSONResponseReader.read(Data(text.utf8), source: "r.json") { fields, _ in
                seen.append(fields.first { $0.key == "UCID" }.flatMap { $0.value.presentText } ?? "")
            }
            #expect(verdict == .records)
            #expect(seen == expected)
        }
    }

    /// XML has no list syntax to tell apart: a call is any element whose children are leaves, so
    /// `<message>` holding leaves is one record, and `<message>` holding elements of any names
    /// holds records. A success with no `<message>` and no record is an error, as in JSON.
    @Test("XML: a message of leaves is one record; a success without message is an error")
    func xml() throws {
        let one = try read(
            "<xml><status>success</status><message><UCID>1</UCID><StartTime>2026-10-01 09:00:00</StartTime></message></xml>",
            source: "a.xml")
        #expect(one.0.records.map(\.ucid) == ["1"])
        let keyed = try read(
            "<xml><status>success</status><message><call_7><UCID>7</UCID><StartTime>2026-10-01 09:00:00</StartTime>"
                + "</call_7><call_1><UCID>1</UCID><StartTime>2026-10-01 10:00:00</StartTime></call_1></message></xml>",
            source: "a.xml")
        #expect(keyed.0.records.map(\.ucid) == ["7", "1"])
        let error = try #require(throws: NormalizeError.self) {
            try read("<xml><status>success</status></xml>", source: "a.xml")
        }
        #expect(error.description.contains("no \"message\""))
    }
}
