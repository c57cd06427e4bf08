import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// The same hand-written calls as a JSON and as an XML response (Fixtures/calls.*), with the
/// expectations worked out by hand from SPEC §3.
@Suite("Fixtures")
struct FixtureTests {
    static let expected: [CallRecord] = [
        CallRecord(
            start: at("2026-10-01 09:15:00"), ucid: "48712345678912345678", monitorUcid: "48712345678912345679",
            campaign: "Inbound_Sales", skill: "Sales", location: "Bengaluru", did: "918061234567",
            callerId: "9876543210", type: "InBound", agentId: "AG001", agentName: "<script>alert(1)</script>",
            end: at("2026-10-01 09:21:33"), timeToAnswer: 12, talk: 318, hold: 30, wrapup: 45, handling: 393,
            status: "Answered", disposition: "Sale, closed", hangupBy: "UserHangup", transferType: "No Transfers",
            transferredTo: nil, dialStatus: "answered"),
        CallRecord(
            start: at("2026-10-01 10:00:05"), ucid: "12345678901234567", campaign: "Outbound \"Renewals\", Q4",
            skill: "a|b", callerId: "+91 98450 12345", type: "Manual", agentName: "=HYPERLINK(\"x\")",
            end: at("2026-10-01 14:05:20"), timeToAnswer: 7, talk: 4 * 3600 + 5 * 60 + 9, hold: 90, wrapup: 30,
            status: "answered", hangupBy: "AgentHangup", transferType: "Blind", transferredTo: "AG007"),
        CallRecord(
            start: at("2026-10-02 23:59:59"), ucid: "48712345678912300003", campaign: "Inbound_Sales",
            skill: "Sales", agentId: "AG002", agentName: "राहुल 😀", status: "Unanswered",
            disposition: "line one\nline two"),
        CallRecord(start: at("2026-10-03 08:00:00"), skill: "Support", status: "Unanswered", hasInvalidDuration: true),
        CallRecord(start: at("2026-10-03 08:00:00"), skill: "Support", status: "Unanswered", hasInvalidDuration: true),
    ]

    static func readFixture(_ name: String) throws -> (Collected, NormalizeCounts) {
        var normalizer = Normalizer()
        var collected = Collected()
        try normalizer.read(
            fileAt: try fixture(name),
            record: { collected.records.append($0) }, quarantine: { collected.quarantined.append($0) })
        return (collected, normalizer.counts)
    }

    @Test("each fixture gives the hand-computed records and counts", arguments: ["calls.json", "calls.xml"])
    func handComputed(name: String) throws {
        let (collected, counts) = try Self.readFixture(name)
        #expect(collected.records.count == Self.expected.count)
        for (got, want) in zip(collected.records, Self.expected) { #expect(got == want) }

        #expect(collected.quarantined.map(\.reason) == [.missingStart, .invalidStart])
        #expect(collected.quarantined.map(\.position) == [4, 5])
        #expect(collected.quarantined.allSatisfy { $0.source == name })
        #expect(
            collected.quarantined[0].fields.map { KeyNormalizer.normalize($0.key) } == [
                "ucid", "agentid", "starttime", "status",
            ])

        var want = NormalizeCounts()
        want.inputRecords = 8
        want.quarantined = 2
        want.missingStart = 1
        want.invalidStart = 1
        want.duplicates = 1
        want.invalidDurationAmongDuplicates = 1
        want.responses = 1
        #expect(counts == want)
    }

    @Test("the JSON and the XML fixture give identical records")
    func sameRecords() throws {
        let json = try Self.readFixture("calls.json")
        let xml = try Self.readFixture("calls.xml")
        #expect(json.0.records == xml.0.records)
        #expect(json.1 == xml.1)
    }

    @Test("the API key of the fixtures appears in no output")
    func noKey() throws {
        for name in ["calls.json", "calls.xml"] {
            let (collected, _) = try Self.readFixture(name)
            let lines = collected.quarantined.map(QuarantineLine.json(for:)).joined(separator: "\n")
            #expect(!lines.contains("KK0123456789abcdef"))
            #expect(!String(describing: collected.records).contains("KK0123456789abcdef"))
        }
    }
}
