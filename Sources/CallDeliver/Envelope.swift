import Foundation

/// The sender, recipients and Message-ID of a message, read from its headers:
/// what `callreport send DIR` sends summary.eml with.
public struct Envelope: Sendable, Equatable {
    public var sender: String
    public var recipients: [String]
    public var messageID: String?

    /// `nil` when the message has no From or no To address.
    public init?(message: Data) {
        let head = message.range(of: Data("\r\n\r\n".utf8)).map { message[..<$0.lowerBound] } ?? message
        var fields: [String: String] = [:]
        var current: String?
        for line in String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n") {
            if line.first == " " || line.first == "\t", let name = current {
                fields[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                fields[name] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                current = name
            }
        }
        guard let from = fields["from"].flatMap({ Self.addresses(in: $0).first }) else { return nil }
        let to = fields["to"].map(Self.addresses(in:)) ?? []
        guard !to.isEmpty else { return nil }
        sender = from
        recipients = to
        messageID = fields["message-id"]
    }

    /// The bare addresses of a header's list: `"Rao, Asha" <a@x.example>, b@y.example`.
    static func addresses(in field: String) -> [String] {
        var parts: [String] = []
        var part = ""
        var quoted = false
        for character in field {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted {
                parts.append(part)
                part = ""
            } else {
                part.append(character)
            }
        }
        parts.append(part)
        return parts.compactMap { text in
            if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
                return String(text[text.index(after: open)..<close])
            }
            let bare = text.trimmingCharacters(in: .whitespaces)
            return bare.contains("@") ? bare : nil
        }
    }
}
