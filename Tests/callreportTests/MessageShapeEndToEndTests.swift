import Foundation
import Testing

/// SPEC §7, "every success shape read": a server that writes `message` as one object or as an
/// object of objects (PHP's keyed arrays) gives the same archive counts and the same report as
/// one that writes lists. On the starting code the object of objects read as no call and the one
/// object as an empty window, archived as final.
@Suite("message shapes end to end", .serialized)
struct MessageShapeEndToEndTests {
    /// Four calls in October's first window, one in its second (October 31st).
    static func records(in folder: URL) throws -> URL {
        let starts = ["2026-10-02 09:15:00", "2026-10-09 11:00:00", "2026-10-15 16:40:00", "2026-10-30 10:05:00",
            "2026-10-31 12:00:00"]
        let records = starts.enumerated().map { n, start in
            [
                "UCID": "\(7_000 + n)", "StartTime": start, "EndTime": start.replacingOccurrences(of: ":00:", with: ":05:"),
                "CampaignName": "Inbound_Sales", "AgentID": "AG\(n % 2)", "AgentName": "Agent \(n % 2)",
                "Skill": "Sales", "Type": "InBound", "Status": "Answered", "CallerID": "9190000000\(n)",
                "TimeToAnswer": "00:00:04", "Duration": "00:03:00", "Disposition": "Resolved",
            ]
        }
        let url = folder.appendingPathComponent("records.json")
        try JSONSerialization.data(withJSONObject: records, options: [.sortedKeys]).write(to: url)
        return url
    }

    @Test(
        "one object and an object of objects are archived and reported like lists",
        arguments: [("list", "json"), ("object", "json"), ("object-of-objects", "json"), ("object", "xml"),
            ("object-of-objects", "xml")])
    func shapes(shape: String, format: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try FakeCloudAgent(data: [try Self.records(in: folder)], arguments: ["--message-shape", shape])
        let outcome = try CommandRunner.run(
            server.commandLine(
                ["run", "--month", "2026-10", "--api-format", format],
                archive: "archive", output: "out", retryDelay: "0.01"),
            in: folder, environment: FakeCloudAgent.environment.merging(["SOURCE_DATE_EPOCH": "1790000000"]) { $1 })
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let metrics = try MetricsDocument(url: folder.appendingPathComponent("out/2026-10/metrics.json"))
        #expect(metrics["totals"]["offered"] as? Int == 5)
        #expect(metrics["dataQuality"]["inputRecords"] as? Int == 5)
        // Each window's metadata counts what the inspection read: 4 and 1, never 0.
        let archive = folder.appendingPathComponent("archive")
        let metas = try FileManager.default.subpathsOfDirectory(atPath: archive.path)
            .filter { $0.hasSuffix(".meta.json") }.sorted()
        let counts = try metas.map { path in
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: archive.appendingPathComponent(path)))
            return (meta as? [String: Any])?["records"] as? Int
        }
        #expect(counts == [4, 1], "\(metas)")
    }
}
