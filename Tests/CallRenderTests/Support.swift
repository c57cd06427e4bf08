import CallAggregate
import CallModel
import Foundation
import Testing

@testable import CallRender

/// Small hand-made inputs and helpers shared by the render tests.
enum Sample {
    /// The repository's default templates folder.
    static let templates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    static let context = ReportContext(
        label: "2026-10-01_2026-10-03", account: "acme_ops", byteOrderMark: true,
        timeZone: TimeZone(identifier: "Asia/Kolkata")!, maskCallers: false)

    /// The context with `--short-abandon 5`, as the pipeline passes it.
    static var shortContext: ReportContext {
        var context = Self.context
        context.shortAbandonSeconds = 5
        return context
    }

    static func agent(
        _ id: String, _ name: String, offered: Int, answered: Int, handle: Int = 0, aht: Double? = nil,
        median: Int? = nil, p90: Int? = nil, asa: Double? = nil, transferred: Int = 0, transferRate: Double? = nil
    ) -> AgentFigures {
        AgentFigures(
            id: id, name: name, offered: offered, answered: answered, handleSeconds: handle,
            talkSeconds: handle == 0 ? 0 : handle - 200, holdSeconds: handle == 0 ? 0 : 100,
            wrapupSeconds: handle == 0 ? 0 : 100, aht: aht, medianHandle: median, p90Handle: p90, asa: asa,
            transferred: transferred, transferRate: transferRate)
    }

    /// The sample with 500 agents, skills and campaigns with long names: the size bound's worst case.
    static var largeCenter: Metrics { center(agents: 500) }

    static func center(agents count: Int) -> Metrics {
        var metrics = Sample.metrics
        let longName = "Customer Care & Retention — Tier 2 <Hindi>"
        let top = max(1000, count + 500)
        metrics.agents = (0..<count).map {
            Sample.agent(
                "AG\($0)", "\(longName) \($0)", offered: top - $0, answered: top - 100 - $0, handle: 250_000,
                aht: 277.77,
                median: 250, p90: 480, asa: 12.345, transferred: 10, transferRate: 0.0111)
        }
        metrics.skills = (0..<min(count, 500)).map {
            Sample.group("\(longName) \($0)", offered: 1000 - $0, answered: 900 - $0)
        }
        metrics.campaigns = metrics.skills
        return metrics
    }

    /// Every §4b section, sized like a center of `agents` agents: hundreds of dispositions with long
    /// names (the summary lists the first eight), busy intervals whose hours sum to four digits.
    static func directions(_ metrics: Metrics, agents: Int = 500) -> Metrics {
        var m = metrics
        let longName = "Customer Care & Retention — Tier 2 <Hindi>"
        let offered = agents * 2000
        m.inbound = InboundFigures(
            offered: offered, answered: offered * 9 / 10, unanswered: offered / 10, shortAbandoned: offered / 50,
            serviceLevel: 0.7123, serviceLevelExcludingShort: 0.7268, asa: 14.2, abandonRate: 0.1,
            abandonRateExcludingShort: 0.0816, aht: 281.5, medianHandle: 240, p90Handle: 560, transferred: 1234,
            transferRate: 0.0007,
            abandonWait: AbandonWait(
                known: offered / 10 - 7, unknown: 7, median: 42,
                buckets: zip(WaitBucket.bounds, WaitBucket.bounds.dropFirst().map(Optional.some) + [nil]).map {
                    WaitBucket(fromSeconds: $0, toSeconds: $1, calls: (offered / 10 - 7) / 8)
                }))
        m.outbound = OutboundFigures(
            attempts: offered, connected: offered / 3, connectRate: 1.0 / 3, aht: 190.25, medianHandle: 150,
            p90Handle: 400, talkSeconds: 1_000_000, handleSeconds: 1_200_000, transferred: 10, transferRate: 0.001)
        m.dispositions = (0..<agents).map {
            DispositionFigures(
                name: "\(longName) \($0)", calls: 100_000 - $0, answered: 90_000 - $0, share: 0.0123, aht: 301.7)
        }
        m.hangups = (0..<20).map { HangupFigures(name: "\(longName) side \($0)", calls: 5000 - $0, share: 0.005) }
        m.recovery = RecoveryFigures(
            missedNumbers: 123_456, recovered: 98_765, recoveryRate: 0.8, medianRecoverySeconds: 11_520)
        m.intervals = IntervalFigures(
            minutes: 30, targetServiceLevel: 0.8, serviceLevelSeconds: 20,
            rows: IntervalRow.weekdays.flatMap { day in
                (0..<48).map { slot in
                    let average = slot < 16 ? 0 : Double(agents) * 1.5 + Double(slot) * 0.37
                    return IntervalRow(
                        weekday: day, start: (slot < 20 ? "0" : "") + "\(slot / 2):" + (slot % 2 == 0 ? "00" : "30"),
                        days: 4, offered: Int(average * 4), averageOffered: average, answered: Int(average * 3.6),
                        aht: 281.5, serviceLevel: 0.8, requiredAgents: average == 0 ? 0 : agents / 2 + slot,
                        occupancy: 0.85)
                }
            })
        return m
    }

    /// ``largeCenter`` with a month of busy days, missed callers, and a previous period that
    /// gives every agent and skill a change and raises over a thousand alerts.
    static var largeCenterCompared: Metrics { centerCompared(agents: 500) }

    static func centerCompared(agents: Int) -> Metrics {
        var metrics = Sample.center(agents: agents)
        metrics.daily = ReportPeriod(month: "2026-10")!.dates.map {
            DayFigures(
                date: $0.description, offered: 30_000, answered: 27_000, unanswered: 3000, handleSeconds: 7_000_000,
                aht: 259.2)
        }
        var previous = metrics
        previous.agents = previous.agents.map {
            var a = $0
            a.answered /= 2
            a.aht = 100
            a.asa = 30
            a.transferRate = 0.5
            a.medianHandle = 100
            a.p90Handle = 100
            return a
        }
        previous.skills = previous.skills.map {
            var s = $0
            s.offered /= 2
            s.aht = 100
            s.asa = 1
            s.serviceLevel = 0.1
            s.abandonRate = 0.9
            s.transferRate = 0.5
            return s
        }
        previous.totals.offered = 1
        metrics.callers = CallerFigures(
            missedCallers: 99_999, repeatWindowDays: 7, answeredCallers: 99_999, repeatCallers: 9_999, repeatRate: 0.1)
        metrics = directions(metrics, agents: agents)
        previous = directions(previous, agents: agents)
        previous.inbound?.serviceLevel = 0.5
        metrics.comparison = Comparison(current: metrics, previous: previous, alertChange: 0.2)
        return metrics
    }

    static func group(_ name: String, offered: Int, answered: Int) -> GroupFigures {
        let handle = answered * 252
        return GroupFigures(
            name: name, direction: .inbound, offered: offered, answered: answered, unanswered: offered - answered,
            abandonRate: offered == 0 ? nil : Double(offered - answered) / Double(offered), handleSeconds: handle,
            aht: answered == 0 ? nil : 252.0, asa: answered == 0 ? nil : 7.5,
            serviceLevel: offered == 0 ? nil : Double(answered) / Double(offered) * 0.875, transferred: 0,
            transferRate: answered == 0 ? nil : 0.0)
    }

    static func hourly(_ busy: [Int: (Int, Int)]) -> [HourFigures] {
        (0..<24).map { HourFigures(hour: $0, offered: busy[$0]?.0 ?? 0, answered: busy[$0]?.1 ?? 0) }
    }

    /// Three days, three agents (one with no answered call), two skills, one campaign.
    static var metrics: Metrics {
        Metrics(
            period: PeriodInfo(from: "2026-10-01", to: "2026-10-03", timezone: "Asia/Kolkata", serviceLevelSeconds: 20),
            totals: Totals(
                offered: 10, answered: 8, unanswered: 2, transferred: 1, handleSeconds: 2016, aht: 252.0, asa: 7.5,
                serviceLevel: 0.7, abandonRate: 0.2, transferRate: 0.125, medianHandle: 240, p90Handle: 400),
            agents: [
                agent(
                    "A1", "Priya", offered: 6, answered: 5, handle: 1300, aht: 260.0, median: 250, p90: 400, asa: 5.0,
                    transferred: 1, transferRate: 0.2),
                agent(
                    "A2", "राहुल", offered: 3, answered: 3, handle: 716, aht: 238.66666666666666, median: 240,
                    p90: 260, asa: 11.666666666666666, transferRate: 0.0),
                agent("A3", "A3", offered: 1, answered: 0),
            ],
            skills: [group("Sales", offered: 6, answered: 5), group("Support", offered: 4, answered: 3)],
            campaigns: [group("Inbound", offered: 10, answered: 8)],
            daily: [
                DayFigures(date: "2026-10-01", offered: 6, answered: 5, unanswered: 1, handleSeconds: 1260, aht: 252.0),
                DayFigures(date: "2026-10-02", offered: 0, answered: 0, unanswered: 0, handleSeconds: 0, aht: nil),
                DayFigures(date: "2026-10-03", offered: 4, answered: 3, unanswered: 1, handleSeconds: 756, aht: 252.0),
            ],
            hourly: hourly([9: (5, 4), 10: (4, 3), 11: (1, 1)]),
            dataQuality: DataQuality(
                inputRecords: 14, normalized: 13, duplicates: 2, quarantined: 1, outOfPeriod: 1,
                reasons: .init(missingStart: 1, invalidStart: 0, invalidDuration: 1)),
            fetch: FetchSummary(requests: 1, windows: 1, fromArchive: 0))
    }

    /// Values that try to break out of every format.
    static let hostile = [
        "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "-5", "+1", "@SUM(A1)", "a|b",
        "say \"hi\", ok", "line1\nline2", "राहुल", "📞 call me", "\tTab", "x & y's",
    ]

    static var hostileMetrics: Metrics {
        var m = metrics
        m.agents = hostile.enumerated().map { index, name in
            agent(
                "H\(index)", name, offered: 1, answered: 1, handle: 300, aht: 300.0, median: 300, p90: 300, asa: 1.0,
                transferRate: 0.0)
        }
        m.skills = hostile.map { group($0, offered: 1, answered: 1) }
        m.campaigns = hostile.map { group($0, offered: 1, answered: 0) }
        m.dispositions = hostile.prefix(8).map {
            DispositionFigures(name: $0, calls: 1, answered: 1, share: 0.1, aht: 300)
        }
        m.hangups = hostile.suffix(4).map { HangupFigures(name: $0, calls: 1, share: 0.1) }
        return m
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("callrender-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A templates folder holding exactly `files` (name → text).
    static func templatesFolder(_ files: [String: String]) throws -> URL {
        let folder = try temporaryFolder()
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// The HTML without its tags: the text a reader sees, whatever spans keep its figures whole.
    static func shownText(_ html: String) -> String {
        html.replacing(#/<[^>]*>/#, with: "")
    }

    static func read(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}

/// A strict RFC 4180 reader for checking what we write: every row must end
/// with CRLF, quotes must be balanced, and a quote inside a quoted field
/// must be doubled.
enum CSVReader {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { throw Malformed(description: "byte-order mark not stripped") }
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"" where field.isEmpty:
                // Quoted field: read to the closing quote.
                while true {
                    guard let inner = scalars.popFirst() else { throw Malformed(description: "unclosed quote") }
                    if inner == "\"" {
                        if scalars.first == "\"" {
                            scalars.removeFirst()
                            field.append("\"")
                        } else {
                            break
                        }
                    } else {
                        field.append(inner)
                    }
                }
                guard let after = scalars.first, after == "," || after == "\r" else {
                    throw Malformed(description: "text after a closing quote")
                }
            case ",":
                row.append(String(field))
                field = String.UnicodeScalarView()
            case "\r":
                guard scalars.popFirst() == "\n" else { throw Malformed(description: "CR without LF") }
                row.append(String(field))
                field = String.UnicodeScalarView()
                rows.append(row)
                row = []
            case "\n", "\"":
                throw Malformed(description: "bare \(scalar == "\n" ? "LF" : "quote") in an unquoted field")
            default:
                field.append(scalar)
            }
        }
        guard row.isEmpty, field.isEmpty else { throw Malformed(description: "last row does not end with CRLF") }
        return rows
    }
}
