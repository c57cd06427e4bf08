import CallModel
import Foundation

@testable import CallNormalize

/// What one or more reads produced.
struct Collected {
    var records: [CallRecord] = []
    var quarantined: [QuarantinedRecord] = []
}

/// Reads `text` as one response with `normalizer`, collecting its output.
func read(_ text: String, source: String = "test.json", into normalizer: inout Normalizer) throws -> Collected {
    try read(Data(text.utf8), source: source, into: &normalizer)
}

func read(_ data: Data, source: String, into normalizer: inout Normalizer) throws -> Collected {
    var collected = Collected()
    try normalizer.read(
        data, source: source,
        record: { collected.records.append($0) },
        quarantine: { collected.quarantined.append($0) })
    return collected
}

/// Reads `text` with a fresh normalizer; returns the output and the counts.
func read(_ text: String, source: String = "test.json") throws -> (Collected, NormalizeCounts) {
    var normalizer = Normalizer()
    let collected = try read(text, source: source, into: &normalizer)
    return (collected, normalizer.counts)
}

/// A success envelope around JSON object literals.
func response(_ records: String...) -> String {
    "{\"status\":\"success\",\"message\":[" + records.joined(separator: ",") + "]}"
}

/// The only record a one-record response yields, or `nil` when it was quarantined or dropped.
func onlyRecord(_ record: String) throws -> CallRecord? {
    let (collected, _) = try read(response(record))
    return collected.records.first
}

/// Normalizes one record given as fields (the step shared by both readers).
func build(_ fields: [(String, RawValue)]) throws -> (CallRecord?, QuarantinedRecord?) {
    var normalizer = Normalizer()
    var record: CallRecord?
    var quarantined: QuarantinedRecord?
    try normalizer.readRecord(
        fields.map { RawField(key: $0.0, value: $0.1) }, source: "fields", position: 1,
        record: { record = $0 }, quarantine: { quarantined = $0 })
    return (record, quarantined)
}

func fixture(_ name: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        throw FixtureMissing(name: name)
    }
    return url
}

struct FixtureMissing: Error { var name: String }

func at(_ text: String) -> LocalDateTime { LocalDateTime(text)! }

extension CallRecord {
    /// A canonical field as text, durations as their seconds, for table-driven tests.
    func text(of field: CanonicalField) -> String? {
        switch field {
        case .ucid: ucid
        case .monitorUcid: monitorUcid
        case .campaign: campaign
        case .skill: skill
        case .location: location
        case .did: did
        case .callerId: callerId
        case .type: type
        case .agentId: agentId
        case .agentName: agentName
        case .start: start.description
        case .end: end?.description
        case .timeToAnswer: String(timeToAnswer)
        case .talk: String(talk)
        case .hold: String(hold)
        case .wrapup: String(wrapup)
        case .handling: handling.map(String.init)
        case .status: status
        case .disposition: disposition
        case .hangupBy: hangupBy
        case .transferType: transferType
        case .transferredTo: transferredTo
        case .dialStatus: dialStatus
        }
    }
}
