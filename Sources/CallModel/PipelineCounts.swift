/// What normalize counted over all input: the part of `dataQuality` that is
/// known before the period and campaign filters apply.
public struct NormalizeCounts: Hashable, Sendable {
    /// Every record read.
    public var inputRecords = 0
    /// Records written to quarantine, whatever the reason.
    public var quarantined = 0
    /// Records dropped as repeats of an earlier one.
    public var duplicates = 0
    public var missingStart = 0
    public var invalidStart = 0
    /// Duplicates that also had an invalid duration: they count under
    /// `invalid_duration` although they never reach aggregate.
    public var invalidDurationAmongDuplicates = 0
    /// Responses that were `no record found` (an empty window).
    public var emptyResponses = 0
    /// Responses read.
    public var responses = 0

    public init() {}

    /// Records that survived quarantine.
    public var normalized: Int { inputRecords - quarantined }
}

/// What the fetch stage did for a run: the `fetch` section of `metrics.json`.
public struct FetchSummary: Hashable, Sendable, Codable {
    /// HTTP requests sent in this run, retries included.
    public var requests: Int
    /// Windows of at most 30 days that cover the period.
    public var windows: Int
    /// Windows read from the archive instead of the network.
    public var fromArchive: Int

    public init(requests: Int = 0, windows: Int = 0, fromArchive: Int = 0) {
        self.requests = requests
        self.windows = windows
        self.fromArchive = fromArchive
    }
}
