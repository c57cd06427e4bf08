import Foundation
import Testing

@testable import CallNormalize

/// FuzzDirect's seeds and crashers (Tests/FuzzCorpus/direct, crashers/direct-*), checked as the
/// fuzz target checks them, through the same function: each file is the inside of a list of
/// records, and every element the list's walker hands over builds the same way fast (from the
/// members it found) and general.
@Suite("Fuzz corpus: fast and general record paths")
struct DirectFuzzCorpusTests {
    @Test func corpusIsThere() {
        #expect(FuzzCorpus.files("direct").count >= 5)
    }

    @Test(arguments: FuzzCorpus.files("direct"))
    func bothPathsAgree(_ path: String) throws {
        let elements = JSONStreamReader.bothPaths(ofListInside: try FuzzCorpus.data(path))
        for (index, element) in elements.enumerated() {
            #expect(element.fast == element.general, "element \(index + 1) of \(path)")
        }
        #expect(!elements.isEmpty, "\(path) must hold at least one record")
    }

    /// What is compared tells outcomes apart: a record, a record without a start and one with an
    /// unreadable start read as three different texts; the walker takes an ordinary record itself.
    @Test func outcomesAreToldApart() {
        let elements = JSONStreamReader.bothPaths(
            ofListInside: Data(
                #"{"UCID":"1","StartTime":"2026-10-01 10:00:00"},{"UCID":"2"},{"UCID":"3","StartTime":"x\u0000"}"#
                    .utf8))
        #expect(elements.count == 3)
        #expect(elements.allSatisfy { $0.fast == $0.general })
        #expect(elements.first?.walkerFoundMembers == true)
        #expect(elements.map { $0.fast.prefix(while: { $0 != " " }) } == ["record", "quarantined", "quarantined"])
        #expect(Set(elements.map(\.fast)).count == 3)
    }
}
