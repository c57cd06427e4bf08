import CallModel
import CallNormalize
import CallRender
import Foundation

/// `quarantine.jsonl`, created only when a record is quarantined, and never left stale:
/// an atomic output like every report file, committed only when the whole input was read.
struct QuarantineFile {
    let url: URL
    private var output: AtomicFileOutput?
    private var buffer: [UInt8] = []
    /// `--mask-callers`: records are kept as received, but for their caller numbers.
    private let maskCaller: ((String) -> String)?

    init(url: URL, maskCallers: Bool) throws {
        self.url = url
        self.maskCaller = maskCallers ? { CallerMask.mask($0) } : nil
    }

    mutating func write(_ record: QuarantinedRecord) throws {
        if output == nil { output = try AtomicFileOutput(destination: url) }
        buffer.append(contentsOf: QuarantineLine.json(for: record, maskCaller: maskCaller).utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { try flush() }
    }

    /// Drops what was written so far (the run failed): the output's temporary file goes with it.
    mutating func abandon() {
        output = nil
        buffer.removeAll()
    }

    mutating func finish() throws {
        guard let output else { return }
        try flush()
        try output.commit()
    }

    private mutating func flush() throws {
        try output?.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
