import Foundation

/// report.xlsx as an independent reader sees it: openpyxl (Debian `python3-openpyxl`), run by
/// `/usr/bin/python3`, which prints every sheet's cells with their types and number formats.
///
/// Texts are given as a spreadsheet shows them: the format's `_xHHHH_` escapes (how a cell
/// stores control characters) decoded, as Excel and LibreOffice decode them; openpyxl leaves
/// them as they are stored.
public enum WorkbookReader {
    /// Whether openpyxl can be imported.
    public static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import openpyxl"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }()

    /// Why a test that needs openpyxl did not run.
    public static let missing =
        "python3-openpyxl is not installed (Debian package python3-openpyxl; `make test` installs it)"

    private static let python = "/usr/bin/python3"

    /// One cell: openpyxl's `data_type` (`s` text, `n` number or empty, `b` boolean, `d` date or
    /// duration, `f` formula), its number format, whether it is bold, and its value by kind.
    public struct Cell: Decodable, Sendable {
        public let type: String
        public let format: String
        public let bold: Bool
        public let text: String?
        public let number: Double?
        public let flag: Bool?
        /// A date-time or date, ISO 8601 without offset (`2026-10-01T09:29:58`).
        public let date: String?
        /// A duration, in seconds.
        public let seconds: Double?

        /// No value at all.
        public var isEmpty: Bool { text == nil && number == nil && flag == nil && date == nil && seconds == nil }
    }

    public struct Sheet: Decodable, Sendable {
        public let name: String
        /// The top-left cell of the scrolling part (`A2` for a frozen header row).
        public let freeze: String?
        /// The filtered range (`A1:N49`).
        public let filter: String?
        /// Column widths by letter.
        public let widths: [String: Double]
        /// Every row, the header first, each as wide as the sheet.
        public let rows: [[Cell]]

        public var header: [String] { rows.first?.map { $0.text ?? "" } ?? [] }

        /// The cells of the column named `name` below the header.
        public func column(_ name: String) -> [Cell] {
            guard let index = header.firstIndex(of: name) else { return [] }
            return rows.dropFirst().map { $0[index] }
        }
    }

    public struct Document: Decodable, Sendable {
        public let sheets: [Sheet]
        /// `<f>` elements (formulas) in the sheets' XML.
        public let formulaElements: Int
        /// The zip's entries.
        public let parts: [String]
        /// Every XML part's text, joined: what a search of the file's content sees once unzipped.
        public let xml: String

        public subscript(name: String) -> Sheet? { sheets.first { $0.name == name } }
    }

    /// Reads the workbook at `url`.
    public static func read(_ url: URL) throws -> Document {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, url.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReadError(message: String(decoding: message, as: UTF8.self))
        }
        return try JSONDecoder().decode(Document.self, from: data)
    }

    /// Reads a workbook given as bytes (a mail's attachment).
    public static func read(_ data: Data) throws -> Document {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UUID().uuidString).xlsx")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try read(file)
    }

    /// The text of an output file as a search for a value should see it: a workbook's XML parts
    /// (it is a zip), each also with its XML and `_xHHHH_` escapes decoded; any other file as
    /// UTF-8. Needs only `/usr/bin/python3`, not openpyxl.
    public static func text(of url: URL) throws -> String {
        guard url.pathExtension == "xlsx" else {
            return String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", unzipScript, url.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ReadError(message: "\(url.path) is not a zip file") }
        return String(decoding: data, as: UTF8.self)
    }

    /// ``text(of:)`` for a workbook given as bytes (a mail's attachment).
    public static func text(ofWorkbook data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UUID().uuidString).xlsx")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try text(of: file)
    }

    private static let unzipScript = #"""
        import html, re, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            text = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
        decoded = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), html.unescape(text))
        sys.stdout.write(text + "\n" + decoded)
        """#

    public struct ReadError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { "openpyxl could not read the workbook: \(message)" }
    }

    private static let script = #"""
        import datetime, json, re, sys, zipfile
        import openpyxl

        def unescape(text):
            return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)

        def cell(c):
            out = {"type": c.data_type, "format": c.number_format, "bold": bool(c.font and c.font.b)}
            v = c.value
            if v is None:
                pass
            elif isinstance(v, bool):
                out["flag"] = v
            elif isinstance(v, str):
                out["text"] = unescape(v)
            elif isinstance(v, datetime.timedelta):
                out["seconds"] = v.total_seconds()
            elif isinstance(v, datetime.time):
                out["seconds"] = v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6
            elif isinstance(v, (datetime.datetime, datetime.date)):
                out["date"] = v.isoformat()
            else:
                out["number"] = float(v)
            return out

        path = sys.argv[1]
        book = openpyxl.load_workbook(path)
        sheets = []
        for ws in book.worksheets:
            sheets.append({
                "name": ws.title,
                "freeze": ws.freeze_panes,
                "filter": ws.auto_filter.ref,
                "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
                "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
            })
        with zipfile.ZipFile(path) as z:
            parts = z.namelist()
            texts = [z.read(n).decode("utf-8") for n in parts if n.endswith(".xml") or n.endswith(".rels")]
        formulas = sum(len(re.findall(r"<f[ >/]", t)) for t in texts)
        json.dump({"sheets": sheets, "formulaElements": formulas, "parts": parts, "xml": "\n".join(texts)}, sys.stdout)
        """#
}
