import CallNormalize
import Foundation
import Testing

/// A library caller matches a `NormalizeError` against its public static values, without
/// `@testable` (hence the plain import).
@Suite("Matching errors")
struct ErrorMatchingTests {
    private func error(reading text: String, source: String) throws -> NormalizeError {
        var normalizer = Normalizer()
        return try #require(throws: NormalizeError.self) {
            try normalizer.read(Data(text.utf8), source: source, record: { _ in }, quarantine: { _ in })
        }
    }

    @Test("an error equals the public static value of its case, and only that")
    func matchesStaticValue() throws {
        let failure = try error(reading: #"{"status":"failure","message":"Max Limit Exceeded"}"#, source: "w1.json")
        #expect(failure == .serverFailure("Max Limit Exceeded", source: "w1.json"))
        #expect(failure != .serverFailure("Max Limit Exceeded", source: "w2.json"))
        #expect(failure != .serverFailure("Invalid key", source: "w1.json"))
        #expect(failure != .empty(source: "w1.json"))

        #expect(try error(reading: " \n", source: "e.json") == .empty(source: "e.json"))
        #expect(
            try error(reading: #"{"message":[{"UCID":"1"}, 7]}"#, source: "r.json")
                == .notARecord(position: 2, source: "r.json"))
    }

    @Test("every description reads as a sentence")
    func sentences() {
        let errors: [NormalizeError] = [
            .unreadableFile(path: "/in/w1.json", reason: "No such file", source: "w1.json"),
            .empty(source: "a"), .unknownFormat(start: "\"x\"", source: "a"), .malformedJSON("bad.", source: "a"),
            .textTooLong(offset: 3, source: "a"), .malformedXML(line: 1, column: 2, detail: "cut", source: "a"),
            .notARecord(position: 1, source: "a"), .notAResponse("it has no list", source: "a"),
            .serverFailure("x", source: "a"), .tooLarge(source: "a"), .htmlPage(title: nil, source: "a"),
            .notUTF8(encoding: "UTF-16", source: "a"),
        ]
        for error in errors {
            #expect(error.description.first?.isUppercase == true, "\(error)")
            #expect(error.description.hasSuffix("."), "\(error)")
        }
    }
}
