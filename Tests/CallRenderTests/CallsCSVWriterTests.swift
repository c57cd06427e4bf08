import CallModel
import Foundation
import Testing

@testable import CallRender

@Suite("calls.csv stream")
struct CallsCSVWriterTests {
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    static var records: [CallRecord] {
        [
            CallRecord(
                start: LocalDateTime("2026-10-03 10:15:00")!, ucid: "1234567890123456789", campaign: "Inbound",
                skill: "Sales", location: "Mumbai", did: "08012345678", callerId: "+919876543210", type: "inbound",
                agentId: "A1", agentName: "राहुल", end: LocalDateTime("2026-10-03 10:20:07")!, timeToAnswer: 12,
                talk: 240, hold: 20, wrapup: 30, handling: nil, status: "Answered", disposition: "Sale, closed",
                hangupBy: "UserHangup", transferType: "No Transfers"),
            CallRecord(
                start: LocalDateTime("2026-10-03 11:00:00")!, ucid: "2", campaign: "Inbound", skill: "Sales",
                callerId: "9876500000", type: "inbound", timeToAnswer: 35, status: "NotAnswered",
                disposition: "=HYPERLINK(\"http://x\")"),
            CallRecord(
                start: LocalDateTime("2026-10-03 12:00:00")!, ucid: "3", agentId: "A2", agentName: "Priya",
                end: LocalDateTime("2026-10-03 12:09:00")!, timeToAnswer: 4, talk: 500, hold: 0, wrapup: 10,
                handling: 530, status: "answered", disposition: "line1\nline2", transferType: "Blind",
                transferredTo: "A9"),
        ]
    }

    static func write(_ records: [CallRecord], byteOrderMark: Bool = true, zone: TimeZone = kolkata) throws -> (
        URL, String
    ) {
        let folder = try Sample.temporaryFolder()
        let url = folder.appendingPathComponent("calls.csv")
        var writer = try CallsCSVWriter(url: url, timeZone: zone, byteOrderMark: byteOrderMark)
        for record in records { try writer.write(record) }
        try writer.finish()
        return (folder, try Sample.read(url))
    }

    @Test("exact content: BOM, header, CRLF, booleans, handle, offsets, guard")
    func content() throws {
        let (_, text) = try Self.write(Self.records)
        let expected =
            "\u{FEFF}ucid,start,end,agentId,agentName,campaign,skill,type,status,answered,timeToAnswer,talk,hold,"
            + "wrapup,handle,transferred,transferType,transferredTo,disposition,hangupBy,callerId,did,location\r\n"
            + "1234567890123456789,2026-10-03T10:15:00+05:30,2026-10-03T10:20:07+05:30,A1,राहुल,Inbound,Sales,"
            + "inbound,Answered,true,12,240,20,30,290,false,No Transfers,,\"Sale, closed\",UserHangup,"
            + "'+919876543210,08012345678,Mumbai\r\n"
            + "2,2026-10-03T11:00:00+05:30,,,,Inbound,Sales,inbound,NotAnswered,false,35,0,0,0,,false,,,"
            + "\"'=HYPERLINK(\"\"http://x\"\")\",,9876500000,,\r\n"
            + "3,2026-10-03T12:00:00+05:30,2026-10-03T12:09:00+05:30,A2,Priya,,,,answered,true,4,500,0,10,530,"
            + "true,Blind,A9,\"line1\nline2\",,,,\r\n"
        #expect(text == expected)
    }

    @Test("rows read back with the columns of SPEC §5")
    func columns() throws {
        let (_, text) = try Self.write(Self.records, byteOrderMark: false)
        #expect(!text.hasPrefix("\u{FEFF}"))
        let rows = try CSVReader.parse(text)
        #expect(
            rows[0] == [
                "ucid", "start", "end", "agentId", "agentName", "campaign", "skill", "type", "status", "answered",
                "timeToAnswer", "talk", "hold", "wrapup", "handle", "transferred", "transferType", "transferredTo",
                "disposition", "hangupBy", "callerId", "did", "location",
            ])
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.count == 23 })
        #expect(rows[3][18] == "line1\nline2")
    }

    @Test("offsets follow the zone, DST included")
    func daylightSaving() throws {
        let records = [
            CallRecord(start: LocalDateTime("2026-11-01 01:30:00")!, end: LocalDateTime("2026-11-01 02:10:00")!)
        ]
        let (_, text) = try Self.write(records, zone: TimeZone(identifier: "America/New_York")!)
        #expect(text.contains("2026-11-01T01:30:00-04:00,2026-11-01T02:10:00-05:00,"))
    }

    @Test("a big file is written in chunks and complete; no temporary file is left")
    func large() throws {
        let base = Self.records[0]
        let records = (0..<5000).map { index -> CallRecord in
            var record = base
            record.ucid = String(index)
            return record
        }
        let (folder, text) = try Self.write(records)
        let rows = try CSVReader.parse(String(text.dropFirst()))
        #expect(rows.count == 5001)
        #expect(rows.last?.first == "4999")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["calls.csv"])
    }

    @Test("a writer dropped before finish leaves nothing")
    func abandoned() throws {
        let folder = try Sample.temporaryFolder()
        do {
            var writer = try CallsCSVWriter(
                url: folder.appendingPathComponent("calls.csv"), timeZone: Self.kolkata)
            try writer.write(Self.records[0])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an unwritable place is a configuration error naming the file")
    func unwritable() {
        let url = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/calls.csv")
        #expect {
            _ = try CallsCSVWriter(url: url, timeZone: Self.kolkata)
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.exitStatus == .configuration && error.description.contains("calls.csv")
                && error.description.contains("does not exist")
        }
    }
}
