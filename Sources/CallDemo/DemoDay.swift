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

    /// An unanswered inbound call whose caller an agent may ring back later the same day.
    private struct Missed {
        let time: Int
        let caller: String
        let skill: Int
    }

    /// Generates the day's records in start-time order, repeats included.
    ///
    /// Most `Manual` records are agents ringing back callers the queues missed: their slots
    /// are kept aside while the day is drawn, then given to missed calls, each starting a
    /// little after its miss, so the total stays the day's share of `records`.
    mutating func generate(_ emit: ([RawField]) -> Void) {
        var day: [(time: Int, fields: [RawField])] = []
        day.reserveCapacity(calls + calls / 200 + eveCalls)
        var missed: [Missed] = []
        var callbackSlots: [Int] = []
        let eve = date.adding(days: -1)
        for index in 0..<eveCalls {
            let start = LocalDateTime(date: eve, hour: 23, minute: 50 + index, second: 7)!
            let campaign = random.pick(weights: DemoCenter.campaignWeights)
            day.append(
                (start.wallSeconds, makeCall(sequence: 900_000 + index, start: start, campaign: campaign).fields))
        }
        for sequence in 0..<calls {
            let campaign = random.pick(weights: DemoCenter.campaignWeights)
            if campaign == DemoCenter.manualCampaign && random.chance(0.7) {
                callbackSlots.append(sequence)
                continue
            }
            let start = randomStart()
            let call = makeCall(sequence: sequence, start: start, campaign: campaign)
            if let miss = call.missed { missed.append(miss) }
            append(call.fields, at: start.wallSeconds, to: &day)
        }
        let lastSecond = LocalDateTime(date: date, hour: 23, minute: 59, second: 59)!.wallSeconds
        for sequence in callbackSlots {
            var start = randomStart()
            var callback: Missed?
            if !missed.isEmpty {
                let index = random.int(in: 0...(missed.count - 1))
                let miss = missed[index]
                // Call-backs come from 2 minutes to a few hours after the miss; none past midnight.
                let room = lastSecond - miss.time
                if room >= 120 {
                    missed.swapAt(index, missed.count - 1)
                    missed.removeLast()
                    let delay = min(room, 120 + Int(exponential(mean: 2400)))
                    start = dateTime(miss.time + delay)
                    callback = miss
                }
            }
            let call = makeCall(
                sequence: sequence, start: start, campaign: DemoCenter.manualCampaign, callback: callback)
            append(call.fields, at: start.wallSeconds, to: &day)
        }
        day.sort { $0.time < $1.time }
        for call in day { emit(call.fields) }
    }

    private mutating func randomStart() -> LocalDateTime {
        let hour = random.pick(weights: DemoCenter.hourWeight)
        return LocalDateTime(date: date, hour: hour, minute: random.int(in: 0...59), second: random.int(in: 0...59))!
    }

    /// Roughly one record in 400 arrives twice, as re-sent pages of the API do.
    private mutating func append(_ fields: [RawField], at time: Int, to day: inout [(time: Int, fields: [RawField])]) {
        day.append((time, fields))
        if random.chance(0.0025) { day.append((time + random.int(in: 1...900), fields)) }
    }

    private mutating func makeCall(
        sequence: Int, start: LocalDateTime, campaign campaignIndex: Int, callback: Missed? = nil
    ) -> (fields: [RawField], missed: Missed?) {
        let campaign = DemoCenter.campaigns[campaignIndex]
        let inbound = campaign.isInbound
        let skillIndex = callback?.skill ?? random.element(of: campaign.skills)
        let skill = DemoCenter.skills[skillIndex]
        let load = DemoCenter.hourWeight[start.hour] / 2.2
        let answered = random.chance(inbound ? 0.96 - 0.1 * load : campaign.connectRate)
        let candidates = DemoCenter.agentsBySkill[skillIndex]
        // A queue call rang an agent half the time before the caller gave up; a predictive dialler
        // binds an agent only once the customer answers; the other modes dial from an agent's seat.
        let hasAgent =
            answered || (inbound ? random.chance(0.5) : campaign.type != "Predictive")
        let agent: DemoCenter.Agent? = hasAgent ? random.element(of: candidates) : nil

        // Unanswered calls: how long the caller waited, or how long the dialled phone rang.
        var outcome = ""
        var hangup = "UserHangup"
        let ring: Int
        if answered {
            ring = inbound ? min(300, Int(exponential(mean: 4 + 13 * load))) : random.int(in: 4...25)
        } else if inbound {
            let draw = random.unit()
            if draw < 0.12 {
                ring = random.int(in: 0...4)  // short abandons: misdials, a change of mind in the first ring
            } else if draw < 0.92 {
                ring = min(600, 5 + Int(exponential(mean: 25 + 60 * load)))
            } else {
                ring = random.int(in: 120...600)
                if random.chance(0.5) { hangup = "System" }  // the queue's time-out
            }
        } else {
            outcome =
                DemoCenter.unreachedDispositions.texts[random.pick(weights: DemoCenter.unreachedDispositions.weights)]
            switch outcome {
            case "Busy": ring = random.int(in: 2...8)
            case "Switched off", "Invalid number":
                ring = random.int(in: 1...5)
                hangup = "System"
            default:
                ring = random.int(in: 25...45)
                hangup = "System"
            }
        }
        let pace = agent?.pace ?? 1
        let baseTalk = [240.0, 330, 200, 280, 480][skillIndex] * campaign.talkFactor
        let talk = answered ? max(inbound ? 8 : 5, Int(baseTalk * pace * exp(0.55 * normal()))) : 0
        let hold = answered && random.chance(inbound ? 0.25 : 0.08) ? random.int(in: 10...180) : 0
        var wrapup = answered ? random.int(in: 5...60) : 0
        let transferred = answered && random.chance(inbound ? 0.07 : 0.02)
        if answered {
            if random.chance(inbound ? 0.06 : 0.04) {
                // The agent left the wrap-up screen open: the system disposes the call at the limit.
                let choice = random.pick(weights: DemoCenter.wrapUpExceeded.weights)
                outcome = DemoCenter.wrapUpExceeded.texts[choice]
                wrapup = DemoCenter.wrapUpLimits[choice]
            } else {
                let choices =
                    inbound
                    ? DemoCenter.inboundDispositions[skillIndex] : DemoCenter.outboundDispositions[campaignIndex]!
                outcome = choices.texts[random.pick(weights: choices.weights)]
            }
            let draw = random.unit()
            hangup = draw < 0.35 ? "AgentHangup" : draw < 0.37 ? "System" : "UserHangup"
        }
        if random.chance(0.01) { hangup = "" }

        let ucid =
            "1" + Digits.padded(start.date.year, 4) + Digits.padded(start.date.month, 2)
            + Digits.padded(start.date.day, 2) + Digits.padded(sequence, 8)
        let end = start.wallSeconds + ring + talk + hold
        var endText = dateTime(end).description
        let caller = callback?.caller ?? callerNumber(regulars: inbound ? 0.66 : 0.1)

        // Dirt, at rates seen in real exports.
        let variantKeys = random.chance(1.0 / 1500)
        var startText = start.description
        if random.chance(1.0 / 2000) {
            startText = ""
        } else if random.chance(1.0 / 3000) {
            startText = start.date.description + " 24" + startText.dropFirst(13)
        }
        if !answered && inbound {
            // A few abandoned calls lack an end, or end before they start (a clock fixed mid-call).
            if random.chance(1.0 / 150) {
                endText = ""
            } else if random.chance(1.0 / 1000) {
                endText = dateTime(start.wallSeconds - random.int(in: 1...30)).description
            }
        }
        let holdText = random.chance(1.0 / 2500) ? "12:75:00" : clock(hold)

        var fields: [RawField] = []
        fields.reserveCapacity(36)
        func add(_ key: String, _ value: String) { fields.append(RawField(key: key, value: .string(value))) }
        func add(_ key: String, number: Int) { fields.append(RawField(key: key, value: .number(String(number)))) }

        if random.chance(0.1) { add("UCID", number: Int(ucid)!) } else { add("UCID", ucid) }
        add("monitorUCID", ucid)
        add("UUI", "")
        add("Did", campaign.did)
        add("Location", agent.map { DemoCenter.locations[Int($0.id.dropFirst(2))! % 3] } ?? "")
        add(variantKeys ? "Campaign Name" : "CampaignName", campaign.name)
        add(variantKeys ? "Start Time" : "StartTime", startText)
        add("EndTime", endText)
        if random.chance(0.01) {
            fields.append(RawField(key: variantKeys ? "Caller Id" : "CallerID", value: .number(caller)))
        } else {
            add(variantKeys ? "Caller Id" : "CallerID", caller)
        }
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
        // Queues write `InBound`; some records carry no type at all, a few the push API's `inbound`.
        if !inbound {
            add("Type", campaign.type)
        } else {
            let draw = random.unit()
            if draw >= 0.03 { add("Type", draw < 0.05 ? "inbound" : "InBound") }
        }
        add("AgentID", agent?.id ?? "")
        add("AgentUniqueID", agent.map { String(Int($0.id.dropFirst(2))! * 7) } ?? "")
        add(variantKeys ? "Agent" : "AgentName", agent?.name ?? "")
        add("AgentPhoneNumber", agent?.phone ?? "")
        add("Disposition", outcome)
        add(variantKeys ? "Hangup By" : "HangupBy", hangup)
        add("Status", answered ? "Answered" : (random.chance(0.8) ? "NotAnswered" : "Unanswered"))
        add("AudioFile", "")
        add("TransferType", transferred ? (random.chance(0.6) ? "Blind Transfer" : "Consult Transfer") : "No Transfers")
        add("TransferredTo", transferred ? random.element(of: DemoCenter.agents).id : "")
        add("Comments", "")
        add("DialStatus", answered ? "answered" : outcome == "Busy" ? "BUSY" : "NO_ANSWER")
        add("AgentStatus", answered ? "answered" : (agent == nil ? "" : "no answer"))
        add("CustomerStatus", answered ? "answered" : inbound ? "abandoned" : outcome == "Busy" ? "busy" : "no answer")
        add("TotalHandlingTime", answered && random.chance(0.85) ? clock(talk + hold + wrapup) : "")
        add("HoldDuration", holdText)
        add(variantKeys ? "Wrapup Time" : "WrapupDuration", clock(wrapup))
        let miss = inbound && !answered ? Missed(time: start.wallSeconds, caller: caller, skill: skillIndex) : nil
        return (fields, miss)
    }

    private func dateTime(_ wallSeconds: Int) -> LocalDateTime {
        LocalDateTime(
            date: LocalDate(dayNumber: wallSeconds / 86_400), hour: wallSeconds % 86_400 / 3600,
            minute: wallSeconds % 3600 / 60, second: wallSeconds % 60)!
    }

    /// Two in three queue calls come from a pool of regulars, so that repeat and missed callers
    /// exist; dialled customers mostly come from campaign lists.
    private mutating func callerNumber(regulars: Double) -> String {
        let key = random.chance(regulars) ? UInt64(random.int(in: 0...2999)) : 1_000_000 + random.next() % 8_000_000_000
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
