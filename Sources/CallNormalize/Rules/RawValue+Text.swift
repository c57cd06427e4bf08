import CallModel

extension RawValue {
    /// The value as trimmed text, or `nil` when it is missing (SPEC §3, by ``FieldText``).
    ///
    /// Missing: JSON `null`, a nested object or array (no canonical field holds one), and text that
    /// ``FieldText/present(_:)-(String)`` finds missing. Numbers keep their digits as written and
    /// booleans read `true`/`false`, so a field may arrive in any JSON type.
    var presentText: String? {
        switch self {
        case .null, .nested: return nil
        case .bool(let value): return value ? "true" : "false"
        case .number(let digits): return digits
        case .string(let text): return FieldText.present(text)
        }
    }
}
