import CFileSystem
import CallModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The folder of one report, replaced as a whole: a run writes a hidden
/// staging folder beside it and swaps the two only when every file is
/// complete. Files an earlier run wrote and this one does not (an old
/// summary.eml, the output of a template since removed) go with the old
/// folder, and a run that fails or is killed leaves the previous report as it was.
struct ReportFolder {
    /// `<output>/<label>/`, where readers find the report.
    let final: URL
    /// Where this run writes: `<output>/.<label>.<pid>-<uuid>.staging/`.
    let staging: URL

    /// Files of the previous report that belong to the report, not to the run:
    /// they are carried over into the new folder.
    static let carriedOver = ["sent.json"]

    init(_ final: URL) throws(PipelineError) {
        self.final = final
        let parent = final.deletingLastPathComponent()
        staging = parent.appendingPathComponent(
            ".\(final.lastPathComponent).\(getpid())-\(UUID().uuidString).staging", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            Self.removeAbandoned(in: parent)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            for name in Self.carriedOver
            where FileManager.default.fileExists(atPath: final.appendingPathComponent(name).path) {
                try FileManager.default.copyItem(
                    at: final.appendingPathComponent(name), to: staging.appendingPathComponent(name))
            }
        } catch {
            throw .outputFolder(final.path, reason: Self.reason(error))
        }
    }

    /// Puts the staging folder in the place of the report folder, then removes the old one.
    func commit() throws(PipelineError) {
        if !FileManager.default.fileExists(atPath: final.path) {
            guard rename(staging.path, final.path) == 0 else {
                throw .outputFolder(final.path, reason: String(cString: strerror(errno)))
            }
            return
        }
        if callreport_exchange_paths(staging.path, final.path) != 0 {
            // A file system without the atomic swap: two renames, the old folder kept aside between them.
            let aside = staging.deletingPathExtension().appendingPathExtension("replaced")
            guard rename(final.path, aside.path) == 0 else {
                throw .outputFolder(final.path, reason: String(cString: strerror(errno)))
            }
            guard rename(staging.path, final.path) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(aside.path, final.path)
                throw .outputFolder(final.path, reason: reason)
            }
            try? FileManager.default.removeItem(at: aside)
            return
        }
        // The staging name now holds the previous report.
        try? FileManager.default.removeItem(at: staging)
    }

    /// Removes what this run wrote (it failed); the previous report stays.
    func abandon() {
        try? FileManager.default.removeItem(at: staging)
    }

    /// Removes staging folders (and old reports set aside) of runs that are no longer running.
    static func removeAbandoned(in parent: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(".") && (name.hasSuffix(".staging") || name.hasSuffix(".replaced")) {
            if let pid = writer(of: name), kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// The process id in `.<label>.<pid>-<uuid>.staging`; `nil` for another name.
    static func writer(of name: String) -> pid_t? {
        guard let stem = name.split(separator: ".").dropLast().last, let dash = stem.firstIndex(of: "-") else {
            return nil
        }
        return pid_t(stem[..<dash])
    }

    private static func reason(_ error: Error) -> String { ErrorText.phrase(error) }
}
