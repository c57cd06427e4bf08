import CallAggregate
import CallModel

/// The columns of `calls.csv` (SPEC §5), in order, each with how it reads a
/// call. This table gives the header and the `calls` rows a custom
/// `calls.csv.mustache` sees. The streamed writer does not read it: for speed
/// ``appendRow(_:offsets:lastHour:to:)`` writes the same cells by hand, and
/// two tests keep the two in step by rendering every column of this table
/// through a template and comparing the result with the stream byte for byte
/// (`ReportRendererTests.callsTemplate`, and `CallsCSVWriterTests` for
/// hostile values). A column added here and not there fails them.
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

    /// Room a row needs besides its text cells: 22 separators, the row end, two timestamps, five
    /// numbers and two booleans come to 190 bytes at most.
    static let rowSlack = 256

    /// Writes one CSV row, row end included: the cells of `all`, in its order, written out by
    /// hand for the streamed calls.csv (a million rows a month), where reading each cell through
    /// its column's closure cost a third of the writer. A test renders `all` through a template
    /// and compares the two byte for byte. `lastHour` is the writer's own memo of offsets.
    ///
    /// Room: ``rowSlack`` is reserved first and again past every text cell (``ByteSink/putText``),
    /// so each fixed-width cell is written without a check of its own.
    static func appendRow(
        _ r: CallRecord, offsets: OffsetFormatter, lastHour: inout OffsetFormatter.LastHour, to sink: inout ByteSink
    ) {
        let answered = r.isAnswered
        sink.reserve(rowSlack)
        func text(_ value: String?) {
            if let value { sink.putText(value, slack: rowSlack) }
            sink.put(CSVField.separator)
        }
        func number(_ value: Int?) {
            if let value { sink.count += CSVField.putInteger(value, at: sink.end) }
            sink.put(CSVField.separator)
        }
        func flag(_ value: Bool) {
            sink.put(value ? "true" : "false")
            sink.put(CSVField.separator)
        }
        func time(_ value: LocalDateTime?) {
            if let value { sink.count += offsets.putISO8601(value, lastHour: &lastHour, at: sink.end) }
            sink.put(CSVField.separator)
        }
        text(r.ucid)
        time(r.start)
        time(r.end)
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
        flag(r.isTransferred(answered: answered))
        text(r.transferType)
        text(r.transferredTo)
        text(r.disposition)
        text(r.hangupBy)
        text(r.callerId)
        text(r.did)
        if let location = r.location { sink.putText(location, slack: rowSlack) }
        CSVField.rowEnd.withUnsafeBufferPointer { sink.put($0) }
    }
}
