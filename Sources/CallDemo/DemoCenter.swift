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
        let type: String
        let skills: [Int]
        let weight: Double
        let did: String
    }

    static let skills = ["Sales", "Support", "Billing", "Retention", "Tech L2"]

    static let campaigns = [
        Campaign(name: "Inbound_Sales", type: "InBound", skills: [0], weight: 0.30, did: "918047101000"),
        Campaign(name: "Inbound_Support", type: "InBound", skills: [1, 4], weight: 0.40, did: "918047102000"),
        Campaign(name: "Billing Helpline", type: "InBound", skills: [2], weight: 0.18, did: "918047103000"),
        Campaign(name: "Outbound_Renewals", type: "Progressive", skills: [3], weight: 0.12, did: "918047104000"),
    ]

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

    static let dispositions = [
        "Resolved", "Sale Closed", "Callback Requested", "Information Given", "Escalated", "N/A",
    ]
}
