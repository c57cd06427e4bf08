#if canImport(Glibc)
    import Glibc
#endif

/// "Ascending" in SPEC §4: Unicode code-point order.
///
/// Swift's `String` `<` and `==` follow canonical equivalence, so `"é"`
/// (U+00E9) and `"e\u{301}"` compare equal and their order is not the one a
/// spreadsheet or `sort` would give. UTF-8 preserves code-point order byte by
/// byte, so comparing the UTF-8 views gives code-point order without
/// building arrays of scalars.
public enum CodePointOrder {
    /// True when `lhs` comes strictly before `rhs` in code-point order.
    public static func areInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// True when both strings hold the same code points (no canonical equivalence).
    public static func areIdentical(_ lhs: String, _ rhs: String) -> Bool {
        // Counts first, then the bytes at once: group keys are compared once for every call counted.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { a in
            rhs.withUTF8 { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }
}
