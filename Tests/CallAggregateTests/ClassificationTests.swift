import CallModel
import Testing

@testable import CallAggregate

@Suite("Call classification (SPEC §4)")
struct ClassificationTests {
    static let start = at("2026-10-01 10:00:00")

    @Test(
        "answered ignores case; anything else is unanswered",
        arguments: [
            ("answered", true), ("Answered", true), ("ANSWERED", true), ("NotAnswered", false),
            ("Unanswered", false), ("answered-late", false), (nil, false),
        ] as [(String?, Bool)])
    func answered(status: String?, expected: Bool) {
        #expect(CallRecord(start: Self.start, status: status).isAnswered == expected)
    }

    @Test(
        "handle is handling when present, else talk + hold + wrapup",
        arguments: [
            (nil, 100, 20, 30, 150),
            (200, 1, 2, 3, 200),
            (0, 90, 5, 5, 0),  // a present 0 is a value, not a reason to fall back
            (nil, 0, 0, 0, 0),
            (nil, 45, 0, 0, 45),
        ] as [(Int?, Int, Int, Int, Int)])
    func handle(handling: Int?, talk: Int, hold: Int, wrapup: Int, expected: Int) {
        let call = CallRecord(
            start: Self.start, talk: talk, hold: hold, wrapup: wrapup, handling: handling, status: "answered")
        #expect(call.handleSeconds == expected)
    }

    struct TransferCase: Sendable, CustomTestStringConvertible {
        var status: String? = "answered"
        var transferType: String?
        var transferredTo: String?
        var expected: Bool
        var testDescription: String {
            "status \(status ?? "nil"), type \(transferType.map { "\"\($0)\"" } ?? "nil"), to \(transferredTo ?? "nil") → \(expected)"
        }
    }

    @Test(
        "transfer rule",
        arguments: [
            TransferCase(transferType: "No Transfers", expected: false),
            TransferCase(transferType: "no transfers", expected: false),
            TransferCase(transferType: "No Transfer", expected: false),
            TransferCase(transferType: "NONE", expected: false),
            TransferCase(transferType: "none", expected: false),
            TransferCase(transferType: "0", expected: false),
            TransferCase(transferType: "", expected: false),
            TransferCase(transferType: "   ", expected: false),
            TransferCase(transferType: nil, expected: false),
            TransferCase(transferType: "Blind", expected: true),
            TransferCase(transferType: "Warm", expected: true),
            TransferCase(transferType: "1", expected: true),
            TransferCase(transferType: "No Transfers", transferredTo: "5001", expected: true),
            TransferCase(transferType: nil, transferredTo: "5001", expected: true),
            TransferCase(transferType: nil, transferredTo: "", expected: false),
            TransferCase(status: "Unanswered", transferType: "Blind", expected: false),
            TransferCase(status: nil, transferType: nil, transferredTo: "5001", expected: false),
        ])
    func transfer(_ c: TransferCase) {
        let call = CallRecord(
            start: Self.start, status: c.status, transferType: c.transferType, transferredTo: c.transferredTo)
        #expect(call.isTransferred == c.expected)
    }

    @Test(
        "service level counts answered calls with timeToAnswer ≤ T (T = 20)",
        arguments: [
            (19, "answered", 1.0), (20, "answered", 1.0), (21, "answered", 0.0), (0, "Unanswered", 0.0),
        ] as [(Int, String, Double)])
    func serviceLevelBoundary(timeToAnswer: Int, status: String, expected: Double) {
        let call = CallRecord(start: Self.start, timeToAnswer: timeToAnswer, status: status)
        let m = metrics([call], options: AggregateOptions(period: samplePeriod, serviceLevelSeconds: 20))
        #expect(m.totals.serviceLevel == expected)
    }

    @Test("the threshold is the option's, not a constant")
    func serviceLevelOption() {
        let calls = [10, 30, 60].map {
            CallRecord(start: Self.start, timeToAnswer: $0, status: "answered")
        }
        let m = metrics(calls, options: AggregateOptions(period: samplePeriod, serviceLevelSeconds: 30))
        #expect(m.totals.serviceLevel == 2.0 / 3)
        #expect(m.period.serviceLevelSeconds == 30)
    }
}
