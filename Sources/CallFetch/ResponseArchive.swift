import CallModel
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the archive knows of one stored response: the metadata record beside it.
public struct ArchiveEntry: Codable, Sendable, Hashable {
    public let from: String
    public let to: String
    /// When the response was received (UTC, ISO 8601).
    public let fetchedAt: Date
    /// The request URL with `api_key=***`.
    public let url: String
    /// Size of the stored file, in bytes, after masking.
    public let bytes: Int
    /// SHA-256 of the stored file, hex.
    public let sha256: String
    /// Records in the response; 0 for `no record found`.
    public let records: Int
    /// The stored response's file name, in the same folder.
    public let file: String

    public var window: FetchWindow { FetchWindow(from: LocalDate(from)!, to: LocalDate(to)!) }
}

/// One archived response to read for a report, and the dates it speaks for.
public struct ArchivedResponse: Sendable, Hashable {
    public let url: URL
    public let window: FetchWindow
    /// The dates of the period for which this is the newest response. Its
    /// records dated on the window's other days are superseded by a newer one.
    public let dates: Set<LocalDate>
}

/// The customer's system of record: every successful response, as received
/// except for a masked `ApiKey`, with a metadata file beside it.
///
/// Layout under the archive root: `<host>/<user>/` holds the shared request
/// ledger; `<host>/<user>/<format>/` holds `<from>_<to>__<fetched>.json` (or
/// `.xml`) and its `.meta.json`. Folders are 0700 and files 0600: responses
/// hold caller numbers. A response counts only once its metadata is in place,
/// and both are written to a temporary name, synced and renamed, so a run
/// killed at any moment leaves nothing half-written behind.
public struct ResponseArchive: Sendable {
    public let accountFolder: URL
    public let responsesFolder: URL
    let account: CloudAgentAccount
    let timeZone: TimeZone

    public init(root: URL, account: CloudAgentAccount, timeZone: TimeZone) {
        self.account = account
        self.timeZone = timeZone
        accountFolder = root.appendingPathComponent(folderName(account.hostLabel), isDirectory: true)
            .appendingPathComponent(folderName(account.userName), isDirectory: true)
        responsesFolder = accountFolder.appendingPathComponent(account.format.rawValue, isDirectory: true)
    }

    /// Creates the folders (0700) and clears what a killed run left: temporary
    /// files of dead writers, and a response whose metadata never landed.
    public func prepare() throws(FetchError) {
        do {
            try Self.makeFolder(accountFolder)
            try Self.makeFolder(responsesFolder)
            try FileLock.withLock(at: lockFile) {
                let names = try FileManager.default.contentsOfDirectory(atPath: responsesFolder.path)
                let described = Set(try entries().map(\.file))
                for name in names
                where DurableFile.isAbandonedTemporary(name) || Self.isResponseFile(name) && !described.contains(name) {
                    try FileManager.default.removeItem(at: responsesFolder.appendingPathComponent(name))
                }
                // The ledger's rewrite leaves its temporary here.
                for name in try FileManager.default.contentsOfDirectory(atPath: accountFolder.path)
                where DurableFile.isAbandonedTemporary(name) {
                    try FileManager.default.removeItem(at: accountFolder.appendingPathComponent(name))
                }
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError.archive(responsesFolder.path, ErrorText.phrase(error))
        }
    }

    /// Held while names are moved into place or cleaned, never while downloading.
    var lockFile: URL { accountFolder.appendingPathComponent("archive.lock") }

    /// Every complete entry, oldest fetch first.
    public func entries() throws(FetchError) -> [ArchiveEntry] {
        try Self.entries(in: responsesFolder)
    }

    /// Every complete entry of the responses folder `folder`, oldest fetch first.
    public static func entries(in folder: URL) throws(FetchError) -> [ArchiveEntry] {
        let responsesFolder = folder
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: responsesFolder.path)
        } catch {
            return []
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var result: [ArchiveEntry] = []
        for name in names where name.hasSuffix(".meta.json") && !name.hasPrefix(".") {
            let url = responsesFolder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url), let entry = try? decoder.decode(ArchiveEntry.self, from: data),
                let from = LocalDate(entry.from), let to = LocalDate(entry.to),
                from <= to, from.days(to: to) < FetchWindow.maximumDays, !entry.file.contains("/"),
                FileManager.default.fileExists(atPath: responsesFolder.appendingPathComponent(entry.file).path)
            else {
                throw FetchError.archive(
                    url.path, "the metadata file is unreadable; move it away to re-fetch its window")
            }
            result.append(entry)
        }
        return result.sorted { ($0.fetchedAt, $0.file) < ($1.fetchedAt, $1.file) }
    }

    /// A window is final once it ended more than a day before it was fetched
    /// (CloudAgent completes a day's data some hours after midnight) and its
    /// response held records. A `no record found` is never final by itself:
    /// a wrong or rotated key answers exactly so, and one night of a bad key
    /// must not empty the dates for good. `acceptingEmpty` (`--accept-empty`)
    /// says the emptiness is real.
    public func isFinal(_ entry: ArchiveEntry, acceptingEmpty: Bool) -> Bool {
        (entry.records > 0 || acceptingEmpty)
            && entry.fetchedAt.timeIntervalSince(startOfDay(entry.window.to.adding(days: 1))) > 86_400
    }

    /// The dates that a final response already covers.
    public func finalDates(acceptingEmpty: Bool) throws(FetchError) -> Set<LocalDate> {
        var dates = Set<LocalDate>()
        for entry in try entries() where isFinal(entry, acceptingEmpty: acceptingEmpty) {
            dates.formUnion(entry.window.dates)
        }
        return dates
    }

    /// The responses to read for `period`: for each date, the newest response
    /// with records covering it, else the newest empty one. An empty answer
    /// never hides records fetched before it (a key that went wrong answers
    /// `no record found`). Throws when some date (up to `lastDate`) has no response at all.
    public func responses(for period: ReportPeriod, through lastDate: LocalDate) throws(FetchError)
        -> [ArchivedResponse]
    {
        let (responses, uncovered) = try Self.responses(in: responsesFolder, for: period, through: lastDate)
        if let date = uncovered.first {
            throw FetchError.archive(responsesFolder.path, "no archived response covers \(date)")
        }
        return responses
    }

    /// The archive's rule for any folder of archived responses (one that a user
    /// points `report --input` at, say): for each date of `period` up to
    /// `lastDate`, the newest response with records that covers it, else the
    /// newest empty one; and the dates no response covers.
    public static func responses(in folder: URL, for period: ReportPeriod, through lastDate: LocalDate)
        throws(FetchError) -> (responses: [ArchivedResponse], uncovered: [LocalDate])
    {
        let entries = try entries(in: folder)
        var newest: [String: Set<LocalDate>] = [:]
        var windows: [String: FetchWindow] = [:]
        var uncovered: [LocalDate] = []
        for date in period.dates where date <= lastDate {
            // Entries are oldest first: the last match is the newest.
            guard
                let entry = entries.last(where: { $0.records > 0 && $0.window.contains(date) })
                    ?? entries.last(where: { $0.window.contains(date) })
            else {
                uncovered.append(date)
                continue
            }
            newest[entry.file, default: []].insert(date)
            windows[entry.file] = entry.window
        }
        let responses = newest.map { file, dates in
            ArchivedResponse(url: folder.appendingPathComponent(file), window: windows[file]!, dates: dates)
        }.sorted { ($0.window.from, $0.url.lastPathComponent) < ($1.window.from, $1.url.lastPathComponent) }
        return (responses, uncovered)
    }

    /// Stores a received body (masking the key) and its metadata, atomically.
    @discardableResult
    public func store(body: URL, window: FetchWindow, fetchedAt: Date, records: Int) throws(FetchError) -> ArchiveEntry
    {
        let name = "\(window)__\(Self.stamp(fetchedAt)).\(account.format.fileExtension)"
        let bodyTemporary = DurableFile.temporaryURL(in: responsesFolder)
        let metaTemporary = DurableFile.temporaryURL(in: responsesFolder)
        defer {
            unlink(bodyTemporary.path)
            unlink(metaTemporary.path)
        }
        do {
            var masker = KeyMasker(format: account.format, apiKey: account.apiKey)
            var hasher = SHA256()
            var size = 0
            try DurableFile.write(bodyTemporary) { write in
                let input = try FileHandle(forReadingFrom: body)
                defer { try? input.close() }
                var output: [UInt8] = []
                func emit() throws {
                    hasher.update(data: output)
                    size += output.count
                    try write(output)
                    output.removeAll(keepingCapacity: true)
                }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    masker.feed(chunk, into: &output)
                    try emit()
                }
                masker.finish(into: &output)
                try emit()
            }
            let entry = ArchiveEntry(
                from: window.from.description, to: window.to.description, fetchedAt: fetchedAt,
                url: account.requestURL(for: window, maskingKey: true).absoluteString, bytes: size,
                sha256: hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined(),
                records: records, file: name)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let meta = Array(try encoder.encode(entry))
            try DurableFile.write(metaTemporary) { try $0(meta) }
            // The response first, then the metadata that makes it count.
            try FileLock.withLock(at: lockFile) {
                try DurableFile.commit(bodyTemporary, as: responsesFolder.appendingPathComponent(name))
                try DurableFile.commit(
                    metaTemporary, as: responsesFolder.appendingPathComponent(Self.metaName(for: name)))
            }
            return entry
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError.archive(responsesFolder.path, "cannot store \(name): \(ErrorText.phrase(error))")
        }
    }

    static func metaName(for responseName: String) -> String {
        String(responseName[..<(responseName.lastIndex(of: ".") ?? responseName.endIndex)]) + ".meta.json"
    }

    static func makeFolder(_ url: URL) throws {
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(url.path, 0o700)
    }

    private static func isResponseFile(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".json") || name.hasSuffix(".xml")) && !name.hasSuffix(".meta.json")
    }

    /// `20261101T020003.250Z`: sortable, and no characters a file system dislikes.
    static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withFractionalSeconds, .withTimeZone]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: "-", with: "")
    }

    /// Midnight at the start of `date` in the account's zone.
    func startOfDay(_ date: LocalDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: date.year, month: date.month, day: date.day)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400))
    }
}
