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
final class AtomicFileOutput {
    let destination: URL
    private let temporary: URL
    private let handle: FileHandle
    private var isFinished = false

    init(destination: URL) throws {
        self.destination = destination
        let folder = destination.deletingLastPathComponent()
        temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw RenderError.write(destination, reason: Self.reason(for: folder))
        }
        do {
            handle = try FileHandle(forWritingTo: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RenderError.write(destination, reason: error.localizedDescription)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw RenderError.write(destination, reason: error.localizedDescription)
        }
    }

    /// Closes the file and puts it in place, replacing an older one.
    func commit() throws {
        guard !isFinished else { return }
        isFinished = true
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RenderError.write(destination, reason: error.localizedDescription)
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
    /// Writes `data` to `url` atomically; throws ``RenderError`` on failure.
    public static func write(_ data: Data, to url: URL) throws {
        try write([UInt8](data), to: url)
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        let output = try AtomicFileOutput(destination: url)
        try output.write(bytes)
        try output.commit()
    }
}
