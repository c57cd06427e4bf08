import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive advisory lock (flock) on a file, so that separate runs of
/// callreport (cron and a person at a terminal) take turns on shared state.
/// The kernel drops the lock when the process dies, so a killed run never
/// leaves the archive locked.
enum FileLock {
    static func withLock<T>(at url: URL, _ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FetchError.archive(url.path, String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FetchError.archive(url.path, String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

/// An exclusive flock held across awaits, for as long as one run fills the
/// archive, so that two runs never plan and fetch the same windows. The
/// holder writes its pid into the file, for the other run's message.
final class HeldLock: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// The lock, or `Busy` (with the holder's pid when known) when another process holds it.
    static func tryAcquire(at url: URL) throws -> Result<HeldLock, Busy> {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FetchError.archive(url.path, String(cString: strerror(errno))) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let failure = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            guard failure == EWOULDBLOCK else {
                throw FetchError.archive(url.path, String(cString: strerror(failure)))
            }
            let text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
            return .failure(Busy(pid: Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return .success(HeldLock(fd: fd))
    }

    struct Busy: Error {
        let pid: Int32?
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// Low-level file writing shared by the archive and the ledger.
enum DurableFile {
    /// A temporary name in `folder` that tells which process owns it.
    static func temporaryURL(in folder: URL) -> URL {
        folder.appendingPathComponent(".tmp-\(getpid())-\(UUID().uuidString)")
    }

    /// True for a temporary file whose writer is gone (killed mid-write).
    static func isAbandonedTemporary(_ name: String) -> Bool {
        guard name.hasPrefix(".tmp-") else { return false }
        let parts = name.dropFirst(5).split(separator: "-", maxSplits: 1)
        guard let pid = parts.first.flatMap({ pid_t($0) }) else { return true }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Creates `url` (0600, must not exist), lets `body` write to it, then syncs it to disk.
    static func write(_ url: URL, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FetchError.archive(url.path, String(cString: strerror(errno))) }
        defer { close(fd) }
        try body { bytes in
            if let failure = bytes.withUnsafeBytes({ writeAll(fd, $0) }) {
                throw FetchError.archive(url.path, String(cString: strerror(failure)))
            }
        }
        guard fsync(fd) == 0 else { throw FetchError.archive(url.path, String(cString: strerror(errno))) }
    }

    /// Writes every byte to `fd`, again after a signal; the `errno` of a failure, else `nil`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Renames into place and syncs the folder, so the new name survives a power cut.
    static func commit(_ temporary: URL, as target: URL) throws {
        guard rename(temporary.path, target.path) == 0 else {
            throw FetchError.archive(target.path, String(cString: strerror(errno)))
        }
        let folder = open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}
