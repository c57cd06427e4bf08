import CallModel
import Foundation

/// Reads a JSON response record by record, so that memory does not grow with the response.
///
/// `JSONResponseReader` hands the whole document to Foundation, which holds several times its size
/// while it decodes: a month of a large center (900 MB) would need gigabytes. Here a byte scanner
/// finds the list of calls and the bytes of each element (strings and escapes respected), and
/// Foundation's decoder checks the records a chunk at a time (record by record when a chunk has a
/// fault, for its words and place); the rest of the envelope, with the list emptied, goes through
/// the decoder as a small document of its own. Everything Foundation would have rejected as a
/// whole is rejected piece by piece, so the same documents are accepted.
///
/// Records are handed over in batches of element ranges, in input order, so that the caller can
/// build them on several threads.
enum JSONStreamReader {
    /// Records per batch: big enough to keep two cores busy from one batch to the next, small enough that
    /// a batch's records are a few megabytes.
    static let batchSize = 4096

    enum Outcome {
        /// The document has no list of calls to stream: the caller reads it whole (it is small).
        case noList
        case read(ResponseEnvelope.Verdict)
    }

    /// Consecutive elements of the list of calls, as the list's walker found them.
    struct Elements {
        /// Each element's bytes in the response.
        var ranges: [Range<Int>] = []
        /// For each element, where its members are in `members` when the walker could find them
        /// as `JSONRecordScanner.members` does (their ranges index the response); `nil` when not.
        var found: [Range<Int>?] = []
        var members: [MemberBytes] = []

        /// `members`: room for as many members, so that the list is not copied as it grows (the
        /// previous batch's count is a good guess: records of a response repeat one layout).
        init(members: Int = 0) {
            ranges.reserveCapacity(batchSize)
            found.reserveCapacity(batchSize)
            self.members.reserveCapacity(members)
        }

        var count: Int { ranges.count }
    }

    /// Finds the list of calls in `bytes` (the top-level array, or the first `message` member
    /// holding records in any of the shapes of ``MessageShape``) and calls `batch` with its elements and the 1-based position of
    /// the first, in order. `role` tells the role of a key, for finding the members of each
    /// element. Throws `NormalizeError`.
    static func read(
        _ bytes: UnsafeRawBufferPointer, source: String, role: (String) -> KeyRole = { KeyRole(key: $0) },
        batch: (Elements, Int) throws -> Void
    ) throws -> Outcome {
        var scanner = JSONRecordScanner(bytes: bytes, source: source)
        scanner.skipWhitespace()
        var list: Range<Int>?
        if scanner.peek == UInt8(ascii: "[") {
            let start = scanner.index
            try elements(&scanner, shape: .list, source: source, role: role, batch: batch)
            list = start..<scanner.index
        } else {
            var envelopeKeys: Set<String> = []
            try scanner.forEachMember { scanner, key in
                // Foundation would quietly take one of two `status` or `message` members: the
                // response's verdict would depend on which; better to say it cannot be told.
                if key == "status" || key == "message", !envelopeKeys.insert(key).inserted {
                    throw NormalizeError.notAResponse(
                        "it has two \"\(key)\" members, so what it says is ambiguous.", source: source)
                }
                if list == nil, key == "message", let shape = MessageShape(at: scanner) {
                    let start = scanner.index
                    try elements(&scanner, shape: shape, source: source, role: role, batch: batch)
                    list = start..<scanner.index
                } else {
                    try scanner.skipValue()
                }
            }
        }
        guard let list else { return .noList }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { throw scanner.unexpected() }
        // The envelope with the list emptied: Foundation checks it and reads `status`.
        var skeleton = Data(UnsafeRawBufferPointer(rebasing: bytes[..<list.lowerBound]))
        skeleton.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
        skeleton.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[list.upperBound...]))
        // A place in the skeleton, as a place in `bytes`.
        func original(_ offset: Int) -> Int {
            offset < list.lowerBound + 2 ? min(offset, list.lowerBound) : offset - 2 + list.upperBound
        }
        let envelope: ResponseEnvelope
        do {
            envelope = try JSONDecoder().decode(DecodedEnvelope.self, from: skeleton).envelope
        } catch {
            let error = JSONResponseReader.malformed(error, in: skeleton, source: source)
            throw error.shifted(by: error.offset.map { original($0) - $0 } ?? 0)
        }
        if let fault = skeleton.withUnsafeBytes({ JSONTextCheck.firstFault(in: $0) }) {
            throw NormalizeError.malformedJSON(fault.detail, offset: original(fault.offset), source: source)
        }
        return .read(try envelope.verdict(source: source))
    }

    /// Walks the records at the scanner, `[ {…}, {…} ]` (or `{"k": {…}, …}`, or one `{…}`, as
    /// `shape` says), handing elements over in batches.
    ///
    /// Each element is walked once: by `JSONRecordScanner.members`, which notes where the members
    /// with a role are as it goes, for the building threads. When it finds anything out of the
    /// ordinary (it returns `false` or throws), the element is walked again by `skipValue`, as
    /// every element was before, so that a fault is found and worded as it always was. An element
    /// that `members` takes whole holds nothing `skipValue` would refuse, and ends where it ends.
    private static func elements(
        _ scanner: inout JSONRecordScanner, shape: MessageShape, source: String, role: (String) -> KeyRole,
        batch: (Elements, Int) throws -> Void
    ) throws {
        let closing = shape == .list ? UInt8(ascii: "]") : UInt8(ascii: "}")
        if shape != .oneRecord {
            try scanner.expect(shape == .list ? UInt8(ascii: "[") : UInt8(ascii: "{"))
            scanner.skipWhitespace()
            if scanner.peek == closing {
                scanner.index += 1
                return
            }
        }
        var current = Elements()
        var keys = JSONKeyCache()
        var first = 1
        var position = 0
        func flush() throws {
            guard current.count > 0 else { return }
            try batch(current, first)
            first += current.count
            current = Elements(members: current.members.count + current.members.count / 8)
        }
        while true {
            position += 1
            scanner.skipWhitespace()
            if shape == .objectOfObjects {
                // The key names the record to PHP only: it is not a field of the call.
                do {
                    _ = try scanner.stringRange()
                    scanner.skipWhitespace()
                    try scanner.expect(UInt8(ascii: ":"))
                    scanner.skipWhitespace()
                } catch {
                    try flush()
                    throw error
                }
            }
            guard scanner.peek == UInt8(ascii: "{") else {
                try flush()
                throw NormalizeError.notARecord(position: position, source: source)
            }
            let start = scanner.index
            let before = current.members.count
            if (try? scanner.members(keys: &keys, role: role, into: &current.members)) == true {
                current.found.append(before..<current.members.count)
            } else {
                current.members.removeSubrange(before...)
                current.found.append(nil)
                scanner.index = start
                do {
                    try scanner.skipValue()
                } catch {
                    try flush()
                    throw error
                }
            }
            current.ranges.append(start..<scanner.index)
            if current.count == batchSize { try flush() }
            if shape == .oneRecord { break }
            let more: Bool
            do {
                more = try scanner.separator(closing: closing)
            } catch {
                try flush()
                throw error
            }
            if !more { break }
        }
        try flush()
    }

    /// Checks one record's bytes with Foundation and builds it.
    ///
    /// Only the members `builder` uses are read; a record it quarantines is read again whole, since
    /// quarantine keeps every field. `decoder` and `builder` are the calling thread's own. `start`
    /// is the record's offset in the response, for the place of an error.
    ///
    /// `checked`: Foundation has already accepted these bytes (see `check(_:ranges:decoder:)`).
    ///
    /// `found`: the record's members, already found by the list's walker (`elements`), with the
    /// text their ranges index. Most records: a record is made from those bytes, with no string
    /// made for a key, a time or a duration. `nil` when the walker could not find them (anything
    /// out of the ordinary), and for anything `RecordBuilder.build(members:in:)` cannot tell: the
    /// record is then read here the general way, which gives the same record (a test holds the
    /// two ways to that).
    static func build(
        _ bytes: UnsafeRawBufferPointer, at start: Int, source: String, decoder: JSONDecoder,
        builder: inout RecordBuilder, checked: Bool = false,
        found: (members: ArraySlice<MemberBytes>, text: UnsafeRawBufferPointer)? = nil
    ) throws(NormalizeError) -> RecordBuilder.Outcome {
        if !checked {
            let data = Data(
                bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count,
                deallocator: .none)
            do {
                _ = try decoder.decode(CheckedValue.self, from: data)
            } catch {
                throw JSONResponseReader.malformed(error, in: data, source: source).shifted(by: start)
            }
        }
        // Foundation decoded no string of the record, so it checked none for UTF-8.
        if let fault = JSONTextCheck.firstFault(in: bytes) {
            throw NormalizeError.malformedJSON(fault.detail, offset: start + fault.offset, source: source)
        }
        do {
            var keys = builder.jsonKeys
            builder.jsonKeys = JSONKeyCache()  // so that `keys` is the only owner and stays in place
            defer { builder.jsonKeys = keys }
            if let found, let call = builder.build(members: found.members, in: found.text) {
                return .record(call)
            }
            var scanner = JSONRecordScanner(bytes: bytes, source: source)
            let needed = try scanner.object(keys: &keys, role: { builder.role(of: $0) })
            let outcome = builder.build(needed)
            guard case .quarantined = outcome else { return outcome }
            var again = JSONRecordScanner(bytes: bytes, source: source)
            return builder.build(try again.object())
        } catch let error as NormalizeError {
            throw error.shifted(by: start)
        } catch {
            throw NormalizeError.malformedJSON(String(describing: error), source: source)
        }
    }
}

extension JSONStreamReader {
    /// Whether Foundation accepts every record of `ranges` (consecutive elements of one list in
    /// `bytes`), asked once for all of them as one array: a decoder call per record cost more in
    /// setting up than in reading. `false` says only that some record is faulty (or the array
    /// too deep); the caller then asks record by record, for the fault's words and place.
    static func check(_ bytes: UnsafeRawBufferPointer, ranges: ArraySlice<Range<Int>>, decoder: JSONDecoder) -> Bool {
        guard let first = ranges.first, let last = ranges.last else { return true }
        // The bytes between two elements are a comma and white space, already read by the list's
        // walker, so the run from the first to the last element, in brackets, is that array.
        var array = Data(capacity: last.upperBound - first.lowerBound + 2)
        array.append(UInt8(ascii: "["))
        array.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[first.lowerBound..<last.upperBound]))
        array.append(UInt8(ascii: "]"))
        // Decoded as one value that reads nothing: Foundation parses (and so checks) the whole
        // input first; each element is known to be an object already (the walker saw its `{`).
        return (try? decoder.decode(CheckedValue.self, from: array)) != nil
    }
}

/// Asks Foundation to accept a JSON value (a record, or an array of them) and nothing more:
/// decoding reads no member, but the decoder parses (and so checks) the whole input first.
private struct CheckedValue: Decodable {
    init(from decoder: Decoder) throws {}
}
