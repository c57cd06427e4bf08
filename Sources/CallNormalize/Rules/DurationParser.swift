import CallModel

/// A duration field's reading: absent, whole seconds, or a value that is not a duration.
public enum DurationValue: Hashable, Sendable {
    case missing
    case seconds(Int)
    /// Present but not a duration; it counts as missing, and the record under `invalid_duration`.
    case invalid
}

/// Reads the duration forms of SPEC §3 from a raw value.
///
/// Accepted: `H:MM:SS` (one or more hour digits, minutes and seconds two digits below 60),
/// `MM:SS` (two digits each, below 60), a whole number of seconds written with digits only,
/// or a JSON number that is whole (`90`, `90.0`, `9e1`). Everything else is `.invalid`:
/// `12:75:00`, `5:07`, `-5`, `1.5`, `abc`, and text such as `"90.0"` (only a JSON number may
/// carry a fraction part).
///
/// A duration above `maxSeconds` (about 31 years) is invalid too: no call lasts that long, and
/// summing a month of such values would overflow `Int` in the aggregate.
public enum DurationParser {
    /// Longer digit runs cannot be a call duration and would overflow `Int`.
    private static let maxDigits = 12
    /// The longest duration read; sums of 9 billion of them still fit in `Int`.
    public static let maxSeconds = 999_999_999

    public static func parse(_ value: RawValue) -> DurationValue {
        if case .number(let text) = value { return parse(number: text) }
        guard var text = value.presentText else { return .missing }
        return reading(text.withUTF8(clock))
    }

    /// A JSON string's content, known to need no trimming: what `parse` gives for `.string`.
    static func parse(text bytes: UnsafeBufferPointer<UInt8>) -> DurationValue {
        if FieldText.isMissing(utf8: UnsafeRawBufferPointer(bytes)) { return .missing }
        return reading(clock(bytes))
    }

    /// A JSON number as written: what `parse` gives for `.number`.
    static func parse(number text: String) -> DurationValue {
        reading(wholeNumber(text))
    }

    /// Seconds read from a value (`nil` when it is not a duration), with the bound of `maxSeconds`.
    private static func reading(_ seconds: Int?) -> DurationValue {
        guard let seconds, seconds <= maxSeconds else { return .invalid }
        return .seconds(seconds)
    }

    /// `S…`, `MM:SS` or `H…:MM:SS` → seconds.
    private static func clock(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let colon = UInt8(ascii: ":")
        guard let first = bytes.firstIndex(of: colon) else { return digits(bytes, maxCount: maxDigits) }
        let rest = bytes[(first + 1)...]
        guard let second = rest.firstIndex(of: colon) else {
            guard let m = sexagesimal(bytes[..<first]), let s = sexagesimal(rest) else { return nil }
            return m * 60 + s
        }
        guard let h = digits(bytes[..<first], maxCount: maxDigits), let m = sexagesimal(bytes[(first + 1)..<second]),
            let s = sexagesimal(bytes[(second + 1)...])
        else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// Exactly two digits below 60.
    private static func sexagesimal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard bytes.count == 2, let value = digits(bytes, maxCount: 2), value < 60 else { return nil }
        return value
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, maxCount: Int) -> Int? {
        digits(bytes[...], maxCount: maxCount)
    }

    /// The value of 1…`maxCount` ASCII digits. (Not `CallModel.Digits.value`: that one is generic
    /// across a module boundary, hence unspecialized, and this runs for every duration of a month.)
    private static func digits(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, maxCount: Int) -> Int? {
        guard !bytes.isEmpty, bytes.count <= maxCount else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte &- 0x30)
        }
        return value
    }

    private static func digits(_ bytes: ArraySlice<UInt8>, maxCount: Int) -> Int? {
        bytes.withUnsafeBufferPointer { digits($0, maxCount: maxCount) }
    }

    /// The value of a JSON number token when it is a whole, non-negative number of sane size.
    ///
    /// Works on the digits and the exponent, never through `Double`, so `90.0` and `9e1` are 90
    /// and `90.5` is not whole.
    static func wholeNumber(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        var i = 0
        func digitRun() -> ArraySlice<UInt8> {
            let start = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            return bytes[start..<i]
        }
        let integer = digitRun()
        guard !integer.isEmpty else { return nil }  // also rejects a minus sign
        var mantissa = Array(integer)
        var exponent = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = digitRun()
            guard !fraction.isEmpty else { return nil }
            mantissa += fraction
            exponent -= fraction.count
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard let written = digits(digitRun(), maxCount: 4) else { return nil }
            exponent += negative ? -written : written
        }
        guard i == bytes.count else { return nil }
        // Trailing zeros may be cancelled by a negative exponent; what is left must be whole.
        while exponent < 0, mantissa.last == UInt8(ascii: "0") {
            mantissa.removeLast()
            exponent += 1
        }
        let significant = mantissa.drop { $0 == UInt8(ascii: "0") }
        if significant.isEmpty { return 0 }
        guard exponent >= 0, significant.count + exponent <= maxDigits,
            var value = digits(significant, maxCount: maxDigits)
        else { return nil }
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
