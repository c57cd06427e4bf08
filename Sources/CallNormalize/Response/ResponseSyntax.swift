import Foundation

/// The syntax a response is written in, told by content: a saved response's file name is no
/// reliable witness. (Named apart from `CallModel.ResponseFormat`, the `format=` of a request.)
enum ResponseSyntax: Sendable, Equatable {
    case json
    case xml

    /// The syntax of a response and the offset of its first meaningful byte.
    ///
    /// Skips a UTF-8 byte-order mark and white space; `{` or `[` is JSON, `<` is XML.
    /// `nil` for anything else, including an empty response.
    ///
    /// XML in UTF-16 with a byte-order mark is XML from offset 0: libxml2 reads the mark itself.
    static func sniff(_ data: Data) -> (syntax: ResponseSyntax, offset: Int)? {
        if wideEncoding(of: data) != nil {
            return firstWideCharacter(of: data) == UInt8(ascii: "<") ? (.xml, 0) : nil
        }
        var index = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }
        while index < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[index]) { index += 1 }
        guard index < data.endIndex else { return nil }
        switch data[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return (.json, index - data.startIndex)
        case UInt8(ascii: "<"): return (.xml, index - data.startIndex)
        default: return nil
        }
    }

    /// `UTF-16` when the response begins with a UTF-16 byte-order mark (either byte order).
    static func wideEncoding(of data: Data) -> String? {
        data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) ? "UTF-16" : nil
    }

    /// The first character after the mark and white space of a UTF-16 response, when it is ASCII.
    private static func firstWideCharacter(of data: Data) -> UInt8? {
        let littleEndian = data.starts(with: [0xFF, 0xFE])
        var index = data.startIndex + 2
        while index + 1 < data.endIndex {
            let (low, high) = littleEndian ? (data[index], data[index + 1]) : (data[index + 1], data[index])
            guard high == 0 else { return nil }
            if ![0x20, 0x09, 0x0A, 0x0D].contains(low) { return low }
            index += 2
        }
        return nil
    }
}
