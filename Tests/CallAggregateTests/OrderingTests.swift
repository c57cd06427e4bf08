import CallModel
import Testing

@testable import CallAggregate

@Suite("Row order and code-point comparison")
struct OrderingTests {
    @Test(
        "code-point order, not Swift's canonical-equivalence order",
        arguments: [
            ("Z", "a", true),  // U+005A < U+0061
            ("a", "Z", false),
            ("e\u{301}", "\u{E9}", true),  // U+0065 U+0301 < U+00E9, though Swift finds them equal
            ("\u{E9}", "e\u{301}", false),
            ("\u{C6}", "\u{212B}", true),  // Æ U+00C6 < Å (Angstrom sign) U+212B; Swift puts Å (NFC U+00C5) first
            ("ab", "abc", true),
            ("abc", "abc", false),
            ("(none)", "Outbound", true),
            ("z", "\u{1F600}", true),
            ("\u{FFFD}", "\u{1F600}", true),  // beyond the BMP sorts after it, as by code point
        ] as [(String, String, Bool)])
    func codePoints(lhs: String, rhs: String, expected: Bool) {
        #expect(CodePointOrder.areInIncreasingOrder(lhs, rhs) == expected)
        let scalars = { (s: String) in s.unicodeScalars.map(\.value) }
        #expect(scalars(lhs).lexicographicallyPrecedes(scalars(rhs)) == expected)
    }

    @Test("Swift's own String order would differ for these")
    func swiftDiffers() {
        #expect(!("e\u{301}" < "\u{E9}") && "e\u{301}" == "\u{E9}")
        #expect("\u{212B}" < "\u{C6}")
        #expect(!CodePointOrder.areIdentical("e\u{301}", "\u{E9}"))
    }

    @Test("agents: answered descending, then name, then id")
    func agentOrder() {
        let start = at("2026-10-01 10:00:00")
        func calls(_ id: String, _ name: String, answered: Int, unanswered: Int = 0) -> [CallRecord] {
            Array(
                repeating: CallRecord(start: start, agentId: id, agentName: name, status: "answered"), count: answered)
                + Array(
                    repeating: CallRecord(start: start, agentId: id, agentName: name, status: "Unanswered"),
                    count: unanswered)
        }
        let m = metrics(
            calls("b", "Zed", answered: 1) + calls("a", "Zed", answered: 1) + calls("c", "alpha", answered: 1)
                + calls("d", "\u{C9}mile", answered: 1) + calls("e", "Emile", answered: 1)
                + calls("f", "Most", answered: 2) + calls("g", "Idle", answered: 0, unanswered: 5))
        #expect(m.agents.map(\.id) == ["f", "e", "a", "b", "c", "d", "g"])
    }

    @Test("skills and campaigns: offered descending, then name by code point")
    func groupOrder() {
        let start = at("2026-10-01 10:00:00")
        let names = ["b", "B", "\u{E9}", "e\u{301}", "a", "(none)-like"]
        var records = names.map { CallRecord(start: start, campaign: $0, skill: $0) }
        records += [CallRecord(start: start, campaign: "a", skill: "a"), CallRecord(start: start)]
        let m = metrics(records)
        // "a" has 2; the rest 1 each, by code point: "(" < "(n…" < "B" < "b" < "e\u{301}" < "\u{E9}".
        let expected = ["a", "(none)", "(none)-like", "B", "b", "e\u{301}", "\u{E9}"]
        #expect(
            m.skills.map(\.name).map { $0.unicodeScalars.map(\.value) }
                == expected.map { $0.unicodeScalars.map(\.value) })
        #expect(
            m.campaigns.map(\.name).map { $0.unicodeScalars.map(\.value) }
                == expected.map { $0.unicodeScalars.map(\.value) })
    }

    @Test("group keys are exact: case and canonically equivalent spellings stay apart")
    func exactKeys() {
        let start = at("2026-10-01 10:00:00")
        let m = metrics([
            CallRecord(start: start, skill: "Sales"), CallRecord(start: start, skill: "sales"),
            CallRecord(start: start, skill: "Ren\u{E9}e", agentName: "Ren\u{E9}e"),
            CallRecord(start: start, skill: "Rene\u{301}e", agentName: "Rene\u{301}e"),
        ])
        #expect(m.skills.count == 4)
        #expect(m.agents.count == 2)
    }

    @Test("agent name: the first agentName seen for the key, else the key")
    func agentName() {
        let start = at("2026-10-01 10:00:00")
        let m = metrics([
            CallRecord(start: start, agentId: "7"),
            CallRecord(start: start, agentId: "7", agentName: "Priya"),
            CallRecord(start: start, agentId: "7", agentName: "Priya S"),
            CallRecord(start: start, agentId: "8"),
            CallRecord(start: start, agentName: "Ravi"),
        ])
        // None answered, so by name: "8" (U+0038) < "Priya" < "Ravi".
        #expect(m.agents.map(\.id) == ["8", "7", "Ravi"])
        #expect(m.agents.first { $0.id == "7" }?.name == "Priya")
        #expect(m.agents.first { $0.id == "7" }?.offered == 3)
        #expect(m.agents.first { $0.id == "8" }?.name == "8")
        #expect(m.agents.first { $0.id == "Ravi" }?.name == "Ravi")
    }
}
