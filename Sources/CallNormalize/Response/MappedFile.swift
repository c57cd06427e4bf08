import CallModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A response file mapped into memory, read front to back.
///
/// Pages already read are given back (`release(upTo:)`), so a 900 MB response costs a few
/// megabytes of resident memory instead of its size.
final class MappedFile {
    let descriptor: Int32
    let bytes: UnsafeRawBufferPointer
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Pages are given back in steps of this many bytes, not after every batch.
    private static let releaseStep = 16 << 20

    /// `nil` when the file cannot be opened or mapped, or is empty; the caller then reads it the
    /// ordinary way, which says why.
    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0,
            let base = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED
        else {
            closeDescriptor(fd)
            return nil
        }
        _ = madvise(base, Int(info.st_size), MADV_SEQUENTIAL)
        descriptor = fd
        bytes = UnsafeRawBufferPointer(start: base, count: Int(info.st_size))
    }

    /// The mapped bytes as `Data`, without a copy; valid until `close()`.
    var data: Data {
        Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count,
            deallocator: .none)
    }

    /// Gives back the pages wholly before `offset`; reading them again later is still correct
    /// (they come back from the file), only slower.
    func release(upTo offset: Int) {
        let end = min(offset, bytes.count) / Self.pageSize * Self.pageSize
        guard end - released >= Self.releaseStep || (end > released && offset >= bytes.count) else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress! + released), end - released, MADV_DONTNEED)
        released = end
    }

    /// Whether any form of `secrets` occurs in the file. Read a step at a time (steps overlap by
    /// the longest form), each step's pages given back after it, so that the check does not make
    /// the whole file resident before it is read.
    func holds(_ secrets: SecretForms) -> Bool {
        guard !secrets.isEmpty else { return false }
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Self.releaseStep)
            let upTo = min(bytes.count, end + secrets.longest - 1)
            if secrets.occurs(in: UnsafeRawBufferPointer(rebasing: bytes[start..<upTo])) { return true }
            let first = start / Self.pageSize * Self.pageSize
            let last = end / Self.pageSize * Self.pageSize
            if last > max(first, released) {
                let from = max(first, released)
                _ = madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress! + from), last - from, MADV_DONTNEED)
            }
            start = end
        }
        return false
    }

    func close() {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count)
        closeDescriptor(descriptor)
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
        _ = Glibc.close(descriptor)
    #elseif canImport(Darwin)
        _ = Darwin.close(descriptor)
    #endif
}
