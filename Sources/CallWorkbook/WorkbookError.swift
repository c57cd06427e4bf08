import CallModel

/// Why report.xlsx could not be written: libxlsxwriter refused to create the workbook, a sheet
/// or a cell, or could not assemble the file (a full disk, a folder that cannot be written).
///
/// Like every other output that cannot be written (`RenderError`), it exits with 78: the
/// output folder is the user's to fix, or `--no-xlsx` leaves the workbook out. The description
/// names the file and libxlsxwriter's reason:
///
///     Cannot write reports/2026-10/report.xlsx: Error creating output xlsx file. Usually a
///     permissions error (No space left on device).
public struct WorkbookError: Error, Equatable, ExitCodeProviding, CustomStringConvertible, Sendable {
    private enum Kind: Equatable, Sendable {
        case write(path: String, reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    public var exitStatus: ExitStatus { .configuration }

    public var description: String {
        switch kind {
        case .write(let path, let reason):
            return "Cannot write \(path): \(reason). Free space or permissions of the output folder may be "
                + "the cause; --no-xlsx leaves the workbook out."
        }
    }

    /// The workbook at `path` (as the report folder will name it) could not be written.
    public static func write(_ path: String, reason: String) -> WorkbookError {
        WorkbookError(.write(path: path, reason: reason))
    }
}
