import CallModel
import Testing

@testable import CallNormalize

@Suite("Key matching")
struct KeyTests {
    @Test(
        "keys are lower-cased and reduced to letters and digits",
        arguments: [
            ("Campaign Name", "campaignname"), ("Campaign_Name", "campaignname"), ("CampaignName", "campaignname"),
            ("Caller Id", "callerid"), ("HANGUP-BY", "hangupby"), ("  Total.Handling Time ", "totalhandlingtime"),
            ("Api Key", "apikey"), ("monitorUCID", "monitorucid"), ("Field2", "field2"), ("", ""),
            ("नाम", "नाम"),
        ])
    func normalize(key: String, expected: String) {
        #expect(KeyNormalizer.normalize(key) == expected)
    }

    /// Every alias of SPEC §3, spelled as a server might send it, with the field it feeds.
    /// Written out by hand from the SPEC, not derived from the code's table.
    static let aliases: [(String, CanonicalField)] = [
        ("UCID", .ucid), ("CallID", .ucid), ("Call Id", .ucid),
        ("monitorUCID", .monitorUcid),
        ("CampaignName", .campaign), ("Campaign Name", .campaign), ("Campaign", .campaign),
        ("Skill", .skill), ("Skill Name", .skill),
        ("Location", .location),
        ("Did", .did), ("DID", .did),
        ("CallerID", .callerId), ("Caller Id", .callerId), ("CallerNo", .callerId), ("Caller Number", .callerId),
        ("Type", .type), ("Call Type", .type),
        ("AgentID", .agentId), ("Agent Id", .agentId),
        ("AgentName", .agentName), ("Agent", .agentName),
        ("StartTime", .start), ("Start Time", .start),
        ("EndTime", .end), ("End_Time", .end),
        ("TimeToAnswer", .timeToAnswer),
        ("TalkTime", .talk), ("Duration", .talk),
        ("HoldDuration", .hold), ("Hold Time", .hold),
        ("WrapupDuration", .wrapup), ("Wrapup Time", .wrapup),
        ("TotalHandlingTime", .handling), ("Handling Time", .handling),
        ("Status", .status),
        ("Disposition", .disposition),
        ("HangupBy", .hangupBy), ("Hangup By", .hangupBy),
        ("TransferType", .transferType), ("Transfer", .transferType),
        ("TransferredTo", .transferredTo), ("Transferred To", .transferredTo),
        ("DialStatus", .dialStatus), ("Dial_Status", .dialStatus),
    ]

    @Test("each alias of the table feeds its field", arguments: aliases)
    func alias(key: String, field: CanonicalField) throws {
        let (value, expected): (String, String) =
            switch field {
            case .start, .end: ("2026-10-05T10:20:30", "2026-10-05 10:20:30")
            case .timeToAnswer, .talk, .hold, .wrapup, .handling: ("00:01:05", "65")
            default: ("value of \(key)", "value of \(key)")
            }
        var fields: [(String, RawValue)] = [(key, .string(value))]
        if field != .start { fields.insert(("StartTime", .string("2026-10-01 00:00:00")), at: 0) }
        let record = try #require(try build(fields).0)
        #expect(record.text(of: field) == expected)
    }

    @Test("every canonical field has a tested alias")
    func tableIsCovered() {
        let tested = Set(Self.aliases.map(\.1))
        #expect(tested == Set(CanonicalField.allCases))
        let testedKeys = Set(Self.aliases.map { KeyNormalizer.normalize($0.0) })
        let tableKeys = Set(CanonicalField.allCases.flatMap(\.aliases))
        #expect(testedKeys == tableKeys)
    }

    @Test("keys outside the table are not kept")
    func otherKeys() throws {
        let record = try #require(
            try build([("StartTime", .string("2026-10-01 00:00:00")), ("AudioFile", .string("x.wav"))]).0)
        #expect(record == CallRecord(start: at("2026-10-01 00:00:00")))
    }

    // MARK: - Which value wins

    @Test("table order beats record order: TalkTime wins over an earlier Duration")
    func tableOrder() throws {
        let record = try #require(
            try onlyRecord(#"{"Duration":"00:00:10","StartTime":"2026-10-01 00:00:00","TalkTime":"00:00:20"}"#))
        #expect(record.talk == 20)
        let other = try #require(
            try onlyRecord(#"{"Campaign":"B","CampaignName":"A","StartTime":"2026-10-01 00:00:00"}"#))
        #expect(other.campaign == "A")
    }

    @Test("a missing value gives way to the next alias")
    func missingGivesWay() throws {
        let record = try #require(
            try onlyRecord(
                #"{"TalkTime":"","Duration":"00:01:00","CampaignName":"none","Campaign":"B","StartTime":"2026-10-01 00:00:00"}"#
            ))
        #expect(record.talk == 60)
        #expect(record.campaign == "B")
    }

    @Test("keys that normalize alike: the first present in the record's order wins")
    func recordOrder() throws {
        let record = try #require(
            try onlyRecord(
                #"{"HangupBy":" ","Hangup By":"Agent","HANGUP_BY":"Customer","StartTime":"2026-10-01 00:00:00"}"#))
        #expect(record.hangupBy == "Agent")
        let exact = try #require(
            try onlyRecord(#"{"Status":"first","StartTime":"2026-10-01 00:00:00","Status":"second"}"#))
        #expect(exact.status == "first")
    }

    @Test("an invalid winner is not replaced by a later alias: TalkTime invalid, Duration valid → 0, flagged")
    func invalidWinnerStays() throws {
        let record = try #require(
            try onlyRecord(#"{"TalkTime":"abc","Duration":"00:01:00","StartTime":"2026-10-01 00:00:00"}"#))
        #expect(record.talk == 0)
        #expect(record.hasInvalidDuration)
    }
}
