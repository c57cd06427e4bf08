import CallFetch
import CallModel
import Foundation

/// One API response to read: a saved file, an archived response, or a body
/// already in memory (the demo).
public enum ResponseInput: Sendable {
    case file(URL)
    case archived(ArchivedResponse)
    case memory(name: String, body: Data)

    /// The name progress lines and errors use for the response.
    public var name: String {
        switch self {
        case .file(let url): url.lastPathComponent
        case .archived(let response): response.url.lastPathComponent
        case .memory(let name, _): name
        }
    }

    /// The archive's rule, "the newest response speaks for a date": an
    /// archived response is read only for the dates it is the newest response
    /// of (its records on its window's other dates belong to a newer fetch); a
    /// stray record dated outside its window is read, and counted out of
    /// period. `nil` (every record) for the other inputs.
    var dateFilter: (@Sendable (LocalDate) -> Bool)? {
        guard case .archived(let response) = self else { return nil }
        return { date in !response.window.contains(date) || response.dates.contains(date) }
    }

    /// The responses at `paths`: files as given; a folder is replaced by
    /// every `.json` and `.xml` file under it (any case, subfolders included),
    /// in byte order of their paths. An archive's `.meta.json` files are not
    /// responses. What ``InputFiles/find(at:)`` skips is left out silently here.
    public static func files(at paths: [String]) throws(PipelineError) -> [ResponseInput] {
        try InputFiles.find(at: paths).inputs
    }
}

/// The response files found at the paths a user gave, and what was left out.
///
/// A folder of an archive (recognized by its `.meta.json` files) is read as
/// the archive is: for each date of the period, the newest response that
/// covers it, as `run` reads it, so both give the same figures.
public struct InputFiles: Sendable {
    public var inputs: [ResponseInput] = []
    /// Files under the folders given that are not responses, as paths; said in a warning.
    public var skipped: [String] = []
    /// Dates of the period that an archive folder given has no response for.
    public var uncovered: [LocalDate] = []
    /// The period archive folders are read for; `nil` reads their files like any others.
    let period: ReportPeriod?

    /// The responses at `paths`; archive folders read for `period` (see above).
    public static func find(at paths: [String], period: ReportPeriod? = nil) throws(PipelineError) -> InputFiles {
        var found = InputFiles(period: period)
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw .inputMissing(path)
            }
            guard isFolder.boolValue else {
                found.inputs.append(.file(URL(fileURLWithPath: path)))
                continue
            }
            let before = found.inputs.count
            try found.walk(URL(fileURLWithPath: path, isDirectory: true), shown: path)
            guard found.inputs.count > before else {
                throw .inputUnreadable(path, reason: "the folder holds no .json or .xml file")
            }
        }
        return found
    }

    /// Adds the responses under `folder` (written `shown` in messages), in byte order of names.
    private mutating func walk(_ folder: URL, shown: String) throws(PipelineError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .inputUnreadable(shown, reason: ErrorText.phrase(error))
        }
        // An archive's folder: its responses are read by the archive's rule, not one by one.
        var described: Set<String> = []
        if let period, names.contains(where: { $0.lowercased().hasSuffix(".meta.json") && !$0.hasPrefix(".") }) {
            do {
                described = Set(try ResponseArchive.entries(in: folder).map(\.file))
                let (responses, uncovered) = try ResponseArchive.responses(in: folder, for: period, through: period.to)
                inputs += responses.map { .archived($0) }
                self.uncovered += uncovered
            } catch {
                throw .inputUnreadable(shown, reason: error.description)
            }
        }
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let url = folder.appendingPathComponent(name)
            let path = shown.hasSuffix("/") ? shown + name : shown + "/" + name
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            let lower = name.lowercased()
            if isFolder.boolValue {
                try walk(url, shown: path)
            } else if lower.hasSuffix(".meta.json") || described.contains(name) {
                continue  // an archive's description, or a response read above by the archive's rule
            } else if !name.hasPrefix("."), lower.hasSuffix(".json") || lower.hasSuffix(".xml") {
                inputs.append(.file(url))
            } else {
                skipped.append(path)
            }
        }
    }
}
