/// Stops the run when a property does not hold: libFuzzer (and AddressSanitizer) record the
/// input that got here as a crash, which is how a broken promise becomes a finding.
@inline(never)
func finding(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz finding: " + message(), file: file, line: line)
}

/// `finding(message)` unless `condition` holds.
@inline(__always)
func require(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) {
    if !condition { finding(message(), file: file, line: line) }
}
