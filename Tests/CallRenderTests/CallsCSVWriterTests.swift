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
        var writer = try CallsCSVWriter(url: url, timeZone: zone, byteOrderMark: byteOrderMark, maskCallers: false)
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
                url: folder.appendingPathComponent("calls.csv"), timeZone: Self.kolkata, byteOrderMark: true,
                maskCallers: false)
            try writer.write(Self.records[0])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an unwritable place is a configuration error naming the file")
    func unwritable() {
        let url = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/calls.csv")
        #expect {
            _ = try CallsCSVWriter(url: url, timeZone: Self.kolkata, byteOrderMark: true, maskCallers: false)
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.exitStatus == .configuration && error.description.contains("calls.csv")
                && error.description.contains("does not exist")
        }
    }
}

@Suite("calls.csv stream against the template")
struct CallsCSVAgainstTemplateTests {
    /// Calls with a value for every fast path of the writer to get wrong: non-ASCII text, quotes,
    /// line breaks, formula starts (also behind invisible characters), NUL, empty and missing
    /// fields, huge numbers, a missing end, and times around offset changes.
    static func hostileRecords(_ times: [(String, String?)]) -> [CallRecord] {
        let texts: [String?] = [
            "राहुल \"R\"", "a,b", "\u{200B}@x", "line\r\nbreak", "cr\ronly", "lf\nonly", "=1+2", "+91 98450 12345",
            "-", "\tTab", "\u{FEFF}=bom", "nul\u{0}byte", "", nil, "Ünïcödé 東京", "plain", "'apostrophe",
            "No Transfers", "Answered", "aNsWeReD",
        ]
        return times.enumerated().map { index, time in
            func text(_ offset: Int) -> String? { texts[(index + offset) % texts.count] }
            return CallRecord(
                start: LocalDateTime(time.0)!, ucid: text(0), campaign: text(1), skill: text(2), location: text(3),
                did: text(4), callerId: text(5), type: text(6), agentId: text(7), agentName: text(8),
                end: time.1.flatMap { LocalDateTime($0) }, timeToAnswer: [0, 9, 10, 99, 1_234_567_890_123][index % 5],
                talk: index * 37, hold: index % 2, wrapup: 100_000 + index,
                handling: index % 3 == 0 ? nil : [0, Int.max, 59][index % 3], status: [text(9), "Answered"][index % 2],
                disposition: text(10), hangupBy: text(11), transferType: text(12), transferredTo: text(13))
        }
    }

    static let times: [(String, String?)] = [
        ("2026-10-03 10:15:00", "2026-10-03 10:20:07"), ("2026-10-03 10:59:59", nil),
        ("2026-03-08 01:59:59", "2026-03-08 03:00:00"), ("2026-03-08 02:30:00", "2026-03-08 02:45:00"),
        ("2026-11-01 00:59:00", "2026-11-01 01:30:00"), ("2026-11-01 01:59:59", "2026-11-01 02:00:00"),
        ("2026-10-04 02:15:00", "2026-10-04 02:45:00"), ("1930-06-01 12:00:00", "1930-06-01 12:00:01"),
        ("1970-01-01 00:00:00", "1971-12-31 23:59:59"), ("2026-12-31 23:59:59", "2027-01-01 00:00:00"),
    ]

    @Test(
        "hostile calls stream exactly as a calls.csv.mustache of the columns renders them",
        arguments: [
            ("Asia/Kolkata", true, false), ("America/New_York", false, true), ("Australia/Lord_Howe", true, true),
            ("Europe/Amsterdam", false, false), ("Africa/Monrovia", true, false), ("America/St_Johns", true, true),
            ("Asia/Kathmandu", false, false),
        ])
    func sameAsTemplate(zone: String, byteOrderMark: Bool, maskCallers: Bool) throws {
        let records = Self.hostileRecords(Self.times + Self.times.reversed() + Self.times)
        let row = CallColumns.names.map { "{{\($0)}}" }.joined(separator: ",")
        let folder = try Sample.templatesFolder([
            "calls.csv.mustache": CallColumns.names.joined(separator: ",") + "\n{{#calls}}\n" + row + "\n{{/calls}}\n"
        ])
        var context = Sample.context
        context.timeZone = try #require(TimeZone(identifier: zone))
        context.byteOrderMark = byteOrderMark
        context.maskCallers = maskCallers
        let rendered = try #require(
            try ReportRenderer(templatesDirectory: folder)
                .renderOutput(named: "calls.csv", metrics: Sample.metrics, context: context, calls: records))

        let out = try Sample.temporaryFolder().appendingPathComponent("calls.csv")
        var writer = try CallsCSVWriter(
            url: out, timeZone: context.timeZone, byteOrderMark: byteOrderMark, maskCallers: maskCallers)
        for record in records { try writer.write(record) }
        try writer.finish()
        let streamed = try Sample.read(out)
        #expect(streamed == rendered)
        // Worth comparing only if the rules were exercised.
        #expect(streamed.contains("\"line\r\nbreak\""))
        #expect(streamed.contains("'\u{200B}@x"))
        #expect(streamed.contains("\u{FFFD}"))
        #expect(streamed.contains(",9223372036854775807,"))
        #expect(streamed.contains(",1234567890123,"))
        #expect(streamed.contains("+** ***** *2345") == maskCallers)
    }

    @Test("a cell far larger than the buffer grows it, whole, between ordinary rows")
    func hugeCell() throws {
        // NULs and quotes: a cell twice its text, far beyond the 68 KB buffer.
        let huge = String(repeating: "\u{0}\"=", count: 60_000)
        var records = CallsCSVWriterTests.records
        records.insert(
            CallRecord(start: LocalDateTime("2026-10-03 10:15:00")!, ucid: "huge", location: huge, disposition: huge),
            at: 1)
        let row = CallColumns.names.map { "{{\($0)}}" }.joined(separator: ",")
        let folder = try Sample.templatesFolder([
            "calls.csv.mustache": CallColumns.names.joined(separator: ",") + "\n{{#calls}}\n" + row + "\n{{/calls}}\n"
        ])
        let rendered = try ReportRenderer(templatesDirectory: folder)
            .renderOutput(named: "calls.csv", metrics: Sample.metrics, context: Sample.context, calls: records)
        let (_, streamed) = try CallsCSVWriterTests.write(records)
        #expect(streamed.utf8.count > 2 * 60_000 * 6)
        #expect(streamed == rendered)
    }

    @Test("offsets with seconds and around changes, in the stream")
    func offsets() throws {
        let records = [
            CallRecord(start: LocalDateTime("1971-12-31 23:59:59")!, end: LocalDateTime("1972-01-07 12:00:00")!),
            CallRecord(start: LocalDateTime("2026-11-01 00:59:59")!, end: LocalDateTime("2026-11-01 01:00:00")!),
            CallRecord(start: LocalDateTime("2026-11-01 01:59:59")!, end: LocalDateTime("2026-11-01 02:00:00")!),
        ]
        // Monrovia kept Liberia's -00:44:30 until 1972.
        let (_, monrovia) = try CallsCSVWriterTests.write(
            Array(records[0...0]), zone: TimeZone(identifier: "Africa/Monrovia")!)
        #expect(monrovia.contains(",1971-12-31T23:59:59-00:44:30,1972-01-07T12:00:00+00:00,"))
        let (_, newYork) = try CallsCSVWriterTests.write(
            Array(records[1...]), zone: TimeZone(identifier: "America/New_York")!)
        #expect(newYork.contains(",2026-11-01T00:59:59-04:00,2026-11-01T01:00:00-04:00,"))
        #expect(newYork.contains(",2026-11-01T01:59:59-04:00,2026-11-01T02:00:00-05:00,"))
    }

    @Test("numbers are never guarded in the stream, a negative one included")
    func numbers() throws {
        let record = CallRecord(start: LocalDateTime("2026-10-03 10:15:00")!, ucid: "n", timeToAnswer: -5, talk: 7)
        let (_, text) = try CallsCSVWriterTests.write([record], byteOrderMark: false)
        #expect(text.contains("n,2026-10-03T10:15:00+05:30,,,,,,,,false,-5,7,0,0,,false,"))
    }
}
