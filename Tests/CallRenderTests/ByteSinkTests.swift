import Testing

@testable import CallRender

@Suite("Byte sink")
struct ByteSinkTests {
    @Test("growing keeps what was written; every kind of put lands in order")
    func growth() {
        let owner = ByteSink.Owner(capacity: 4)
        owner.sink.reserve(3)
        owner.sink.put(UInt8(ascii: "a"))
        owner.sink.put("bc")
        let long = Array(repeating: UInt8(ascii: "x"), count: 1000)
        owner.sink.reserve(long.count + 1)
        #expect(owner.sink.capacity >= 1003)
        long.withUnsafeBufferPointer { owner.sink.put($0) }
        owner.sink.putText("q\"", slack: 0)
        #expect(Array(owner.sink.bytes) == Array("abc".utf8) + long + Array("\"q\"\"\"".utf8))
        owner.sink.count = 0
        owner.sink.putText("=1", slack: 0)
        #expect(Array(owner.sink.bytes) == Array("'=1".utf8))
    }
}
