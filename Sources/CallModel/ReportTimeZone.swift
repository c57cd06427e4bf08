import Foundation

/// The zone of the account's timestamps, with its name as the user wrote it.
///
/// One value for every stage: aggregate writes the name into metrics.json,
/// render and fetch use the zone. The name is kept because Foundation renames
/// some zones (`TimeZone(identifier: "UTC")` says it is `GMT`), and a report
/// should say the zone it was asked for.
public struct ReportTimeZone: Hashable, Sendable, CustomStringConvertible {
    /// The IANA identifier as given, e.g. `Asia/Kolkata` or `UTC`.
    public let identifier: String
    public let timeZone: TimeZone

    /// `nil` for a name that is not a known zone.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.timeZone = zone
    }

    public var description: String { identifier }
}
