import CallModel

/// Turns one received record into a `CallRecord`, or says why it cannot be used.
///
/// The rules of SPEC §3 about which key feeds which field and which value wins apply here, in
/// two ways that make the same record (a test, `DirectBuildTests`, holds them to that):
/// - `build(_:)`, the general way, from fields as strings (`[RawField]`): any record, and the
///   only way to quarantine one, since quarantine keeps every field as received;
/// - `build(members:in:)`, the direct way, from the bytes of the members the JSON list's walker
///   or the XML reader found, with no string made for a key, a time or a duration. It gives up
///   (`nil`) on anything out of the ordinary, and the record is then built the general way.
///
/// The text rules themselves (trimming, missing markers, key normalization) are CallModel's
/// ``FieldText``; the readers only find fields and hand them here.
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

    /// The keys of the previous JSON record, for `JSONRecordScanner.object(keys:role:)`.
    var jsonKeys = JSONKeyCache()
    /// The members of the XML record being built (`XMLRecordLeaves.members`), kept for the next
    /// record's so that their storage is allocated once. (A JSON record's members come from the
    /// list's walker.)
    var members: [MemberBytes] = []
    /// Texts of the fields that repeat from call to call (names, campaigns, dispositions), made
    /// once and shared, so that a record of a month does not allocate its own copy of each.
    private var repeated = TextInterner()

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

        var call = CallRecord(
            start: start,
            ucid: text(.ucid), monitorUcid: text(.monitorUcid), campaign: text(.campaign), skill: text(.skill),
            location: text(.location), did: text(.did), callerId: text(.callerId), type: text(.type),
            agentId: text(.agentId), agentName: text(.agentName), end: text(.end).flatMap { LocalDateTime($0) },
            status: text(.status), disposition: text(.disposition), hangupBy: text(.hangupBy),
            transferType: text(.transferType), transferredTo: text(.transferredTo), dialStatus: text(.dialStatus)
        )
        Self.setDurations(of: &call) { field in
            let position = winners[field.rawValue].position
            return position < 0 ? nil : DurationParser.parse(fields[Int(position)].value)
        }
        return .record(call)
    }

    /// The record `build(_:)` makes of the same JSON object, made from the bytes of its members
    /// (`JSONRecordScanner.members`), or `nil` when this way cannot tell: a value that needs
    /// trimming, or a start missing or unreadable (the record is then quarantined, and quarantine
    /// keeps every field). The caller then builds the record the general way.
    ///
    /// Strings are made only for the text fields of `CallRecord`; times and durations are read
    /// from the bytes. `bytes` is the record's text, which the ranges of `members` index.
    mutating func build(members: ArraySlice<MemberBytes>, in bytes: UnsafeRawBufferPointer) -> CallRecord? {
        var winners = InlineArray<23, (rank: Int32, member: Int32)>(repeating: (.max, -1))
        for (index, member) in members.enumerated() {
            guard case .field(let canonical, let rank) = member.role,
                Int32(rank) < winners[canonical.rawValue].rank
            else { continue }
            switch member.kind {
            case .null:
                continue
            case .number:
                break
            case .string:
                let content = UnsafeRawBufferPointer(rebasing: bytes[member.range])
                if FieldText.hasEdgeWhiteSpace(utf8: content) { return nil }
                if FieldText.isMissing(utf8: content) { continue }
            }
            winners[canonical.rawValue] = (Int32(rank), Int32(index))
        }

        func winner(_ field: CanonicalField) -> MemberBytes? {
            let index = winners[field.rawValue].member
            return index < 0 ? nil : members[members.startIndex + Int(index)]
        }
        func content(_ member: MemberBytes) -> UnsafeBufferPointer<UInt8> {
            UnsafeRawBufferPointer(rebasing: bytes[member.range]).assumingMemoryBound(to: UInt8.self)
        }
        func text(_ field: CanonicalField) -> String? {
            winner(field).map { String(decoding: content($0), as: UTF8.self) }
        }
        func repeatedText(_ field: CanonicalField) -> String? {
            winner(field).map { repeated.text(content($0)) }
        }
        func time(_ field: CanonicalField) -> LocalDateTime? {
            guard let member = winner(field), member.kind == .string else { return nil }
            return LocalDateTime(utf8: content(member))
        }

        guard let start = time(.start) else { return nil }

        // The monitor UCID is most often the UCID again: one string for both.
        let ucid = text(.ucid)
        var monitorUcid: String?
        if let monitor = winner(.monitorUcid) {
            if let ucid, let own = winner(.ucid), own.kind == monitor.kind,
                content(own).elementsEqual(content(monitor))
            {
                monitorUcid = ucid
            } else {
                monitorUcid = String(decoding: content(monitor), as: UTF8.self)
            }
        }
        var call = CallRecord(
            start: start,
            ucid: ucid, monitorUcid: monitorUcid, campaign: repeatedText(.campaign),
            skill: repeatedText(.skill), location: repeatedText(.location), did: repeatedText(.did),
            callerId: text(.callerId), type: repeatedText(.type), agentId: repeatedText(.agentId),
            agentName: repeatedText(.agentName), end: time(.end), status: repeatedText(.status),
            disposition: repeatedText(.disposition), hangupBy: repeatedText(.hangupBy),
            transferType: repeatedText(.transferType), transferredTo: text(.transferredTo),
            dialStatus: repeatedText(.dialStatus)
        )
        Self.setDurations(of: &call) { field in
            winner(field).map { member in
                member.kind == .number
                    ? DurationParser.parse(number: String(decoding: content(member), as: UTF8.self))
                    : DurationParser.parse(text: content(member))
            }
        }
        return call
    }

    /// The duration fields of `call` from `value` (`nil` for no such field), by SPEC §3: a missing
    /// or invalid duration counts 0, but `handling` stays `nil` so that the fallback formula can
    /// apply; an invalid one marks the record.
    private static func setDurations(of call: inout CallRecord, _ value: (CanonicalField) -> DurationValue?) {
        var invalid = false
        func seconds(_ field: CanonicalField) -> Int? {
            switch value(field) {
            case .seconds(let s): return s
            case .invalid:
                invalid = true
                return nil
            case .missing, nil: return nil
            }
        }
        call.timeToAnswer = seconds(.timeToAnswer) ?? 0
        call.talk = seconds(.talk) ?? 0
        call.hold = seconds(.hold) ?? 0
        call.wrapup = seconds(.wrapup) ?? 0
        call.handling = seconds(.handling)
        call.hasInvalidDuration = invalid
    }

    private mutating func withoutAPIKey(_ fields: [RawField]) -> [RawField] {
        fields.filter { role(of: $0.key) != .apiKey }
    }
}
