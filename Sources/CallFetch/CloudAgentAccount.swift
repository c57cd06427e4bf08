import CallModel
import Foundation

/// Which CloudAgent account a fetch talks to, and how.
///
/// The API key lives only here; `description` never shows it, and nothing
/// derived from the account (folder names, URLs in messages) contains it.
public struct CloudAgentAccount: Sendable, CustomStringConvertible {
    static let endpointPath = "/cloudAgentRestAPI/index.php/CloudAgent/CloudAgentAPI/getCallLogs"

    public let baseURL: URL
    public let userName: String
    public let format: ResponseFormat
    let apiKey: String

    public init(baseURL: URL, userName: String, apiKey: String, format: ResponseFormat) {
        self.baseURL = baseURL
        self.userName = userName
        self.apiKey = apiKey
        self.format = format
    }

    /// `user@host`, for messages.
    public var description: String { "\(userName)@\(hostLabel)" }

    /// The host and any explicit port, as written in folder names.
    var hostLabel: String {
        let host = baseURL.host ?? "host"
        return baseURL.port.map { "\(host)_\($0)" } ?? host
    }

    /// The request URL of one window; `campaign` stays nil: campaigns are filtered locally.
    func requestURL(for window: FetchWindow, maskingKey: Bool = false) -> URL {
        let query: [(String, String)] = [
            ("api_key", maskingKey ? "***" : apiKey),
            ("user_name", userName),
            ("from_date", window.fromParameter),
            ("to_date", window.toParameter),
            ("format", format.rawValue),
        ]
        let encoded = query.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + Self.endpointPath + "?" + encoded)!
    }

    /// `text` with the key replaced by `***` in every form a message could
    /// quote it (``SecretForms``): as is, percent-encoded (a URL), JSON-escaped
    /// (a body) and base64 (an error page echoing a header or a token).
    public func masked(_ text: String) -> String {
        SecretForms(apiKey).masked(text)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters: the
    /// space becomes `%20` and the colon `%3A`, as the API expects (SPEC §2).
    /// `***` in a masked URL is left readable on purpose.
    static func percentEncode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "*"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// A name safe for a folder: letters, digits, `.`, `-` and `_` kept; anything
/// else replaced, with a short checksum so that two names never collide.
func folderName(_ text: String) -> String {
    var safe = ""
    var changed = false
    for scalar in text.unicodeScalars {
        if scalar.isASCII,
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar)
        {
            safe.unicodeScalars.append(scalar)
        } else {
            safe += "_"
            changed = true
        }
    }
    if safe.isEmpty || safe.hasPrefix(".") { changed = true }
    guard changed else { return safe }
    // FNV-1a: stable across runs and machines, unlike Swift's seeded Hasher.
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
        hash = (hash ^ UInt32(byte)) &* 16_777_619
    }
    return "x" + safe + "-" + String(hash, radix: 16)
}
