import CallModel
import Foundation
import Testing

@testable import CallNormalize

@Suite("Duplicates")
struct DuplicateTests {
    @Test("same ucid, agent and start: the first is kept; T and space agree")
    func sameCall() throws {
        let (collected, counts) = try read(
            response(
                #"{"UCID":"1","AgentID":"A","StartTime":"2026-10-01 09:00:00","Disposition":"first"}"#,
                #"{"UCID":"1","AgentID":"A","StartTime":"2026-10-01T09:00:00","Disposition":"second"}"#))
        #expect(collected.records.map(\.disposition) == ["first"])
        #expect(counts.duplicates == 1)
        #expect(counts.inputRecords == 2)
        #expect(counts.normalized == 2)
    }

    @Test("a 20-digit ucid as a number and as a string is the same ucid")
    func numberAndString() throws {
        let (collected, counts) = try read(
            response(
                #"{"UCID":48712345678912345678,"StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"48712345678912345678","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"48712345678912345679","StartTime":"2026-10-01 09:00:00"}"#))
        #expect(collected.records.count == 2)
        #expect(counts.duplicates == 1)
    }

    @Test("UCIDs are compared as written: leading zeros, 19 and 20 digits, letters")
    func ucidSpellings() throws {
        let ucids = [
            "12", "012", "0", "00", "1234567890123456789", "01234567890123456789", "9999999999999999999",
            "18446744073709551616", "12a", "１２",
        ]
        let records = (ucids + ucids).map { #"{"UCID":"\#($0)","StartTime":"2026-10-01 09:00:00"}"# }
        let (collected, counts) = try read("[" + records.joined(separator: ",") + "]")
        #expect(collected.records.compactMap(\.ucid) == ucids)
        #expect(counts.duplicates == ucids.count)
    }

    @Test("the agent key is agentId, else agentName; two records without either share it")
    func agentKey() throws {
        let (collected, counts) = try read(
            response(
                #"{"UCID":"1","AgentID":"A","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"1","AgentID":"B","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"1","AgentName":"A","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"1","Agent":"Asha","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"1","AgentName":"Asha","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"1","StartTime":"2026-10-01 09:00:00"}"#,
                #"{"UCID":"1","StartTime":"2026-10-01 09:00:00","AgentID":""}"#,
                #"{"UCID":"1","AgentID":"A","StartTime":"2026-10-01 09:00:01"}"#))
        // Kept: A, B, Asha, (none), A at :01. Dropped: agentName A (same key as agentId A), Asha again, (none) again.
        #expect(collected.records.count == 5)
        #expect(counts.duplicates == 3)
    }

    @Test("records without ucid are never merged")
    func noUCID() throws {
        let record = #"{"AgentID":"A","StartTime":"2026-10-01 09:00:00"}"#
        let (collected, counts) = try read(
            response(record, record, #"{"UCID":"","AgentID":"A","StartTime":"2026-10-01 09:00:00"}"#))
        #expect(collected.records.count == 3)
        #expect(counts.duplicates == 0)
    }

    @Test("duplicates are found across responses read by one normalizer")
    func acrossResponses() throws {
        var normalizer = Normalizer()
        let record = #"{"UCID":"7","AgentID":"A","StartTime":"2026-10-30 23:59:00"}"#
        let first = try read(response(record), source: "w1.json", into: &normalizer)
        let second = try read(
            #"<xml><status>success</status><message><item><UCID>7</UCID><AgentID>A</AgentID><StartTime>2026-10-30T23:59:00</StartTime></item></message></xml>"#,
            source: "w2.xml", into: &normalizer)
        #expect(first.records.count == 1)
        #expect(second.records.isEmpty)
        #expect(normalizer.counts.duplicates == 1)
        #expect(normalizer.counts.responses == 2)
    }

    @Test("a dropped duplicate with an invalid duration is counted")
    func invalidAmongDuplicates() throws {
        let (collected, counts) = try read(
            response(
                #"{"UCID":"1","StartTime":"2026-10-01 09:00:00","TalkTime":"bad"}"#,
                #"{"UCID":"1","StartTime":"2026-10-01 09:00:00","TalkTime":"bad"}"#,
                #"{"UCID":"1","StartTime":"2026-10-01 09:00:00","TalkTime":"00:00:10"}"#))
        #expect(collected.records.count == 1)
        #expect(collected.records[0].hasInvalidDuration)
        #expect(counts.duplicates == 2)
        #expect(counts.invalidDurationAmongDuplicates == 1)
    }

    @Test("quarantined records take no part in duplicates")
    func quarantineFirst() throws {
        let (collected, counts) = try read(
            response(
                #"{"UCID":"1","StartTime":"2026-10-01 25:00:00"}"#,
                #"{"UCID":"1","StartTime":"2026-10-01 09:00:00"}"#))
        #expect(collected.records.count == 1)
        #expect(counts.quarantined == 1)
        #expect(counts.duplicates == 0)
    }
}

@Suite("Reading only some dates")
struct IncludingTests {
    @Test("records on dates the filter refuses are skipped before anything counts them")
    func skipped() throws {
        var normalizer = Normalizer()
        var records: [CallRecord] = []
        var quarantined: [QuarantinedRecord] = []
        let body = response(
            #"{"UCID":"1","StartTime":"2026-10-01 09:00:00"}"#,
            #"{"UCID":"2","StartTime":"2026-10-02 09:00:00","TalkTime":"bad"}"#,
            #"{"UCID":"3"}"#,
            #"{"UCID":"1","StartTime":"2026-10-01 09:00:00"}"#)
        let onlyFirst = LocalDate("2026-10-01")!
        try normalizer.read(
            Data(body.utf8), source: "old.json", including: { $0 == onlyFirst },
            record: { records.append($0) }, quarantine: { quarantined.append($0) })
        #expect(records.map(\.ucid) == ["1"])
        #expect(quarantined.map(\.position) == [3])
        #expect(normalizer.counts.inputRecords == 3)
        #expect(normalizer.counts.duplicates == 1)
        #expect(normalizer.counts.invalidDurationAmongDuplicates == 0)

        // The skipped call was never seen, so a later response may hold it.
        let later = try read(response(#"{"UCID":"2","StartTime":"2026-10-02 09:00:00"}"#), into: &normalizer)
        #expect(later.records.count == 1)
    }
}
