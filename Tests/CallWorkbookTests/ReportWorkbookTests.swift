import CallAggregate
import CallModel
import CallTestSupport
import CallWorkbook
import Foundation
import Testing

/// report.xlsx read back by an independent reader (openpyxl): sheets, cell types, number
/// formats, the header, texts kept exactly, no formula, the Calls sheet's limit.
@Suite("report.xlsx", .enabled(if: WorkbookReader.isAvailable, "\(WorkbookReader.missing)"))
struct ReportWorkbookTests {
    static let created = Date(timeIntervalSince1970: 1_790_000_000)

    static func time(_ text: String) -> LocalDateTime { LocalDateTime(text)! }

    /// Identifiers a spreadsheet would turn into numbers, texts it would run, hostile ones.
    static let ucid = "1202610010000062219"  // 19 digits: a float would round it
    static let caller = "09876543210"  // a leading 0
    static let plusCaller = "+919876543210"
    static let formula = "=HYPERLINK(\"http://evil.example\",\"x\")"
    static let escapeLike = "_x0041_ and _X00e9_"
    static let controls = "a\u{1}b\u{1F}c\td\ne\rf\u{0}g\u{FFFE}h"

    static var metrics: Metrics {
        Metrics(
            period: PeriodInfo(from: "2026-10-01", to: "2026-10-31", timezone: "Asia/Kolkata", serviceLevelSeconds: 20),
            totals: Totals(
                offered: 3, answered: 2, unanswered: 1, transferred: 1, handleSeconds: 3_725, aht: 1_862.5, asa: 7,
                serviceLevel: 0.5, abandonRate: 1.0 / 3, transferRate: 0.5, medianHandle: 120, p90Handle: nil),
            agents: [
                AgentFigures(
                    id: "007", name: formula, offered: 2, answered: 2, handleSeconds: 3_725, talkSeconds: 3_600,
                    holdSeconds: 65, wrapupSeconds: 60, aht: 1_862.5, medianHandle: 120, p90Handle: 3_605, asa: 7,
                    transferred: 1, transferRate: 0.5),
                AgentFigures(
                    id: plusCaller, name: escapeLike, offered: 1, answered: 0, handleSeconds: 0, talkSeconds: 0,
                    holdSeconds: 0, wrapupSeconds: 0, aht: nil, medianHandle: nil, p90Handle: nil, asa: nil,
                    transferred: 0, transferRate: nil),
            ],
            skills: [
                GroupFigures(
                    name: controls, direction: .mixed, offered: 3, answered: 2, unanswered: 1, abandonRate: 1.0 / 3,
                    handleSeconds: 3_725,
                    aht: 1_862.5, asa: 7, serviceLevel: 0.5, transferred: 1, transferRate: 0.5)
            ],
            campaigns: [
                GroupFigures(
                    name: "(none)", direction: .inbound, offered: 3, answered: 2, unanswered: 1, abandonRate: nil,
                    handleSeconds: 0,
                    aht: nil, asa: nil, serviceLevel: nil, transferred: 0, transferRate: nil)
            ],
            daily: [
                DayFigures(
                    date: "2026-10-01", offered: 3, answered: 2, unanswered: 1, handleSeconds: 3_725, aht: 1_862.5)
            ],
            hourly: [],
            dataQuality: DataQuality(
                inputRecords: 3, normalized: 3, duplicates: 0, quarantined: 0, outOfPeriod: 0,
                reasons: .init(missingStart: 0, invalidStart: 0, invalidDuration: 0)),
            fetch: FetchSummary(),
            outbound: OutboundFigures(
                attempts: 4, connected: 1, connectRate: 0.25, aht: 95, medianHandle: 95, p90Handle: 95,
                talkSeconds: 80, handleSeconds: 95, transferred: 0, transferRate: 0),
            dispositions: [
                DispositionFigures(name: formula, calls: 2, answered: 2, share: 2.0 / 3, aht: 1_862.5),
                DispositionFigures(name: "(none)", calls: 1, answered: 0, share: 1.0 / 3, aht: nil),
            ],
            intervals: IntervalFigures(
                minutes: 30, targetServiceLevel: 0.8, serviceLevelSeconds: 20,
                rows: [
                    IntervalRow(
                        weekday: "Thu", start: "09:00", days: 5, offered: 3, averageOffered: 0.6, answered: 2,
                        aht: 1_862.5, serviceLevel: 0.5, requiredAgents: 2, occupancy: 0.31),
                    IntervalRow(
                        weekday: "Thu", start: "09:30", days: 5, offered: 0, averageOffered: 0, answered: 0, aht: nil,
                        serviceLevel: nil, requiredAgents: 0, occupancy: nil),
                ]))
    }

    static let missed = [
        MissedCaller(
            callerId: caller, firstMissed: time("2026-10-01 09:05:07"), lastMissed: time("2026-10-02 23:59:59"),
            missedCount: 2, skill: nil, campaign: "Sales")
    ]

    static let calls = [
        CallRecord(
            start: time("2026-10-01 09:00:00"), ucid: ucid, campaign: "Sales", did: "0801234567", callerId: caller,
            type: "InBound", agentId: "007", agentName: formula, end: time("2026-10-01 10:00:05"), timeToAnswer: 7,
            talk: 3_600, hold: 5, wrapup: 0, status: "Answered", transferType: "Blind", transferredTo: "A2"),
        CallRecord(
            start: time("2026-10-01 09:05:07"), ucid: "1202610010000062220", callerId: plusCaller, status: "NotAnswered"
        ),
    ]

    static var content: WorkbookContent {
        WorkbookContent(metrics: metrics, missedCallers: missed, maskCallers: false)
    }

    /// Writes a workbook into a fresh folder; `calls` streamed into its Calls sheet when given.
    static func write(
        calls: [CallRecord]? = nil, limit: Int = ReportWorkbook.sheetRowLimit, mask: Bool = false,
        created: Date = created
    ) throws -> (url: URL, warnings: [String]) {
        let folder = try temporaryFolder()
        let workbook = try ReportWorkbook(
            folder: folder, displayFolder: folder, callRows: calls == nil ? nil : limit, maskCallers: mask,
            created: created)
        for call in calls ?? [] { try workbook.callsSheet!.write(call) }
        var content = content
        content.maskCallers = mask
        let warnings = try workbook.finish(content)
        return (folder.appendingPathComponent(ReportWorkbook.fileName), warnings)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("a sheet per table, header bold, frozen and filtered, columns named as in the CSV files")
    func sheets() throws {
        let (url, warnings) = try Self.write(calls: Self.calls)
        #expect(warnings.isEmpty)
        let book = try WorkbookReader.read(url)
        #expect(
            book.sheets.map(\.name) == [
                "Summary", "Agents", "Skills", "Campaigns", "Daily", "Intervals", "Dispositions", "Missed", "Calls",
            ])
        #expect(book.formulaElements == 0)
        for sheet in book.sheets {
            #expect(sheet.freeze == "A2", "\(sheet.name)")
            let last = String(UnicodeScalar(UInt8(ascii: "A") + UInt8(sheet.header.count - 1)))
            #expect(sheet.filter == "A1:\(last)\(sheet.rows.count)", "\(sheet.name)")
            #expect(sheet.rows[0].allSatisfy { $0.bold && $0.type == "s" }, "\(sheet.name)")
            #expect(sheet.rows.dropFirst().allSatisfy { $0.allSatisfy { !$0.bold } }, "\(sheet.name)")
            #expect(sheet.rows.joined().allSatisfy { $0.type != "f" }, "\(sheet.name)")
            #expect(sheet.widths.count == sheet.header.count, "\(sheet.name)")
            #expect(sheet.widths.values.allSatisfy { $0 >= 6 && $0 <= 51 }, "\(sheet.name) \(sheet.widths)")
        }
        #expect(
            book["Agents"]?.header == [
                "id", "name", "offered", "answered", "handleSeconds", "talkSeconds", "holdSeconds", "wrapupSeconds",
                "aht", "medianHandle", "p90Handle", "asa", "transferred", "transferRate",
            ])
        #expect(
            book["Skills"]?.header == [
                "name", "direction", "offered", "answered", "unanswered", "abandonRate", "handleSeconds", "aht",
                "asa", "serviceLevel", "transferred", "transferRate",
            ])
        #expect(book["Campaigns"]?.header == book["Skills"]?.header)
        #expect(
            book["Intervals"]?.header == [
                "weekday", "start", "days", "offered", "averageOffered", "answered", "aht", "serviceLevel",
                "requiredAgents", "occupancy",
            ])
        #expect(book["Dispositions"]?.header == ["name", "calls", "answered", "share", "aht"])
        #expect(book["Daily"]?.header == ["date", "offered", "answered", "unanswered", "handleSeconds", "aht"])
        #expect(
            book["Missed"]?.header == ["callerId", "firstMissed", "lastMissed", "missedCount", "skill", "campaign"])
        #expect(
            book["Calls"]?.header == [
                "ucid", "start", "end", "agentId", "agentName", "campaign", "skill", "type", "status", "answered",
                "timeToAnswer", "talk", "hold", "wrapup", "handle", "transferred", "transferType", "transferredTo",
                "disposition", "hangupBy", "callerId", "did", "location",
            ])
        // Without --xlsx-calls there is no Calls sheet.
        let plain = try WorkbookReader.read(try Self.write().url)
        #expect(
            plain.sheets.map(\.name) == [
                "Summary", "Agents", "Skills", "Campaigns", "Daily", "Intervals", "Dispositions", "Missed",
            ])
    }

    @Test("identifiers and texts are text cells kept exactly; no text becomes a formula")
    func texts() throws {
        let book = try WorkbookReader.read(try Self.write(calls: Self.calls).url)
        let calls = try #require(book["Calls"])
        #expect(calls.column("ucid").map(\.text) == [Self.ucid, "1202610010000062220"])
        #expect(calls.column("ucid").allSatisfy { $0.type == "s" })
        #expect(calls.column("callerId").map(\.text) == [Self.caller, Self.plusCaller])
        #expect(calls.column("did").first?.text == "0801234567")
        #expect(calls.column("agentId").first?.text == "007")
        let name = try #require(calls.column("agentName").first)
        #expect(name.type == "s" && name.text == Self.formula)
        let agents = try #require(book["Agents"])
        #expect(agents.column("id").map(\.text) == ["007", Self.plusCaller])
        // `_xHHHH_` in the data stays text; control characters come back; NUL becomes U+FFFD.
        #expect(agents.column("name").map(\.text) == [Self.formula, Self.escapeLike])
        #expect(
            book["Skills"]?.column("name").first?.text
                == Self.controls.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
        #expect(book["Missed"]?.column("callerId").first?.text == Self.caller)
        #expect(book["Missed"]?.column("skill").first?.isEmpty == true)
        #expect(!book.xml.contains("<f>") && !book.xml.contains("<f "))
    }

    @Test("counts are numbers, seconds durations, rates percentages, times date-times, missing values empty")
    func types() throws {
        let book = try WorkbookReader.read(try Self.write(calls: Self.calls).url)
        let agents = try #require(book["Agents"])
        let first = try #require(agents.rows.dropFirst().first)
        let cells = Dictionary(uniqueKeysWithValues: zip(agents.header, first))
        #expect(cells["offered"]?.type == "n" && cells["offered"]?.number == 2 && cells["offered"]?.format == "General")
        #expect(cells["handleSeconds"]?.format == "[h]:mm:ss" && cells["handleSeconds"]?.seconds == 3_725)
        #expect(cells["aht"]?.format == "[h]:mm:ss" && abs((cells["aht"]?.seconds ?? 0) - 1_862.5) < 0.01)
        #expect(cells["transferRate"]?.format == "0.0%" && cells["transferRate"]?.number == 0.5)
        let second = Dictionary(uniqueKeysWithValues: zip(agents.header, agents.rows[2]))
        for figure in ["aht", "medianHandle", "p90Handle", "asa", "transferRate"] {
            #expect(second[figure]?.isEmpty == true, "\(figure) is not empty")
        }
        let calls = try #require(book["Calls"])
        #expect(calls.column("start").first?.date == "2026-10-01T09:00:00")
        #expect(calls.column("start").first?.format == "yyyy-mm-dd hh:mm:ss")
        #expect(calls.column("end").first?.date == "2026-10-01T10:00:05")
        #expect(calls.column("end").last?.isEmpty == true)
        #expect(calls.column("answered").map(\.flag) == [true, false])
        #expect(calls.column("answered").allSatisfy { $0.type == "b" })
        #expect(calls.column("talk").first?.seconds == 3_600 && calls.column("talk").first?.format == "[h]:mm:ss")
        #expect(calls.column("handle").last?.isEmpty == true)
        let missed = try #require(book["Missed"])
        #expect(missed.column("lastMissed").first?.date == "2026-10-02T23:59:59")
        #expect(missed.column("missedCount").first?.number == 2)
        #expect(book["Daily"]?.column("date").first?.date == "2026-10-01T00:00:00")
        #expect(book["Daily"]?.column("date").first?.format == "yyyy-mm-dd")

        #expect(book["Skills"]?.column("direction").map(\.text) == ["mixed"])
        let intervals = try #require(book["Intervals"])
        #expect(intervals.column("weekday").map(\.text) == ["Thu", "Thu"])
        #expect(intervals.column("start").allSatisfy { $0.type == "s" })
        #expect(intervals.column("averageOffered").first?.number == 0.6)
        #expect(intervals.column("averageOffered").first?.format == "0.0")
        #expect(intervals.column("aht").first?.format == "[h]:mm:ss")
        #expect(intervals.column("aht").last?.isEmpty == true)
        #expect(intervals.column("requiredAgents").map(\.number) == [2, 0])
        #expect(intervals.column("occupancy").first?.format == "0.0%")
        let dispositions = try #require(book["Dispositions"])
        #expect(
            dispositions.column("name").first?.type == "s" && dispositions.column("name").first?.text == Self.formula)
        #expect(dispositions.column("share").first?.format == "0.0%")
        #expect(dispositions.column("aht").last?.isEmpty == true)

        let summary = try #require(book["Summary"])
        #expect(summary.header == ["figure", "value"])
        let lines = Dictionary(uniqueKeysWithValues: summary.rows.dropFirst().map { ($0[0].text ?? "", $0[1]) })
        #expect(lines["from"]?.date == "2026-10-01T00:00:00" && lines["to"]?.format == "yyyy-mm-dd")
        #expect(lines["timezone"]?.text == "Asia/Kolkata")
        #expect(lines["serviceLevelSeconds"]?.seconds == 20)
        #expect(lines["offered"]?.number == 3 && lines["offered"]?.type == "n")
        #expect(lines["abandonRate"]?.format == "0.0%")
        #expect(lines["p90Handle"]?.isEmpty == true)
        #expect(lines["outbound.connectRate"]?.number == 0.25 && lines["outbound.connectRate"]?.format == "0.0%")
        #expect(lines["outbound.attempts"]?.number == 4)
        #expect(lines["inbound.offered"] == nil, "a report without the inbound section has no inbound lines")
        #expect(summary.rows.dropFirst().map { $0[0].text ?? "" }.starts(with: ["from", "to", "timezone"]))
    }

    @Test("the same content and creation time give the same bytes; another time other bytes")
    func reproducible() throws {
        let first = try Data(contentsOf: try Self.write(calls: Self.calls).url)
        let second = try Data(contentsOf: try Self.write(calls: Self.calls).url)
        #expect(first == second)
        let later = try Data(contentsOf: try Self.write(calls: Self.calls, created: Self.created + 86_400).url)
        #expect(later != first)
    }

    @Test("the Calls sheet stops at its limit and says how many calls were left out")
    func limit() throws {
        let many = (0..<5).map { index in
            CallRecord(start: Self.time("2026-10-01 09:00:0\(index)"), ucid: "U\(index)", status: "Answered")
        }
        let (url, warnings) = try Self.write(calls: many, limit: 3)
        let calls = try #require(try WorkbookReader.read(url)["Calls"])
        #expect(calls.column("ucid").map(\.text) == ["U0", "U1", "U2"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("first 3 of 5 calls") == true, "\(warnings)")
    }

    @Test("--mask-callers masks the caller numbers of Missed and Calls")
    func masked() throws {
        let book = try WorkbookReader.read(try Self.write(calls: Self.calls, mask: true).url)
        #expect(book["Calls"]?.column("callerId").map(\.text) == ["*******3210", "+********3210"])
        #expect(book["Missed"]?.column("callerId").map(\.text) == ["*******3210"])
        #expect(!book.xml.contains(Self.caller))
    }

    @Test("the mailed copy has no sheet of caller numbers")
    func mailedCopy() throws {
        let folder = try Self.temporaryFolder()
        let data = try ReportWorkbook.mailedCopy(
            Self.content, folder: folder, displayFolder: folder, created: Self.created)
        let book = try WorkbookReader.read(data)
        #expect(
            book.sheets.map(\.name) == [
                "Summary", "Agents", "Skills", "Campaigns", "Daily", "Intervals", "Dispositions",
            ])
        #expect(book.sheets.map(\.name) == ReportWorkbook.mailedSheetNames)
        #expect(!book.xml.contains(Self.caller))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("the file is 0600; libxlsxwriter's temporary files are in the given folder, not the system's")
    func temporaryFiles() throws {
        let folder = try Self.temporaryFolder()
        let workbook = try ReportWorkbook(
            folder: folder, displayFolder: folder, callRows: 10, maskCallers: false, created: Self.created)
        // In constant-memory mode each sheet's rows go to a temporary file (removed from its folder
        // at once, kept open): the open files show where they are.
        var temporary: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name)
            else { continue }
            // libxlsxwriter's files (tmpfileplus): `tmp.XXXXXXXXXX`, unlinked as soon as opened.
            if target.hasSuffix(" (deleted)"), URL(fileURLWithPath: target).lastPathComponent.hasPrefix("tmp.") {
                temporary.append(String(target.dropLast(" (deleted)".count)))
            }
        }
        let mine = temporary.filter { $0.hasPrefix(folder.path + "/") }
        // One a sheet.
        #expect(mine.count == 9, "\(temporary)")
        let system = FileManager.default.temporaryDirectory.path
        #expect(
            temporary.allSatisfy { URL(fileURLWithPath: $0).deletingLastPathComponent().path != system },
            "\(temporary)")
        _ = try workbook.finish(Self.content)
        let url = folder.appendingPathComponent(ReportWorkbook.fileName)
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [ReportWorkbook.fileName])
    }

    @Test("a folder that cannot be written is a clear error with exit status 78")
    func unwritable() throws {
        let folder = try Self.temporaryFolder().appendingPathComponent("missing")
        #expect {
            _ = try ReportWorkbook(
                folder: folder, displayFolder: URL(fileURLWithPath: "reports/2026-10"), callRows: nil,
                maskCallers: false, created: Self.created)
        } throws: { error in
            guard let error = error as? WorkbookError else { return false }
            return error.exitStatus == .configuration
                && error.description.contains("reports/2026-10/report.xlsx: No such file or directory")
        }
    }
}
