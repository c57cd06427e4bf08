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
