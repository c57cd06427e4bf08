import CallModel
import Foundation

/// Reads a JSON response: `{"status": …, "message": [records] | "text"}` or a bare array of records.
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
            throw NormalizeError.malformedJSON(explanation(of: error, in: data), source: source)
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

    /// Foundation's words for what is wrong.
    ///
    /// `JSONDecoder` on Linux says only "The given data was not valid JSON."; `JSONSerialization`
    /// says where ("Invalid value around character 8."), so it is asked on this (rare) path.
    static func explanation(of error: Error, in data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        }
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        return String(describing: error)
    }
}

/// The envelope as Foundation decodes it; the records themselves are left to the scanner.
struct DecodedEnvelope: Decodable {
    var envelope: ResponseEnvelope

    private enum Key: String, CodingKey { case status, message }

    init(from decoder: Decoder) throws {
        if (try? decoder.unkeyedContainer()) != nil {
            envelope = ResponseEnvelope(status: nil, message: .records)
            return
        }
        // The sniffer let only `{` or `[` through, so this is an object.
        let object = try decoder.container(keyedBy: Key.self)
        let status = try? object.decode(String.self, forKey: .status)
        if (try? object.nestedUnkeyedContainer(forKey: .message)) != nil {
            envelope = ResponseEnvelope(status: status, message: .records)
        } else if let text = try? object.decode(String.self, forKey: .message) {
            envelope = ResponseEnvelope(status: status, message: .text(text))
        } else {
            envelope = ResponseEnvelope(status: status, message: .absent)
        }
    }
}
