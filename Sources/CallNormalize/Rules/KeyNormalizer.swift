import CallModel

/// Turns a field name as a server spelled it into the form the alias table of SPEC §3 is written in.
///
/// The rule itself is ``CallModel/FieldText/normalizedKey(_:)``, shared with the archive's key
/// masker; this name stays for callers of the normalize module (the fuzz checks among them).
public enum KeyNormalizer {
    /// `Campaign Name` → `campaignname`: lower-case, then drop every character that is not a letter or digit.
    public static func normalize(_ key: String) -> String {
        FieldText.normalizedKey(key)
    }
}
