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

    /// Files as given; a folder is replaced by its `.json` and `.xml` files in
    /// byte order of their names (an archive's `.meta.json` files are not responses).
    public static func files(at paths: [String]) throws(PipelineError) -> [ResponseInput] {
        var files: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw .inputMissing(path)
            }
            guard isFolder.boolValue else {
                files.append(URL(fileURLWithPath: path))
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw .inputUnreadable(path, reason: error.localizedDescription)
            }
            let responses = names.filter {
                ($0.hasSuffix(".json") || $0.hasSuffix(".xml")) && !$0.hasSuffix(".meta.json") && !$0.hasPrefix(".")
            }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            guard !responses.isEmpty else {
                throw .inputUnreadable(path, reason: "the folder holds no .json or .xml file")
            }
            files += responses.map { URL(fileURLWithPath: path).appendingPathComponent($0) }
        }
        return files.map { .file($0) }
    }
}
