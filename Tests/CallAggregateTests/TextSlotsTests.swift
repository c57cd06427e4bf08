import Testing

@testable import CallAggregate

@Suite("Text slots")
struct TextSlotsTests {
    @Test("texts are numbered in first-seen order, and found again by their exact code points")
    func firstSeen() {
        var slots = TextSlots()
        let texts = ["Sales", "", "sales", "caf\u{E9}", "cafe\u{301}", "Sales ", "a much longer text than eight bytes"]
        #expect(texts.map { slots.slot($0) } == Array(texts.indices))
        // Canonically equivalent spellings stay apart (SPEC §4: exact keys).
        #expect(texts.reversed().map { slots.slot($0) } == Array(texts.indices.reversed()))
        #expect(slots.texts == texts)
        #expect(slots.existingSlot("cafe\u{301}") == 4)
        #expect(slots.existingSlot("Support") == nil)
        #expect(slots.count == texts.count)
    }

    @Test("a month of caller numbers: every one keeps its slot as the table grows")
    func many() {
        var slots = TextSlots()
        // Numbers that differ only in their last digits, and a few lengths around eight bytes.
        let numbers =
            (0..<50_000).map { "91990\(100_000 + $0)" } + (0..<2000).map { String($0) }
            + (0..<2000).map { "x\($0)-" + String(repeating: "7", count: $0 % 20) }
        var numbered = 0
        for (index, number) in numbers.enumerated() where slots.slot(number) == index { numbered += 1 }
        #expect(numbered == numbers.count)
        var found = 0
        for (index, number) in numbers.enumerated() where slots.slot(number) == index { found += 1 }
        #expect(found == numbers.count)
        #expect(slots.count == numbers.count)
        #expect(slots.existingSlot("9199099999999") == nil)
    }
}
