import Foundation

// The two ways of building a record are internal to CallNormalize; `Fuzz/run.sh` builds with
// `-enable-testing`, as for EscaperCheck's look into CallRender.
@testable import CallNormalize

/// The fast record path against the general one, on the same bytes: the fuzz input is the inside
/// of a list of records, walked as `JSONStreamReader` walks a response, and each element is built
/// both ways (`JSONStreamReader.bothPaths(ofListInside:)`, which the tests replaying this target's
/// corpus use too); the two outcomes must be the same record, the same quarantine or the same fault.
public enum DirectPathCheck {
    public static func run(_ data: Data) {
        for element in JSONStreamReader.bothPaths(ofListInside: data) {
            require(
                element.fast == element.general,
                "fast and general record paths differ (walker found members: \(element.walkerFoundMembers)):\n"
                    + "  \(element.fast)\n  \(element.general)"
            )
        }
    }
}
