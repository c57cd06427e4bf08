import CallModel
import Foundation
import Testing

@testable import CallNormalize

@Suite("Responses")
struct ResponseTests {
    @Test("format is told by content, after a BOM and white space")
    func sniff() {
        #expect(ResponseSyntax.sniff(Data("{}".utf8))?.syntax == .json)
        #expect(ResponseSyntax.sniff(Data(" \n[1]".utf8))?.syntax == .json)
        #expect(ResponseSyntax.sniff(Data([0xEF, 0xBB, 0xBF] + Array("\r\n<xml/>".utf8)))! == (.xml, 5))
        #expect(ResponseSyntax.sniff(Data("status=success".utf8)) == nil)
        #expect(ResponseSyntax.sniff(Data("  ".utf8)) == nil)
    }

    @Test("a BOM before JSON and before XML")
    func bom() throws {
        var normalizer = Normalizer()
        let bom = Data([0xEF, 0xBB, 0xBF])
        let json = try read(
            bom + Data(response(#"{"StartTime":"2026-10-01 00:00:00"}"#).utf8), source: "a.json", into: &normalizer)
        let xml = try read(
            bom
                + Data(
                    "<?xml version=\"1.0\"?><xml><status>success</status><message><item><StartTime>2026-10-01 00:00:00</StartTime></item></message></xml>"
                        .utf8),
            source: "a.xml", into: &normalizer)
        #expect(json.records.count == 1)
        #expect(xml.records.count == 1)
    }

    @Test("a bare array of records")
    func bareArray() throws {
        let (collected, counts) = try read(
            #"[{"StartTime":"2026-10-01 00:00:00"}, {"StartTime":"2026-10-02 00:00:00"}]"#)
        #expect(collected.records.map(\.start) == [at("2026-10-01 00:00:00"), at("2026-10-02 00:00:00")])
        #expect(counts.responses == 1)
        #expect(counts.emptyResponses == 0)
    }

    @Test(
        "an empty list is no calls and no error", arguments: [#"[]"#, #"{"status":"success","message":[]}"#, " [ ] "])
    func emptyList(text: String) throws {
        let (collected, counts) = try read(text)
        #expect(collected.records.isEmpty)
        #expect(counts.responses == 1)
        #expect(counts.emptyResponses == 0)
    }

    @Test(
        "no record found, in any case, is an empty response",
        arguments: [
            #"{"status":"failure","message":"no record found"}"#,
            #"{"status":"failure","message":"  No Record Found "}"#,
            #"{"message":"NO RECORD FOUND","status":"success"}"#,
            "<xml><status>failure</status><message>No record found</message></xml>",
        ])
    func noRecordFound(text: String) throws {
        let (collected, counts) = try read(text)
        #expect(collected.records.isEmpty && collected.quarantined.isEmpty)
        #expect(counts.emptyResponses == 1)
        #expect(counts.responses == 1)
        #expect(counts.inputRecords == 0)
    }

    @Test("a fixture: no record found in XML")
    func noRecordFoundFile() throws {
        var normalizer = Normalizer()
        try normalizer.read(fileAt: try fixture("no-record-found.xml"), record: { _ in }, quarantine: { _ in })
        #expect(normalizer.counts.emptyResponses == 1)
    }

    @Test(
        "any other failure is an error quoting the server",
        arguments: [
            (#"{"status":"failure","message":"Max Limit Exceeded"}"#, "Max Limit Exceeded"),
            (#"{"status":"failure","message":" Please provide API Key "}"#, "Please provide API Key"),
            (
                "<xml><status>failure</status><message>The Requested date should not be more than 30 days</message></xml>",
                "The Requested date should not be more than 30 days"
            ),
            (#"{"status":"failure"}"#, ""),
        ])
    func failure(text: String, serverText: String) throws {
        let error = try #require(throws: NormalizeError.self) { try read(text, source: "window1.json") }
        #expect(error.serverFailureText == serverText)
        #expect(error.description == "The response in window1.json is a CloudAgent failure: \"\(serverText)\".")
        #expect(error.exitStatus == .dataError)
    }

    @Test("the failure fixture, read from a file, names the file")
    func failureFile() throws {
        var normalizer = Normalizer()
        let error = try #require(throws: NormalizeError.self) {
            try normalizer.read(fileAt: try fixture("max-limit.json"), record: { _ in }, quarantine: { _ in })
        }
        #expect(error.description == #"The response in max-limit.json is a CloudAgent failure: "Max Limit Exceeded"."#)
        #expect(error.source == "max-limit.json")
    }

    @Test(
        "malformed JSON is an error naming the source and what Foundation says",
        arguments: [
            #"{"status":"success","message":[{"UCID":1,}]}"#, #"{"status":"success","message":[{"UCID":1}"#,
            #"[{"UCID": tru}]"#, #"{"status":"success","message":[{"UCID":"1"}]} trailing"#, "{", "[",
        ])
    func malformedJSON(text: String) throws {
        let error = try #require(throws: NormalizeError.self) { try read(text, source: "window1.json") }
        #expect(error.description.hasPrefix("The response in window1.json is not valid JSON: "))
        #expect(error.description.count > "The response in window1.json is not valid JSON: ".count)
        #expect(error.exitStatus == .dataError)
    }

    @Test(
        "responses that are not call logs",
        arguments: [#"{"calls":[]}"#, #"{}"#, "<html><body>Bad gateway</body></html>"])
    func notACallLog(text: String) throws {
        let error = try #require(throws: NormalizeError.self) { try read(text, source: "r") }
        #expect(error.description.hasPrefix("The response in r is not a CloudAgent call log"))
    }

    @Test(
        "an element of the call list that is not an object",
        arguments: [#"[{"StartTime":"2026-10-01 00:00:00"}, null]"#, #"{"message":["x"]}"#])
    func notARecord(text: String) throws {
        let error = try #require(throws: NormalizeError.self) { try read(text, source: "r.json") }
        #expect(error.description.contains("r.json"))
        #expect(error.description.contains("not a record"))
    }

    @Test("neither JSON nor XML, or empty")
    func unknown() throws {
        let error = try #require(throws: NormalizeError.self) { try read("status=failure", source: "r.txt") }
        #expect(error.description == #"The response in r.txt is neither JSON nor XML: it starts with "s"."#)
        let empty = try #require(throws: NormalizeError.self) { try read(" \n", source: "r.txt") }
        #expect(empty.description == "The response in r.txt is empty.")
    }

    @Test("a file that cannot be read names its path")
    func unreadableFile() throws {
        var normalizer = Normalizer()
        let url = URL(fileURLWithPath: "/nonexistent/callreport/w9.json")
        let error = try #require(throws: NormalizeError.self) {
            try normalizer.read(fileAt: url, record: { _ in }, quarantine: { _ in })
        }
        #expect(error.description.contains("/nonexistent/callreport/w9.json"))
        #expect(error.source == "w9.json")
    }

    @Test("errors thrown by the caller's closures pass through unchanged")
    func callerErrors() throws {
        struct Stop: Error {}
        var normalizer = Normalizer()
        #expect(throws: Stop.self) {
            try normalizer.read(
                Data(response(#"{"StartTime":"2026-10-01 00:00:00"}"#).utf8), source: "s",
                record: { _ in throw Stop() }, quarantine: { _ in })
        }
    }
}
