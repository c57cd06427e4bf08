import CFastPaths

/// A byte offset of a response as a line and column, the way an editor shows them.
///
/// Lines are counted by line feeds; the column counts characters (UTF-8 sequences, not bytes),
/// both from 1. Only errors ask for it, so a count over the whole response is affordable.
struct TextPlace: Equatable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The place of byte `offset` of `text`.
    init(of offset: Int, in text: UnsafeRawBufferPointer) {
        let end = min(max(offset, 0), text.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where text[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<end where text[index] & 0xC0 != 0x80 { column += 1 }
        self.line = line
        self.column = column
    }
}
