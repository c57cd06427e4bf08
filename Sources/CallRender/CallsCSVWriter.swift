import CallModel
import Foundation

/// Streams `calls.csv`, one row per normalized call in the period, without
/// holding the file in memory: a big month is a million rows.
///
/// This is the default way `calls.csv` is made; the default templates
/// folder has no `calls.csv.mustache`. When a user's templates folder has
/// one, ``ReportRenderer/rendersCallsTemplate`` is true and the command line
/// hands the calls to ``ReportRenderer/render(_:context:calls:into:)``
/// instead, so the template renders in place of this stream.
///
/// Columns are SPEC §5's list; booleans are `true`/`false`; `handle` is the
/// handle seconds of an answered call and empty for an unanswered one;
/// `start` and `end` carry their offset (``OffsetFormatter``). The file is
/// written atomically: it appears under its name only after ``finish()``.
public struct CallsCSVWriter: ~Copyable {
    private let output: AtomicFileOutput
    private let offsets: OffsetFormatter
    /// The offset of the hour asked last: this writer alone uses it, so it needs no lock.
    private var lastHour = OffsetFormatter.LastHour()
    /// `--mask-callers`: only the last four digits of caller numbers.
    private let maskCallers: Bool
    /// Rows gathered for the next write (the writer cannot be copied, so it is its only owner).
    private let buffer: ByteSink.Owner

    /// Bytes gathered before one write: large enough that system calls do
    /// not dominate, small enough to be invisible in memory.
    private static let chunkSize = 64 * 1024

    /// Opens the file (as a temporary beside `url`) and writes the byte-order
    /// mark, unless `byteOrderMark` is false (`--no-bom`), and the header.
    public init(url: URL, timeZone: TimeZone, byteOrderMark: Bool, maskCallers: Bool) throws {
        self.maskCallers = maskCallers
        output = try AtomicFileOutput(destination: url)
        offsets = OffsetFormatter(timeZone: timeZone)
        var header: [UInt8] = byteOrderMark ? CSVField.byteOrderMark : []
        for (index, name) in CallColumns.names.enumerated() {
            if index > 0 { header.append(CSVField.separator) }
            CSVField.appendText(name, to: &header)
        }
        header.append(contentsOf: CSVField.rowEnd)
        buffer = ByteSink.Owner(capacity: Self.chunkSize + 4096)
        buffer.sink.reserve(header.count)
        header.withUnsafeBufferPointer { buffer.sink.put($0) }
    }

    /// Appends the row of one call.
    public mutating func write(_ record: CallRecord) throws {
        // Without masking the record is written as it came, not through a copy.
        if maskCallers {
            CallColumns.appendRow(CallerMask.masked(record), offsets: offsets, lastHour: &lastHour, to: &buffer.sink)
        } else {
            CallColumns.appendRow(record, offsets: offsets, lastHour: &lastHour, to: &buffer.sink)
        }
        if buffer.sink.count >= Self.chunkSize {
            try output.write(buffer.sink.bytes)
            buffer.sink.count = 0
        }
    }

    /// Writes what is buffered and puts the file in place. Call it once,
    /// last; a writer dropped without it leaves no file behind.
    public func finish() throws {
        try output.write(buffer.sink.bytes)
        try output.commit()
    }
}
