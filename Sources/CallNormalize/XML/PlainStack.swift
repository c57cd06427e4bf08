/// A growable stack of plain values in memory of its own: the walker pushes a leaf's text and cuts
/// the stack back about a hundred times a record, and an `Array` checks its uniqueness at each step
/// (its open elements too, pushed and popped thirty times a record).
final class PlainStack<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    /// The values, valid until the next push.
    var all: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func append(_ element: Element) {
        reserve(1)
        (base + count).initialize(to: element)
        count += 1
    }

    func append(_ elements: UnsafePointer<Element>, count added: Int) {
        reserve(added)
        (base + count).initialize(from: elements, count: added)
        count += added
    }

    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    var last: Element? { count > 0 ? base[count - 1] : nil }

    func removeLast() -> Element {
        count -= 1
        return base[count]
    }

    func popLast() -> Element? { count > 0 ? removeLast() : nil }

    /// Drops the values from `newCount` on (plain values need no deinitialization).
    func cut(to newCount: Int) { count = min(count, newCount) }

    private func reserve(_ added: Int) {
        guard count + added > capacity else { return }
        capacity = max(2 * capacity, count + added)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
    }
}
