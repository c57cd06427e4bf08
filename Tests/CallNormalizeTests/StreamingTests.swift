import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// Large responses are streamed (from a file, in batches built on several threads); what comes out
/// must be what the record-by-record path gives, in the same order.
@Suite("Streaming")
struct StreamingTests {
    /// Enough records for several batches, with duplicates, quarantined records, escapes, nested
    /// values and an `ApiKey` mixed in.
    static func records(_ count: Int) -> [String] {
        (0..<count).map { k in
            let i = k % 500 == 3 ? k - 1 : k  // a duplicate of the record before
            let second = String(format: "%02d", i % 60)
            let minute = String(format: "%02d", (i / 60) % 60)
            let start =
                i % 997 == 5
                ? "" : i % 991 == 7 ? "2026-10-32 10:00:00" : "2026-10-0\(1 + i % 9) 1\(i % 10):\(minute):\(second)"
            return #"{"UCID":"\#(i)","StartTime":"\#(start)","Agent\/Name":"A\u0930 \#(i % 7)","ApiKey":"k","#
                + #""Extra":{"a":[1,{"b":"}"}]},"Duration":"00:0\#(i % 10):1\#(i % 10)","Skill":"S\#(i % 3)"}"#
        }
    }

    static func collect(_ read: (inout Normalizer, inout Collected) throws -> Void) throws -> (
        Collected, NormalizeCounts
    ) {
        var normalizer = Normalizer()
        var collected = Collected()
        try read(&normalizer, &collected)
        return (collected, normalizer.counts)
    }

    @Test("a file, streamed in batches, gives the records and counts of the in-memory path, JSON and XML")
    func fileEqualsMemory() throws {
        let records = Self.records(10_000)
        let json = " \n{\"status\":\"success\",\"message\":[\n" + records.joined(separator: ",\n") + "\n]}\n"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.json")
        try Data(json.utf8).write(to: file)

        let (fromFile, fileCounts) = try Self.collect { normalizer, collected in
            try normalizer.read(
                fileAt: file, record: { collected.records.append($0) }, quarantine: { collected.quarantined.append($0) }
            )
        }
        // One record at a time through the same builder: the reference.
        let (oneByOne, oneCounts) = try Self.collect { normalizer, collected in
            for (i, record) in records.enumerated() {
                try Data(record.utf8).withUnsafeBytes { bytes in
                    var scanner = JSONRecordScanner(bytes: bytes, source: "big.json")
                    try normalizer.readRecord(
                        try scanner.object(), source: "big.json", position: i + 1,
                        record: { collected.records.append($0) }, quarantine: { collected.quarantined.append($0) })
                }
            }
        }
        #expect(fromFile.records == oneByOne.records)
        #expect(fromFile.quarantined == oneByOne.quarantined)
        #expect(fileCounts.inputRecords == oneCounts.inputRecords)
        #expect(fileCounts.duplicates == oneCounts.duplicates && fileCounts.duplicates > 0)
        #expect(fileCounts.quarantined == oneCounts.quarantined && fileCounts.quarantined > 0)
        #expect(fromFile.records.count > 9_000)
        #expect(fromFile.quarantined.allSatisfy { !$0.fields.contains { $0.key == "ApiKey" } })

        let xml =
            "<?xml version=\"1.0\"?>\n<xml><status>success</status><message>"
            + (0..<5_000).map {
                "<item><UCID>\($0)</UCID><StartTime>2026-10-01 10:00:\(String(format: "%02d", $0 % 60))</StartTime><AgentName>a\($0 % 5)</AgentName></item>"
            }.joined()
            + "</message></xml>"
        let xmlFile = folder.appendingPathComponent("big.xml")
        try Data(xml.utf8).write(to: xmlFile)
        let (xmlFromFile, xmlFileCounts) = try Self.collect { normalizer, collected in
            try normalizer.read(
                fileAt: xmlFile, record: { collected.records.append($0) },
                quarantine: { collected.quarantined.append($0) })
        }
        let (xmlInMemory, xmlMemoryCounts) = try Self.collect { normalizer, collected in
            try normalizer.read(
                Data(xml.utf8), source: "big.xml", record: { collected.records.append($0) },
                quarantine: { collected.quarantined.append($0) })
        }
        #expect(xmlFromFile.records == xmlInMemory.records)
        #expect(xmlFromFile.records.count == 5_000)
        #expect(xmlFileCounts.inputRecords == xmlMemoryCounts.inputRecords)
    }

    @Test("a fault deep in a large list is reported, after the records before it")
    func faultAfterManyRecords() throws {
        var records = Self.records(3_000)
        records[2_500] = #"{"UCID":"x","StartTime":tru}"#
        let json = "{\"status\":\"success\",\"message\":[" + records.joined(separator: ",") + "]}"
        var normalizer = Normalizer()
        var count = 0
        let error = try #require(throws: NormalizeError.self) {
            try normalizer.read(Data(json.utf8), source: "deep.json", record: { _ in count += 1 }, quarantine: { _ in })
        }
        #expect(error.description.hasPrefix("The response in deep.json is not valid JSON: "))
        #expect(count > 2_000 && count < 2_500)
    }
}
