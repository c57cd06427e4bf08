import CallFetch
import CallModel
import CallPipeline
import Foundation
import Testing

@Suite("An archive read as input")
struct ArchiveInputTests {
    /// Two overlapping archived responses of October: the second fetched later for the 2nd to the 31st.
    /// Both hold a call without UCID on the 2nd and a record without a start time.
    private func archive(in folder: URL) throws -> ResponseArchive {
        let account = CloudAgentAccount(
            baseURL: URL(string: "http://127.0.0.1:9")!, userName: "acme", apiKey: "KEY-1234", format: .json)
        let archive = ResponseArchive(
            root: folder.appendingPathComponent("archive"), account: account,
            timeZone: TimeZone(identifier: "Asia/Kolkata")!)
        try archive.prepare()
        func body(_ records: [String]) -> Data {
            Data(#"{"status":"success","message":["#.utf8 + Data(records.joined(separator: ",").utf8) + Data("]}".utf8))
        }
        func call(_ ucid: String?, _ start: String?, status: String = "Answered") -> String {
            var fields = [#""AgentID":"a1","Status":"\#(status)","Duration":"00:01:00""#]
            if let ucid { fields.append(#""UCID":"\#(ucid)""#) }
            if let start { fields.append(#""StartTime":"\#(start)""#) }
            return "{" + fields.joined(separator: ",") + "}"
        }
        let noStart = call("Q1", nil)
        let first = body([
            call("A", "2026-10-01 09:00:00"), call(nil, "2026-10-02 09:00:00"), call("B", "2026-10-02 10:00:00"),
            noStart,
        ])
        let second = body([
            call(nil, "2026-10-02 09:00:00"), call("B", "2026-10-02 10:00:00", status: "Unanswered"),
            call("C", "2026-10-02 11:00:00"), call("D", "2026-10-31 12:00:00"), noStart,
        ])
        for (index, data) in [first, second].enumerated() {
            let url = folder.appendingPathComponent("body-\(index).json")
            try data.write(to: url)
            let window =
                index == 0
                ? FetchWindow(from: LocalDate("2026-10-01")!, to: LocalDate("2026-10-02")!)
                : FetchWindow(from: LocalDate("2026-10-02")!, to: LocalDate("2026-10-31")!)
            try archive.store(
                body: url, window: window, fetchedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(index) * 3600),
                records: 4)
        }
        return archive
    }

    @Test("report --input on an archive folder gives run's figures: the newest response speaks for each date")
    func sameAsRun() throws {
        let folder = try temporaryFolder()
        let archive = try archive(in: folder)
        let october = ReportPeriod(month: "2026-10")!
        let asRun = try pipeline(settings(october, in: folder.appendingPathComponent("run"))).0.report(
            try archive.responses(for: october, through: october.to).map { .archived($0) })
        let asInput = try pipeline(settings(october, in: folder.appendingPathComponent("input"))).0.report(
            paths: [archive.responsesFolder.path])
        // The 1st from the first response; the 2nd (the UCID-less call once, B unanswered, C) and the 31st from the second.
        #expect(asRun.metrics.totals.offered == 5)
        #expect(asRun.metrics.totals.answered == 4)
        #expect(asInput.metrics.totals == asRun.metrics.totals)
        #expect(asInput.metrics.daily == asRun.metrics.daily)
        // The record without a start is in both responses: quarantined once.
        #expect(asRun.metrics.dataQuality.quarantined == 1)
        #expect(asInput.metrics.dataQuality == asRun.metrics.dataQuality)
        let lines = try String(
            contentsOf: asInput.folder.appendingPathComponent("quarantine.jsonl"), encoding: .utf8
        ).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(asInput.warnings.isEmpty)
    }

    @Test("dates the archive folder has no response for are named")
    func gaps() throws {
        let folder = try temporaryFolder()
        let archive = try archive(in: folder)
        let twoMonths = ReportPeriod.days("2026-09-29", "2026-10-31")
        let result = try pipeline(settings(twoMonths, in: folder)).0.report(paths: [archive.responsesFolder.path])
        #expect(result.warnings.count == 1)
        #expect(
            result.warnings.first?.contains("no response for 2 date(s) of the period (2026-09-29 to 2026-09-30)")
                == true)
        #expect(result.metrics.totals.offered == 5)
    }
}
