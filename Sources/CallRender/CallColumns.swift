import CallAggregate
import CallModel

/// The columns of `calls.csv` (SPEC §5), in order, each with how it reads a
/// call. This one table drives the header, the streamed writer and the
/// `calls` rows a custom `calls.csv.mustache` sees, so the three cannot drift.
enum CallColumns {
    /// A cell before CSV encoding. The kind decides the CSV rule: text from
    /// the source is formula-guarded and quoted as needed; what we write
    /// ourselves (timestamps, numbers, booleans) is never guarded.
    enum Cell {
        case text(String?)
        case timestamp(LocalDateTime?)
        case number(Int?)
        case flag(Bool)

        /// The value a template sees: the same text the stream writes
        /// (Mustache prints `Int` and `Bool` as `String(describing:)` does),
        /// and `nil` for a missing value so that `{{#field}}` tests presence.
        func templateValue(offsets: OffsetFormatter) -> Any? {
            switch self {
            case .text(let text): return text
            case .timestamp(let time): return time.map(offsets.iso8601)
            case .number(let number): return number
            case .flag(let flag): return flag
            }
        }
    }

    struct Column: Sendable {
        let name: String
        let cell: @Sendable (CallRecord) -> Cell
    }

    static let all: [Column] = [
        Column(name: "ucid") { r in .text(r.ucid) },
        Column(name: "start") { r in .timestamp(r.start) },
        Column(name: "end") { r in .timestamp(r.end) },
        Column(name: "agentId") { r in .text(r.agentId) },
        Column(name: "agentName") { r in .text(r.agentName) },
        Column(name: "campaign") { r in .text(r.campaign) },
        Column(name: "skill") { r in .text(r.skill) },
        Column(name: "type") { r in .text(r.type) },
        Column(name: "status") { r in .text(r.status) },
        Column(name: "answered") { r in .flag(r.isAnswered) },
        Column(name: "timeToAnswer") { r in .number(r.timeToAnswer) },
        Column(name: "talk") { r in .number(r.talk) },
        Column(name: "hold") { r in .number(r.hold) },
        Column(name: "wrapup") { r in .number(r.wrapup) },
        // Handle time is a figure of answered calls only (SPEC §4); an
        // unanswered call shows none rather than a misleading sum.
        Column(name: "handle") { r in .number(r.isAnswered ? r.handleSeconds : nil) },
        Column(name: "transferred") { r in .flag(r.isTransferred) },
        Column(name: "transferType") { r in .text(r.transferType) },
        Column(name: "transferredTo") { r in .text(r.transferredTo) },
        Column(name: "disposition") { r in .text(r.disposition) },
        Column(name: "hangupBy") { r in .text(r.hangupBy) },
        Column(name: "callerId") { r in .text(r.callerId) },
        Column(name: "did") { r in .text(r.did) },
        Column(name: "location") { r in .text(r.location) },
    ]

    static let names: [String] = all.map(\.name)

    static let byName: [String: Column] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    /// Appends one CSV row (without the row end): the cells of `all`, in its order, written out
    /// by hand for the streamed calls.csv (a million rows a month), where reading each cell through
    /// its column's closure cost a third of the writer. A test renders `all` through a template
    /// and compares the two byte for byte. `lastHour` is the writer's own memo of offsets.
    static func appendRow(
        _ r: CallRecord, offsets: OffsetFormatter, lastHour: inout OffsetFormatter.LastHour, to out: inout [UInt8]
    ) {
        let answered = r.isAnswered
        func text(_ value: String?) {
            if let value { CSVField.appendText(value, to: &out) }
            out.append(CSVField.separator)
        }
        func number(_ value: Int?) {
            if let value { CSVField.appendInteger(value, to: &out) }
            out.append(CSVField.separator)
        }
        func flag(_ value: Bool) {
            out.append(contentsOf: value ? trueBytes : falseBytes)
            out.append(CSVField.separator)
        }
        text(r.ucid)
        offsets.appendISO8601(r.start, lastHour: &lastHour, to: &out)
        out.append(CSVField.separator)
        if let end = r.end { offsets.appendISO8601(end, lastHour: &lastHour, to: &out) }
        out.append(CSVField.separator)
        text(r.agentId)
        text(r.agentName)
        text(r.campaign)
        text(r.skill)
        text(r.type)
        text(r.status)
        flag(answered)
        number(r.timeToAnswer)
        number(r.talk)
        number(r.hold)
        number(r.wrapup)
        number(answered ? r.handleSeconds : nil)
        flag(answered && r.isTransferred)
        text(r.transferType)
        text(r.transferredTo)
        text(r.disposition)
        text(r.hangupBy)
        text(r.callerId)
        text(r.did)
        if let location = r.location { CSVField.appendText(location, to: &out) }
    }
}
