import CallModel

/// What one counted call contributes, classified once so that the six
/// groupings a call lands in agree and the rules of SPEC §4 run once a call.
struct CallFigures: Sendable {
    var answered: Bool
    /// SPEC §4b's direction (``CallRecord/isInbound``).
    var inbound: Bool
    var transferred: Bool
    /// The following are 0 for an unanswered call: every sum of SPEC §4 runs over answered calls.
    var handleSeconds: Int
    var talkSeconds: Int
    var holdSeconds: Int
    var wrapupSeconds: Int
    var timeToAnswerSeconds: Int
    var withinServiceLevel: Bool

    init(_ record: CallRecord, serviceLevelSeconds: Int) {
        answered = record.isAnswered
        inbound = record.isInbound
        transferred = record.isTransferred(answered: answered)
        handleSeconds = answered ? record.handleSeconds : 0
        talkSeconds = answered ? record.talk : 0
        holdSeconds = answered ? record.hold : 0
        wrapupSeconds = answered ? record.wrapup : 0
        timeToAnswerSeconds = answered ? record.timeToAnswer : 0
        withinServiceLevel = Self.isWithinServiceLevel(record, answered: answered, threshold: serviceLevelSeconds)
    }

    /// SPEC §4: answered with timeToAnswer ≤ T; a call answered at exactly T is within.
    static func isWithinServiceLevel(_ record: CallRecord, answered: Bool, threshold: Int) -> Bool {
        answered && record.timeToAnswer <= threshold
    }
}

/// The running sums behind every row of metrics.json; the ratios are derived
/// only at the end, so tallies can be merged by plain addition.
struct Tally: Hashable, Sendable {
    var offered = 0
    /// Inbound calls among the offered: what tells a row's direction (SPEC §4b).
    var inbound = 0
    var answered = 0
    var transferred = 0
    var handleSeconds = 0
    var talkSeconds = 0
    var holdSeconds = 0
    var wrapupSeconds = 0
    var timeToAnswerSeconds = 0
    var withinServiceLevel = 0

    mutating func add(_ call: CallFigures) {
        offered += 1
        if call.inbound { inbound += 1 }
        if call.answered { answered += 1 }
        if call.transferred { transferred += 1 }
        if call.withinServiceLevel { withinServiceLevel += 1 }
        handleSeconds += call.handleSeconds
        talkSeconds += call.talkSeconds
        holdSeconds += call.holdSeconds
        wrapupSeconds += call.wrapupSeconds
        timeToAnswerSeconds += call.timeToAnswerSeconds
    }

    mutating func merge(_ other: Tally) {
        offered += other.offered
        inbound += other.inbound
        answered += other.answered
        transferred += other.transferred
        handleSeconds += other.handleSeconds
        talkSeconds += other.talkSeconds
        holdSeconds += other.holdSeconds
        wrapupSeconds += other.wrapupSeconds
        timeToAnswerSeconds += other.timeToAnswerSeconds
        withinServiceLevel += other.withinServiceLevel
    }

    // MARK: Derived figures of SPEC §4

    /// Every call that is not answered.
    var unanswered: Int { offered - answered }
    /// Sum of handle seconds / answered.
    var aht: Double? { ratio(handleSeconds, answered) }
    /// Sum of timeToAnswer over answered calls / answered.
    var asa: Double? { ratio(timeToAnswerSeconds, answered) }
    /// Answered with timeToAnswer ≤ T / offered: the denominator is every offered call.
    var serviceLevel: Double? { ratio(withinServiceLevel, offered) }
    /// Unanswered / offered.
    var abandonRate: Double? { ratio(unanswered, offered) }
    /// Transferred / answered.
    var transferRate: Double? { ratio(transferred, answered) }
}

/// A ratio of SPEC §4: exact (one correctly rounded division), `nil` when
/// the denominator is 0 so that JSON says `null` and CSV leaves the cell empty.
func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
    denominator == 0 ? nil : Double(numerator) / Double(denominator)
}
