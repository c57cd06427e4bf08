/// Whether any of a few byte strings (the forms of a secret) occurs in a text, in one pass over it
/// for all of them: the multi-pattern search of Wu and Manber (1994), with pairs of bytes.
///
/// Every response is searched for every form of the key before it is read (`run` always knows
/// the key). One `memmem` a form read the whole response once a form, on the reading thread before
/// any record: for a key of six forms, 4.4 instructions a byte, about a second of CPU for a month
/// of a million records (843 MB). Here a window as long as the shortest form moves along the text
/// by as much as its last two bytes allow (by the window less one where they end no part of a
/// form, as in most of a response): about one instruction a byte for the same key, in one pass
/// however many forms there are. Four parts of the text are searched together, so that the
/// processor works on four independent lookups at once instead of waiting for each.
struct FormSearch: Sendable {
    /// The forms, each at least `window` bytes long.
    private let forms: [[UInt8]]
    /// The shortest form's length: the window looked at.
    private let window: Int
    /// By the window's last two bytes (`first | second << 8`): how far the window can move without
    /// passing the start of a form, 0 when they are the ones that end the first `window` bytes of
    /// some form (whose every byte is then compared).
    private let shifts: [UInt8]
    /// For each form, the two bytes that end its first `window` bytes, as `shifts` indexes them.
    private let ends: [UInt16]

    /// `nil` when there is no form; every form must have two bytes or more.
    init?(_ forms: [[UInt8]]) {
        guard let shortest = forms.map(\.count).min() else { return nil }
        precondition(shortest >= 2, "FormSearch: a form of fewer than two bytes")
        self.forms = forms
        window = shortest
        // A shift must fit a byte: a smaller one only costs a few more steps.
        var shifts = [UInt8](repeating: UInt8(min(shortest - 1, 255)), count: 1 << 16)
        var ends: [UInt16] = []
        for form in forms {
            // The pair at j, j + 1 of the form's first `window` bytes: a window whose last pair it
            // is can move by window − 2 − j and start where that occurrence would, no further.
            for j in 0..<(shortest - 1) {
                let pair = Int(Self.pair(form[j], form[j + 1]))
                shifts[pair] = min(shifts[pair], UInt8(min(shortest - 2 - j, 255)))
            }
            ends.append(Self.pair(form[shortest - 2], form[shortest - 1]))
        }
        self.shifts = shifts
        self.ends = ends
    }

    private static func pair(_ first: UInt8, _ second: UInt8) -> UInt16 { UInt16(first) | UInt16(second) << 8 }

    /// Whether a form occurs in `bytes`.
    func occurs(in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= window else { return false }
        // Window starts 0...last, in four consecutive parts, one a lane: a lane finds the forms
        // that start in its part (one may end in the next part, or past it in the text).
        let starts = bytes.count - window + 1
        let (end0, end1, end2, end3) = (starts / 4, starts / 2, starts * 3 / 4, starts)
        return shifts.withUnsafeBufferPointer { shifts in
            // One step of a lane at `start`: true when a form starts there; else `start` moves on.
            func step(_ start: inout Int) -> Bool {
                let pair = base.loadUnaligned(fromByteOffset: start + window - 2, as: UInt16.self)
                let shift = Int(shifts[Int(UInt16(littleEndian: pair))])
                if shift != 0 {
                    start += shift
                    return false
                }
                if matches(at: start, pair: UInt16(littleEndian: pair), in: bytes) { return true }
                start += 1
                return false
            }
            var lanes = (0, end0, end1, end2)
            while lanes.0 < end0, lanes.1 < end1, lanes.2 < end2, lanes.3 < end3 {
                if step(&lanes.0) || step(&lanes.1) || step(&lanes.2) || step(&lanes.3) { return true }
            }
            // What the lanes have left, one by one.
            for (lane, end) in [(lanes.0, end0), (lanes.1, end1), (lanes.2, end2), (lanes.3, end3)] {
                var start = lane
                while start < end {
                    if step(&start) { return true }
                }
            }
            return false
        }
    }

    /// Whether a form whose first `window` bytes end with `pair` starts at `start`.
    private func matches(at start: Int, pair: UInt16, in bytes: UnsafeRawBufferPointer) -> Bool {
        for (index, form) in forms.enumerated() where ends[index] == pair && start + form.count <= bytes.count {
            let found = form.withUnsafeBytes { form in
                UnsafeRawBufferPointer(rebasing: bytes[start..<(start + form.count)]).elementsEqual(form)
            }
            if found { return true }
        }
        return false
    }
}
