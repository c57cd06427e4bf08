import CallModel

/// Turns one received record into a `CallRecord`, or says why it cannot be used.
///
/// This is the single place where the rules of SPEC §3 about keys and values apply; the JSON and
/// XML readers only produce `[RawField]` and hand them here.
struct RecordBuilder: Sendable {
    enum Outcome {
        case record(CallRecord)
        /// The fields to keep in quarantine are those received, `ApiKey` removed.
        case quarantined(QuarantineReason, keptFields: [RawField])
    }

    /// Roles by key as received: a month of records repeats the same few dozen spellings, so each
    /// is normalized once.
    private var roles: [String: KeyRole] = [:]
    /// The previous record's keys and roles by position: records of one response list the same
    /// keys in the same order, and comparing two strings is cheaper than hashing one.
    private var previousKeys: [String] = []
    private var previousRoles: [KeyRole] = []

    /// The keys of the previous JSON record, for `JSONRecordScanner.object(keys:isNeeded:)`.
    var jsonKeys = JSONKeyCache()

    mutating func role(of key: String) -> KeyRole {
        if let known = roles[key] { return known }
        let role = KeyRole(key: key)
        roles[key] = role
        return role
    }

    private mutating func role(of key: String, at position: Int) -> KeyRole {
        if position < previousKeys.count, previousKeys[position] == key { return previousRoles[position] }
        let found = role(of: key)
        if position < previousKeys.count {
            previousKeys[position] = key
            previousRoles[position] = found
        } else if position == previousKeys.count {
            previousKeys.append(key)
            previousRoles.append(found)
        }
        return found
    }

    mutating func build(_ fields: [RawField]) -> Outcome {
        // The winning field of each canonical field: aliases in table order, then the record's order.
        // Positions and ranks only, on the stack: copying values into a table of optionals cost an
        // initialisation and a destruction of 23 enum payloads for every record.
        var winners = InlineArray<23, (rank: Int32, position: Int32)>(repeating: (.max, -1))
        var texts = InlineArray<23, String?>(repeating: nil)
        assert(winners.count == CanonicalField.allCases.count)
        var hasAPIKey = false
        for (position, field) in fields.enumerated() {
            switch role(of: field.key, at: position) {
            case .apiKey:
                hasAPIKey = true
            case .other:
                break
            case .field(let canonical, let rank):
                guard Int32(rank) < winners[canonical.rawValue].rank else { continue }
                if let text = field.value.presentText {
                    winners[canonical.rawValue] = (Int32(rank), Int32(position))
                    texts[canonical.rawValue] = text
                }
            }
        }

        func text(_ field: CanonicalField) -> String? { texts[field.rawValue] }

        guard let startText = text(.start) else {
            return .quarantined(.missingStart, keptFields: hasAPIKey ? withoutAPIKey(fields) : fields)
        }
        guard let start = LocalDateTime(startText) else {
            return .quarantined(.invalidStart, keptFields: hasAPIKey ? withoutAPIKey(fields) : fields)
        }

        var hasInvalidDuration = false
        func seconds(_ field: CanonicalField) -> Int? {
            let position = winners[field.rawValue].position
            guard position >= 0 else { return nil }
            switch DurationParser.parse(fields[Int(position)].value) {
            case .seconds(let s): return s
            case .missing: return nil
            case .invalid:
                hasInvalidDuration = true
                return nil
            }
        }

        var call = CallRecord(
            start: start,
            ucid: text(.ucid), monitorUcid: text(.monitorUcid), campaign: text(.campaign), skill: text(.skill),
            location: text(.location), did: text(.did), callerId: text(.callerId), type: text(.type),
            agentId: text(.agentId), agentName: text(.agentName), end: text(.end).flatMap { LocalDateTime($0) },
            status: text(.status), disposition: text(.disposition), hangupBy: text(.hangupBy),
            transferType: text(.transferType), transferredTo: text(.transferredTo), dialStatus: text(.dialStatus)
        )
        call.timeToAnswer = seconds(.timeToAnswer) ?? 0
        call.talk = seconds(.talk) ?? 0
        call.hold = seconds(.hold) ?? 0
        call.wrapup = seconds(.wrapup) ?? 0
        call.handling = seconds(.handling)
        call.hasInvalidDuration = hasInvalidDuration
        return .record(call)
    }

    private mutating func withoutAPIKey(_ fields: [RawField]) -> [RawField] {
        fields.filter { role(of: $0.key) != .apiKey }
    }
}
