import CallModel
import CallNormalize
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One input through the normalize stage, checked against what `Normalizer.read` promises.
///
/// The input is read twice: from memory (`read(_:source:)`, the path of fetched bodies) and as a
/// file (`read(fileAt:)`, the streaming path of saved responses: JSON from a memory map, XML
/// through libxml2 on the descriptor). The file is an anonymous memory file, so nothing is
/// written to disk. Both must agree.
public enum NormalizerCheck {
    /// What one read produced: the records and quarantined records handed on, the counts, or the error.
    public struct Outcome: Equatable {
        public var records: [CallRecord] = []
        public var quarantined: [QuarantinedRecord] = []
        public var counts = NormalizeCounts()
        /// Set when the read threw; `records` and `quarantined` are then what came before the fault.
        public var failed = false
    }

    /// Reads `data` both ways and checks both; crashes (a finding) when a property does not hold.
    @discardableResult
    public static func run(_ data: Data) -> Outcome {
        let fromFile = readAsFile(data)
        let inMemory = read(data, source: fromFile.source)
        check(inMemory, data: data)
        if let outcome = fromFile.outcome {
            check(outcome, data: data)
            require(outcome.failed == inMemory.failed, "memory and file reads disagree on failing")
            if !outcome.failed {
                require(outcome == inMemory, "memory and file reads give different records or counts")
            }
        }
        return inMemory
    }

    /// Reads `data` from memory with a fresh normalizer.
    public static func read(_ data: Data, source: String) -> Outcome {
        var normalizer = Normalizer()
        var outcome = Outcome()
        do {
            try normalizer.read(
                data, source: source, record: { outcome.records.append($0) },
                quarantine: { outcome.quarantined.append($0) })
        } catch let error as NormalizeError {
            outcome.failed = true
            require(!error.description.isEmpty, "an error without words")
            require(error.source == source, "an error naming another source")
        } catch {
            finding("read threw something other than NormalizeError: \(error)")
        }
        outcome.counts = normalizer.counts
        return outcome
    }

    /// Reads `data` through `read(fileAt:)` from a memory file; `nil` where there are none.
    ///
    /// Not for an empty input: the normalizer then reads the file with Foundation's
    /// `Data(contentsOf:)`, which leaks a 4 KB buffer on a file of size 0 (found by FuzzJSON's
    /// leak check; swift-foundation's, not ours). The in-memory read covers that input.
    static func readAsFile(_ data: Data) -> (outcome: Outcome?, source: String) {
        guard !data.isEmpty else { return (nil, "fuzz") }
        #if os(Linux)
            guard let memfdCreate = memfdCreate else { return (nil, "fuzz") }
            let descriptor = memfdCreate("fuzz-input", 0)
            guard descriptor >= 0 else { return (nil, "fuzz") }
            defer { close(descriptor) }
            let written = data.withUnsafeBytes { bytes in
                bytes.isEmpty ? 0 : write(descriptor, bytes.baseAddress!, bytes.count)
            }
            guard written == data.count else { return (nil, "fuzz") }
            let url = URL(fileURLWithPath: "/proc/self/fd/\(descriptor)")
            var normalizer = Normalizer()
            var outcome = Outcome()
            do {
                try normalizer.read(
                    fileAt: url, record: { outcome.records.append($0) },
                    quarantine: { outcome.quarantined.append($0) })
            } catch is NormalizeError {
                outcome.failed = true
            } catch {
                finding("read(fileAt:) threw something other than NormalizeError: \(error)")
            }
            outcome.counts = normalizer.counts
            return (outcome, url.lastPathComponent)
        #else
            return (nil, "fuzz")
        #endif
    }

    #if os(Linux)
        /// glibc's `memfd_create`, which the Glibc module leaves out (it needs `_GNU_SOURCE`).
        private static let memfdCreate: (@convention(c) (UnsafePointer<CChar>, UInt32) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memfd_create") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (UnsafePointer<CChar>, UInt32) -> Int32).self)
        }()
    #endif

    /// The properties of one read's outcome.
    static func check(_ outcome: Outcome, data: Data) {
        let counts = outcome.counts
        if outcome.failed {
            require(counts.responses == 0, "a failed read counted as a response")
        } else {
            require(counts.responses == 1, "a read response counted \(counts.responses) times")
            require(
                outcome.records.count == counts.inputRecords - counts.quarantined - counts.duplicates,
                "records handed on (\(outcome.records.count)) do not match the counts \(counts)")
            require(outcome.quarantined.count == counts.quarantined, "quarantined records do not match the counts")
            require(
                counts.missingStart + counts.invalidStart == counts.quarantined,
                "quarantine reasons do not add up")
            require(counts.emptyResponses <= 1, "more than one empty response in one read")
            if counts.emptyResponses == 1 {
                require(counts.inputRecords == 0, "a no-record-found response with records")
            }
        }
        for record in outcome.records {
            check(record)
        }
        for quarantined in outcome.quarantined {
            check(quarantined)
        }
    }

    static func check(_ record: CallRecord) {
        require(LocalDateTime(record.start.description) == record.start, "a start that does not read back")
        for seconds in [record.timeToAnswer, record.talk, record.hold, record.wrapup, record.handling ?? 0] {
            require(seconds >= 0, "a negative duration \(seconds)")
        }
        if let end = record.end {
            require(LocalDateTime(end.description) == end, "an end that does not read back")
        }
    }

    /// A quarantine line is one compact JSON object (SPEC §5) that any JSON reader accepts,
    /// without the API key.
    static func check(_ quarantined: QuarantinedRecord) {
        require(quarantined.position >= 1, "a quarantined record at position \(quarantined.position)")
        let line = QuarantineLine.json(for: quarantined)
        require(!line.contains("\n") && !line.contains("\r"), "a quarantine line with a line break")
        require(JSONSyntax.isValid(line), "a quarantine line that is not JSON: \(line)")
        // Foundation refuses numbers beyond Double's range, which JSON allows; the rest is checked
        // where it can read the line.
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return }
        guard let record = object["record"] as? [String: Any] else { finding("a quarantine line without its record") }
        require(object["source"] as? String == quarantined.source, "a quarantine line naming another source")
        for key in record.keys {
            require(KeyNormalizer.normalize(key) != "apikey", "a quarantine line holding the API key: \(line)")
        }
    }
}
