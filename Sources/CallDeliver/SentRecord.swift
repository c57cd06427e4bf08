import Foundation

/// `sent.json` in a report folder: what was sent, to whom, when, and what the
/// server said. Its presence stops a re-run from sending the same report again.
public struct SentRecord: Codable, Sendable, Equatable {
    public var messageID: String
    public var recipients: [String]
    /// ISO 8601, UTC.
    public var sentAt: String
    /// `host:port` of the SMTP server.
    public var server: String
    public var serverReply: String

    public static let fileName = "sent.json"

    public init(messageID: String, recipients: [String], sentAt: Date, server: String, serverReply: String) {
        self.messageID = messageID
        self.recipients = recipients
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        self.sentAt = formatter.string(from: sentAt)
        self.server = server
        self.serverReply = serverReply
    }

    /// The record of `folder`, if it has one that can be read.
    public static func read(in folder: URL) -> SentRecord? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(SentRecord.self, from: data)
    }

    /// Writes the record into `folder`: a temporary file, then a rename.
    public func write(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self) + Data("\n".utf8)
        let temporary = folder.appendingPathComponent(".\(Self.fileName).tmp-\(getpid())")
        try data.write(to: temporary)
        guard rename(temporary.path, folder.appendingPathComponent(Self.fileName).path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
