import CallModel

/// One cell of a sheet before it is written: its kind decides the cell type and the number
/// format (SPEC §5, "Workbook"). `nil` is a missing value: the cell is left empty.
public enum SheetCell: Sendable, Equatable {
    /// A text cell, whatever the text looks like (digits, `+91…`, `=…`): never a number, never a formula.
    case text(String?)
    /// A number with no format: counts.
    case count(Int?)
    /// Seconds, written as a duration (value / 86 400) formatted `[h]:mm:ss`.
    case seconds(Double?)
    /// A number that need not be whole (an average of calls), formatted `0.0`.
    case number(Double?)
    /// A fraction in [0, 1], formatted `0.0%`.
    case rate(Double?)
    /// A local wall-clock time, as a date-time formatted `yyyy-mm-dd hh:mm:ss`.
    case dateTime(LocalDateTime?)
    /// A date, formatted `yyyy-mm-dd`.
    case date(LocalDate?)
    /// A boolean cell (TRUE/FALSE).
    case flag(Bool?)

    /// Whole seconds as a duration.
    static func seconds(_ value: Int?) -> SheetCell { .seconds(value.map(Double.init)) }

    /// A `YYYY-MM-DD` text of the figures as a date; a text that is not one stays text.
    static func date(text: String?) -> SheetCell {
        guard let text else { return .date(nil) }
        return LocalDate(text).map { .date($0) } ?? .text(text)
    }
}

/// One column of a sheet: its header (the name of the figure in metrics.json and the CSV files),
/// and how a row gives its cell.
public struct SheetColumn<Row>: Sendable {
    public let name: String
    let cell: @Sendable (Row) -> SheetCell

    public init(_ name: String, _ cell: @escaping @Sendable (Row) -> SheetCell) {
        self.name = name
        self.cell = cell
    }
}

/// A sheet declared as a list of typed columns over rows of one type: the header row is the
/// columns' names, each row one line. Adding a sheet to the workbook is declaring one of these
/// and naming where its rows come from (``ReportWorkbook/sheets``).
public struct SheetTable<Row>: Sendable {
    /// The sheet's tab name (at most 31 characters, none of `[]:*?/\`).
    public let name: String
    public let columns: [SheetColumn<Row>]

    public init(_ name: String, _ columns: [SheetColumn<Row>]) {
        self.name = name
        self.columns = columns
    }

    /// The header names, in order.
    public var header: [String] { columns.map(\.name) }

    /// The cells of one row, in column order.
    func cells(of row: Row) -> [SheetCell] { columns.map { $0.cell(row) } }
}
