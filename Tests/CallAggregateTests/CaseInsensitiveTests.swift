import Testing

@testable import CallAggregate

@Suite("Case-insensitive comparison with the words of SPEC §4")
struct CaseInsensitiveTests {
    static let words: [StaticString] = ["answered", "no transfers", "no transfer", "none", "0"]

    @Test(
        "same answer as lowercasing the text",
        arguments: [
            "answered", "Answered", "ANSWERED", "answere", "answeredd", "", "ANSWERÉD", "answer\u{E9}d",
            "ＡＮＳＷＥＲＥＤ", "NONE", "None", "n\u{212A}ne", "No Transfers", "NO TRANSFER", "no  transfer",
            "0", "O", "00", "none\u{301}", "nOnE", "@nswered", "[one", "no transfers ",
        ])
    func matchesLowercasing(text: String) {
        for word in Self.words {
            #expect(
                CaseInsensitive.equals(text, word) == (text.lowercased() == word.description),
                "\(text) against \(word)")
        }
    }
}
