import Foundation

/// The Erlang C staffing model of SPEC §4b: how many agents an interval needs so that the share of
/// calls answered within T seconds reaches a target, for a given traffic.
///
/// Erlang C assumes callers wait as long as it takes (no abandons) and agents who only take calls, so
/// its answer is an estimate before shrinkage (breaks, training, absence).
public enum ErlangC {
    /// Traffic above this many erlangs is not staffed: it takes a million steps of the recursion,
    /// and no interval of a real center carries it (it comes from a handle time gone wrong).
    public static let trafficLimit = 1_000_000.0

    /// The smallest whole number of agents N > `traffic` whose service level reaches `target`;
    /// `nil` above ``trafficLimit``.
    ///
    /// - Parameters:
    ///   - traffic: A, in erlangs: calls × handle seconds / interval seconds.
    ///   - handleSeconds: h, the average handle time; above 0.
    ///   - serviceLevelSeconds: T.
    ///   - target: the service level to reach, in (0, 1).
    public static func requiredAgents(traffic: Double, handleSeconds: Double, serviceLevelSeconds: Int, target: Double)
        -> Int?
    {
        guard traffic <= trafficLimit else { return nil }
        // B(k) = A·B(k−1) / (k + A·B(k−1)) from B(0) = 1: each step is one agent more, so the search
        // carries the recursion along instead of starting it again for every N (never factorials,
        // which overflow a double past 170 agents).
        var blocking = 1.0
        var agents = 0
        while true {
            agents += 1
            blocking = traffic * blocking / (Double(agents) + traffic * blocking)
            guard Double(agents) > traffic else { continue }
            let level = serviceLevel(
                agents: agents, traffic: traffic, blocking: blocking, handleSeconds: handleSeconds,
                serviceLevelSeconds: serviceLevelSeconds)
            if level >= target { return agents }
        }
    }

    /// SL(N) = 1 − C(N, A) · e^(−(N − A) · T / h), with C = N·B(N) / (N − A·(1 − B(N))).
    static func serviceLevel(
        agents: Int, traffic: Double, blocking: Double, handleSeconds: Double, serviceLevelSeconds: Int
    ) -> Double {
        let n = Double(agents)
        let waiting = n * blocking / (n - traffic * (1 - blocking))
        return 1 - waiting * exp(-(n - traffic) * Double(serviceLevelSeconds) / handleSeconds)
    }

    /// SL(N) for N agents, with B(N) worked out from the start: for tests and one-off questions.
    public static func serviceLevel(agents: Int, traffic: Double, handleSeconds: Double, serviceLevelSeconds: Int)
        -> Double
    {
        var blocking = 1.0
        for k in stride(from: 1, through: agents, by: 1) {
            blocking = traffic * blocking / (Double(k) + traffic * blocking)
        }
        return serviceLevel(
            agents: agents, traffic: traffic, blocking: blocking, handleSeconds: handleSeconds,
            serviceLevelSeconds: serviceLevelSeconds)
    }
}
