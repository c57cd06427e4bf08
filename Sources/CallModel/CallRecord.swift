/// One call in canonical form: what every stage after normalize works with.
///
/// Field names follow SPEC §3. Text fields are trimmed and `nil` when the
/// source had no usable value. Durations are whole seconds; a missing or
/// invalid duration is 0, except `handling`, which stays `nil` so that the
/// fallback formula of SPEC §4 can apply.
public struct CallRecord: Hashable, Sendable {
    public var ucid: String?
    public var monitorUcid: String?
    public var campaign: String?
    public var skill: String?
    public var location: String?
    public var did: String?
    public var callerId: String?
    public var type: String?
    public var agentId: String?
    public var agentName: String?
    public var start: LocalDateTime
    public var end: LocalDateTime?
    public var timeToAnswer: Int
    public var talk: Int
    public var hold: Int
    public var wrapup: Int
    public var handling: Int?
    public var status: String?
    public var disposition: String?
    public var hangupBy: String?
    public var transferType: String?
    public var transferredTo: String?
    public var dialStatus: String?
    /// True when any duration field this record uses held a value that is not a valid duration.
    public var hasInvalidDuration: Bool

    public init(
        start: LocalDateTime,
        ucid: String? = nil, monitorUcid: String? = nil, campaign: String? = nil, skill: String? = nil,
        location: String? = nil, did: String? = nil, callerId: String? = nil, type: String? = nil,
        agentId: String? = nil, agentName: String? = nil, end: LocalDateTime? = nil,
        timeToAnswer: Int = 0, talk: Int = 0, hold: Int = 0, wrapup: Int = 0, handling: Int? = nil,
        status: String? = nil, disposition: String? = nil, hangupBy: String? = nil,
        transferType: String? = nil, transferredTo: String? = nil, dialStatus: String? = nil,
        hasInvalidDuration: Bool = false
    ) {
        self.ucid = ucid
        self.monitorUcid = monitorUcid
        self.campaign = campaign
        self.skill = skill
        self.location = location
        self.did = did
        self.callerId = callerId
        self.type = type
        self.agentId = agentId
        self.agentName = agentName
        self.start = start
        self.end = end
        self.timeToAnswer = timeToAnswer
        self.talk = talk
        self.hold = hold
        self.wrapup = wrapup
        self.handling = handling
        self.status = status
        self.disposition = disposition
        self.hangupBy = hangupBy
        self.transferType = transferType
        self.transferredTo = transferredTo
        self.dialStatus = dialStatus
        self.hasInvalidDuration = hasInvalidDuration
    }

    /// The key agents are grouped by: `agentId`, else `agentName`; `nil` for an unassigned call.
    public var agentKey: String? { agentId ?? agentName }
}
