import CallModel
import Foundation

/// How many requests an account may send in a rolling time span (`--rate-limit N/SECONDS`).
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    public let requests: Int
    public let seconds: Int

    /// CloudAgent's limit: 10 requests per rolling hour per account.
    public static let cloudAgent = RateLimit(requests: 10, seconds: 3600)!

    public init?(requests: Int, seconds: Int) {
        guard requests > 0, seconds > 0 else { return nil }
        self.requests = requests
        self.seconds = seconds
    }

    /// Reads `N/SECONDS`, e.g. `10/3600`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[0]), let s = Int(parts[1]) else { return nil }
        self.init(requests: n, seconds: s)
    }

    public var description: String { "\(requests)/\(seconds)" }
}

/// Every request sent to one account (user name at a base URL), shared by all
/// runs through a file under the archive, so that cron and a person at a
/// terminal never exceed the limit together.
///
/// One JSON object a line: `{"at": <unix seconds>, "kind": "request"}` for a
/// request sent, `{"at": …, "kind": "limit", "until": …}` when the server
/// answered `Max Limit Exceeded`. Reading, deciding and appending happen under
/// one file lock, so two runs starting at once cannot both take the last slot.
public struct RequestLedger: Sendable {
    public let file: URL
    let limit: RateLimit

    public enum Decision: Sendable, Equatable {
        /// The request was recorded: send it now.
        case granted
        /// The limit is reached: nothing was recorded; ask again at this time.
        case wait(until: Date)
        /// The server answered `Max Limit Exceeded` lately: nothing was recorded; ask again at this time.
        case blocked(until: Date)
    }

    struct Line: Codable {
        var at: Double
        var kind: String
        var until: Double?
    }

    public init(folder: URL, limit: RateLimit) {
        self.file = folder.appendingPathComponent("ledger.jsonl")
        self.limit = limit
    }

    private var lockFile: URL { file.deletingLastPathComponent().appendingPathComponent("ledger.lock") }

    /// Takes a slot for one request at `now`, or says when one frees up.
    public func reserve(at now: Date) throws(FetchError) -> Decision {
        try locked {
            let lines = try read()
            if let blocked = lines.compactMap({ $0.kind == "limit" ? $0.until : nil }).max(),
                blocked > now.timeIntervalSince1970
            {
                return .blocked(until: Date(timeIntervalSince1970: blocked))
            }
            let recent = lines.filter {
                $0.kind == "request" && $0.at > now.timeIntervalSince1970 - Double(limit.seconds)
            }
            .map(\.at).sorted()
            if recent.count >= limit.requests {
                // The slot frees when enough of the oldest requests leave the window.
                let freeing = recent[recent.count - limit.requests]
                return .wait(until: Date(timeIntervalSince1970: freeing + Double(limit.seconds)))
            }
            try append(Line(at: now.timeIntervalSince1970, kind: "request", until: nil), pruning: lines)
            return .granted
        }
    }

    /// Records a `Max Limit Exceeded` answer and returns when to try again.
    ///
    /// The server counts requests we cannot see (the vendor's screens, other
    /// scripts), so the only safe guess is that the oldest request of ours in
    /// its window must expire first; with none of ours in it, a whole window.
    @discardableResult
    public func recordServerLimit(at now: Date) throws(FetchError) -> Date {
        try locked {
            let lines = try read()
            let start = now.timeIntervalSince1970 - Double(limit.seconds)
            let oldest = lines.filter { $0.kind == "request" && $0.at > start }.map(\.at).min()
            let until = (oldest ?? now.timeIntervalSince1970) + Double(limit.seconds)
            try append(Line(at: now.timeIntervalSince1970, kind: "limit", until: until), pruning: lines)
            return Date(timeIntervalSince1970: until)
        }
    }

    /// Requests recorded in the window ending at `now` (for progress and tests).
    public func recentRequests(at now: Date) throws(FetchError) -> Int {
        try locked {
            try read().filter { $0.kind == "request" && $0.at > now.timeIntervalSince1970 - Double(limit.seconds) }
                .count
        }
    }

    private func locked<T>(_ body: () throws -> T) throws(FetchError) -> T {
        do {
            return try FileLock.withLock(at: lockFile, body)
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError.archive(file.path, ErrorText.phrase(error))
        }
    }

    private func read() throws -> [Line] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        let decoder = JSONDecoder()
        // A line cut by a crash mid-append is skipped; every whole line still counts.
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Line.self, from: Data($0)) }
    }

    /// Appends a line; once the file grows long, rewrites it without lines older than any limit could need.
    private func append(_ line: Line, pruning lines: [Line]) throws {
        var text = try JSONEncoder().encode(line)
        text.append(UInt8(ascii: "\n"))
        if lines.count > 2000 {
            let keepAfter = line.at - Double(max(limit.seconds, 86_400))
            var kept = lines.filter { $0.at > keepAfter || ($0.until ?? 0) > line.at }
            kept.append(line)
            let encoder = JSONEncoder()
            let bytes = try kept.flatMap { Array(try encoder.encode($0)) + [UInt8(ascii: "\n")] }
            let temporary = DurableFile.temporaryURL(in: file.deletingLastPathComponent())
            defer { unlink(temporary.path) }
            try DurableFile.write(temporary) { try $0(bytes) }
            try DurableFile.commit(temporary, as: file)
            return
        }
        let fd = open(file.path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FetchError.archive(file.path, String(cString: strerror(errno))) }
        defer { close(fd) }
        // A line cut by a crash has no newline: end it first, or this line
        // would be glued to it and lost to every later read.
        var info = stat()
        var last: UInt8 = 0
        if fstat(fd, &info) == 0, info.st_size > 0, pread(fd, &last, 1, info.st_size - 1) == 1,
            last != UInt8(ascii: "\n")
        {
            text.insert(UInt8(ascii: "\n"), at: 0)
        }
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(fd) == 0 else {
            throw FetchError.archive(file.path, String(cString: strerror(errno)))
        }
    }
}
