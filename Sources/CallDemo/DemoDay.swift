import CallModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The calls of one date of the demo account, as raw API records.
struct DemoDay {
    let date: LocalDate
    let calls: Int
    private var random: SeededGenerator
    private var eveCalls = 0

    init(date: LocalDate, calls: Int, seed: UInt64) {
        self.date = date
        self.calls = calls
        self.random = SeededGenerator(seed: seed)
    }

    /// Adds a few calls stamped late on the day before: windows are cut by the
    /// server's clock, and a report must count such strays as out of period.
    mutating func addEveOfPeriodCalls() { eveCalls = 3 }

    /// Generates the day's records in start-time order, repeats included.
    mutating func generate(_ emit: ([RawField]) -> Void) {
        var day: [(time: Int, fields: [RawField])] = []
        day.reserveCapacity(calls + calls / 200 + eveCalls)
        let eve = date.adding(days: -1)
        for index in 0..<eveCalls {
            let start = LocalDateTime(date: eve, hour: 23, minute: 50 + index, second: 7)!
            day.append((start.wallSeconds, makeCall(sequence: 900_000 + index, start: start)))
        }
        for sequence in 0..<calls {
            let hour = random.pick(weights: DemoCenter.hourWeight)
            let start = LocalDateTime(
                date: date, hour: hour, minute: random.int(in: 0...59), second: random.int(in: 0...59))!
            let fields = makeCall(sequence: sequence, start: start)
            day.append((start.wallSeconds, fields))
            // Roughly one record in 400 arrives twice, as re-sent pages of the API do.
            if random.chance(0.0025) { day.append((start.wallSeconds + random.int(in: 1...900), fields)) }
        }
        day.sort { $0.time < $1.time }
        for call in day { emit(call.fields) }
    }

    private mutating func makeCall(sequence: Int, start: LocalDateTime) -> [RawField] {
        let campaign = DemoCenter.campaigns[random.pick(weights: DemoCenter.campaigns.map(\.weight))]
        let skillIndex = random.element(of: campaign.skills)
        let skill = DemoCenter.skills[skillIndex]
        let load = DemoCenter.hourWeight[start.hour] / 2.2
        let answered = random.chance(0.93 - 0.12 * load)
        let candidates = DemoCenter.agents.filter { $0.skills.contains(skillIndex) }
        let agent: DemoCenter.Agent? = answered || random.chance(0.5) ? random.element(of: candidates) : nil

        let ring = answered ? min(300, Int(exponential(mean: 4 + 13 * load))) : random.int(in: 15...60)
        let pace = agent?.pace ?? 1
        let baseTalk = [240.0, 330, 200, 280, 480][skillIndex]
        let talk = answered ? max(8, Int(baseTalk * pace * exp(0.55 * normal()))) : 0
        let hold = answered && random.chance(0.25) ? random.int(in: 10...180) : 0
        let wrapup = answered ? random.int(in: 5...60) : 0
        let transferred = answered && random.chance(0.07)

        let ucid =
            "1" + Digits.padded(start.date.year, 4) + Digits.padded(start.date.month, 2)
            + Digits.padded(start.date.day, 2) + Digits.padded(sequence, 8)
        let end = LocalDateTime(
            date: LocalDate(dayNumber: (start.wallSeconds + ring + talk + hold) / 86_400),
            hour: (start.wallSeconds + ring + talk + hold) % 86_400 / 3600,
            minute: (start.wallSeconds + ring + talk + hold) % 3600 / 60,
            second: (start.wallSeconds + ring + talk + hold) % 60)!

        // Dirt, at rates seen in real exports.
        let variantKeys = random.chance(1.0 / 1500)
        var startText = start.description
        if random.chance(1.0 / 2000) {
            startText = ""
        } else if random.chance(1.0 / 3000) {
            startText = start.date.description + " 24" + startText.dropFirst(13)
        }
        let holdText = random.chance(1.0 / 2500) ? "12:75:00" : clock(hold)

        var fields: [RawField] = []
        func add(_ key: String, _ value: String) { fields.append(RawField(key: key, value: .string(value))) }
        func add(_ key: String, number: Int) { fields.append(RawField(key: key, value: .number(String(number)))) }

        if random.chance(0.1) { add("UCID", number: Int(ucid)!) } else { add("UCID", ucid) }
        add("monitorUCID", ucid)
        add("UUI", "")
        add("Did", campaign.did)
        add("Location", agent.map { DemoCenter.locations[Int($0.id.dropFirst(2))! % 3] } ?? "")
        add(variantKeys ? "Campaign Name" : "CampaignName", campaign.name)
        add(variantKeys ? "Start Time" : "StartTime", startText)
        add("EndTime", end.description)
        add(variantKeys ? "Caller Id" : "CallerID", callerNumber())
        add("PhoneName", agent?.name ?? "")
        add("Skill", skill)
        if random.chance(0.05) {
            add("TimeToAnswer", number: answered ? ring : 0)
        } else {
            add("TimeToAnswer", answered ? clock(ring) : "")
        }
        add(variantKeys ? "TalkTime" : "Duration", clock(talk))
        add("CallDuration", clock(ring + talk + hold))
        add("FallBackRule", "AgentDial")
        add("DialedNumber", agent?.phone ?? "")
        add("Type", campaign.type)
        add("AgentID", agent?.id ?? "")
        add("AgentUniqueID", agent.map { String(Int($0.id.dropFirst(2))! * 7) } ?? "")
        add(variantKeys ? "Agent" : "AgentName", agent?.name ?? "")
        add("AgentPhoneNumber", agent?.phone ?? "")
        add("Disposition", answered ? random.element(of: DemoCenter.dispositions) : "")
        add(variantKeys ? "Hangup By" : "HangupBy", answered && random.chance(0.3) ? "AgentHangup" : "CustomerHangup")
        add("Status", answered ? "Answered" : (random.chance(0.8) ? "NotAnswered" : "Unanswered"))
        add("AudioFile", "")
        add("TransferType", transferred ? (random.chance(0.6) ? "Blind Transfer" : "Consult Transfer") : "No Transfers")
        add("TransferredTo", transferred ? random.element(of: DemoCenter.agents).id : "")
        add("Comments", "")
        add("DialStatus", answered ? "answered" : "NO_ANSWER")
        add("AgentStatus", answered ? "answered" : (agent == nil ? "" : "no answer"))
        add("CustomerStatus", answered ? "answered" : "abandoned")
        add("TotalHandlingTime", answered && random.chance(0.85) ? clock(talk + hold + wrapup) : "")
        add("HoldDuration", holdText)
        add(variantKeys ? "Wrapup Time" : "WrapupDuration", clock(wrapup))
        return fields
    }

    /// Two in three calls come from a pool of regulars, so that repeat and missed callers exist.
    private mutating func callerNumber() -> String {
        let key = random.chance(0.66) ? UInt64(random.int(in: 0...2999)) : 1_000_000 + random.next() % 8_000_000_000
        var mixer = SeededGenerator(seed: key)
        return "91" + String(6 + mixer.next() % 4) + Digits.padded(Int(mixer.next() % 1_000_000_000), 9)
    }

    private func clock(_ seconds: Int) -> String {
        Digits.padded(seconds / 3600, 2) + ":" + Digits.padded(seconds % 3600 / 60, 2) + ":"
            + Digits.padded(seconds % 60, 2)
    }

    private mutating func exponential(mean: Double) -> Double { -mean * log(1 - random.unit()) }

    /// A standard normal deviate (Box–Muller).
    private mutating func normal() -> Double {
        let u = max(random.unit(), 1e-12)
        return sqrt(-2 * log(u)) * cos(2 * Double.pi * random.unit())
    }
}
