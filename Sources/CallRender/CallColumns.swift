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
        case timestamp(String?)
        case number(Int?)
        case flag(Bool)

        /// The value a template sees: the same text the stream writes
        /// (Mustache prints `Int` and `Bool` as `String(describing:)` does),
        /// and `nil` for a missing value so that `{{#field}}` tests presence.
        var templateValue: Any? {
            switch self {
            case .text(let text), .timestamp(let text): return text
            case .number(let number): return number
            case .flag(let flag): return flag
            }
        }
    }

    struct Column: Sendable {
        let name: String
        let cell: @Sendable (CallRecord, OffsetFormatter) -> Cell
    }

    static let all: [Column] = [
        Column(name: "ucid") { r, _ in .text(r.ucid) },
        Column(name: "start") { r, offsets in .timestamp(offsets.iso8601(r.start)) },
        Column(name: "end") { r, offsets in .timestamp(r.end.map(offsets.iso8601)) },
        Column(name: "agentId") { r, _ in .text(r.agentId) },
        Column(name: "agentName") { r, _ in .text(r.agentName) },
        Column(name: "campaign") { r, _ in .text(r.campaign) },
        Column(name: "skill") { r, _ in .text(r.skill) },
        Column(name: "type") { r, _ in .text(r.type) },
        Column(name: "status") { r, _ in .text(r.status) },
        Column(name: "answered") { r, _ in .flag(r.isAnswered) },
        Column(name: "timeToAnswer") { r, _ in .number(r.timeToAnswer) },
        Column(name: "talk") { r, _ in .number(r.talk) },
        Column(name: "hold") { r, _ in .number(r.hold) },
        Column(name: "wrapup") { r, _ in .number(r.wrapup) },
        // Handle time is a figure of answered calls only (SPEC §4); an
        // unanswered call shows none rather than a misleading sum.
        Column(name: "handle") { r, _ in .number(r.isAnswered ? r.handleSeconds : nil) },
        Column(name: "transferred") { r, _ in .flag(r.isTransferred) },
        Column(name: "transferType") { r, _ in .text(r.transferType) },
        Column(name: "transferredTo") { r, _ in .text(r.transferredTo) },
        Column(name: "disposition") { r, _ in .text(r.disposition) },
        Column(name: "hangupBy") { r, _ in .text(r.hangupBy) },
        Column(name: "callerId") { r, _ in .text(r.callerId) },
        Column(name: "did") { r, _ in .text(r.did) },
        Column(name: "location") { r, _ in .text(r.location) },
    ]

    static let names: [String] = all.map(\.name)

    static let byName: [String: Column] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Appends one CSV row (without the row end).
    static func appendRow(_ record: CallRecord, offsets: OffsetFormatter, to out: inout [UInt8]) {
        for (index, column) in all.enumerated() {
            if index > 0 { out.append(CSVField.separator) }
            switch column.cell(record, offsets) {
            case .text(let text): if let text { CSVField.appendText(text, to: &out) }
            case .timestamp(let text): if let text { CSVField.appendPlain(text, to: &out) }
            case .number(let number): if let number { CSVField.appendPlain(String(number), to: &out) }
            case .flag(let flag): CSVField.appendPlain(flag ? "true" : "false", to: &out)
            }
        }
    }
}
