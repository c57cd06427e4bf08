/// The record builders of the building threads (each with its own key cache), two sets so that
/// two batches can be in flight. Lives as long as one response is read.
final class BuilderPool: @unchecked Sendable {
    private let builders: UnsafeMutableBufferPointer<RecordBuilder>

    init(count: Int, from prototype: RecordBuilder) {
        builders = .allocate(capacity: count)
        builders.initialize(repeating: prototype)
    }

    func builders(set: Int, count: Int) -> UnsafeMutableBufferPointer<RecordBuilder> {
        UnsafeMutableBufferPointer(rebasing: builders[set * count..<(set + 1) * count])
    }

    deinit {
        builders.deinitialize()
        builders.deallocate()
    }
}
