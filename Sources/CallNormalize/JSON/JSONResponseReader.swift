import CallModel
import Foundation

/// Reads a JSON response: `{"status": …, "message": [records] | {records} | {record} | "text"}`
/// or a bare array of records.
///
/// The whole-document reader: `Normalizer` streams responses with `JSONStreamReader` and comes
/// here for a response without a list of calls (small by nature) and for the words of an error.
///
/// Two passes over the bytes, each doing what it is good at:
/// 1. Foundation's `JSONDecoder` checks that the document is JSON and reads the envelope.
/// 2. `JSONRecordScanner` walks the checked bytes and yields each record's fields in the order
///    written, numbers with their digits as written.
///
/// Foundation cannot do the second part: its keyed containers give keys in hash order (the
/// "record's order" rule of SPEC §3 needs the written order), and `Decimal` keeps a 20-digit UCID
/// exact but not as written (`90.0` comes back `90`, `1e3` as `1000`, and beyond 38 digits it rounds).
enum JSONResponseReader {
    static func read(
        _ data: Data, source: String,
        record: ([RawField], Int) throws -> Void
    ) throws -> ResponseEnvelope.Verdict {
        let envelope: ResponseEnvelope
        do {
            envelope = try JSONDecoder().decode(DecodedEnvelope.self, from: data).envelope
        } catch {
            throw malformed(error, in: data, source: source)
        }
        // Foundation read no string but the envelope's, so it checked no other for UTF-8.
        if let fault = data.withUnsafeBytes({ JSONTextCheck.firstFault(in: $0) }) {
            throw NormalizeError.malformedJSON(fault.detail, offset: fault.offset, source: source)
        }
        let verdict = try envelope.verdict(source: source)
        if case .records = envelope.message {
            try data.withUnsafeBytes { bytes in
                var scanner = JSONRecordScanner(bytes: bytes, source: source)
                try scanner.forEachRecord(record)
            }
        }
        return verdict
    }

    /// Foundation's words for what is wrong with `data`, and where, as a `NormalizeError` whose
    /// offset counts from the first byte of `data`.
    ///
    /// `JSONDecoder` on Linux says only "The given data was not valid JSON."; `JSONSerialization`
    /// says where ("Invalid value around character 8.", a byte offset), so it is asked on this
    /// (rare) path. The place leaves the words, to come back as a line and column.
    static func malformed(_ error: Error, in data: Data, source: String) -> NormalizeError {
        var detail: String?
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        }
        if detail == nil, case DecodingError.dataCorrupted(let context) = error { detail = context.debugDescription }
        var words = detail ?? String(describing: error)
        var offset: Int?
        if let marker = words.range(of: " around character ") {
            let digits = words[marker.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let number = Int(digits) {
                offset = number
                words.removeSubrange(marker.lowerBound..<digits.endIndex)
            }
        } else if words.lowercased().contains("end of file") {
            offset = data.count
        }
        return NormalizeError.malformedJSON(words, offset: offset, source: source)
    }
}

/// The envelope as Foundation decodes it; the records themselves are left to the scanner.
struct DecodedEnvelope: Decodable {
    var envelope: ResponseEnvelope

    private enum Key: String, CodingKey { case status, message }
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if (try? decoder.unkeyedContainer()) != nil {
            envelope = ResponseEnvelope(status: nil, message: .records)
            return
        }
        // The sniffer let only `{` or `[` through, so this is an object.
        let object = try decoder.container(keyedBy: Key.self)
        let status = try? object.decode(String.self, forKey: .status)
        if (try? object.nestedUnkeyedContainer(forKey: .message)) != nil
            || (try? object.nestedContainer(keyedBy: AnyKey.self, forKey: .message)) != nil
        {
            // A list, an object of objects or one object: records (see `MessageShape`).
            envelope = ResponseEnvelope(status: status, message: .records)
        } else if let text = try? object.decode(String.self, forKey: .message) {
            envelope = ResponseEnvelope(status: status, message: .text(text))
        } else if !object.contains(.message) {
            envelope = ResponseEnvelope(status: status, message: .absent)
        } else if (try? object.decodeNil(forKey: .message)) == true {
            envelope = ResponseEnvelope(status: status, message: .unreadable("null"))
        } else if (try? object.decode(Bool.self, forKey: .message)) != nil {
            envelope = ResponseEnvelope(status: status, message: .unreadable("true or false"))
        } else {
            envelope = ResponseEnvelope(status: status, message: .unreadable("a number"))
        }
    }
}
