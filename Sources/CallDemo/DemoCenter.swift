import CallModel

/// The people and queues of the synthetic center, and its load curve.
enum DemoCenter {
    struct Agent {
        let id: String
        let name: String
        let phone: String
        let skills: [Int]
        /// Relative speed: experienced agents handle calls faster.
        let pace: Double
    }

    struct Campaign {
        let name: String
        /// The `Type` CloudAgent writes: `InBound` for queues, the dial mode for outbound campaigns.
        let type: String
        let skills: [Int]
        let weight: Double
        let did: String
        /// Talk time of an answered call relative to the skill's: dialer calls are shorter.
        let talkFactor: Double
        /// The chance that a dialled customer answers (outbound only).
        let connectRate: Double

        var isInbound: Bool { type == "InBound" }
    }

    static let skills = ["Sales", "Support", "Billing", "Retention", "Tech L2"]

    /// Queues take about 70 % of the records, the dialer the rest: attempts outnumber
    /// conversations on outbound campaigns. `Manual` also carries the agents' call-backs of
    /// missed callers (see `DemoDay`).
    static let campaigns = [
        Campaign(
            name: "Inbound_Sales", type: "InBound", skills: [0], weight: 0.20, did: "918047101000", talkFactor: 1,
            connectRate: 1),
        Campaign(
            name: "Inbound_Support", type: "InBound", skills: [1, 4], weight: 0.33, did: "918047102000",
            talkFactor: 1, connectRate: 1),
        Campaign(
            name: "Billing Helpline", type: "InBound", skills: [2], weight: 0.17, did: "918047103000", talkFactor: 1,
            connectRate: 1),
        Campaign(
            name: "Outbound_Renewals", type: "Progressive", skills: [3], weight: 0.10, did: "918047104000",
            talkFactor: 0.6, connectRate: 0.52),
        Campaign(
            name: "Collections_Predictive", type: "Predictive", skills: [2], weight: 0.11, did: "918047105000",
            talkFactor: 0.45, connectRate: 0.38),
        Campaign(
            name: "Lead_Followup", type: "Preview", skills: [0], weight: 0.04, did: "918047106000", talkFactor: 0.7,
            connectRate: 0.58),
        Campaign(
            name: "Agent_Manual", type: "Manual", skills: [0, 1, 2, 3, 4], weight: 0.05, did: "918047100000",
            talkFactor: 0.6, connectRate: 0.62),
    ]
    static let campaignWeights = campaigns.map(\.weight)
    static let manualCampaign = campaigns.firstIndex { $0.type == "Manual" }!

    /// The agents who can take each skill, worked out once rather than for every call.
    static let agentsBySkill: [[Agent]] = skills.indices.map { skill in agents.filter { $0.skills.contains(skill) } }

    static let locations = ["Bengaluru", "Pune", "Hyderabad"]

    private static let firstNames = [
        "Aarav", "Ananya", "Rohan", "Priya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul", "Meera",
        "Karthik", "Divya", "Siddharth", "Pooja", "Aditya", "Neha",
    ]
    private static let lastNames = ["Sharma", "Iyer", "Reddy", "D'Souza", "Nair", "Patel", "Gupta", "Menon"]

    /// 48 agents; one writes her name in Devanagari, as some accounts do.
    static let agents: [Agent] = (0..<48).map { index in
        let name =
            index == 17
            ? "राधिका वर्मा"
            : firstNames[index % firstNames.count] + " " + lastNames[(index * 5 + index / 16) % lastNames.count]
        let primary = index % skills.count
        let secondary = (index * 3 + 1) % skills.count
        return Agent(
            id: "AG\(1001 + index)",
            name: name,
            phone: "9198450\(Digits.padded(10_000 + index * 137, 5))",
            skills: primary == secondary ? [primary] : [primary, secondary],
            pace: 0.75 + Double((index * 7) % 11) / 20
        )
    }

    /// Sunday first, as `dayNumber + 4` counts from 1970-01-01, a Thursday.
    static let weekdayWeight: [Double] = [0.45, 1.15, 1.05, 1.0, 1.0, 0.95, 0.7]

    /// Calls by hour of day: a morning and an afternoon peak, quiet nights.
    static let hourWeight: [Double] = [
        0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.10, 0.30, 0.90, 1.60, 2.00, 2.20,
        1.90, 1.60, 1.70, 1.90, 2.00, 1.70, 1.30, 0.90, 0.60, 0.40, 0.20, 0.10,
    ]

    /// Texts picked with relative weights, kept apart so that a pick allocates nothing.
    struct Choices {
        let texts: [String]
        let weights: [Double]

        init(_ pairs: KeyValuePairs<String, Double>) {
            texts = pairs.map(\.key)
            weights = pairs.map(\.value)
        }
    }

    /// What agents choose on answered calls of a queue, by skill (Sales, Support, Billing,
    /// Retention, Tech L2). `N/A` is a value the normalizer reads as missing.
    static let inboundDispositions: [Choices] = [
        Choices([
            "Sale": 22, "Information given": 30, "Callback requested": 12, "Not interested": 10, "Resolved": 10,
            "Wrong number": 2, "N/A": 2,
        ]),
        Choices([
            "Resolved": 40, "Information given": 20, "Complaint registered": 18, "Escalated": 8,
            "Callback requested": 6, "Wrong number": 2, "N/A": 2,
        ]),
        Choices([
            "Resolved": 35, "Information given": 25, "Payment promised": 12, "Complaint registered": 12,
            "Callback requested": 8, "Wrong number": 2, "N/A": 2,
        ]),
        Choices([
            "Renewed": 25, "Information given": 20, "Not interested": 20, "Callback requested": 15,
            "Complaint registered": 8, "N/A": 2,
        ]),
        Choices([
            "Resolved": 30, "Escalated": 25, "Complaint registered": 15, "Information given": 15,
            "Callback requested": 8, "N/A": 2,
        ]),
    ]

    /// What agents choose on connected dialer calls, by campaign (in `campaigns` order; queues have none).
    static let outboundDispositions: [Choices?] = campaigns.map { campaign in
        switch campaign.type {
        case "Progressive":
            Choices([
                "Renewed": 22, "Not interested": 30, "Callback requested": 22, "Wrong number": 8,
                "Information given": 10,
            ])
        case "Predictive":
            Choices([
                "Payment promised": 30, "Refused to pay": 15, "Callback requested": 20, "Wrong number": 12,
                "Already paid": 15,
            ])
        case "Preview":
            Choices(["Sale": 20, "Not interested": 35, "Callback requested": 25, "Information given": 15])
        case "Manual":
            Choices([
                "Resolved": 35, "Information given": 25, "Callback requested": 12, "Sale": 8,
                "Complaint registered": 10, "Wrong number": 3,
            ])
        default: nil
        }
    }

    /// Dispositions of dialled calls nobody answered, as the dialer sets them (some left empty).
    static let unreachedDispositions = Choices([
        "No answer": 60, "Busy": 20, "Switched off": 12, "Invalid number": 3, "": 5,
    ])

    /// The system's text when an agent leaves the wrap-up screen open past the limit, in the
    /// spacings and cases real exports show; the number is the account's limit in seconds.
    static let wrapUpExceeded = Choices([
        "Wrap up time exceeded :30": 40, "Wrap up time exceeded :60": 25, "Wrap up time exceeded :120": 12,
        "Wrap up time exceeded : 60": 6, "Wrap up time exceeded:30": 5, "wrap up time exceeded :60": 5,
        "WRAP UP TIME EXCEEDED  :  120": 3, " Wrap up time exceeded :60 ": 4,
    ])
    static let wrapUpLimits = [30, 60, 120, 60, 30, 60, 120, 60]
}
