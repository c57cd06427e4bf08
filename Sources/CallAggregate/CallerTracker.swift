import CallModel

/// The counted calls of each caller number, for the call-back list
/// (``MissedCaller``) and the repeat-caller proxy (``CallerFigures``).
///
/// Both questions are about the order of one number's calls in time ("an
/// answered call after the miss", "called again within N days"), which a
/// running sum cannot answer, so the tracker keeps one small event per call
/// that has a caller number. Trackers fed with consecutive slices of the
/// input merge by appending in input order, and the events are sorted by
/// time (stable, so input order breaks ties) only when the results are
/// built: a merged tracker gives exactly what one tracker fed everything gives.
///
/// A month has about as many numbers as calls, so the events sit in one list in input order,
/// 16 bytes each: the time, the number's slot in a ``TextSlots``, and the slot of its ``Kind``
/// (skill, campaign, answered, inbound), of which a month has a few dozen. They are grouped by
/// number only when the results are built.
public struct CallerTracker: Sendable {
    struct Event: Sendable {
        /// ``LocalDateTime/wallSeconds`` of the start: orders the calls and
        /// measures the repeat window. The start itself is rebuilt from it
        /// only for the rows of missed.csv, which keeps an event small.
        var time: Int
        /// The number's slot in `callers`.
        var caller: Int32
        /// The slot of the call's ``Kind`` in `kinds`.
        var kind: Int32
    }

    /// What a call tells besides its number and time.
    struct Kind: Hashable, Sendable {
        /// Slots of the skill and campaign texts (the ``MetricsBuilder``'s), ``CallerTracker/none``
        /// for a call without one.
        var skill: Int32
        var campaign: Int32
        var answered: Bool
        /// ``CallRecord/isInbound``: a caller who rang us. Only these are
        /// missed calls and repeat contacts; an outbound call that reaches the
        /// number still counts as the answered call that settles a miss.
        var inbound: Bool
    }

    /// The slot of a missing skill or campaign.
    static let none: Int32 = -1

    private var callers = TextSlots()
    private var events: [Event] = []
    private var kinds: [Kind] = []
    private var kindSlots: [Kind: Int32] = [:]
    /// The last kind looked up and its slot: consecutive calls often share one.
    private var lastKind: (kind: Kind, slot: Int32)?

    public init() {}

    /// Adds one counted call; calls without a caller number are left out. `skill` and `campaign`
    /// are slots (or ``none``) of the texts the results are built with.
    mutating func add(_ record: CallRecord, answered: Bool, inbound: Bool, skill: Int32, campaign: Int32) {
        // Normalize's rule (a normalized number passes unchanged): a record built by other code
        // may still carry a padded, blank or `n/a` number, which is no number to call back.
        guard let caller = FieldText.present(record.callerId) else { return }
        let kind = Kind(skill: skill, campaign: campaign, answered: answered, inbound: inbound)
        events.append(
            Event(time: record.start.wallSeconds, caller: Int32(callers.slot(caller)), kind: slot(of: kind)))
    }

    private mutating func slot(of kind: Kind) -> Int32 {
        if let lastKind, lastKind.kind == kind { return lastKind.slot }
        let slot: Int32
        if let known = kindSlots[kind] {
            slot = known
        } else {
            slot = Int32(kinds.count)
            kinds.append(kind)
            kindSlots[kind] = slot
        }
        lastKind = (kind, slot)
        return slot
    }

    /// `other`'s calls came after `self`'s in the input. Its skill and campaign slots become
    /// `skills[slot]` and `campaigns[slot]`.
    mutating func merge(_ other: CallerTracker, skills: [Int32], campaigns: [Int32]) {
        let callerSlots = other.callers.texts.map { Int32(callers.slot($0)) }
        let kindSlots = other.kinds.map { kind in
            var kind = kind
            if kind.skill != Self.none { kind.skill = skills[Int(kind.skill)] }
            if kind.campaign != Self.none { kind.campaign = campaigns[Int(kind.campaign)] }
            return slot(of: kind)
        }
        for event in other.events {
            events.append(
                Event(time: event.time, caller: callerSlots[Int(event.caller)], kind: kindSlots[Int(event.kind)]))
        }
    }

    /// The inverse of ``LocalDateTime/wallSeconds``.
    static func localTime(_ seconds: Int) -> LocalDateTime {
        let days = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = days.remainder < 0 ? (days.quotient - 1, days.remainder + 86_400) : days
        return LocalDateTime(
            date: LocalDate(dayNumber: day), hour: second / 3600, minute: second % 3600 / 60, second: second % 60)!
    }

    /// Calls `body` with each number's slot and its calls in time order (input order between calls
    /// of the same second). A number's calls mostly arrive in time order already: those are passed
    /// as they are, without sorting.
    private func forEachCaller(_ body: (Int, ArraySlice<Event>) -> Void) {
        precondition(events.count < Int32.max, "CallerTracker: too many calls")
        // A stable counting sort of the events' indices by number (4 bytes a call, where a grouped
        // copy of the events would take 24): first where each number's calls end, then, walking
        // the events backwards, each index into the place before its number's end. That leaves
        // `bounds[caller]` at the number's first place, `bounds[caller + 1]` past its last, and
        // input order within a number.
        var bounds = [Int32](repeating: 0, count: callers.count + 1)
        for event in events { bounds[Int(event.caller)] += 1 }
        for caller in bounds.indices.dropFirst() { bounds[caller] += bounds[caller - 1] }
        var order = [Int32](repeating: 0, count: events.count)
        for index in events.indices.reversed() {
            let caller = Int(events[index].caller)
            bounds[caller] -= 1
            order[Int(bounds[caller])] = Int32(index)
        }
        var list: [Event] = []
        for caller in 0..<callers.count {
            list.removeAll(keepingCapacity: true)
            for index in order[Int(bounds[caller])..<Int(bounds[caller + 1])] { list.append(events[Int(index)]) }
            if !zip(list, list.dropFirst()).allSatisfy({ $0.time <= $1.time }) {
                list = list.enumerated().sorted { a, b in
                    a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
                }
                .map(\.element)
            }
            body(caller, list[...])
        }
    }

    /// The call-back list and the repeat-caller figures, in one pass over the numbers.
    ///
    /// The call-back list holds every number whose last inbound unanswered call has no answered
    /// call (inbound or outbound) after it. First and last missed time and the count cover the
    /// misses since the number's last answered call; the skill and campaign are those of the last
    /// miss, the texts of `skills` and `campaigns` at the event's slots. Ordered by first missed
    /// time, then number (code points).
    ///
    /// The figures count the callers with an answered call, and how many of them rang again (an
    /// inbound call, answered or not) within `windowDays` days after an answered call, inside the
    /// period.
    ///
    /// Recovery (SPEC §4b) follows each number from its first missed call (the earliest unanswered
    /// inbound call; input order between calls of one second) to the first answered call, inbound
    /// or outbound, that starts strictly later.
    func results(windowDays: Int, skills: TextSlots, campaigns: TextSlots)
        -> (missed: [MissedCaller], figures: CallerFigures, recovery: RecoveryFigures)
    {
        let window = windowDays * 86_400
        var rows: [MissedCaller] = []
        var answeredCallers = 0
        var repeatCallers = 0
        var missedNumbers = 0
        var recoverySeconds = HandleHistogram()
        forEachCaller { caller, list in
            var firstMiss: Int?
            var recovered: Int?
            // Misses since the last answered call: how many, and the first and last of them.
            var pending = 0
            var firstMissed = list.startIndex
            var lastMissed = list.startIndex
            var lastAnswered: Int?
            var repeated = false
            for index in list.indices {
                let event = list[index]
                let kind = kinds[Int(event.kind)]
                if let lastAnswered, kind.inbound, event.time - lastAnswered <= window {
                    repeated = true
                }
                if kind.answered, recovered == nil, let firstMiss, event.time > firstMiss {
                    recovered = event.time - firstMiss
                }
                if !kind.answered, kind.inbound, firstMiss == nil { firstMiss = event.time }
                if kind.answered {
                    lastAnswered = event.time
                    pending = 0
                } else if kind.inbound {
                    if pending == 0 { firstMissed = index }
                    lastMissed = index
                    pending += 1
                }
            }
            if lastAnswered != nil { answeredCallers += 1 }
            if repeated { repeatCallers += 1 }
            if firstMiss != nil { missedNumbers += 1 }
            if let recovered { recoverySeconds.add(recovered) }
            guard pending > 0 else { return }
            let first = list[firstMissed]
            let last = list[lastMissed]
            let labels = kinds[Int(last.kind)]
            rows.append(
                MissedCaller(
                    callerId: callers.texts[caller], firstMissed: Self.localTime(first.time),
                    lastMissed: Self.localTime(last.time), missedCount: pending,
                    skill: labels.skill == Self.none ? nil : skills.texts[Int(labels.skill)],
                    campaign: labels.campaign == Self.none ? nil : campaigns.texts[Int(labels.campaign)]))
        }
        rows.sort { a, b in
            a.firstMissed != b.firstMissed
                ? a.firstMissed < b.firstMissed : CodePointOrder.areInIncreasingOrder(a.callerId, b.callerId)
        }
        let figures = CallerFigures(
            missedCallers: rows.count, repeatWindowDays: windowDays, answeredCallers: answeredCallers,
            repeatCallers: repeatCallers,
            repeatRate: answeredCallers == 0 ? nil : Double(repeatCallers) / Double(answeredCallers))
        let recovery = RecoveryFigures(
            missedNumbers: missedNumbers, recovered: recoverySeconds.count,
            recoveryRate: ratio(recoverySeconds.count, missedNumbers), medianRecoverySeconds: recoverySeconds.median)
        return (rows, figures, recovery)
    }
}

/// One row of missed.csv: a number to call back.
public struct MissedCaller: Sendable, Equatable {
    public var callerId: String
    public var firstMissed: LocalDateTime
    public var lastMissed: LocalDateTime
    /// Inbound unanswered calls since the number's last answered call.
    public var missedCount: Int
    /// Skill and campaign of the last missed call.
    public var skill: String?
    public var campaign: String?

    public init(
        callerId: String, firstMissed: LocalDateTime, lastMissed: LocalDateTime, missedCount: Int, skill: String?,
        campaign: String?
    ) {
        self.callerId = callerId
        self.firstMissed = firstMissed
        self.lastMissed = lastMissed
        self.missedCount = missedCount
        self.skill = skill
        self.campaign = campaign
    }
}

/// The `callers` section of metrics.json: counts only, never a number.
///
/// `repeatRate` is a first-contact-resolution proxy: the share of callers
/// with an answered call who rang again within `repeatWindowDays` days
/// (inside the period). A repeat may be a new matter, and a caller resolved
/// near the end of the period has less time to ring again, so it is an
/// indicator, not FCR itself.
public struct CallerFigures: Codable, Sendable, Equatable {
    /// Numbers on the call-back list (missed.csv).
    public var missedCallers: Int
    public var repeatWindowDays: Int
    /// Distinct numbers with at least one answered call.
    public var answeredCallers: Int
    /// Of those, the ones who rang again within the window after an answered call.
    public var repeatCallers: Int
    /// repeatCallers / answeredCallers; `null` when no caller was answered.
    public var repeatRate: Double?

    public init(
        missedCallers: Int, repeatWindowDays: Int, answeredCallers: Int, repeatCallers: Int, repeatRate: Double?
    ) {
        self.missedCallers = missedCallers
        self.repeatWindowDays = repeatWindowDays
        self.answeredCallers = answeredCallers
        self.repeatCallers = repeatCallers
        self.repeatRate = repeatRate
    }

    enum CodingKeys: String, CodingKey {
        case missedCallers, repeatWindowDays, answeredCallers, repeatCallers, repeatRate
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(missedCallers, forKey: .missedCallers)
        try c.encode(repeatWindowDays, forKey: .repeatWindowDays)
        try c.encode(answeredCallers, forKey: .answeredCallers)
        try c.encode(repeatCallers, forKey: .repeatCallers)
        try c.encodeOrNull(repeatRate, forKey: .repeatRate)
    }
}
