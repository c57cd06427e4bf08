import CallModel
import Testing

@testable import CallFetch

@Suite("API key masking")
struct KeyMaskerTests {
    /// Masks `text`, feeding it in pieces of `chunk` bytes to exercise the held-back state.
    private func mask(_ text: String, _ format: ResponseFormat, key: String = "SECRET-0123456789", chunk: Int) -> String
    {
        var masker = KeyMasker(format: format, apiKey: key)
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            masker.feed(bytes[index..<min(index + chunk, bytes.count)], into: &output)
            index += chunk
        }
        masker.finish(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test("JSON: every spelling of ApiKey is masked, nothing else changes", arguments: [1, 3, 7, 4096])
    func json(chunk: Int) {
        let body =
            #"{"status":"success","message":[{"UCID":"1","ApiKey":"abc\"def","Api Key" : 12345,"#
            + #""api_key":null,"Comments":"ApiKey","Nested":{"apikey":["x"]}}]}"#
        let expected =
            #"{"status":"success","message":[{"UCID":"1","ApiKey":"***","Api Key" : "***","#
            + #""api_key":null,"Comments":"ApiKey","Nested":{"apikey":"***"}}]}"#
        #expect(mask(body, .json, chunk: chunk) == expected)
    }

    @Test(
        "JSON: a key name written with escapes is still an ApiKey",
        arguments: [
            #""\u0041piKey""#, #""Api\u004bey""#, #""\u0061\u0070\u0069\u006B\u0065\u0079""#,
            #""Api\/Key""#, #""Api\tKey""#, #""Api\u0020Key""#, #""Api\u212Aey""#, "\"Api\u{212A}ey\"",
            #""Api\uD83D\uDE00Key""#, #""\uD800ApiKey""#,
        ] as [String], [1, 2, 5, 4096])
    func escapedKeyName(key: String, chunk: Int) {
        let body = #"{"message":[{"UCID":"1","# + key + #":"SECRET","Other":"x"}]}"#
        let expected = #"{"message":[{"UCID":"1","# + key + #":"***","Other":"x"}]}"#
        #expect(mask(body, .json, chunk: chunk) == expected)
    }

    @Test(
        "JSON: names that only look alike are left alone",
        arguments: [#""ApiKeys""#, #""Api\u004bey2""#, #""\u0041pi""#, #""ApiKe\u0079\u0079""#] as [String])
    func notAKeyName(key: String) {
        let body = #"{"# + key + #":"visible","a":1}"#
        #expect(mask(body, .json, chunk: 3) == body)
    }

    @Test("JSON: an ApiKey whose value is an array or object is replaced whole", arguments: [1, 4, 4096])
    func structuredValue(chunk: Int) {
        let body =
            #"{"message":[{"ApiKey":["SECRET",{"k":"]}\"["}],"UCID":"1","Api Key" : {"a":[1,2],"b":"x"},"#
            + #""apiKey":true,"Next":[1]}]}"#
        let expected =
            #"{"message":[{"ApiKey":"***","UCID":"1","Api Key" : "***","#
            + #""apiKey":"***","Next":[1]}]}"#
        #expect(mask(body, .json, chunk: chunk) == expected)
    }

    @Test("XML: an element name spelled with letters outside ASCII is matched by the same rule")
    func xmlKelvin() {
        let body = "<xml><item><Api\u{212A}ey>abc</Api\u{212A}ey><UCID>1</UCID></item></xml>"
        let expected = "<xml><item><Api\u{212A}ey>***</Api\u{212A}ey><UCID>1</UCID></item></xml>"
        #expect(mask(body, .xml, chunk: 1) == expected)
    }

    @Test("XML: the text of ApiKey elements is masked, other markup kept", arguments: [1, 5, 4096])
    func xml(chunk: Int) {
        let body =
            "<?xml version=\"1.0\"?><xml><message><item><UCID>1</UCID><ApiKey>abc&amp;d</ApiKey>"
            + "<Api_Key a=\"1\">xyz</Api_Key><ApiKey/><Comments>ApiKey</Comments></item></message></xml>"
        let expected =
            "<?xml version=\"1.0\"?><xml><message><item><UCID>1</UCID><ApiKey>***</ApiKey>"
            + "<Api_Key a=\"1\">***</Api_Key><ApiKey/><Comments>ApiKey</Comments></item></message></xml>"
        #expect(mask(body, .xml, chunk: chunk) == expected)
    }

    @Test("the key itself is replaced wherever it appears, even split across chunks", arguments: [1, 2, 9, 4096])
    func literal(chunk: Int) {
        let body = #"{"message":"echo SECRET-0123456789 and SECRET-0123456789x"}"#
        #expect(mask(body, .json, chunk: chunk) == #"{"message":"echo *** and ***x"}"#)
    }

    @Test("a short key is not searched for literally: it would match ordinary data")
    func shortKey() {
        #expect(mask(#"{"a":"12"}"#, .json, key: "12", chunk: 1) == #"{"a":"12"}"#)
    }
}
