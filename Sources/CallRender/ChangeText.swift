import CallAggregate
import Mustache

/// How a change against the previous period reads: never by colour alone,
/// always an arrow and a number: `▲ 12.5 %`, `▼ 3.0 %`, `= 0.0 %`, `new`;
/// a rate's change in percentage points: `▲ 1.3 pp` (SPEC §5).
enum ChangeText {
    /// How a figure's own value reads, for the "was …" part.
    enum Kind {
        case count, rate, seconds
    }

    /// `nil` when there is nothing to compare (no previous period, or a figure missing now).
    static func text(_ change: FigureChange?, kind: Kind, withPrevious: Bool = false) -> String? {
        guard let change else { return nil }
        if change.new { return "new" }
        guard let delta = change.change else { return nil }
        // A fraction either way: 0.125 is 12.5 % of the previous value, 0.013 is 1.3 points.
        let tenths = Int((abs(delta) * 1000).rounded(.toNearestOrAwayFromZero))
        let arrow = tenths == 0 ? "=" : delta > 0 ? "▲" : "▼"
        let unit = change.unit == .pp ? "pp" : "%"
        let amount = "\(arrow) \(tenths / 10).\(tenths % 10) \(unit)"
        guard withPrevious else { return amount }
        return amount + " (was " + value(change.previous, kind: kind) + ")"
    }

    /// The same change in two parts, `▲ 25.0 %` and `8`, so a narrow layout can break the line
    /// between them and never inside either (the HTML headline tiles at 320 px).
    static func parts(_ change: FigureChange?, kind: Kind) -> ChangeParts? {
        guard let amount = text(change, kind: kind), let change else { return nil }
        return ChangeParts(amount: amount, previous: change.new ? nil : value(change.previous, kind: kind))
    }

    static func value(_ value: Double?, kind: Kind) -> String {
        switch kind {
        case .count: value.map { "\(Int($0))" } ?? DisplayText.missing
        case .rate: DisplayText.percent(value)
        case .seconds: DisplayText.duration(value)
        }
    }

    /// What people call each figure of the comparison.
    static func label(_ figure: String) -> (name: String, kind: Kind) {
        switch figure {
        case "offered": ("offered", .count)
        case "answered": ("answered", .count)
        case "answerRate": ("answer rate", .rate)
        case "aht": ("AHT", .seconds)
        case "asa": ("ASA", .seconds)
        case "serviceLevel": ("service level", .rate)
        case "abandonRate": ("abandon rate", .rate)
        case "transferRate": ("transfer rate", .rate)
        case "medianHandle": ("median handle", .seconds)
        case "p90Handle": ("p90 handle", .seconds)
        default: (figure, .count)
        }
    }
}

/// A change and the previous value apart: `amount` `▲ 25.0 %`; `previous` `8`, missing for `new`.
struct ChangeParts: MustacheParent {
    let amount: String
    let previous: String?

    func child(named name: String) -> Any? {
        switch name {
        case "amount": amount
        case "previous": previous
        default: nil
        }
    }
}

/// The comparison for templates: which period, and the alerts.
struct ComparisonView {
    let previousFrom: String
    let previousTo: String
    /// `20 %`.
    let alertChangeText: String
    let alerts: [AlertRow]
    /// The first ``maxAlertsShown`` alerts, for the summaries.
    let alertsTop: [AlertRow]
    let alertCount: Int
    let alertsHidden: Int
    let alertsMore: Bool
    let hasAlerts: Bool
    let hasOneAlert: Bool

    /// Enough to act on; the rest are in metrics.json, and the mail stays small.
    static let maxAlertsShown = 12

    init(_ c: Comparison) {
        previousFrom = c.previousFrom
        previousTo = c.previousTo
        let tenths = Int((c.alertChange * 1000).rounded(.toNearestOrAwayFromZero))
        alertChangeText = tenths % 10 == 0 ? "\(tenths / 10) %" : "\(tenths / 10).\(tenths % 10) %"
        alerts = c.alerts.map(AlertRow.init)
        alertsTop = Array(alerts.prefix(Self.maxAlertsShown))
        alertCount = alerts.count
        alertsHidden = alerts.count - alertsTop.count
        alertsMore = alertsHidden > 0
        hasAlerts = !alerts.isEmpty
        hasOneAlert = alerts.count == 1
    }
}

/// One flagged change: `Sales: service level ▼ 25.0 % (80.0 % → 60.0 %)`.
struct AlertRow {
    /// The skill's name; missing for a headline figure.
    let skill: String?
    let figure: String
    let changeText: String
    let previousText: String
    let currentText: String

    init(_ alert: Alert) {
        skill = alert.name
        let (name, kind) = ChangeText.label(alert.figure)
        figure = name
        changeText =
            ChangeText.text(
                FigureChange(figure: alert.figure, current: alert.current, previous: alert.previous), kind: kind)
            ?? DisplayText.missing
        previousText = ChangeText.value(alert.previous, kind: kind)
        currentText = ChangeText.value(alert.current, kind: kind)
    }
}

/// Missed and repeat callers for the summaries: counts only, never a number.
struct CallersView {
    let missedCallers: Int
    let hasMissedCallers: Bool
    let oneMissedCaller: Bool
    let repeatWindowDays: Int
    let answeredCallers: Int
    let repeatCallers: Int
    let repeatRate: Double?
    let repeatRateText: String

    init(_ c: CallerFigures) {
        missedCallers = c.missedCallers
        hasMissedCallers = c.missedCallers > 0
        oneMissedCaller = c.missedCallers == 1
        repeatWindowDays = c.repeatWindowDays
        answeredCallers = c.answeredCallers
        repeatCallers = c.repeatCallers
        repeatRate = c.repeatRate
        repeatRateText = DisplayText.percent(c.repeatRate)
    }
}
