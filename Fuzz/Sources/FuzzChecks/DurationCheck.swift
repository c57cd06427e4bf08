import CallModel
import CallNormalize

/// One input through `DurationParser`, as a JSON string and as a JSON number token.
public enum DurationCheck {
    public static func run(_ text: String) {
        checkText(text)
        checkNumber(text)
    }

    /// Text forms: digits only, `MM:SS` or `H…:MM:SS` (SPEC §3), after trimming.
    static func checkText(_ text: String) {
        guard case .seconds(let seconds) = DurationParser.parse(.string(text)) else { return }
        require(seconds >= 0, "a negative duration \(seconds) from \(text.debugDescription)")
        let trimmed = text.trimmingWhiteSpaceForCheck
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        require(parts.count <= 3, "accepted more than two colons: \(text.debugDescription)")
        require(
            trimmed.utf8.allSatisfy { $0 == UInt8(ascii: ":") || (0x30...0x39).contains($0) },
            "accepted something other than digits and colons: \(text.debugDescription)")
        // The value is the one the written fields say.
        let values = parts.map { Int($0)! }
        let expected = values.reduce(0) { $0 * 60 + $1 }
        require(seconds == expected, "\(text.debugDescription) read as \(seconds), not \(expected)")
        // And the canonical clock form of the value reads back to it.
        let clock = "\(seconds / 3600):" + Digits.padded(seconds / 60 % 60, 2) + ":" + Digits.padded(seconds % 60, 2)
        require(DurationParser.parse(.string(clock)) == .seconds(seconds), "\(clock) does not read back")
    }

    /// JSON number tokens: whole values only, never negative, equal to what the number says.
    static func checkNumber(_ text: String) {
        guard case .seconds(let seconds) = DurationParser.parse(.number(text)) else { return }
        require(seconds >= 0, "a negative duration \(seconds) from the number \(text.debugDescription)")
        require(
            text.utf8.allSatisfy { (0x30...0x39).contains($0) || "eE+-.".utf8.contains($0) },
            "accepted a number token with other characters: \(text.debugDescription)")
        if let double = Double(text) {
            require(double == Double(seconds), "the number \(text) read as \(seconds)")
        }
        require(DurationParser.parse(.number(String(seconds))) == .seconds(seconds), "\(seconds) does not read back")
    }
}

extension String {
    /// Unicode white space trimmed from both ends, as the normalizer trims text values.
    var trimmingWhiteSpaceForCheck: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
