/// Raw memory that the streamed calls.csv is written into through a pointer.
///
/// An `[UInt8]` checks uniqueness and capacity on every append, and a row of
/// calls.csv was some fifty appends, a million rows a month. Here the writer
/// makes room once for a piece whose greatest length it knows
/// (``reserve(_:)``), then writes it at ``end`` with no check per byte. That
/// makes it only as safe as those reservations: ``CallColumns/appendRow``
/// keeps ``CallColumns/rowSlack`` bytes free past every text cell, enough for
/// all the fixed-width cells of a row, and writes nothing longer unreserved.
struct ByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes written so far. A writer that puts bytes at ``end`` itself adds their number.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// Where the next byte goes.
    var end: UnsafeMutablePointer<UInt8> { base + count }

    /// What has been written, for the file.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `extra` more bytes, moving what is written to a larger block if needed.
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let larger = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    /// Puts one byte; the room must be reserved.
    mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Puts bytes; the room must be reserved.
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        end.initialize(from: start, count: bytes.count)
        count += bytes.count
    }

    /// Puts fixed ASCII text (`true`, `false`); the room must be reserved.
    mutating func put(_ text: StaticString) {
        end.initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    /// Puts a text cell by the rules of ``CSVField/putText(_:at:)``, reserving its room and
    /// `slack` bytes more.
    mutating func putText(_ text: String, slack: Int) {
        CSVField.withUTF8(of: text) { bytes in
            reserve(CSVField.maxTextBytes(bytes.count) + slack)
            count += CSVField.putText(bytes, at: end)
        }
    }

    func deallocate() { base.deallocate() }

    /// Owns a sink's memory, so that a struct holding one (``CallsCSVWriter``) frees it when
    /// dropped without a deinit of its own.
    final class Owner {
        var sink: ByteSink

        init(capacity: Int) { sink = ByteSink(capacity: capacity) }

        deinit { sink.deallocate() }
    }
}
