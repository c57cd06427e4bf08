/// The two body formats of the "Get call logs" API (`format=json` or `format=xml`).
public enum ResponseFormat: String, Sendable, CaseIterable, Codable {
    case json
    case xml

    /// The file extension of a saved response of this format.
    public var fileExtension: String { rawValue }
}
