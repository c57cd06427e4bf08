/// A member of a record as bytes: its key's role, and where its value is (for a string, the
/// content between the quotes).
struct MemberBytes: Sendable {
    enum Kind: Sendable {
        case string, number, null
    }

    var role: KeyRole
    var kind: Kind
    var range: Range<Int>
}
