import CallAggregate
import CallModel
import CallRender
import Foundation

/// What the sheets of a workbook are made from: the report's figures and call-back list.
public struct WorkbookContent: Sendable {
    public var metrics: Metrics
    public var missedCallers: [MissedCaller]
    /// `--mask-callers`: caller numbers show only their last four digits.
    public var maskCallers: Bool

    public init(metrics: Metrics, missedCallers: [MissedCaller], maskCallers: Bool) {
        self.metrics = metrics
        self.missedCallers = missedCallers
        self.maskCallers = maskCallers
    }
}

/// A sheet of the workbook with where its rows come from, its type erased so that sheets of
/// different rows make one list.
struct ReportSheet: Sendable {
    let name: String
    let header: [String]
    /// Whether its rows hold caller numbers: such a sheet stays out of the mailed copy.
    let holdsCallerNumbers: Bool
    let write: @Sendable (WorkbookContent, SheetWriter) throws(WorkbookError) -> Void

    init<Row>(
        _ table: SheetTable<Row>, holdsCallerNumbers: Bool = false,
        rows: @escaping @Sendable (WorkbookContent) -> [Row]
    ) {
        name = table.name
        header = table.header
        self.holdsCallerNumbers = holdsCallerNumbers
        write = { content, sheet throws(WorkbookError) in
            for row in rows(content) { try sheet.append(row, columns: table.columns) }
        }
    }
}

/// report.xlsx (SPEC §5, "Workbook"): one sheet per table of the report, typed, written with
/// libxlsxwriter into the run's staging folder.
///
/// The Calls sheet (`--xlsx-calls`) is streamed while the calls are read, on whatever thread
/// the caller chooses (``callsSheet``); the other sheets are written by ``finish(_:)`` from the
/// figures, once the last call is in. Every sheet is written in libxlsxwriter's constant-memory
/// mode: rows go to a temporary file as they come, so a month of a million calls (or a call-back
/// list of a hundred thousand numbers) takes no more memory than a small one, and there is one
/// way of writing, whatever the sheets.
///
/// ```swift
/// let workbook = try ReportWorkbook(folder: staging, displayFolder: final, callRows: nil,
///                                   maskCallers: false, created: date)
/// let warnings = try workbook.finish(WorkbookContent(metrics: metrics, missedCallers: [], maskCallers: false))
/// ```
public final class ReportWorkbook: @unchecked Sendable {
    public static let fileName = "report.xlsx"
    /// The most data rows a sheet holds: Excel's 1 048 576 rows, less the header.
    public static let sheetRowLimit = 1_048_575

    /// Every sheet but Calls, in the workbook's order. A new table is one line here (and its
    /// ``SheetTable``).
    static let sheets: [ReportSheet] = [
        ReportSheet(ReportSheets.summary) { ReportSheets.summaryLines($0.metrics) },
        ReportSheet(ReportSheets.agents) { $0.metrics.agents },
        ReportSheet(ReportSheets.skills) { $0.metrics.skills },
        ReportSheet(ReportSheets.campaigns) { $0.metrics.campaigns },
        ReportSheet(ReportSheets.daily) { $0.metrics.daily },
        ReportSheet(ReportSheets.intervals) { $0.metrics.intervals?.rows ?? [] },
        ReportSheet(ReportSheets.dispositions) { $0.metrics.dispositions ?? [] },
        ReportSheet(ReportSheets.missed, holdsCallerNumbers: true) { content in
            guard content.maskCallers else { return content.missedCallers }
            return content.missedCallers.map { caller in
                var masked = caller
                masked.callerId = CallerMask.mask(caller.callerId)
                return masked
            }
        },
    ]

    /// The names of the sheets of a workbook with or without Calls, in order.
    public static func sheetNames(calls: Bool) -> [String] {
        sheets.map(\.name) + (calls ? ["Calls"] : [])
    }

    /// The Calls sheet to stream the calls into; `nil` without `--xlsx-calls`.
    public let callsSheet: CallsSheet?
    private let workbook: Workbook
    private let writers: [SheetWriter]
    private let sheetsWritten: [ReportSheet]
    private let temporary: URL
    private let destination: URL

    /// Opens `report.xlsx` in `folder` (a staging folder: libxlsxwriter's temporary files go
    /// there too) and adds its sheets.
    ///
    /// - Parameters:
    ///   - displayFolder: the folder messages name (where the report will be found).
    ///   - callRows: with a Calls sheet, the most rows it takes (``sheetRowLimit``; tests set
    ///     fewer); `nil` for no Calls sheet.
    ///   - created: the document's creation time: `SOURCE_DATE_EPOCH` or the report's time, so
    ///     the same report gives the same bytes.
    public convenience init(
        folder: URL, displayFolder: URL, callRows: Int?, maskCallers: Bool, created: Date
    ) throws(WorkbookError) {
        try self.init(
            folder: folder, name: Self.fileName, displayFolder: displayFolder, sheets: Self.sheets,
            callRows: callRows, maskCallers: maskCallers, created: created)
    }

    private init(
        folder: URL, name: String, displayFolder: URL, sheets: [ReportSheet], callRows: Int?, maskCallers: Bool,
        created: Date
    ) throws(WorkbookError) {
        destination = folder.appendingPathComponent(name)
        temporary = AtomicFile.temporaryURL(for: destination)
        workbook = try Workbook(
            file: temporary, displayPath: displayFolder.appendingPathComponent(name).path,
            temporaryFolder: folder, constantMemory: true, created: created)
        var writers: [SheetWriter] = []
        for sheet in sheets { writers.append(try workbook.addSheet(sheet.name, columns: sheet.header)) }
        self.writers = writers
        sheetsWritten = sheets
        if let callRows {
            let table = ReportSheets.calls(maskCallers: maskCallers)
            callsSheet = CallsSheet(
                try workbook.addSheet(table.name, columns: table.header), table: table, limit: callRows)
        } else {
            callsSheet = nil
        }
    }

    /// Writes every sheet but Calls, closes the workbook and puts it in place under its name.
    /// Call it once, after the last call was streamed into ``callsSheet``.
    ///
    /// - Returns: warnings for the run: calls left out of a full Calls sheet, texts cut at a
    ///   cell's limit.
    public func finish(_ content: WorkbookContent) throws(WorkbookError) -> [String] {
        for (sheet, writer) in zip(sheetsWritten, writers) {
            try sheet.write(content, writer)
            writer.finish()
        }
        callsSheet?.writer.finish()
        callsSheet?.close()
        try workbook.close()
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw .write(workbook.displayPath, reason: reason)
        }
        var warnings: [String] = []
        if let calls = callsSheet, calls.left > 0 {
            warnings.append(
                "\(Self.fileName): the Calls sheet holds the first \(calls.writer.rowCount) of "
                    + "\(calls.writer.rowCount + calls.left) calls (a sheet's limit); calls.csv has every call.")
        }
        let cut = writers.reduce(callsSheet?.writer.textsCut ?? 0) { $0 + $1.textsCut }
        if cut > 0 {
            warnings.append(
                "\(Self.fileName): \(cut) text(s) longer than a cell's \(ExcelText.limit) characters were cut; "
                    + "the CSV files and metrics.json hold them whole.")
        }
        return warnings
    }

    /// Closes and removes the workbook of a run that failed; nothing if it was finished. The
    /// Calls sheet takes no more rows from then on: a thread still streaming calls into it when
    /// the run failed elsewhere writes nothing more.
    public func abandon() {
        callsSheet?.close()
        workbook.abandon()
    }

    /// The workbook the mail carries (summary.eml): the same sheets but those holding caller
    /// numbers (Missed, Calls), which never leave the report folder by mail. Written in
    /// `folder` under a hidden name, read back, and removed.
    public static func mailedCopy(
        _ content: WorkbookContent, folder: URL, displayFolder: URL, created: Date
    ) throws(WorkbookError) -> Data {
        let copy = try ReportWorkbook(
            folder: folder, name: ".mail-" + fileName, displayFolder: displayFolder,
            sheets: sheets.filter { !$0.holdsCallerNumbers }, callRows: nil, maskCallers: content.maskCallers,
            created: created)
        _ = try copy.finish(content)
        defer { unlink(copy.destination.path) }
        guard let data = FileManager.default.contents(atPath: copy.destination.path) else {
            throw .write(copy.workbook.displayPath, reason: "it cannot be read back for the mail")
        }
        return data
    }

    /// The sheets of the mailed copy, in order.
    public static var mailedSheetNames: [String] { sheets.filter { !$0.holdsCallerNumbers }.map(\.name) }
}

/// The Calls sheet of a workbook being written, fed one call at a time from one thread. Calls
/// past the sheet's limit are counted, not written: ``ReportWorkbook/finish(_:)`` warns of them.
public final class CallsSheet: @unchecked Sendable {
    fileprivate let writer: SheetWriter
    private let table: SheetTable<CallRecord>
    private let limit: Int
    /// Calls that did not fit.
    fileprivate private(set) var left = 0
    /// Set when the workbook is closed or abandoned: the one state two threads may touch (a run
    /// that fails while calls are still being streamed), so it is read and set under `lock`.
    private var isClosed = false
    private let lock = NSLock()

    fileprivate init(_ writer: SheetWriter, table: SheetTable<CallRecord>, limit: Int) {
        self.writer = writer
        self.table = table
        self.limit = min(max(0, limit), ReportWorkbook.sheetRowLimit)
    }

    /// Appends the row of one call, or counts it when the sheet is full; nothing once the
    /// workbook is closed.
    public func write(_ record: CallRecord) throws(WorkbookError) {
        lock.lock()
        defer { lock.unlock() }
        guard !isClosed else { return }
        guard writer.rowCount < limit else {
            left += 1
            return
        }
        try writer.append(record, columns: table.columns)
    }

    /// Calls written so far.
    public var rowCount: Int { writer.rowCount }

    fileprivate func close() {
        lock.lock()
        isClosed = true
        lock.unlock()
    }
}
