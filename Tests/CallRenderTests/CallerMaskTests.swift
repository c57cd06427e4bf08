import CallModel
import Testing

@testable import CallRender

@Suite("--mask-callers")
struct CallerMaskTests {
    @Test(
        "every digit but the last four is hidden; other characters stay",
        arguments: [
            ("919876543210", "********3210"), ("+91 98765 43210", "+** ***** *3210"), ("1234", "1234"),
            ("12", "12"), ("", ""), ("anonymous", "anonymous"),
        ])
    func mask(number: String, expected: String) {
        #expect(CallerMask.mask(number) == expected)
    }

    @Test("only the caller number of a record changes")
    func record() {
        let start = LocalDateTime("2026-10-01 10:00:00")!
        let record = CallRecord(start: start, ucid: "12345678901", callerId: "919800000001", agentId: "919800000002")
        let masked = CallerMask.masked(record)
        #expect(masked.callerId == "********0001")
        #expect(masked.ucid == "12345678901")
        #expect(masked.agentId == "919800000002")
    }
}
