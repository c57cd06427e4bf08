import CallModel
import Foundation

extension Normalizer {
    /// Streams an XML file in two stages on two threads: libxml2's reader on one, which copies each
    /// record's leaves out as bytes; the record builder and the delivery (dedupe,
    /// aggregate, calls.csv) in input order on this one.
    ///
    /// The reader's thread makes no strings, and this one makes them only for the fields some
    /// stage needs, unless the record is quarantined (quarantine keeps every field).
    mutating func readXML(
        _ file: MappedFile, offset: Int, startingAt start: TextPlace, source: String,
        including startDates: ((LocalDate) -> Bool)?,
        record: (consuming CallRecord) throws -> Void,
        quarantine: (QuarantinedRecord) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        reserveSeen(forBytes: file.bytes.count - offset, bytesPerRecord: 900)
        var roles: [KeyRole?] = []
        guard Self.threads > 1 else {
            return try XMLResponseReader.read(
                fileDescriptor: file.descriptor, offset: offset, startingAt: start, source: source,
                isNeeded: Self.isNeeded
            ) { leaves, position in
                try accept(
                    Self.build(leaves, with: &builder, roles: &roles), source: source, position: position,
                    including: startDates,
                    record: record, quarantine: quarantine)
            }
        }
        let pipe = OutcomePipe()
        let descriptor = file.descriptor
        DispatchQueue.global().async {
            var batch = pipe.emptyBatch()
            let result = Result {
                try XMLResponseReader.read(
                    fileDescriptor: descriptor, offset: offset, startingAt: start, source: source,
                    isNeeded: Self.isNeeded
                ) { leaves, position in
                    batch.append(leaves, position: position)
                    if batch.count == OutcomePipe.batchSize {
                        guard pipe.put(batch) else { throw CancellationError() }
                        batch = pipe.emptyBatch()
                    }
                }
            }
            _ = pipe.put(batch)
            pipe.finish(result)
        }
        do {
            while var batch = pipe.take() {
                try batch.forEach { leaves, position in
                    try accept(
                        Self.build(leaves, with: &builder, roles: &roles), source: source, position: position,
                        including: startDates, record: record, quarantine: quarantine)
                }
                pipe.giveBack(&batch)
            }
        } catch {
            pipe.cancel()
            _ = pipe.result()
            throw error
        }
        return try pipe.result().get()
    }

    /// Whether a field of this key is used by any stage; the others are read only for quarantine.
    private static let isNeeded: @Sendable (String) -> Bool = { KeyRole(key: $0) != .other }

    /// Builds an XML record: most straight from the bytes of its needed fields, as a JSON record
    /// is (`RecordBuilder.build(members:in:)`); the others from its needed fields as strings; one
    /// to quarantine again from all of them, since quarantine keeps every field as received.
    ///
    /// `roles` holds the role of each element name by its index in the reader's names (one
    /// response's), so that a name's role is looked up once, not once a record.
    private static func build(
        _ leaves: XMLRecordLeaves, with builder: inout RecordBuilder, roles: inout [KeyRole?]
    ) -> RecordBuilder.Outcome {
        var members = builder.members
        builder.members = []  // so that `members` is the only owner and stays in place
        defer { builder.members = members }
        let text = leaves.members(into: &members) { index, name in
            if index < roles.count, let known = roles[index] { return known }
            let role = builder.role(of: name)
            while roles.count <= index { roles.append(nil) }
            roles[index] = role
            return role
        }
        if let call = builder.build(members: members[...], in: text) { return .record(call) }
        let outcome = builder.build(leaves.fields(onlyNeeded: true))
        guard case .quarantined = outcome else { return outcome }
        return builder.build(leaves.fields(onlyNeeded: false))
    }
}
