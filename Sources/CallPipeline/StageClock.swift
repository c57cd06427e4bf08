import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Wall and CPU time of one stage of a report.
public struct StageTime: Sendable, Equatable {
    /// `read` (normalize, aggregate and calls.csv, overlapped on every core),
    /// `metrics` (the final figures and metrics.json), `render` (the templates and the mail)
    /// or `workbook` (report.xlsx's tables and its assembly).
    public let name: String
    public let wallSeconds: Double
    public let cpuSeconds: Double
}

/// Measures the stages of a report as they end.
struct StageClock {
    private(set) var laps: [StageTime] = []
    private var wall = Self.wallNow()
    private var cpu = Self.cpuNow()

    mutating func lap(_ name: String) {
        let (wallNow, cpuNow) = (Self.wallNow(), Self.cpuNow())
        laps.append(StageTime(name: name, wallSeconds: wallNow - wall, cpuSeconds: cpuNow - cpu))
        (wall, cpu) = (wallNow, cpuNow)
    }

    private static func wallNow() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func cpuNow() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
