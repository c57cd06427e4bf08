import CallModel
import Foundation
import Testing

@testable import CallNormalize

/// FuzzDirect's seeds and crashers (Tests/FuzzCorpus/direct, crashers/direct-*), checked as the
/// fuzz target checks them: each file is the inside of a list of records, and every element the
/// list's walker hands over builds the same way fast (from the members it found) and general.
@Suite("Fuzz corpus: fast and general record paths")
struct DirectFuzzCorpusTests {
    @Test func corpusIsThere() {
        #expect(FuzzCorpus.files("direct").count >= 5)
    }

    @Test(arguments: FuzzCorpus.files("direct"))
    func bothPathsAgree(_ path: String) throws {
        var text = [UInt8(ascii: "[")]
        text.append(contentsOf: try FuzzCorpus.data(path))
        text.append(UInt8(ascii: "]"))
        let decoder = JSONDecoder()
        var walkerBuilder = RecordBuilder()
        var direct = RecordBuilder()
        var general = RecordBuilder()
        var compared = 0
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
                    #expect(Self.describe(fast) == Self.describe(slow), "element \(index + 1) of \(path)")
                    compared += 1
                }
            }
        }
        #expect(compared > 0, "\(path) must hold at least one record")
    }

    private static func describe(_ result: Result<RecordBuilder.Outcome, NormalizeError>) -> String {
        switch result {
        case .success(.record(let call)): "record \(call)"
        case .success(.quarantined(let reason, let fields)): "quarantined \(reason) \(fields)"
        case .failure(let error): "error \(error)"
        }
    }
}
