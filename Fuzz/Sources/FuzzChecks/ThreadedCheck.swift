import CallModel
import CallNormalize
import Foundation

/// A response of thousands of records made from the fuzz input, read by the threaded batching
/// (lists of 256 records or more are built in chunks on helper threads), checked as
/// ``NormalizerCheck`` checks a read and compared with a read that builds every record on the
/// reading thread.
///
/// FuzzJSON's inputs stay under 16 KB, far from a batch of 256 records, so this is the target
/// that brings the helper threads, the builders they copy and the hand-over of their results under
/// AddressSanitizer. Run it with `CALLREPORT_THREADS` of 2 or more (`Fuzz/run.sh` does).
///
/// The input is a recipe, not the response: record layouts (members with keys and values taken
/// from the bytes, odd and malformed values among them), how often each appears, and the number
/// of records. The reference read gets the same records as consecutive responses of at most 255
/// records, which are built one by one on the reading thread, with one normalizer, so duplicates
/// are found across them as within one response.
public enum ThreadedCheck {
    /// Stops at the first input when the reads would have no helper threads (the count of
    /// `Normalizer`'s threads: `CALLREPORT_THREADS`, else the cores), where this target tests nothing.
    static let helperThreads: Int = {
        let threads =
            ProcessInfo.processInfo.environment["CALLREPORT_THREADS"].flatMap { Int($0) }
            ?? ProcessInfo.processInfo.activeProcessorCount
        precondition(threads > 1, "FuzzThreads needs CALLREPORT_THREADS of 2 or more (Fuzz/run.sh sets it)")
        return threads
    }()

    /// Below 256 records a batch is built on the reading thread alone.
    static let singleThreadedBatch = 255

    public static func run(_ data: Data) {
        _ = helperThreads
        let recipe = Recipe(data)
        let records = recipe.records()
        let whole = recipe.response(records[...])
        // The file read names records by the file's name: every read here takes that name.
        let fromFile = recipe.readFile ? NormalizerCheck.readAsFile(whole) : (outcome: nil, source: "fuzz")
        let threaded = NormalizerCheck.read(whole, source: fromFile.source)
        NormalizerCheck.check(threaded, data: whole)
        if let outcome = fromFile.outcome {
            NormalizerCheck.check(outcome, data: whole)
            require(outcome.failed == threaded.failed, "memory and file reads disagree on failing")
            if !outcome.failed {
                require(outcome == threaded, "memory and file reads differ: \(difference(outcome, threaded))")
            }
        }
        var reference = readInParts(records, recipe: recipe, source: fromFile.source)
        // One response against several: only these two counts may differ.
        reference.counts.responses = threaded.counts.responses
        reference.counts.emptyResponses = threaded.counts.emptyResponses
        require(threaded.failed == reference.failed, "threaded and one-thread reads disagree on failing")
        require(threaded == reference, "threaded and one-thread reads differ: \(difference(threaded, reference))")
    }

    /// Where two outcomes first differ, for the finding's message.
    static func difference(_ a: NormalizerCheck.Outcome, _ b: NormalizerCheck.Outcome) -> String {
        if a.counts != b.counts { return "counts \(a.counts) and \(b.counts)" }
        if let index = a.records.indices.first(where: { $0 < b.records.count && a.records[$0] != b.records[$0] }) {
            return "record \(index + 1): \(a.records[index]) and \(b.records[index])"
        }
        if let index = a.quarantined.indices.first(where: {
            $0 < b.quarantined.count && a.quarantined[$0] != b.quarantined[$0]
        }) {
            return "quarantined \(index + 1): \(a.quarantined[index]) and \(b.quarantined[index])"
        }
        return
            "\(a.records.count) and \(b.records.count) records, \(a.quarantined.count) and \(b.quarantined.count) quarantined"
    }

    /// The records in responses of up to 255, read in turn by one normalizer until one fails;
    /// quarantined records named and placed as in the whole response.
    static func readInParts(_ records: [[UInt8]], recipe: Recipe, source: String) -> NormalizerCheck.Outcome {
        var normalizer = Normalizer()
        var outcome = NormalizerCheck.Outcome()
        var first = 0
        while first < records.count {
            let end = min(first + singleThreadedBatch, records.count)
            let part = recipe.response(records[first..<end])
            do {
                try normalizer.read(
                    part, source: source, record: { outcome.records.append($0) },
                    quarantine: { [first] in
                        var quarantined = $0
                        quarantined.position += first
                        outcome.quarantined.append(quarantined)
                    })
            } catch is NormalizeError {
                outcome.failed = true
                break
            } catch {
                finding("read threw something other than NormalizeError: \(error)")
            }
            first = end
        }
        outcome.counts = normalizer.counts
        return outcome
    }

    /// What the fuzz input asks for, read from its bytes (zeros once they run out).
    struct Recipe {
        /// One record layout: members, each a key and a value as JSON text; `nil` values are the
        /// record's own (its UCID, start or caller number, made from its number).
        struct Layout {
            var members: [(key: String, value: Value)] = []
            /// Used for record `i` when `i % every == phase` (layout 0: every record no other takes).
            var every = 1
            var phase = 0
        }

        enum Value {
            /// JSON text as bytes: a `String` would mend bad UTF-8.
            case text([UInt8])
            /// UCID, start, caller number, agent: made from the record's number (with repeats, for
            /// duplicates and repeat callers; a UCID and a start repeating alike make duplicates).
            case ucid(repeatEvery: Int)
            case start(step: Int, repeatEvery: Int)
            case caller(numbers: Int)
            case agent(count: Int)
        }

        var count = 3000
        var layouts: [Layout] = []
        var bareList = false
        var separator = ","
        /// Whether the response is read as a file too (memory map, pages given back as batches
        /// are delivered), besides from memory.
        var readFile = false

        init(_ data: Data) {
            var bytes = ByteReader(data)
            // Mostly 3000 to 3223 records, one batch; one input in eight 4352 to 4600, past 4096,
            // where a second batch is built while the first is handed on. Each input costs about
            // three reads of that many records under AddressSanitizer: more would leave CI's 20 s
            // with a handful of inputs.
            let size = bytes.next()
            count = size < 0xE0 ? 3000 + Int(size) : 4352 + Int(size & 0x1F) * 8
            let flags = bytes.next()
            readFile = flags & 8 != 0
            bareList = flags & 1 != 0
            separator = [",", ",\n", " , ", ",\r\n\t"][Int(flags >> 1) & 3]
            let layoutCount = 1 + Int(bytes.next()) % 6
            for index in 0..<layoutCount {
                var layout = Layout()
                if index > 0 {
                    layout.every = 1 + (Int(bytes.next()) << 4 | Int(bytes.next() & 0x0F))
                    layout.phase = Int(bytes.next()) * 16 % layout.every
                }
                let usual = bytes.next()
                if usual & 1 != 0 { layout.members.append(("UCID", .ucid(repeatEvery: 1 + Int(usual >> 4)))) }
                if usual & 2 != 0 {
                    layout.members.append(
                        ("StartTime", .start(step: 1 + Int(usual >> 2) & 3, repeatEvery: 1 + Int(usual >> 6))))
                }
                if usual & 4 != 0 { layout.members.append(("CallerID", .caller(numbers: 1 + Int(usual >> 3) * 37))) }
                if usual & 8 != 0 { layout.members.append(("AgentName", .agent(count: 1 + Int(usual >> 4)))) }
                for _ in 0..<Int(bytes.next()) % 10 {
                    let key = Self.keys[Int(bytes.next()) % Self.keys.count]
                    let choice = bytes.next()
                    if choice < 0xC0 {
                        layout.members.append((key, .text(Array(Self.values[Int(choice) % Self.values.count].utf8))))
                    } else {
                        // A string of the input's bytes as they are (control bytes and bad UTF-8
                        // included), only quotes and backslashes escaped so the list stays whole.
                        var text: [UInt8] = [UInt8(ascii: "\"")]
                        for _ in 0..<Int(choice & 0x1F) {
                            let byte = bytes.next()
                            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                                text.append(UInt8(ascii: "\\"))
                            }
                            text.append(byte)
                        }
                        text.append(UInt8(ascii: "\""))
                        layout.members.append((key, .text(text)))
                    }
                }
                layouts.append(layout)
            }
        }

        /// The JSON text of every record.
        func records() -> [[UInt8]] {
            (0..<count).map { number in
                let layout = layouts.dropFirst().first { number % $0.every == $0.phase } ?? layouts[0]
                var record: [UInt8] = [UInt8(ascii: "{")]
                for (index, (key, value)) in layout.members.enumerated() {
                    if index > 0 { record.append(UInt8(ascii: ",")) }
                    record += Array("\"\(key)\":".utf8)
                    record += Self.text(of: value, record: number)
                }
                record.append(UInt8(ascii: "}"))
                return record
            }
        }

        /// A success response holding `records`.
        func response(_ records: ArraySlice<[UInt8]>) -> Data {
            var data = Data(bareList ? "[".utf8 : #"{"status":"success","message":["#.utf8)
            for (index, record) in records.enumerated() {
                if index > 0 { data.append(contentsOf: separator.utf8) }
                data.append(contentsOf: record)
            }
            data.append(contentsOf: (bareList ? "]" : "]}").utf8)
            return data
        }

        static func text(of value: Value, record number: Int) -> [UInt8] {
            let text: String
            switch value {
            case .text(let bytes): return bytes
            case .ucid(let repeatEvery): text = "1202610\(number / repeatEvery)"
            case .start(let step, let repeatEvery):
                let seconds = number / repeatEvery * step * 97
                text =
                    "2026-10-\(10 + seconds / 86_400 % 20) \(10 + seconds / 3600 % 14):\(10 + seconds / 60 % 50):\(10 + seconds % 50)"
            case .caller(let numbers): text = "91987\(1_000_000 + number % numbers)"
            case .agent(let count): text = "Agent number \(number % count)"
            }
            return Array("\"\(text)\"".utf8)
        }

        /// Keys, aliases among them, so that ranks, duplicates and the API key are exercised.
        static let keys = [
            "UCID", "CallID", "monitorUCID", "CampaignName", "Campaign", "Skill", "SkillName", "Location", "Did",
            "CallerID", "CallerNo", "Type", "CallType", "AgentID", "AgentName", "Agent", "StartTime", "start_time",
            "EndTime", "TimeToAnswer", "TalkTime", "Duration", "HoldDuration", "WrapupDuration",
            "TotalHandlingTime", "HandlingTime", "Status", "Disposition", "HangupBy", "TransferType",
            "TransferredTo", "DialStatus", "Comments", "UUI", "ApiKey", "Sta\\u0074us", "caller_id", "AGENT ID",
        ]

        /// Values as JSON text: the usual ones, odd ones, and faults Foundation or the walker refuse.
        static let values = [
            #""2026-10-01 09:15:00""#, #""2026-10-01T23:59:59""#, #""2026-02-30 10:00:00""#,
            #""2026-10-01 9:15:00""#, #"" 2026-10-01 09:15:00 ""#, #""00:01:30""#, #""12:75:00""#, #""90""#,
            #""5:07""#, #""999999999999:59:59""#, "90", "90.0", "9e1", "1.5", "-5", "0", "12026103100900000",
            "48712345678912345678", #""Answered""#, #""Unanswered""#, #""InBound""#, #""Manual""#,
            #""No Transfers""#, #""""#, #"" ""#, #""N/A""#, #""None""#, #""NULL""#, #""-""#, "null", "true",
            "false", #"{"a":1}"#, "[1, 2]", "[]", #""Billing Helpline, the long name of a skill""#,
            #""  Billing ""#, #""\u00A0Sales""#, "\"Sales\u{2003}\"", #""राधिका वर्मा""#, #""\u0930\u093e""#,
            #""O\"Brien""#, #""a\/b""#, #""x\ny""#, #""919876543210""#, #""AG1018""#, "\"\u{202E}evil\"",
            "\"\u{2066}}}# h\u{2028}\"", "\"é\u{2003}\"",
            // Faults: each must stop both reads at the same record.
            "01", "1-2", "1e", "-", "\"a\tb\"", #""\x""#, #""\u12""#, "nul", "tru", #"{"a":1,}"#, "[1,]",
            #""\ud800""#,
        ]
    }

    /// The input's bytes one by one, then zeros.
    struct ByteReader {
        private let data: Data
        private var index: Data.Index

        init(_ data: Data) {
            self.data = data
            index = data.startIndex
        }

        mutating func next() -> UInt8 {
            guard index < data.endIndex else { return 0 }
            defer { index += 1 }
            return data[index]
        }
    }
}
