/// One call in canonical form: what every stage after normalize works with.
///
/// Field names follow SPEC §3. Text fields are trimmed and `nil` when the
/// source had no usable value. Durations are whole seconds; a missing or
/// invalid duration is 0, except `handling`, which stays `nil` so that the
/// fallback formula of SPEC §4 can apply.
///
/// The text fields live in one shared array: a record is copied several times on its way (into a
/// batch, to the `calls.csv` thread), and a copy is then one reference, not sixteen.
public struct CallRecord: Hashable, Sendable {
    /// Where each text field sits in `texts`.
    private enum Text: Int {
        case ucid, monitorUcid, campaign, skill, location, did, callerId, type, agentId, agentName, status, disposition,
            hangupBy, transferType, transferredTo, dialStatus
    }

    private var texts: [String?]
    public var ucid: String? {
        get { texts[Text.ucid.rawValue] }
        set { texts[Text.ucid.rawValue] = newValue }
    }
    public var monitorUcid: String? {
        get { texts[Text.monitorUcid.rawValue] }
        set { texts[Text.monitorUcid.rawValue] = newValue }
    }
    public var campaign: String? {
        get { texts[Text.campaign.rawValue] }
        set { texts[Text.campaign.rawValue] = newValue }
    }
    public var skill: String? {
        get { texts[Text.skill.rawValue] }
        set { texts[Text.skill.rawValue] = newValue }
    }
    public var location: String? {
        get { texts[Text.location.rawValue] }
        set { texts[Text.location.rawValue] = newValue }
    }
    public var did: String? {
        get { texts[Text.did.rawValue] }
        set { texts[Text.did.rawValue] = newValue }
    }
    public var callerId: String? {
        get { texts[Text.callerId.rawValue] }
        set { texts[Text.callerId.rawValue] = newValue }
    }
    public var type: String? {
        get { texts[Text.type.rawValue] }
        set { texts[Text.type.rawValue] = newValue }
    }
    public var agentId: String? {
        get { texts[Text.agentId.rawValue] }
        set { texts[Text.agentId.rawValue] = newValue }
    }
    public var agentName: String? {
        get { texts[Text.agentName.rawValue] }
        set { texts[Text.agentName.rawValue] = newValue }
    }
    public var status: String? {
        get { texts[Text.status.rawValue] }
        set { texts[Text.status.rawValue] = newValue }
    }
    public var disposition: String? {
        get { texts[Text.disposition.rawValue] }
        set { texts[Text.disposition.rawValue] = newValue }
    }
    public var hangupBy: String? {
        get { texts[Text.hangupBy.rawValue] }
        set { texts[Text.hangupBy.rawValue] = newValue }
    }
    public var transferType: String? {
        get { texts[Text.transferType.rawValue] }
        set { texts[Text.transferType.rawValue] = newValue }
    }
    public var transferredTo: String? {
        get { texts[Text.transferredTo.rawValue] }
        set { texts[Text.transferredTo.rawValue] = newValue }
    }
    public var dialStatus: String? {
        get { texts[Text.dialStatus.rawValue] }
        set { texts[Text.dialStatus.rawValue] = newValue }
    }
    public var start: LocalDateTime
    public var end: LocalDateTime?
    public var timeToAnswer: Int
    public var talk: Int
    public var hold: Int
    public var wrapup: Int
    public var handling: Int?
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
        self.texts = [
            ucid,
            monitorUcid,
            campaign,
            skill,
            location,
            did,
            callerId,
            type,
            agentId,
            agentName,
            status,
            disposition,
            hangupBy,
            transferType,
            transferredTo,
            dialStatus,
        ]
        self.start = start
        self.end = end
        self.timeToAnswer = timeToAnswer
        self.talk = talk
        self.hold = hold
        self.wrapup = wrapup
        self.handling = handling
        self.hasInvalidDuration = hasInvalidDuration
    }

    /// The key agents are grouped by: `agentId`, else `agentName`; `nil` for an unassigned call.
    public var agentKey: String? { agentId ?? agentName }
}
