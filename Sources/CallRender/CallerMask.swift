import CallModel

/// `--mask-callers`: caller numbers with every digit but the last four
/// replaced by `*`, for files that leave the team (`9198450 12345` →
/// `******* *2345`). Only outputs are masked: missed and repeat callers are
/// worked out on the real numbers, so two callers never merge.
public enum CallerMask {
    public static func mask(_ number: String) -> String {
        var digitsLeft = number.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        var out = String.UnicodeScalarView()
        for scalar in number.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                out.append(digitsLeft > 4 ? "*" : scalar)
                digitsLeft -= 1
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The record with its caller number masked.
    static func masked(_ record: CallRecord) -> CallRecord {
        var copy = record
        copy.callerId = record.callerId.map(mask)
        return copy
    }
}
