import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a system error means, as words a user can act on: never the
/// framework's own text (`NSURLErrorDomain error -1001`, `NSCocoaErrorDomain
/// error 512`, `DecodingError.keyNotFound(CodingKeys…)`), which says nothing
/// to the person reading a cron mail. One rule, used by every stage.
public enum ErrorText {
    /// A lower-case phrase without a final period, to follow a colon.
    public static func phrase(_ error: Error) -> String {
        if let ours = error as? any ExitCodeProviding & CustomStringConvertible {
            let text = ours.description
            return text.hasSuffix(".") ? String(text.dropLast()) : text
        }
        switch error {
        case let error as URLError: return network(error)
        case let error as DecodingError: return decoding(error)
        case let error as POSIXError: return posix(error.code.rawValue)
        default: break
        }
        let error = error as NSError
        if error.domain == NSURLErrorDomain, let code = URLError.Code(rawValue: error.code) {
            return network(URLError(code))
        }
        if error.domain == NSPOSIXErrorDomain { return posix(Int32(error.code)) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posix(Int32(underlying.code))
        }
        if error.domain == NSCocoaErrorDomain, let text = file(error.code) { return text }
        let text = error.localizedDescription
        if text.contains("Domain") || text.contains("error -") || text.contains("could not be completed") {
            return
                "the system reported an error it did not describe (\(error.domain.replacingOccurrences(of: "NS", with: "")) \(error.code))"
        }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    private static func network(_ error: URLError) -> String {
        switch error.code {
        case .timedOut: return "no answer came in time"
        case .cannotConnectToHost: return "the server refused the connection"
        case .cannotFindHost, .dnsLookupFailed: return "the server's host name could not be found"
        case .networkConnectionLost: return "the connection was cut before the answer was complete"
        case .notConnectedToInternet: return "this machine has no network connection"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return "the secure connection could not be set up (check the server's certificate)"
        case .badServerResponse: return "the server's answer was not a valid HTTP answer"
        case .cancelled: return "the request was cancelled"
        case .badURL, .unsupportedURL: return "the URL cannot be used"
        default:
            let text = error.localizedDescription
            if !text.contains("Domain"), !text.contains("error -"), !text.contains("could not be completed") {
                return text.hasSuffix(".") ? String(text.dropLast()) : text
            }
            return "the network request failed (code \(error.code.rawValue))"
        }
    }

    private static func file(_ code: Int) -> String? {
        switch CocoaError.Code(rawValue: code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: "there is no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
        case .fileWriteOutOfSpace: "the disk is full"
        case .fileWriteVolumeReadOnly: "the disk is read-only"
        case .fileWriteFileExists: "a file of that name is in the way"
        case .fileReadCorruptFile: "the file is damaged or not in the expected format"
        case .fileReadTooLarge: "the file is too large"
        default: nil
        }
    }

    private static func posix(_ code: Int32) -> String {
        switch code {
        case ENOSPC: "the disk is full"
        case EACCES, EPERM: "permission denied"
        case ENOENT: "there is no such file or folder"
        case EROFS: "the disk is read-only"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case EISDIR: "it is a folder, not a file"
        case EEXIST: "a file of that name is in the way"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    private static func decoding(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: CodingKey? = nil) -> String {
            let keys =
                context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                + (key.map { [$0.stringValue] } ?? [])
            return keys.isEmpty
                ? "the document" : "'" + keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context, key)) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)) has a value of the wrong kind"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "\(path(context)) cannot be read"
        @unknown default: return "it cannot be read"
        }
    }
}
