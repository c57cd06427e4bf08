import CallModel
import Foundation
import Testing

@testable import CallFetch

private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("callfetch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("request ledger")
struct RequestLedgerTests {
    @Test("N requests are granted in a span; the next waits until the oldest leaves it")
    func rollingWindow() throws {
        let ledger = RequestLedger(folder: try temporaryFolder(), limit: RateLimit("3/100")!)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(try ledger.reserve(at: start) == .granted)
        #expect(try ledger.reserve(at: start + 10) == .granted)
        #expect(try ledger.reserve(at: start + 20) == .granted)
        #expect(try ledger.reserve(at: start + 30) == .wait(until: start + 100))
        // Past the oldest one's span, one slot frees.
        #expect(try ledger.reserve(at: start + 100.5) == .granted)
        #expect(try ledger.reserve(at: start + 101) == .wait(until: start + 110))
        #expect(try ledger.recentRequests(at: start + 101) == 3)
    }

    @Test("a line torn by a killed run is skipped, and the next line is not glued to it")
    func tornLine() throws {
        let folder = try temporaryFolder()
        let ledger = RequestLedger(folder: folder, limit: RateLimit("2/60")!)
        let now = Date(timeIntervalSince1970: 3_000_000)
        #expect(try ledger.reserve(at: now) == .granted)
        let handle = try FileHandle(forWritingTo: ledger.file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"at":3000000.5,"ki"#.utf8))
        try handle.close()
        #expect(try ledger.reserve(at: now + 1) == .granted)
        // Both whole requests count: the second was written on a line of its own.
        #expect(try ledger.recentRequests(at: now + 2) == 2)
        #expect(try ledger.reserve(at: now + 2) == .wait(until: now + 60))
    }

    @Test("a second ledger on the same folder sees the first one's requests")
    func shared() throws {
        let folder = try temporaryFolder()
        let first = RequestLedger(folder: folder, limit: RateLimit("2/60")!)
        let second = RequestLedger(folder: folder, limit: RateLimit("2/60")!)
        let now = Date(timeIntervalSince1970: 2_000_000)
        #expect(try first.reserve(at: now) == .granted)
        #expect(try second.reserve(at: now + 1) == .granted)
        #expect(try first.reserve(at: now + 2) == .wait(until: now + 60))
    }

    @Test("Max Limit Exceeded blocks until our oldest request in the span expires")
    func serverLimit() throws {
        let ledger = RequestLedger(folder: try temporaryFolder(), limit: RateLimit("10/3600")!)
        let now = Date(timeIntervalSince1970: 3_000_000)
        #expect(try ledger.reserve(at: now) == .granted)
        let until = try ledger.recordServerLimit(at: now + 5)
        #expect(until == now + 3600)
        #expect(try ledger.reserve(at: now + 6) == .blocked(until: now + 3600))
    }

    @Test("rate limits are read from N/SECONDS", arguments: ["10/3600", "1/1"])
    func parsing(text: String) {
        #expect(RateLimit(text)?.description == text)
    }

    @Test("malformed rate limits are refused", arguments: ["10", "0/60", "5/0", "a/b", "10/3600/1", "-1/60"])
    func badParsing(text: String) {
        #expect(RateLimit(text) == nil)
    }
}

@Suite("response archive")
struct ResponseArchiveTests {
    private let zone = TimeZone(identifier: "Asia/Kolkata")!

    private func account(format: ResponseFormat = .json) -> CloudAgentAccount {
        CloudAgentAccount(
            baseURL: URL(string: "http://127.0.0.1:8080")!, userName: "acme/ops", apiKey: "KEY-abcdefgh-42",
            format: format)
    }

    private func body(_ text: String) throws -> URL {
        let url = try temporaryFolder().appendingPathComponent("body")
        try Data(text.utf8).write(to: url)
        return url
    }

    private func window(_ from: String, _ to: String) -> FetchWindow {
        FetchWindow(from: LocalDate(from)!, to: LocalDate(to)!)
    }

    @Test("a stored response is masked, private, described and hashed")
    func store() throws {
        let root = try temporaryFolder()
        let archive = ResponseArchive(root: root, account: account(), timeZone: zone)
        try archive.prepare()
        let text = #"{"status":"success","message":[{"UCID":"1","ApiKey":"KEY-abcdefgh-42"}]}"#
        let fetchedAt = Date(timeIntervalSince1970: 1_793_000_000)
        let entry = try archive.store(
            body: try body(text), window: window("2026-10-01", "2026-10-30"), fetchedAt: fetchedAt, records: 1)
        let stored = try String(contentsOf: archive.responsesFolder.appendingPathComponent(entry.file), encoding: .utf8)
        #expect(stored == #"{"status":"success","message":[{"UCID":"1","ApiKey":"***"}]}"#)
        #expect(entry.bytes == stored.utf8.count)
        #expect(entry.sha256.count == 64)
        #expect(entry.url.contains("api_key=***"))
        #expect(entry.records == 1)
        #expect(try archive.entries() == [entry])
        // The folder names hold neither the key nor a slash of the user name.
        #expect(!archive.responsesFolder.path.contains("KEY-"))
        #expect(archive.responsesFolder.pathComponents.suffix(3).first == "127.0.0.1_8080")
        let folderMode = try FileManager.default.attributesOfItem(atPath: archive.responsesFolder.path)[
            .posixPermissions]
        #expect(folderMode as? Int == 0o700)
        let fileMode = try FileManager.default.attributesOfItem(
            atPath: archive.responsesFolder.appendingPathComponent(entry.file).path)[.posixPermissions]
        #expect(fileMode as? Int == 0o600)
        let everything = try FileManager.default.subpathsOfDirectory(atPath: root.path)
        for path in everything {
            let full = root.appendingPathComponent(path)
            if let data = FileManager.default.contents(atPath: full.path) {
                #expect(!String(decoding: data, as: UTF8.self).contains("KEY-abcdefgh-42"), "\(path)")
            }
        }
    }

    @Test("a window with records is final when fetched more than a day after it ended; an empty one never is")
    func finality() throws {
        let archive = ResponseArchive(root: try temporaryFolder(), account: account(), timeZone: zone)
        try archive.prepare()
        let w = window("2026-10-01", "2026-10-30")
        // The window ends at 2026-10-31 00:00 +05:30 = 2026-10-30 18:30 UTC.
        let end = archive.startOfDay(LocalDate("2026-10-31")!)
        #expect(end == Date(timeIntervalSince1970: 1_793_385_000))
        let early = try archive.store(body: try body("{}"), window: w, fetchedAt: end + 3600, records: 5)
        #expect(!archive.isFinal(early, acceptingEmpty: false))
        #expect(try archive.finalDates(acceptingEmpty: false).isEmpty)
        // `no record found` after the day was complete: maybe a wrong key, so asked again by every run…
        let empty = try archive.store(body: try body("{}"), window: w, fetchedAt: end + 86_401, records: 0)
        #expect(!archive.isFinal(empty, acceptingEmpty: false))
        #expect(try archive.finalDates(acceptingEmpty: false).isEmpty)
        // … unless --accept-empty says the emptiness is real.
        #expect(archive.isFinal(empty, acceptingEmpty: true))
        #expect(try archive.finalDates(acceptingEmpty: true).count == 30)
        let late = try archive.store(body: try body("{}"), window: w, fetchedAt: end + 86_402, records: 5)
        #expect(archive.isFinal(late, acceptingEmpty: false))
        #expect(try archive.finalDates(acceptingEmpty: false).count == 30)
    }

    @Test("an empty response never hides records fetched before it for the same dates")
    func emptyNeverHidesRecords() throws {
        let archive = ResponseArchive(root: try temporaryFolder(), account: account(), timeZone: zone)
        try archive.prepare()
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let full = try archive.store(
            body: try body("{}"), window: window("2026-10-01", "2026-10-10"), fetchedAt: t, records: 40)
        let empty = try archive.store(
            body: try body("{}"), window: window("2026-10-05", "2026-10-12"), fetchedAt: t + 60, records: 0)
        let period = ReportPeriod(from: LocalDate("2026-10-01")!, to: LocalDate("2026-10-12")!)!
        let responses = try archive.responses(for: period, through: period.to)
        #expect(responses.map(\.url.lastPathComponent) == [full.file, empty.file])
        #expect(responses[0].dates.count == 10)
        #expect(responses[1].dates == Set((11...12).map { LocalDate(year: 2026, month: 10, day: $0)! }))
    }

    @Test("each date is read from the newest response that covers it")
    func newestPerDate() throws {
        let archive = ResponseArchive(root: try temporaryFolder(), account: account(), timeZone: zone)
        try archive.prepare()
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let old = try archive.store(
            body: try body("{}"), window: window("2026-10-01", "2026-10-10"), fetchedAt: t, records: 0)
        let new = try archive.store(
            body: try body("{}"), window: window("2026-10-09", "2026-10-12"), fetchedAt: t + 60, records: 0)
        let period = ReportPeriod(from: LocalDate("2026-10-05")!, to: LocalDate("2026-10-12")!)!
        let responses = try archive.responses(for: period, through: period.to)
        #expect(responses.map(\.url.lastPathComponent) == [old.file, new.file])
        #expect(responses[0].dates == Set((5...8).map { LocalDate(year: 2026, month: 10, day: $0)! }))
        #expect(responses[1].dates.count == 4)
        // A date no response covers is an error, not a silent gap.
        let wider = ReportPeriod(from: LocalDate("2026-10-05")!, to: LocalDate("2026-10-13")!)!
        #expect(throws: FetchError.self) { try archive.responses(for: wider, through: wider.to) }
    }

    @Test(
        "a damaged metadata file is a clear archive error, never a crash",
        arguments: [
            "not json", #"{"from":"2026-10-30","to":"2026-10-01"}"#,
            #"{"from":"2026-10-01","to":"2026-12-01","fetchedAt":"2026-12-05T00:00:00Z","url":"","bytes":0,"sha256":"","records":0,"file":"x.json"}"#,
        ])
    func damagedMetadata(text: String) throws {
        let archive = ResponseArchive(root: try temporaryFolder(), account: account(), timeZone: zone)
        try archive.prepare()
        try Data("{}".utf8).write(to: archive.responsesFolder.appendingPathComponent("x.json"))
        try Data(text.utf8).write(to: archive.responsesFolder.appendingPathComponent("x.meta.json"))
        #expect(throws: FetchError.self) { try archive.entries() }
        #expect(throws: FetchError.self) { try archive.finalDates(acceptingEmpty: false) }
    }

    @Test("prepare removes what a killed run left: temporaries of dead writers and responses without metadata")
    func cleanup() throws {
        let archive = ResponseArchive(root: try temporaryFolder(), account: account(), timeZone: zone)
        try archive.prepare()
        let folder = archive.responsesFolder
        try Data("x".utf8).write(to: folder.appendingPathComponent(".tmp-999999999-abc"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("2026-10-01_2026-10-30__x.json"))
        let live = folder.appendingPathComponent(".tmp-\(getpid())-live")
        try Data("x".utf8).write(to: live)
        try archive.prepare()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [live.lastPathComponent])
    }
}

@Suite("default fetch range")
struct DefaultRangeTests {
    private let zone = TimeZone(identifier: "Asia/Kolkata")!

    private func fetcher(root: URL, now: Date) -> Fetcher {
        Fetcher(
            account: CloudAgentAccount(
                baseURL: URL(string: "http://127.0.0.1:9")!, userName: "acme", apiKey: "KEY-abcdefgh-42", format: .json),
            archiveRoot: root, timeZone: zone,
            settings: FetchSettings(
                rateLimit: .cloudAgent, noWait: false, refresh: false, acceptEmpty: false, attempts: 4, backoff: 2,
                timeout: 60),
            inspect: { _, _ in .noRecords },
            report: { _ in }, now: { now })
    }

    private func body() throws -> URL {
        let url = try temporaryFolder().appendingPathComponent("body")
        try Data("{}".utf8).write(to: url)
        return url
    }

    @Test("an empty archive starts at the first of last month and ends yesterday")
    func empty() throws {
        // 2026-11-27 10:00 +05:30.
        let now = Date(timeIntervalSince1970: 1_795_753_800)
        let range = try fetcher(root: try temporaryFolder(), now: now).defaultRange()
        #expect(range.from == LocalDate("2026-10-01"))
        #expect(range.to == LocalDate("2026-11-26"))
    }

    @Test("the range starts after the last final date, so a day fetched too early is fetched again")
    func afterFinal() throws {
        let root = try temporaryFolder()
        let now = Date(timeIntervalSince1970: 1_795_753_800)
        let f = fetcher(root: root, now: now)
        try f.archive.prepare()
        // October fetched long after it ended: final.
        try f.archive.store(
            body: try body(), window: FetchWindow(from: LocalDate("2026-10-01")!, to: LocalDate("2026-10-30")!),
            fetchedAt: now - 20 * 86_400, records: 7)
        #expect(try f.defaultRange().from == LocalDate("2026-10-31"))
        // Up to 2026-11-26, fetched at 02:00 the next morning: not final, so it stays in the range.
        try f.archive.store(
            body: try body(), window: FetchWindow(from: LocalDate("2026-10-31")!, to: LocalDate("2026-11-26")!),
            fetchedAt: f.archive.startOfDay(LocalDate("2026-11-27")!) + 7200, records: 7)
        #expect(try f.defaultRange().from == LocalDate("2026-10-31"))
        // Fetched again now, the dates up to 2026-11-20 are final.
        try f.archive.store(
            body: try body(), window: FetchWindow(from: LocalDate("2026-10-31")!, to: LocalDate("2026-11-20")!),
            fetchedAt: now, records: 7)
        #expect(try f.defaultRange().from == LocalDate("2026-11-21"))
        // An empty answer for the next dates (a wrong key answers so) leaves them in the range.
        try f.archive.store(
            body: try body(), window: FetchWindow(from: LocalDate("2026-11-21")!, to: LocalDate("2026-11-24")!),
            fetchedAt: now, records: 0)
        #expect(try f.defaultRange().from == LocalDate("2026-11-21"))
    }
}
