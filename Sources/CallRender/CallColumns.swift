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

    /// Appends one CSV row (without the row end).
    static func appendRow(_ record: CallRecord, offsets: OffsetFormatter, to out: inout [UInt8]) {
        for (index, column) in all.enumerated() {
            if index > 0 { out.append(CSVField.separator) }
            // Timestamps, numbers and booleans are ours: never guarded, never quoted.
            switch column.cell(record) {
            case .text(let text): if let text { CSVField.appendText(text, to: &out) }
            case .timestamp(let time): if let time { offsets.appendISO8601(time, to: &out) }
            case .number(let number): if let number { CSVField.appendInteger(number, to: &out) }
            case .flag(let flag): out.append(contentsOf: flag ? trueBytes : falseBytes)
            }
        }
    }
}
