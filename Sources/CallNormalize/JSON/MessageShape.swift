/// How a JSON success response lays out its calls under `message` (SPEC §7, "every success shape
/// read"). PHP's `json_encode` writes an array as a list only when its keys are 0, 1, 2…; an
/// array keyed otherwise (by UCID, from 1) becomes an object of objects, and an account with one
/// call may be given that call alone.
///
/// The rule, decided from the first member so that a response is still read in one pass:
/// - `[ … ]`: a list; each element must be an object (a record).
/// - `{}`: an object of no objects, zero calls, read as `[]` is: PHP writes an empty array as
///   `{}` when told to write objects, and a record with no field at all is no record.
/// - `{"k": {…}, …}` (the first value an object): an object of objects; the keys are ignored,
///   each value, in written order, is a record and must be an object.
/// - `{"k": "v", …}` (the first value anything else): one record.
///
/// A record whose first field is an object would be taken for an object of objects, and then
/// stop at its first field that is not an object, with exit 65: a shape that cannot be told
/// apart is an error, never records misread in silence. Any other `message` (a number, `true`,
/// `null`, a text that is not a failure) is not records: the envelope's verdict says why.
enum MessageShape: Equatable {
    case list
    case objectOfObjects
    case oneRecord

    /// The shape of the value at `scanner`, or `nil` when it holds no records (not a list or an
    /// object). Reads a copy of the scanner: the caller's place does not move.
    init?(at scanner: JSONRecordScanner) {
        var look = scanner
        switch look.peek {
        case UInt8(ascii: "["):
            self = .list
        case UInt8(ascii: "{"):
            look.index += 1
            look.skipWhitespace()
            if look.peek == UInt8(ascii: "}") {
                self = .objectOfObjects
                return
            }
            // A fault in the first member is left to the walk, which reports it where it is.
            guard (try? look.stringRange()) != nil else {
                self = .oneRecord
                return
            }
            look.skipWhitespace()
            guard look.peek == UInt8(ascii: ":") else {
                self = .oneRecord
                return
            }
            look.index += 1
            look.skipWhitespace()
            self = look.peek == UInt8(ascii: "{") ? .objectOfObjects : .oneRecord
        default:
            return nil
        }
    }
}
