import Foundation

/// Large values the run no longer needs, released on another thread: freeing a million small
/// objects one by one takes a good part of a second that the report need not wait for.
enum Disposal {
    static func later<Value: Sendable>(_ value: consuming Value) {
        let held = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(held) {} }
    }
}
