import CallModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output file that appears whole or not at all: bytes go to a hidden
/// temporary file in the same folder, which is renamed over the destination
/// at the end. A spreadsheet, a mail job or the next run (`--compare-to`)
/// therefore never reads a half-written report, and a failed run leaves the
/// previous report intact. Same folder, because `rename` is atomic only
/// within one file system.
public final class AtomicFileOutput {
    public let destination: URL
    private let temporary: URL
    private let handle: FileHandle
    private var isFinished = false
    /// Bytes written so far, and how many of them the system was asked to start storing.
    private var written: Int64 = 0
    private var handedToDisk: Int64 = 0
    /// A large output (calls.csv) is handed to the disk in steps of this many bytes while it is
    /// written, so that `commit`'s flush, which the whole run waits for, has little left to do.
    private static let diskStep: Int64 = 16 << 20

    public init(destination: URL) throws {
        self.destination = destination
        let folder = destination.deletingLastPathComponent()
        temporary = AtomicFile.temporaryURL(for: destination)
        // Created here, not with FileManager.createFile: that writes its own hidden temporary
        // (`.dat.nosync…`) and renames it, and a run killed in between left that file in the
        // report folder, where nothing removes it (found by the SIGKILL fault test).
        let mode: mode_t = AtomicFile.holdsCallerNumbers(destination.lastPathComponent) ? 0o600 : 0o666
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw RenderError.write(destination, reason: Self.reason(for: folder))
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    public func write(_ bytes: some DataProtocol) throws {
        guard !bytes.isEmpty else { return }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw RenderError.write(destination, reason: ErrorText.phrase(error))
        }
        written += Int64(bytes.count)
        if written - handedToDisk >= Self.diskStep {
            #if os(Linux)
                // On Linux this starts writing the range back without waiting for it (and
                // drops its pages from the cache once clean); elsewhere it is only advice.
                _ = posix_fadvise(
                    handle.fileDescriptor, off_t(handedToDisk), off_t(written - handedToDisk), POSIX_FADV_DONTNEED)
            #endif
            handedToDisk = written
        }
    }

    /// Closes the file and puts it in place, replacing an older one.
    public func commit() throws {
        guard !isFinished else { return }
        isFinished = true
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RenderError.write(destination, reason: ErrorText.phrase(error))
        }
        // POSIX rename replaces the destination atomically; FileManager's
        // moveItem would refuse an existing file.
        if rename(temporary.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw RenderError.write(destination, reason: reason)
        }
    }

    /// A writer dropped without `commit` (an error on the way) leaves no
    /// temporary file behind.
    deinit {
        if !isFinished {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    private static func reason(for folder: URL) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            return "the folder \(folder.path) does not exist"
        }
        if !isDirectory.boolValue { return "\(folder.path) is not a folder" }
        return "cannot create a file in \(folder.path) (permissions?)"
    }
}

/// Whole-file atomic writes for outputs made in memory: a temporary file in
/// the destination's folder, renamed over the destination when complete.
/// Public so that the other outputs of a run (e.g. `summary.eml`) are
/// written the same way.
public enum AtomicFile {
    /// The outputs that hold caller numbers (SPEC §7): created readable by their owner only.
    public static let callerNumberFiles: Set<String> = ["calls.csv", "missed.csv", "quarantine.jsonl", "report.xlsx"]

    static func holdsCallerNumbers(_ name: String) -> Bool { callerNumberFiles.contains(name) }

    /// Writes `data` to `url` atomically; throws ``RenderError`` on failure.
    public static func write(_ data: Data, to url: URL) throws {
        try write([UInt8](data), to: url)
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        let output = try AtomicFileOutput(destination: url)
        try output.write(bytes)
        try output.commit()
    }

    /// A hidden name beside `destination` that tells which process writes it:
    /// `.<name>.<pid>-<UUID>.tmp`. A run's outputs go to its own staging folder (CallPipeline),
    /// so a temporary that a killed run left goes with that folder, which the next run removes.
    public static func temporaryURL(for destination: URL) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).\(getpid())-\(UUID().uuidString).tmp")
    }
}
