import CallDemo
import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// Most JSON records are built straight from the bytes of their members
/// (`RecordBuilder.build(members:in:)`); the rest, and every record that turns out unusual, the
/// general way, through `[RawField]`. Both must give the same outcome for any record.
@Suite("JSON records built from bytes")
struct DirectBuildTests {
    /// Keys, aliases among them, so that ranks, duplicates and the API key are all exercised.
    static let keys = [
        "UCID", "CallID", "monitorUCID", "CampaignName", "Campaign", "Skill", "SkillName", "Location", "Did",
        "CallerID", "CallerNo", "Type", "CallType", "AgentID", "AgentName", "Agent", "StartTime", "start_time",
        "EndTime", "TimeToAnswer", "TalkTime", "Duration", "HoldDuration", "WrapupDuration", "TotalHandlingTime",
        "HandlingTime", "Status", "Disposition", "HangupBy", "TransferType", "TransferredTo", "DialStatus",
        "Comments", "UUI", "ApiKey", "Skill",
    ]

    /// Values as JSON text: the usual ones, and every kind that must leave the fast way.
    static let values = [
        #""2026-10-01 09:15:00""#, #""2026-10-01T23:59:59""#, #""2026-02-30 10:00:00""#, #""2026-10-01 9:15:00""#,
        #"" 2026-10-01 09:15:00 ""#, #""00:01:30""#, #""12:75:00""#, #""90""#, #""5:07""#, #""01:05""#,
        #""999999999999:59:59""#, "90", "90.0", "9e1", "1.5", "-5", "0", "12026103100900000",
        "48712345678912345678", #""Answered""#, #""answered""#, #""Unanswered""#, #""InBound""#, #""Manual""#,
        #""No Transfers""#, #""Warm""#, #""""#, #"" ""#, #""N/A""#, #""na""#, #""None""#, #""NULL""#, #""-""#,
        "null", "true", "false", #"{"a":1}"#, "[1, 2]", "[]", #""Billing Helpline""#, #""  Billing ""#,
        #""\u00A0Sales""#, #""Sales\u2003""#, "\"\u{00A0}Sales\"", "\"Sales\u{2003}\"", #""राधिका वर्मा""#,
        #""\u0930\u093e""#, #""O\"Brien""#, #""a\/b""#, #""x\ny""#, #""919876543210""#, #""AG1018""#,
        "\"\u{202E}evil\"", #""Ünïcødé""#, "\"\u{0301}mark\"",
        // Text beginning with a letter outside ASCII and ending with white space (found by the
        // hostile-value tests: the end was read with bytes left over from the beginning).
        "\"\u{2066}}}# h\u{2028}\"", "\"é\u{2003}\"", "\"राधिका \"", "\"\u{200F}\u{2028}\u{200F}\u{2028}\"",
        "\"\u{2028}x\"", "\"x\u{3000}\"",
    ]

    @Test("both ways give the same outcome, for random records", arguments: 0..<8)
    func sameOutcome(round: Int) throws {
        var rng = SeededGenerator(seed: 0xD1EC7 &+ UInt64(round))
        var direct = RecordBuilder()
        var general = RecordBuilder()
        var walkerKeys = JSONKeyCache()
        let decoder = JSONDecoder()
        var records = 0
        var fast = 0
        for _ in 0..<400 {
            var members: [String] = []
            // A usual record first, so that most records can take the fast way…
            if Bool.random(using: &rng) {
                members += [#""UCID":"1202610"#, #""StartTime":"2026-10-01 09:15:00""#]
                members[0] += "\(Int.random(in: 0..<1000, using: &rng))\""
            }
            // …then random members.
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                let key = Self.keys.randomElement(using: &rng)!
                members.append("\"\(key)\":\(Self.values.randomElement(using: &rng)!)")
            }
            let text = "{" + members.joined(separator: ",") + "}"
            let (a, b, walked) = Self.bothWays(
                text, decoder: decoder, keys: &walkerKeys, direct: &direct, general: &general)
            #expect(Self.describe(a) == Self.describe(b), "\(text)")
            if case .success(.record) = a {
                records += 1
                if walked { fast += 1 }
            }
        }
        #expect(records > 100, "the test must reach records often")
        #expect(fast > 50, "the test must build records the fast way often: \(fast)")
    }

    /// Values that Foundation's check lets through but JSON does not have, or that only the
    /// general way can read: each must end in the same fault (or outcome) both ways.
    static let oddValues = [
        "01", "1-2", "1e", "-", "\"a\tb\"", "\"a\u{01}b\"", #""\x""#, #""\u12""#, "nul", "nullx", "tru", #"{"a":1,}"#,
        "[1,]", #"{"a":"\x"}"#, "[\"a\nb\"]", #""tail\\""#,
    ]

    @Test("both ways give the same outcome with white space, escaped keys and faults", arguments: 0..<4)
    func sameOutcomeOddLayouts(round: Int) throws {
        var rng = SeededGenerator(seed: 0x0DD5 &+ UInt64(round))
        var direct = RecordBuilder()
        var general = RecordBuilder()
        var walkerKeys = JSONKeyCache()
        let decoder = JSONDecoder()
        let spaces = ["", " ", "\n", "\r\n\t", "  "]
        func space() -> String { spaces.randomElement(using: &rng)! }
        var outcomes: Set<String> = []
        for _ in 0..<300 {
            var members: [String] = []
            if Bool.random(using: &rng) {
                members += [#""UCID"\#(space()):"9""#, #""StartTime":\#(space())"2026-10-01 09:15:00""#]
            }
            for _ in 0..<Int.random(in: 0...10, using: &rng) {
                var key = "\"" + Self.keys.randomElement(using: &rng)! + "\""
                if Int.random(in: 0..<12, using: &rng) == 0 { key = #""Sta\u0074us""# }
                let value =
                    Int.random(in: 0..<6, using: &rng) == 0
                    ? Self.oddValues.randomElement(using: &rng)! : Self.values.randomElement(using: &rng)!
                members.append(key + space() + ":" + space() + value)
            }
            var text = "{" + space() + members.joined(separator: space() + "," + space()) + space()
            if !members.isEmpty, Int.random(in: 0..<15, using: &rng) == 0 { text += "," }
            text += "}"
            let (a, b, _) = Self.bothWays(
                text, decoder: decoder, keys: &walkerKeys, direct: &direct, general: &general)
            #expect(Self.describe(a) == Self.describe(b), "\(text)")
            outcomes.insert(String(Self.describe(a).prefix(5)))
        }
        #expect(outcomes.isSuperset(of: ["recor", "error"]), "the test must reach records and faults")
    }

    /// A random record as JSON text: usual members, random ones, odd values and white space.
    private static func randomRecord(_ rng: inout SeededGenerator) -> String {
        let spaces = ["", " ", "\n", "\r\n\t"]
        var members: [String] = []
        if Bool.random(using: &rng) {
            members += [#""UCID":"9""#, #""StartTime":"2026-10-01 09:15:00""#]
        }
        for _ in 0..<Int.random(in: 0...10, using: &rng) {
            var key = "\"" + keys.randomElement(using: &rng)! + "\""
            if Int.random(in: 0..<12, using: &rng) == 0 { key = #""Sta\u0074us""# }
            let value =
                Int.random(in: 0..<6, using: &rng) == 0
                ? oddValues.randomElement(using: &rng)! : values.randomElement(using: &rng)!
            members.append(key + spaces.randomElement(using: &rng)! + ":" + value)
        }
        var text = "{" + members.joined(separator: "," + spaces.randomElement(using: &rng)!)
        if !members.isEmpty, Int.random(in: 0..<15, using: &rng) == 0 { text += "," }
        return text + "}"
    }

    @Test("a record the members walk takes whole is one the element walk takes, ending at the same byte")
    func membersWalkImpliesElementWalk() throws {
        var rng = SeededGenerator(seed: 0xE1E7)
        var keys = JSONKeyCache()
        var builder = RecordBuilder()
        var taken = 0
        var refused = 0
        for _ in 0..<3000 {
            let text = Self.randomRecord(&rng) + ",{}"
            try Array(text.utf8).withUnsafeBytes { raw in
                var members: [MemberBytes] = []
                var walk = JSONRecordScanner(bytes: raw, source: "t")
                guard (try? walk.members(keys: &keys, role: { builder.role(of: $0) }, into: &members)) == true else {
                    refused += 1
                    return
                }
                taken += 1
                var element = JSONRecordScanner(bytes: raw, source: "t")
                try element.skipValue()
                #expect(element.index == walk.index, "\(text)")
            }
        }
        #expect(taken > 600 && refused > 200, "the test must meet both kinds of records: \(taken), \(refused)")
    }

    @Test("records whose members the list's walker found are built as the general way builds them")
    func walkerMembersBuildAsGeneral() throws {
        var rng = SeededGenerator(seed: 0x11575)
        // Valid records only (a fault stops the list), many of them plain.
        let records = (0..<600).map { _ in
            var members = [
                #""UCID":"\#(Int.random(in: 1..<99_999, using: &rng))""#, #""StartTime":"2026-10-01 09:15:00""#,
            ]
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                members.append(
                    "\"\(Self.keys.randomElement(using: &rng)!)\":\(Self.values.randomElement(using: &rng)!)")
            }
            return "{" + members.joined(separator: ",") + "}"
        }
        let text = #"{"status":"success","message":[\#n"# + records.joined(separator: ",\n") + "]}"
        var general = RecordBuilder()
        var direct = RecordBuilder()
        let decoder = JSONDecoder()
        var compared = 0
        var found = 0
        try Array(text.utf8).withUnsafeBytes { raw in
            _ = try JSONStreamReader.read(raw, source: "t") { elements, _ in
                for (index, range) in elements.ranges.enumerated() {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[range])
                    let members = elements.found[index].map { (members: elements.members[$0], text: raw) }
                    if members != nil { found += 1 }
                    let a = Result { () throws(NormalizeError) in
                        try JSONStreamReader.build(
                            slice, at: range.lowerBound, source: "t", decoder: decoder, builder: &direct, found: members
                        )
                    }
                    let b = Result { () throws(NormalizeError) in
                        try JSONStreamReader.build(
                            slice, at: range.lowerBound, source: "t", decoder: decoder, builder: &general
                        )
                    }
                    #expect(Self.describe(a) == Self.describe(b), "\(records[compared])")
                    compared += 1
                }
            }
        }
        #expect(compared == records.count)
        #expect(found > 200, "the walker must find the members of many records")
    }

    @Test("a key that changes length in place of a known one is read anew")
    func keyCacheFollowsLayouts() throws {
        var keys = JSONKeyCache()
        var builder = RecordBuilder()
        var members: [MemberBytes] = []
        let records = [
            #"{"UCID":"1","StartTime":"2026-10-01 09:15:00","Skill":"A"}"#,
            #"{"UCID":"2","Comments":"x","Skill":"B","StartTime":"2026-10-01 09:16:00"}"#,
            #"{"CallID":"3","StartTime":"2026-10-01 09:17:00","Skill":"C"}"#,
            #"{"UCID":"4","StartTime":"2026-10-01 09:18:00","Skill":"D"}"#,
        ]
        var skills: [String?] = []
        for text in records {
            let call = try Array(text.utf8).withUnsafeBytes { raw in
                var scanner = JSONRecordScanner(bytes: raw, source: "t")
                members.removeAll()
                let plain = try scanner.members(keys: &keys, role: { builder.role(of: $0) }, into: &members)
                #expect(plain)
                return builder.build(members: members[...], in: raw)
            }
            skills.append(call?.skill)
            #expect(call?.ucid == String(text.dropFirst(text.hasPrefix(#"{"UCID"#) ? 9 : 11).prefix(1)))
        }
        #expect(skills == ["A", "B", "C", "D"])
        #expect(keys.count == 4)
    }

    @Test("a usual record takes the fast way")
    func usualRecordIsDirect() throws {
        let text =
            #"{"UCID":"1","StartTime":"2026-10-01 09:15:00","TalkTime":"00:01:00","AgentName":"राधिका","Status":"Answered","Comments":"x\ny"}"#
        var builder = RecordBuilder()
        var members: [MemberBytes] = []
        var keys = JSONKeyCache()
        let (plain, call) = try Array(text.utf8).withUnsafeBytes { raw in
            var scanner = JSONRecordScanner(bytes: raw, source: "t")
            let plain = try scanner.members(keys: &keys, role: { builder.role(of: $0) }, into: &members)
            return (plain, builder.build(members: members[...], in: raw))
        }
        #expect(plain)
        #expect(call?.ucid == "1")
        #expect(call?.talk == 60)
        #expect(call?.agentName == "राधिका")
        #expect(call?.start == LocalDateTime("2026-10-01 09:15:00"))
    }

    /// The outcome of `text` built the fast way (its members found as the list's walker finds
    /// them, with `keys`, then built by `direct`) and the general way (by `general`), and whether
    /// the walker found the members.
    private static func bothWays(
        _ text: String, decoder: JSONDecoder, keys: inout JSONKeyCache, direct: inout RecordBuilder,
        general: inout RecordBuilder
    ) -> (Result<RecordBuilder.Outcome, NormalizeError>, Result<RecordBuilder.Outcome, NormalizeError>, walked: Bool) {
        Array(text.utf8).withUnsafeBytes { raw in
            var members: [MemberBytes] = []
            var walk = JSONRecordScanner(bytes: raw, source: "t")
            let walked = (try? walk.members(keys: &keys, role: { KeyRole(key: $0) }, into: &members)) == true
            return (
                Result { () throws(NormalizeError) in
                    try JSONStreamReader.build(
                        raw, at: 0, source: "t", decoder: decoder, builder: &direct,
                        found: walked ? (members[...], raw) : nil)
                },
                Result { () throws(NormalizeError) in
                    try JSONStreamReader.build(raw, at: 0, source: "t", decoder: decoder, builder: &general)
                },
                walked
            )
        }
    }

    private static func describe(_ result: Result<RecordBuilder.Outcome, NormalizeError>) -> String {
        switch result {
        case .success(.record(let call)): "record \(call)"
        case .success(.quarantined(let reason, let fields)): "quarantined \(reason) \(fields)"
        case .failure(let error): "error \(error)"
        }
    }
}

@Suite("Shared texts")
struct TextInternerTests {
    @Test("gives the text of the bytes, shared or not, past its capacity too")
    func texts() {
        var interner = TextInterner()
        var seen: [String] = []
        for n in 0..<5000 {
            let text = "a repeated name number \(n % 4000) अ"
            let made = Array(text.utf8).withUnsafeBufferPointer { interner.text($0) }
            #expect(made == text)
            seen.append(made)
        }
        for short in ["", "Sales", "exactly 15 byte", "अ"] {
            #expect(Array(short.utf8).withUnsafeBufferPointer { interner.text($0) } == short)
        }
        #expect(Set(seen).count == 4000)
    }
}
