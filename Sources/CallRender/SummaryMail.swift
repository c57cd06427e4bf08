import Foundation

/// A mail address as given on the command line: `user@example.com` or
/// `Name <user@example.com>`, the name in any script.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    public let name: String?
    public let address: String

    /// `nil` for text that is not one address, or that could break a
    /// header (line breaks, angle brackets or commas in odd places).
    public init?(_ text: String) {
        guard !SummaryMail.breaksHeader(text) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let display = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            name = display.isEmpty ? nil : display
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            address.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"<>,;\"()[]\\".contains($0) })
        else { return nil }
        if let name, name.contains(where: { "<>\"\\".contains($0) }) { return nil }
        self.name = name
        self.address = address
    }

    /// As a person writes it: `Name <user@example.com>`, or the address alone.
    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    /// The header form: the name as an RFC 2047 encoded word when it is not
    /// plain ASCII, quoted otherwise.
    var header: String {
        guard let name else { return address }
        return SummaryMail.encodedWordIfNeeded(name, quoteASCII: true) + " <" + address + ">"
    }
}

/// summary.eml: the summary as a ready-to-send MIME message
/// (`sendmail -t < summary.eml`).
///
/// multipart/mixed holding a multipart/alternative (the plain text, then
/// the HTML, so clients show the richest part they can) and the CSV files as
/// attachments. Every body is base64 with CRLF line ends, so no line is
/// too long for SMTP whatever the data; headers with non-ASCII text are
/// RFC 2047 encoded words. Nothing here reads the clock: the date comes from
/// the caller (who honours `SOURCE_DATE_EPOCH`), and the boundaries are
/// fixed strings that base64 cannot contain, so the same report gives the
/// same bytes.
public struct SummaryMail: Sendable {
    public struct Attachment: Sendable {
        public var fileName: String
        public var contentType: String
        public var data: Data

        public init(fileName: String, contentType: String = "text/csv; charset=utf-8", data: Data) {
            self.fileName = fileName
            self.contentType = contentType
            self.data = data
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    public var text: String
    public var html: String
    public var attachments: [Attachment]

    public init(
        from: MailAddress, to: [MailAddress], subject: String, date: Date, text: String, html: String,
        attachments: [Attachment]
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// Whether text would end a header line, or hide something in one: CR, LF (alone or as CRLF,
    /// which Swift counts as one `Character`, equal to neither), NUL and the other control
    /// characters but tab.
    public static func breaksHeader(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
    }

    static let mixedBoundary = "=_callreport_mixed_0"
    static let alternativeBoundary = "=_callreport_alternative_0"

    /// The whole message, CRLF line ends.
    public func encoded() -> Data {
        var body: [String] = [
            "This is a MIME message: the call report summary with its CSV files.",
            "",
            "--" + Self.mixedBoundary,
            "Content-Type: multipart/alternative; boundary=\"\(Self.alternativeBoundary)\"",
            "",
            "--" + Self.alternativeBoundary,
        ]
        body += Self.part(contentType: "text/plain; charset=utf-8", data: Data(Self.crlf(text).utf8))
        body.append("--" + Self.alternativeBoundary)
        body += Self.part(contentType: "text/html; charset=utf-8", data: Data(Self.crlf(html).utf8))
        body.append("--" + Self.alternativeBoundary + "--")
        body.append("")
        for attachment in attachments {
            body.append("--" + Self.mixedBoundary)
            body += Self.part(
                contentType: attachment.contentType + "; name=\"\(attachment.fileName)\"", data: attachment.data,
                disposition: "attachment; filename=\"\(attachment.fileName)\"")
        }
        body.append("--" + Self.mixedBoundary + "--")
        body.append("")
        let headers: [String] = [
            "From: " + from.header,
            "To: " + to.map(\.header).joined(separator: ",\r\n "),
            "Subject: " + Self.encodedWordIfNeeded(subject, quoteASCII: false),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: " + messageID(body: body),
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"\(Self.mixedBoundary)\"",
            "",
        ]
        return Data((headers + body).joined(separator: "\r\n").utf8)
    }

    /// `<callreport.…@example.com>`: the sender's domain, and a digest of what the message
    /// says, so that the same report gives the same Message-ID and another report another.
    func messageID(body: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bits, twice with different seeds
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for line in [from.address, subject, Self.rfc5322Date(date)] + to.map(\.address) + body {
            for byte in line.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            hash = (hash ^ 0x0A) &* 0x0000_0100_0000_01b3
            second = (second ^ 0x0D) &* 0x0000_0100_0000_01b3
        }
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        return "<callreport." + String(hash, radix: 16) + "." + String(second, radix: 36) + "@" + domain + ">"
    }

    private static func part(contentType: String, data: Data, disposition: String? = nil) -> [String] {
        var lines = ["Content-Type: " + contentType, "Content-Transfer-Encoding: base64"]
        if let disposition { lines.append("Content-Disposition: " + disposition) }
        lines.append("")
        lines += base64Lines(data)
        lines.append("")
        return lines
    }

    /// Base64 in lines of 76 characters (RFC 2045).
    static func base64Lines(_ data: Data) -> [String] {
        let text = data.base64EncodedString()
        var lines: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
            lines.append(String(text[index..<end]))
            index = end
        }
        return lines
    }

    private static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words (each at most 75 characters, split on
    /// whole characters) for text that is not printable ASCII; ASCII text as
    /// is, or quoted when it is a display name.
    static func encodedWordIfNeeded(_ text: String, quoteASCII: Bool) -> String {
        if text.allSatisfy({ $0.isASCII && ($0 == " " || !$0.isWhitespace) }) && !text.contains("=?") {
            guard quoteASCII else { return text }
            return "\"" + text + "\""
        }
        // 75 − len("=?UTF-8?B?" + "?=") = 63 base64 characters, i.e. at most 45 bytes of UTF-8.
        var words: [String] = []
        var chunk = ""
        for character in text {
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// `Fri, 27 Nov 2026 05:40:00 +0000`, in English whatever the locale.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
