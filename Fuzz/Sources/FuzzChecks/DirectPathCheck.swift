import CallModel
import Foundation

// The two ways of building a record are internal to CallNormalize; `Fuzz/run.sh` builds with
// `-enable-testing`, as for EscaperCheck's look into CallRender.
@testable import CallNormalize

/// The fast record path against the general one, on the same bytes: the fuzz input is the inside
/// of a list of records (`[` and `]` are added), walked as `JSONStreamReader` walks a response.
/// Each element is built from the members the walker found, when it found them
/// (`RecordBuilder.build(members:in:)`), and again from its bytes the general way (Foundation's
/// check, then `[RawField]`); the two outcomes must be the same record, the same quarantine or the
/// same fault.
public enum DirectPathCheck {
    public static func run(_ data: Data) {
        var text = [UInt8(ascii: "[")]
        text.append(contentsOf: data)
        text.append(UInt8(ascii: "]"))
        let decoder = JSONDecoder()
        // One builder each way for the whole list, as each building thread has: their caches of
        // key roles and shared texts carry over from record to record.
        var walkerBuilder = RecordBuilder()
        var direct = RecordBuilder()
        var general = RecordBuilder()
        text.withUnsafeBytes { raw in
            _ = try? JSONStreamReader.read(raw, source: "fuzz", role: { walkerBuilder.role(of: $0) }) {
                elements, _ in
                for (index, range) in elements.ranges.enumerated() {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[range])
                    let members = elements.found[index].map { (members: elements.members[$0], text: raw) }
                    let fast = Result { () throws(NormalizeError) in
                        try JSONStreamReader.build(
                            slice, at: range.lowerBound, source: "fuzz", decoder: decoder, builder: &direct,
                            found: members)
                    }
                    let slow = Result { () throws(NormalizeError) in
                        try JSONStreamReader.build(
                            slice, at: range.lowerBound, source: "fuzz", decoder: decoder, builder: &general)
                    }
                    let a = describe(fast)
                    let b = describe(slow)
                    require(
                        a == b,
                        "fast and general record paths differ (walker found members: \(members != nil)):\n  \(a)\n  \(b)"
                    )
                }
            }
        }
    }

    static func describe(_ result: Result<RecordBuilder.Outcome, NormalizeError>) -> String {
        switch result {
        case .success(.record(let call)): "record \(call)"
        case .success(.quarantined(let reason, let fields)): "quarantined \(reason) \(fields)"
        case .failure(let error): "error \(error)"
        }
    }
}
