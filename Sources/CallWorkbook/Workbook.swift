import CXLSXWriter
import CallModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One libxlsxwriter workbook being written: the only code that calls the C library.
///
/// The file is created here, readable by its owner only (it may hold caller numbers, SPEC §7),
/// and libxlsxwriter fills it when the workbook is closed. Its temporary files (a sheet's rows
/// in constant-memory mode, the parts of the zip being assembled) go to `temporaryFolder`, not
/// to the system's temporary folder. The zip entries carry a fixed date and the document's
/// creation time is `created`, so the same content gives the same bytes.
///
/// Not thread-safe: a caller may hand it from one thread to another (a sheet streamed on a
/// thread of its own, then the rest), never use it from two at once.
final class Workbook: @unchecked Sendable {
    /// The cell formats of ``SheetCell``'s kinds, and the header's.
    struct Formats {
        let header: UnsafeMutablePointer<lxw_format>
        let seconds: UnsafeMutablePointer<lxw_format>
        let rate: UnsafeMutablePointer<lxw_format>
        let number: UnsafeMutablePointer<lxw_format>
        let dateTime: UnsafeMutablePointer<lxw_format>
        let date: UnsafeMutablePointer<lxw_format>
    }

    /// How messages name the file: where readers will find it, not the staging folder.
    let displayPath: String
    let formats: Formats
    private let handle: UnsafeMutablePointer<lxw_workbook>
    private let file: URL
    /// C strings libxlsxwriter keeps pointers to until it closes (the options' folder).
    private let temporaryFolderPath: UnsafeMutablePointer<CChar>
    private var isClosed = false

    /// Opens a workbook that will be written to `file`.
    ///
    /// - Parameter constantMemory: rows are written to a temporary file as they come, so a sheet
    ///   of a million rows takes no more memory than one of ten; each sheet's rows must then be
    ///   written in order, and texts are stored in their cells instead of a shared table.
    init(file: URL, displayPath: String, temporaryFolder: URL, constantMemory: Bool, created: Date)
        throws(WorkbookError)
    {
        self.file = file
        self.displayPath = displayPath
        // Created 0600 before libxlsxwriter opens it: its fopen(…, "wb") keeps the mode.
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .write(displayPath, reason: String(cString: strerror(errno)))
        }
        Glibc.close(descriptor)
        temporaryFolderPath = strdup(temporaryFolder.path)
        var options = lxw_workbook_options(
            constant_memory: constantMemory ? 1 : 0, tmpdir: temporaryFolderPath, use_zip64: 0)
        guard let handle = workbook_new_opt(file.path, &options) else {
            free(temporaryFolderPath)
            unlink(file.path)
            throw .write(displayPath, reason: "libxlsxwriter could not create a workbook (out of memory?)")
        }
        self.handle = handle
        func format(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format> {
            let format = workbook_add_format(handle)!
            configure(format)
            return format
        }
        formats = Formats(
            header: format { format_set_bold($0) },
            seconds: format { format_set_num_format($0, "[h]:mm:ss") },
            rate: format { format_set_num_format($0, "0.0%") },
            number: format { format_set_num_format($0, "0.0") },
            dateTime: format { format_set_num_format($0, "yyyy-mm-dd hh:mm:ss") },
            date: format { format_set_num_format($0, "yyyy-mm-dd") })
        var properties = lxw_doc_properties()
        properties.created = time_t(created.timeIntervalSince1970.rounded(.down))
        workbook_set_properties(handle, &properties)
    }

    /// Adds a sheet after the others; its tab shows `name`.
    func addSheet(_ name: String, columns: [String]) throws(WorkbookError) -> SheetWriter {
        guard let sheet = name.withCString({ workbook_add_worksheet(handle, $0) }) else {
            throw .write(displayPath, reason: "libxlsxwriter could not add the sheet \(name)")
        }
        return try SheetWriter(sheet, name: name, header: columns, workbook: self)
    }

    /// Assembles the file; the workbook cannot be used afterwards.
    func close() throws(WorkbookError) {
        guard !isClosed else { return }
        isClosed = true
        errno = 0
        let result = workbook_close(handle)
        free(temporaryFolderPath)
        guard result == LXW_NO_ERROR else {
            throw .write(displayPath, reason: Self.reason(result))
        }
    }

    /// Closes the workbook if it is open and removes its file: a run that failed.
    func abandon() {
        if !isClosed {
            isClosed = true
            // Closing is the one way to release everything, temporary files included.
            _ = workbook_close(handle)
            free(temporaryFolderPath)
        }
        unlink(file.path)
    }

    deinit {
        if !isClosed { abandon() }
    }

    /// libxlsxwriter's words for an error, with the system's when a file was at fault.
    static func reason(_ error: lxw_error) -> String {
        var reason = String(cString: lxw_strerror(error))
        while reason.hasSuffix(".") { reason.removeLast() }
        let fileErrors: Set<lxw_error> = [
            LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE,
            LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE,
        ]
        if fileErrors.contains(error), errno != 0 {
            reason += " (" + String(cString: strerror(errno)) + ")"
        }
        return reason
    }
}

/// One sheet being written: a bold header row, frozen and filtered, then rows in order.
///
/// Column widths follow the content: the header's length (and room for the filter button),
/// each kind's width (a date-time takes 19 characters), and for texts the longest seen, up to
/// ``maximumWidth``.
final class SheetWriter: @unchecked Sendable {
    let name: String
    /// Data rows written so far (the header not counted).
    private(set) var rowCount = 0
    /// Texts longer than a cell holds, written cut (``ExcelText/limit``).
    private(set) var textsCut = 0
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let formats: Workbook.Formats
    private let displayPath: String
    private var widths: [Int]

    /// The widest column, in characters: longer texts wrap nowhere and are read in the cell.
    static let maximumWidth = 50

    fileprivate init(
        _ sheet: UnsafeMutablePointer<lxw_worksheet>, name: String, header: [String], workbook: Workbook
    ) throws(WorkbookError) {
        self.sheet = sheet
        self.name = name
        formats = workbook.formats
        displayPath = workbook.displayPath
        // Room for the filter's button beside the name.
        widths = header.map { $0.count + 3 }
        for (column, title) in header.enumerated() {
            let result = title.withCString { worksheet_write_string(sheet, 0, lxw_col_t(column), $0, formats.header) }
            try check(result, row: 0)
        }
    }

    /// Writes the next row: the cells `columns` give for `row`.
    func append<Row>(_ row: Row, columns: [SheetColumn<Row>]) throws(WorkbookError) {
        rowCount += 1
        let line = lxw_row_t(rowCount)
        for (index, column) in columns.enumerated() {
            try write(column.cell(row), row: line, column: index)
        }
    }

    /// The header frozen and filtered over every row written, and the column widths.
    func finish() {
        let lastColumn = lxw_col_t(max(0, widths.count - 1))
        worksheet_freeze_panes(sheet, 1, 0)
        _ = worksheet_autofilter(sheet, 0, 0, lxw_row_t(rowCount), lastColumn)
        for (column, width) in widths.enumerated() {
            _ = worksheet_set_column(
                sheet, lxw_col_t(column), lxw_col_t(column), Double(min(width, Self.maximumWidth)), nil)
        }
    }

    private func write(_ cell: SheetCell, row: lxw_row_t, column index: Int) throws(WorkbookError) {
        let column = lxw_col_t(index)
        let result: lxw_error
        switch cell {
        case .text(let text?):
            let (value, cut) = ExcelText.cellValue(text)
            if cut { textsCut += 1 }
            widen(index, to: value.utf8.count + 1)
            result = value.withCString { worksheet_write_string(sheet, row, column, $0, nil) }
        case .count(let value?):
            widen(index, to: 8)
            result = worksheet_write_number(sheet, row, column, Double(value), nil)
        case .seconds(let value?):
            widen(index, to: 10)
            result = worksheet_write_number(sheet, row, column, value / 86_400, formats.seconds)
        case .rate(let value?):
            widen(index, to: 8)
            result = worksheet_write_number(sheet, row, column, value, formats.rate)
        case .number(let value?):
            widen(index, to: 8)
            result = worksheet_write_number(sheet, row, column, value, formats.number)
        case .dateTime(let time?):
            widen(index, to: 20)
            guard let serial = ExcelDate.serial(time) else {
                return try write(.text(time.description), row: row, column: index)
            }
            result = worksheet_write_number(sheet, row, column, serial, formats.dateTime)
        case .date(let date?):
            widen(index, to: 11)
            guard let serial = ExcelDate.serial(date) else {
                return try write(.text(date.description), row: row, column: index)
            }
            result = worksheet_write_number(sheet, row, column, serial, formats.date)
        case .flag(let flag?):
            widen(index, to: 7)
            result = worksheet_write_boolean(sheet, row, column, flag ? 1 : 0, nil)
        case .text(nil), .count(nil), .seconds(nil), .number(nil), .rate(nil), .dateTime(nil), .date(nil), .flag(nil):
            // A missing value is an empty cell: nothing is written.
            return
        }
        try check(result, row: row)
    }

    private func widen(_ column: Int, to width: Int) {
        if widths[column] < width { widths[column] = width }
    }

    private func check(_ result: lxw_error, row: lxw_row_t) throws(WorkbookError) {
        guard result != LXW_NO_ERROR else { return }
        throw .write(displayPath, reason: "sheet \(name), row \(row + 1): " + Workbook.reason(result))
    }
}

/// Texts as a cell stores them (ECMA-376's `ST_Xstring`): `_xHHHH_` in a cell's text is read as
/// the character U+HHHH, which is how control characters are stored (libxlsxwriter writes those
/// itself). Everything else a cell would lose or refuse is handled here.
enum ExcelText {
    /// The most characters (UTF-16 units) a cell holds.
    static let limit = 32_767

    /// The text to hand libxlsxwriter for `text`, and whether it had to be cut at ``limit``.
    ///
    /// - NUL, which a C string cannot hold, becomes U+FFFD, as in the CSV files.
    /// - A `_xHHHH_` that is in the data is kept as text: its `_` is written `_x005F_`.
    /// - U+FFFE and U+FFFF, which XML cannot hold, are written as escapes.
    static func cellValue(_ text: String) -> (String, cut: Bool) {
        var text = text
        let plain = text.withUTF8 { bytes in
            bytes.count <= limit && !bytes.contains { $0 == 0 || $0 == UInt8(ascii: "_") || $0 == 0xEF }
        }
        if plain { return (text, false) }
        var cut = false
        if text.utf16.count > limit {
            text = prefix(text, units: limit)
            cut = true
        }
        var escaped = escape(text)
        // Escapes lengthen the text: cut the value, not the escapes, until the stored text fits.
        var units = text.utf16.count
        while escaped.unicodeScalars.count > limit {
            units -= escaped.unicodeScalars.count - limit
            escaped = escape(prefix(text, units: units))
            cut = true
        }
        return (escaped, cut)
    }

    private static func escape(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\u{0}":
                out.append("\u{FFFD}")
            case "\u{FFFE}", "\u{FFFF}":
                out.append(contentsOf: "_x\(String(scalar.value, radix: 16, uppercase: true))_".unicodeScalars)
            case "_" where isEscape(scalars, at: index):
                out.append(contentsOf: "_x005F_".unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether `_xHHHH_` starts at `index`.
    private static func isEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X",
            scalars[index + 6] == "_"
        else { return false }
        return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// The first `units` UTF-16 units of `text`, not splitting a character in two.
    private static func prefix(_ text: String, units: Int) -> String {
        var count = 0
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            count += scalar.utf16.count
            if count > units { break }
            out.append(scalar)
        }
        return String(out)
    }
}

/// Excel's day numbers: days since 1899-12-30, the time of day as the fraction. Local
/// wall-clock times are written as they are: the sheet shows the account's own clock.
enum ExcelDate {
    /// 1970-01-01 as an Excel day.
    private static let unixEpoch = 25_569.0
    /// 1900-03-01: earlier days are off by one in Excel (its 29 Feb 1900), and before 1900 they
    /// cannot be written at all; such a value is written as text.
    private static let firstExactDay = 61.0

    static func serial(_ time: LocalDateTime) -> Double? {
        let serial = unixEpoch + Double(time.wallSeconds) / 86_400
        return serial >= firstExactDay && serial < 2_958_466 ? serial : nil
    }

    static func serial(_ date: LocalDate) -> Double? {
        let serial = unixEpoch + Double(date.dayNumber)
        return serial >= firstExactDay && serial < 2_958_466 ? serial : nil
    }
}
