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
public struct CallerTracker: Sendable {
    struct Event: Sendable {
        /// ``LocalDateTime/wallSeconds`` of the start: orders the calls and
        /// measures the repeat window. The start itself is rebuilt from it
        /// only for the rows of missed.csv, which keeps an event small.
        var time: Int
        var answered: Bool
        /// Inbound (or of unknown type): a caller who rang us. Only these are
        /// missed calls and repeat contacts; an outbound call that reaches the
        /// number still counts as the answered call that settles a miss.
        var inbound: Bool
        var skill: String?
        var campaign: String?
    }

    private var events: [ExactKey: [Event]] = [:]
    /// The last call type read and whether it is inbound: a month holds a handful of spellings.
    private var lastType: (text: String?, inbound: Bool) = (nil, true)

    public init() {}

    /// Adds one counted call; calls without a caller number are left out.
    mutating func add(_ record: CallRecord) {
        guard let caller = record.callerId?.trimmingWhitespace, !caller.isEmpty else { return }
        let event = Event(
            time: record.start.wallSeconds,
            answered: record.isAnswered, inbound: inbound(record.type), skill: record.skill,
            campaign: record.campaign)
        events[ExactKey(caller), default: []].append(event)
    }

    /// `other`'s calls came after `self`'s in the input.
    mutating func merge(_ other: CallerTracker) {
        events.merge(other.events) { $0 + $1 }
    }

    /// The inverse of ``LocalDateTime/wallSeconds``.
    static func localTime(_ seconds: Int) -> LocalDateTime {
        let days = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = days.remainder < 0 ? (days.quotient - 1, days.remainder + 86_400) : days
        return LocalDateTime(
            date: LocalDate(dayNumber: day), hour: second / 3600, minute: second % 3600 / 60, second: second % 60)!
    }

    /// ``isInbound(_:)`` for ASCII text, read byte by byte without making strings (a month's
    /// types take turns, so the one-entry memory of ``inbound(_:)`` often misses); `nil` for
    /// other text. In ASCII the letters are A–Z and a–z, and lowercasing maps one onto the other.
    private static func asciiIsInbound(_ bytes: String.UTF8View) -> Bool? {
        let word: StaticString = "inbound"
        var letters = 0
        var matches = true
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            let lower = byte | 0x20
            guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { continue }
            if letters >= word.utf8CodeUnitCount || word.utf8Start[letters] != lower { matches = false }
            letters += 1
        }
        return letters == 0 || (matches && letters == word.utf8CodeUnitCount)
    }

    /// ``isInbound(_:)``, asked again only when the type differs from the previous call's.
    private mutating func inbound(_ type: String?) -> Bool {
        if type == lastType.text { return lastType.inbound }
        lastType = (type, Self.isInbound(type))
        return lastType.inbound
    }

    /// CloudAgent writes `InBound` for calls that rang in; `Manual`,
    /// `Progressive`, `Predictive`, `Preview` are dialled out.
    static func isInbound(_ type: String?) -> Bool {
        guard let type else { return true }
        if let ascii = asciiIsInbound(type.utf8) { return ascii }
        let letters = type.lowercased().filter(\.isLetter)
        return letters.isEmpty || letters == "inbound"
    }

    /// Calls `body` with each number and its calls in time order (input order between calls of the
    /// same second). A number's calls mostly arrive in time order already: those lists are used as
    /// they are, without a sorted copy.
    private func forEachCaller(_ body: (String, [Event]) -> Void) {
        for (key, list) in events {
            if zip(list, list.dropFirst()).allSatisfy({ $0.time <= $1.time }) {
                body(key.text, list)
            } else {
                let sorted = list.enumerated().sorted { a, b in
                    a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
                }
                body(key.text, sorted.map(\.element))
            }
        }
    }

    /// The call-back list: every number whose last inbound unanswered call
    /// has no answered call (inbound or outbound) after it. First and last
    /// missed time and the count cover the misses since the number's last
    /// answered call. Ordered by first missed time, then number (code points).
    public func missedCallers() -> [MissedCaller] {
        var rows: [MissedCaller] = []
        forEachCaller { caller, list in
            var pending: [Event] = []
            for event in list {
                if event.answered {
                    pending.removeAll()
                } else if event.inbound {
                    pending.append(event)
                }
            }
            guard let first = pending.first, let last = pending.last else { return }
            rows.append(
                MissedCaller(
                    callerId: caller, firstMissed: Self.localTime(first.time),
                    lastMissed: Self.localTime(last.time), missedCount: pending.count,
                    skill: last.skill, campaign: last.campaign))
        }
        return rows.sorted { a, b in
            a.firstMissed != b.firstMissed
                ? a.firstMissed < b.firstMissed : CodePointOrder.areInIncreasingOrder(a.callerId, b.callerId)
        }
    }

    /// Callers with an answered call, and how many of them rang again
    /// (an inbound call, answered or not) within `windowDays` days after an
    /// answered call, inside the period.
    public func figures(windowDays: Int, missedCallers: Int) -> CallerFigures {
        let window = windowDays * 86_400
        var answeredCallers = 0
        var repeatCallers = 0
        forEachCaller { _, list in
            var lastAnswered: Int?
            var answeredAny = false
            var repeated = false
            for event in list {
                if let lastAnswered, event.inbound, event.time - lastAnswered <= window {
                    repeated = true
                }
                if event.answered {
                    answeredAny = true
                    lastAnswered = event.time
                }
            }
            if answeredAny { answeredCallers += 1 }
            if repeated { repeatCallers += 1 }
        }
        return CallerFigures(
            missedCallers: missedCallers, repeatWindowDays: windowDays, answeredCallers: answeredCallers,
            repeatCallers: repeatCallers,
            repeatRate: answeredCallers == 0 ? nil : Double(repeatCallers) / Double(answeredCallers))
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

extension String {
    fileprivate var trimmingWhitespace: String {
        // Numbers as sent begin and end with a visible ASCII character: nothing to trim, no copy.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
