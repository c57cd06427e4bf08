import CallModel

/// Turns a field name as a server spelled it into the form the alias table of SPEC §3 is written in.
///
/// The rule itself is ``CallModel/FieldText/normalizedKey(_:)``, shared with the archive's key
/// masker; this name stays for callers of the normalize module (the fuzz checks among them).
public enum KeyNormalizer {
    /// `Campaign Name` → `campaignname`: lower-case, then drop every character that is not a letter or digit.
    public static func normalize(_ key: String) -> String {
        FieldText.normalizedKey(key)
    }
}

/// The fields of `CallRecord` that normalize fills, with the keys each is read from (SPEC §3).
///
/// The order of `aliases` is the order of preference: `talktime` before `duration`.
enum CanonicalField: Int, CaseIterable, Sendable {
    case ucid, monitorUcid, campaign, skill, location, did, callerId, type, agentId, agentName
    case start, end, timeToAnswer, talk, hold, wrapup, handling
    case status, disposition, hangupBy, transferType, transferredTo, dialStatus

    /// Normalized keys, most preferred first.
    var aliases: [String] {
        switch self {
        case .ucid: ["ucid", "callid"]
        case .monitorUcid: ["monitorucid"]
        case .campaign: ["campaignname", "campaign"]
        case .skill: ["skill", "skillname"]
        case .location: ["location"]
        case .did: ["did"]
        case .callerId: ["callerid", "callerno", "callernumber"]
        case .type: ["type", "calltype"]
        case .agentId: ["agentid"]
        case .agentName: ["agentname", "agent"]
        case .start: ["starttime"]
        case .end: ["endtime"]
        case .timeToAnswer: ["timetoanswer"]
        case .talk: ["talktime", "duration"]
        case .hold: ["holdduration", "holdtime"]
        case .wrapup: ["wrapupduration", "wrapuptime"]
        case .handling: ["totalhandlingtime", "handlingtime"]
        case .status: ["status"]
        case .disposition: ["disposition"]
        case .hangupBy: ["hangupby"]
        case .transferType: ["transfertype", "transfer"]
        case .transferredTo: ["transferredto"]
        case .dialStatus: ["dialstatus"]
        }
    }
}

/// What a key of a received record means to normalize.
enum KeyRole: Sendable, Equatable {
    /// Feeds a canonical field; `rank` is the alias's place in the table (0 = most preferred).
    case field(CanonicalField, rank: Int)
    /// An `ApiKey` in any spelling: dropped at once, never written anywhere.
    case apiKey
    /// Not needed by any stage.
    case other

    private static let byNormalizedKey: [String: KeyRole] = {
        var table = ["apikey": KeyRole.apiKey]
        for field in CanonicalField.allCases {
            for (rank, alias) in field.aliases.enumerated() { table[alias] = .field(field, rank: rank) }
        }
        return table
    }()

    /// The role of a key as received (not yet normalized).
    init(key: String) {
        self = KeyRole.byNormalizedKey[FieldText.normalizedKey(key)] ?? .other
    }
}
