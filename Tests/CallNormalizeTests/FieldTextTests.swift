import Testing

@testable import CallModel
@testable import CallNormalize

/// The text rules of `FieldText` (CallModel), and their byte forms held to their string forms.
@Suite("Text rules")
struct FieldTextTests {
    @Test("the byte tests of white space at the edges and of missing markers agree with the text rules")
    func byteRulesAgree() {
        // Every scalar Unicode calls white space, some that look alike, and ordinary ones in
        // several scripts, at either end of a value.
        var scalars: [Unicode.Scalar] = (0...0x3100).compactMap(Unicode.Scalar.init).filter {
            $0.properties.isWhitespace
        }
        scalars += ["a", "Z", "-", "\u{7F}", "\u{1C}", "\u{AD}", "\u{200B}", "\u{FEFF}", "é", "अ", "त", "ம", "中", "😀"]
        var checked = 0
        for head in scalars {
            for tail in scalars {
                for text in ["\(head)x\(tail)", "\(head)", "\(head)\(tail)"] {
                    let bytes = Array(text.utf8)
                    let byBytes = bytes.withUnsafeBytes { FieldText.hasEdgeWhiteSpace(utf8: $0) }
                    #expect(byBytes == (FieldText.trimmed(text) != text), "\(text.unicodeScalars.map(\.value))")
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
        for text in Self.markerCandidates {
            let byBytes = Array(text.utf8).withUnsafeBytes { FieldText.isMissing(utf8: $0) }
            #expect(byBytes == FieldText.isMissing(trimmed: text), "\(text)")
        }
    }

    static let markerCandidates = [
        "", "none", "NONE", "Null", "na", "N/A", "-", "nonE", "non", "nul", "n/a ", "--", "0", "nan", "ｎａ", "n\u{212A}",
        "NUL\u{301}", "—",
    ]

    @Test("the packed markers written out are the list's")
    func packedMarkers() {
        for marker in FieldText.missingMarkers {
            #expect(FieldText.isPackedMarker(FieldText.packed(marker.utf8)), "\(marker)")
        }
    }

    @Test("a missing marker is one of the list, compared lower-cased", arguments: markerCandidates)
    func missingMarkerIsLowercasedMatch(text: String) {
        #expect(FieldText.isMissing(trimmed: text) == FieldText.missingMarkers.contains(text.lowercased()))
    }

    @Test("present: trimmed text, nil when blank or a marker")
    func present() {
        #expect(FieldText.present(" \u{A0}Sales\t") == "Sales")
        #expect(FieldText.present(" N/A ") == nil)
        #expect(FieldText.present("\u{3000}") == nil)
        #expect(FieldText.present(nil as String?) == nil)
        #expect(FieldText.present("Sales") == "Sales")
    }

    static let words: [StaticString] = ["answered", "no transfers", "no transfer", "none", "0"]

    @Test(
        "comparing with a word ignoring case: same answer as lowercasing the text",
        arguments: [
            "answered", "Answered", "ANSWERED", "answere", "answeredd", "", "ANSWERÉD", "answer\u{E9}d",
            "ＡＮＳＷＥＲＥＤ", "NONE", "None", "n\u{212A}ne", "No Transfers", "NO TRANSFER", "no  transfer",
            "0", "O", "00", "none\u{301}", "nOnE", "@nswered", "[one", "no transfers ",
        ])
    func equalsIgnoringCase(text: String) {
        for word in Self.words {
            #expect(
                FieldText.equalsIgnoringCase(text, word) == (text.lowercased() == word.description),
                "\(text) against \(word)")
        }
    }

    @Test("a key scalar by scalar normalizes as the whole key does")
    func keyByScalars() {
        for key in ["Campaign Name", "Api\u{212A}ey", "CALLER_NO", "स्थान", "Ünïcödé 12", "İd", "ß"] {
            var scalars = String.UnicodeScalarView()
            for scalar in key.unicodeScalars { FieldText.appendNormalizedKey(of: scalar, to: &scalars) }
            #expect(String(scalars) == FieldText.normalizedKey(key))
            #expect(KeyNormalizer.normalize(key) == FieldText.normalizedKey(key))
        }
        #expect(FieldText.normalizedKey("Api\u{212A}ey") == "apikey")
    }
}
