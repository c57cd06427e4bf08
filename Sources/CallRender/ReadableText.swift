/// What the summaries for people (summary.html, summary.md and the mail made
/// of them) do to a data value besides escaping it: nothing in a value may
/// hide or reorder the text around it.
///
/// - Bidirectional controls and marks (U+061C, U+200E, U+200F,
///   U+202A–U+202E, U+2066–U+2069) are removed. An override such as U+202E
///   would reverse what follows it, figures included, and a report value
///   has no need of one: right-to-left names still read right to left by
///   the Unicode bidirectional algorithm, each in its own table cell.
/// - NUL and the other control characters except tab, line feed and
///   carriage return (C0, DEL, C1) become U+FFFD, visibly: HTML forbids
///   them, and some readers cut a text at a NUL.
///
/// The CSV files and the JSON files are data, not display: they keep every
/// character (JSON escapes the controls), except NUL in CSV (see ``CSVField``).
enum ReadableText {
    static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Whether the scalar is dropped from a value shown to people.
    @inline(__always)
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Whether the scalar is shown as U+FFFD.
    @inline(__always)
    static func isHiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }
}
