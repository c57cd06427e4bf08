import CallDemo
import CallModel
import Testing

@testable import CallNormalize

@Suite("Seen calls")
struct SeenCallsTests {
    /// A record with the three fields that identify a call.
    private static func call(ucid: String?, agent: String?, minute: Int) -> CallRecord {
        let start = LocalDateTime(
            date: LocalDate("2026-10-01")!.adding(days: minute / 1440), hour: minute / 60 % 24, minute: minute % 60,
            second: 0)!
        return CallRecord(start: start, ucid: ucid, agentId: agent)
    }

    @Test("tells a call seen before from a new one, as a set of the three fields does, through growth")
    func agreesWithASet() {
        var rng = SeededGenerator(seed: 0x5EE2)
        var seen = SeenCalls()
        seen.reserveCapacity(10)  // far too small: the table must grow many times
        var reference: Set<[String]> = []
        var duplicates = 0
        for _ in 0..<60_000 {
            // Few distinct values, so that a good share of calls repeat an earlier one; UCIDs as
            // numbers, with leading zeros (kept as text) and as other text.
            let number = Int.random(in: 0..<2_000, using: &rng)
            let ucid = ["\(number)", "0\(number)", "U-\(number)"].randomElement(using: &rng)!
            let agent = Bool.random(using: &rng) ? "AG\(Int.random(in: 0..<3, using: &rng))" : nil
            let minute = Int.random(in: 0..<3, using: &rng)
            let identity = Normalizer.CallIdentity(Self.call(ucid: ucid, agent: agent, minute: minute))!
            let new = reference.insert([ucid, agent ?? "\u{0}none", String(minute)]).inserted
            #expect(seen.insert(identity) == new)
            if !new { duplicates += 1 }
        }
        #expect(seen.count == reference.count)
        #expect(duplicates > 10_000, "the test must meet many duplicates")
    }

    @Test("a call without UCID has no identity, so it is never a duplicate")
    func noUCID() {
        #expect(Normalizer.CallIdentity(Self.call(ucid: nil, agent: "AG1", minute: 0)) == nil)
    }
}
