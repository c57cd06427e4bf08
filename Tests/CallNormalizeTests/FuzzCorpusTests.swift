import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// The fuzzers' seed corpus and the inputs they crashed on (Tests/FuzzCorpus, see Fuzz/run.sh),
/// read the way the fuzz targets read them, so that every finding stays fixed.
///
/// The files are read from the source tree, beside this file, not copied as resources: the
/// fuzzers read the same folders.
enum FuzzCorpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    /// `folder/name/*` and `folder/crashers/name-*`, as paths relative to `folder`, sorted.
    static func files(_ name: String) -> [String] {
        let manager = FileManager.default
        let seeds = (try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent(name).path)) ?? []
        let crashers = (try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent("crashers").path)) ?? []
        return (seeds.map { name + "/" + $0 } + crashers.filter { $0.hasPrefix(name + "-") }.map { "crashers/" + $0 })
            .sorted()
    }

    static func url(_ path: String) -> URL { folder.appendingPathComponent(path) }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    static func text(_ path: String) throws -> String { String(decoding: try data(path), as: UTF8.self) }
}

@Suite("Fuzz corpus: normalize")
struct FuzzCorpusTests {
    @Test func corpusIsThere() {
        #expect(FuzzCorpus.files("json").count >= 10)
        #expect(FuzzCorpus.files("xml").count >= 8)
        #expect(!FuzzCorpus.files("duration").isEmpty)
        #expect(!FuzzCorpus.files("timestamp").isEmpty)
    }

    /// What one read passed on, or that it failed with a `NormalizeError`.
    struct Outcome: Equatable {
        var records: [CallRecord] = []
        var quarantined: [QuarantinedRecord] = []
        var counts = NormalizeCounts()
        var error: String?
    }

    static func readInMemory(_ data: Data, source: String) throws -> Outcome {
        var normalizer = Normalizer()
        var outcome = Outcome()
        do {
            try normalizer.read(
                data, source: source, record: { outcome.records.append($0) },
                quarantine: { outcome.quarantined.append($0) })
        } catch let error as NormalizeError {
            outcome.error = error.description
        }
        outcome.counts = normalizer.counts
        return outcome
    }

    static func readFile(_ url: URL) throws -> Outcome {
        var normalizer = Normalizer()
        var outcome = Outcome()
        do {
            try normalizer.read(
                fileAt: url, record: { outcome.records.append($0) }, quarantine: { outcome.quarantined.append($0) })
        } catch let error as NormalizeError {
            outcome.error = error.description
        }
        outcome.counts = normalizer.counts
        return outcome
    }

    /// Every response of the corpus reads to records, quarantined records or a `NormalizeError`
    /// (anything else is rethrown and fails the test), the same from memory and from the file,
    /// with counts that add up and quarantine lines that are one JSON line each.
    @Test(arguments: FuzzCorpus.files("json") + FuzzCorpus.files("xml"))
    func responseReadsToADefinedOutcome(_ path: String) throws {
        let url = FuzzCorpus.url(path)
        let data = try FuzzCorpus.data(path)
        let inMemory = try Self.readInMemory(data, source: url.lastPathComponent)
        let fromFile = try Self.readFile(url)
        #expect((inMemory.error == nil) == (fromFile.error == nil))
        guard inMemory.error == nil else {
            #expect(inMemory.counts.responses == 0)
            return
        }
        #expect(fromFile == inMemory)
        let counts = inMemory.counts
        #expect(counts.responses == 1)
        #expect(inMemory.records.count == counts.inputRecords - counts.quarantined - counts.duplicates)
        #expect(inMemory.quarantined.count == counts.quarantined)
        for record in inMemory.records {
            #expect(
                [record.timeToAnswer, record.talk, record.hold, record.wrapup, record.handling ?? 0].allSatisfy {
                    $0 >= 0
                })
        }
        for quarantined in inMemory.quarantined {
            let line = QuarantineLine.json(for: quarantined)
            #expect(!line.contains("\n") && !line.contains("\r"))
            #expect(line.hasPrefix("{\"reason\":") && line.hasSuffix("}}"))
            #expect(!line.lowercased().contains("\"apikey\""))
        }
    }

    /// A response the fuzzer made: a number beyond `Double`'s range (`9e1202…`) in a quarantined
    /// record. JSON allows it and quarantine.jsonl keeps it as written, so the line is valid JSON
    /// that Foundation's reader refuses; the fuzz check now reads the grammar itself.
    @Test func numberBeyondDoubleStaysAsWrittenInQuarantine() throws {
        let data = try FuzzCorpus.data("crashers/json-number-beyond-double-in-quarantine")
        let outcome = try Self.readInMemory(data, source: "fuzz")
        let line = try #require(outcome.quarantined.first.map(QuarantineLine.json(for:)))
        #expect(line.contains("\"Hold Time\":9e120261014000000001"))
    }

    /// Found by FuzzJSON: Foundation checks a number only when it decodes it, so `[1-2]` in a
    /// nested value passed the record check and reached quarantine.jsonl as written, no longer
    /// JSON. Every number of a record is now read by JSON's grammar.
    @Test func malformedNumberIsAFault() throws {
        let data = try FuzzCorpus.data("crashers/json-malformed-number-in-nested-value")
        #expect(try Self.readInMemory(data, source: "fuzz").error != nil)
        for value in ["1-2", "[1-2]", "{\"a\":1e}", "01", "1.", "-", "--1", "1ee5", "[0x1]"] {
            let text = "{\"status\":\"success\",\"message\":[{\"StartTime\":\"2026-10-01 09:00:00\",\"n\":\(value)}]}"
            let outcome = try Self.readInMemory(Data(text.utf8), source: "numbers.json")
            #expect(outcome.error != nil, "\(value) was read")
        }
        for value in ["0", "-0", "1.5", "-12e+3", "1E-2", "[1,-2.0e5]", "{\"a\":[0]}"] {
            let text = "{\"status\":\"success\",\"message\":[{\"StartTime\":\"2026-10-01 09:00:00\",\"n\":\(value)}]}"
            let outcome = try Self.readInMemory(Data(text.utf8), source: "numbers.json")
            #expect(outcome.error == nil, "\(value) was refused")
            #expect(outcome.records.count == 1)
        }
    }

    /// Found by FuzzJSON: Foundation checks a string only when it decodes it, and tab, LF and CR
    /// pass the text check (they are white space outside strings), so a raw line break in a
    /// string of a nested value reached quarantine.jsonl as written and split its line. Raw
    /// control characters and escapes JSON does not have are now faults wherever the string is.
    @Test func rawControlInStringIsAFault() throws {
        let data = try FuzzCorpus.data("crashers/json-raw-line-break-in-nested-string")
        #expect(try Self.readInMemory(data, source: "fuzz").error != nil)
        let faulty = [
            "\"n\":[\"a\nb\"]", "\"n\":\"a\tb\"", "\"n\":{\"k\rey\":1}", "\"n\":[\"\\a\"]", "\"n\":\"\\u12\"",
            "\"k\\x\":1", "\"n\":[\"\\u00zz\"]",
        ]
        for member in faulty {
            let text = "{\"status\":\"success\",\"message\":[{\"StartTime\":\"2026-10-01 09:00:00\",\(member)}]}"
            #expect(try Self.readInMemory(Data(text.utf8), source: "strings.json").error != nil, "\(member) was read")
        }
        let fine = ["\"n\":[\"a\\nb\\t\\u00e9\\/\"]", "\"n\":\"\\\"\\\\\"", "\"n\":{\"k\":\"\\uD83D\\uDE00\"}"]
        for member in fine {
            let text = "{\"status\":\"success\",\"message\":[{\"StartTime\":\"2026-10-01 09:00:00\",\(member)}]}"
            let outcome = try Self.readInMemory(Data(text.utf8), source: "strings.json")
            #expect(outcome.error == nil && outcome.records.count == 1, "\(member) was refused")
        }
    }

    /// Found by FuzzJSON: Foundation's decoder takes a comma before a closing bracket, so
    /// `[0,2,]` in a nested value reached quarantine.jsonl as written, no longer JSON.
    @Test func trailingCommaIsAFault() throws {
        let data = try FuzzCorpus.data("crashers/json-trailing-comma-in-nested-array")
        #expect(try Self.readInMemory(data, source: "fuzz").error != nil)
        for member in ["\"n\":[1,]", "\"n\":{\"a\":1,}", "\"n\":[{\"a\":[]} , ]", "\"n\":1,"] {
            let text = "{\"status\":\"success\",\"message\":[{\"StartTime\":\"2026-10-01 09:00:00\",\(member)}]}"
            #expect(try Self.readInMemory(Data(text.utf8), source: "commas.json").error != nil, "\(member) was read")
        }
    }

    /// Found by FuzzXML: a document libxml2 takes for UCS-4 (`<\0\0\0`) fails its encoding
    /// conversion with no parser at hand, and libxml2 printed "encoding error : input conversion
    /// failed…" and "I/O error : encoder error" to stderr besides our error. Nothing may reach it.
    @Test func encodingFaultPrintsNothing() throws {
        let data = try FuzzCorpus.data("crashers/xml-ucs4-encoding-error-printed-to-stderr")
        let url = FuzzCorpus.url("crashers/xml-ucs4-encoding-error-printed-to-stderr")
        let (printed, outcomes) = try Self.capturingStandardError {
            (try Self.readInMemory(data, source: "ucs4.xml"), try Self.readFile(url))
        }
        #expect(outcomes.0.error != nil && outcomes.1.error != nil)
        // Only libxml2's words are looked for: the test runner and other tests print there too.
        #expect(!printed.contains("input conversion failed") && !printed.contains("encoder error"))
    }

    /// What `body` writes to file descriptor 2, and its result.
    static func capturingStandardError<T>(_ body: () throws -> T) throws -> (String, T) {
        let pipe = Pipe()
        let saved = dup(2)
        fflush(nil)
        dup2(pipe.fileHandleForWriting.fileDescriptor, 2)
        let result = Result { try body() }
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        try pipe.fileHandleForWriting.close()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (printed, try result.get())
    }

    /// The empty input: an error, not a crash (the file read of it leaks 4 KB inside Foundation's
    /// `Data(contentsOf:)`, which is why the fuzz targets read an empty input from memory only).
    @Test func emptyInputIsAnError() throws {
        let outcome = try Self.readInMemory(Data(), source: "empty")
        #expect(outcome.error != nil)
    }

    @Test(arguments: FuzzCorpus.files("duration"))
    func durationIsNeverNegative(_ path: String) throws {
        let text = try FuzzCorpus.text(path)
        for value in [RawValue.string(text), .number(text)] {
            if case .seconds(let seconds) = DurationParser.parse(value) { #expect(seconds >= 0) }
        }
    }

    /// A timestamp reads back as written (with `T` as a space); a date reads exactly ten bytes.
    @Test(arguments: FuzzCorpus.files("timestamp"))
    func timestampReadsBackAsWritten(_ path: String) throws {
        let text = try FuzzCorpus.text(path)
        if let time = LocalDateTime(text) {
            #expect(time.description == text.replacingOccurrences(of: "T", with: " "))
        }
        if let date = LocalDate(text) {
            #expect(date.description == text)
            #expect(LocalDate(dayNumber: date.dayNumber) == date)
        }
    }

    /// Found by FuzzTimestamp: `LocalDate` read the date at the front of longer text
    /// (`--from "2026-10-01 09:15"` was taken as 2026-10-01).
    @Test func dateWithTrailingTextIsRefused() throws {
        let text = try FuzzCorpus.text("crashers/timestamp-date-with-trailing-time")
        #expect(LocalDate(text) == nil)
        #expect(LocalDate("2026-10-01x") == nil)
        #expect(LocalDate("2026-10-01") != nil)
    }
}
