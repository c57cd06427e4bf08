import Foundation

/// The open file, read for libxml2 in large blocks. libxml2's own file input (`xmlReaderForFd`)
/// asks the system for 4 KB at a time: a month's response of a gigabyte cost 280,000 `read` calls,
/// a few percent of the whole reading. libxml2 still asks for 4 KB at a time, now served from
/// memory; its parsing is the same, since its file input is the same kind of callback.
final class FileBlocks {
    private let descriptor: Int32
    private static let capacity = 1 << 20
    private let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    private var start = 0
    private var end = 0

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { buffer.deallocate() }

    /// Copies up to `count` next bytes of the file to `target`: how many, 0 at its end, -1 on a
    /// failed read (as libxml2's `xmlFdRead`).
    func read(into target: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        guard count > 0 else { return 0 }
        if start == end {
            var got: Int
            repeat {
                got = Foundation.read(descriptor, buffer, Self.capacity)
            } while got < 0 && errno == EINTR
            guard got > 0 else { return got < 0 ? -1 : 0 }
            start = 0
            end = got
        }
        let n = min(count, end - start)
        target.update(from: buffer + start, count: n)
        start += n
        return Int32(n)
    }
}
