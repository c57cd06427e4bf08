import Foundation

extension JSONStreamReader {
    /// One element of a list built both ways: the outcomes as text (the record, the quarantine or
    /// the fault), which must be the same.
    struct BothPaths: Equatable {
        /// From the members the list's walker found (`RecordBuilder.build(members:in:)`).
        var fast: String
        /// From the element's bytes the general way (Foundation's check, then `[RawField]`).
        var general: String
        /// Whether the walker found the members; when not, the fast way is the general way too.
        var walkerFoundMembers: Bool
    }

    /// Each element of a list of records built the fast way and the general way, for the checks
    /// that hold the two to one outcome: FuzzDirect, and the tests that replay its corpus, so that
    /// both check the same thing. Not used by a read.
    ///
    /// `inside` is the inside of a list (`[` and `]` are added), walked as a response's list is
    /// walked; the elements before a fault that stops the walk are built, the rest not. One
    /// builder each way for the whole list, as each building thread has: their caches of key roles
    /// and shared texts carry over from record to record.
    static func bothPaths(ofListInside inside: Data) -> [BothPaths] {
        var text = [UInt8(ascii: "[")]
        text.append(contentsOf: inside)
        text.append(UInt8(ascii: "]"))
        let decoder = JSONDecoder()
        var walkerBuilder = RecordBuilder()
        var direct = RecordBuilder()
        var general = RecordBuilder()
        var built: [BothPaths] = []
        text.withUnsafeBytes { raw in
            _ = try? read(raw, source: "fuzz", role: { walkerBuilder.role(of: $0) }) { elements, _ in
                for (index, range) in elements.ranges.enumerated() {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[range])
                    let members = elements.found[index].map { (members: elements.members[$0], text: raw) }
                    let fast = Result { () throws(NormalizeError) in
                        try build(
                            slice, at: range.lowerBound, source: "fuzz", decoder: decoder, builder: &direct,
                            found: members)
                    }
                    let slow = Result { () throws(NormalizeError) in
                        try build(slice, at: range.lowerBound, source: "fuzz", decoder: decoder, builder: &general)
                    }
                    built.append(
                        BothPaths(fast: describe(fast), general: describe(slow), walkerFoundMembers: members != nil))
                }
            }
        }
        return built
    }

    private static func describe(_ result: Result<RecordBuilder.Outcome, NormalizeError>) -> String {
        switch result {
        case .success(.record(let call)): "record \(call)"
        case .success(.quarantined(let reason, let fields)): "quarantined \(reason) \(fields)"
        case .failure(let error): "error \(error)"
        }
    }
}
