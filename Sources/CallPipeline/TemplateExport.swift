import CallModel
import CallTemplates
import Foundation

/// `callreport templates export DIR`: the built-in templates and their guide
/// written out as files to edit, for `--templates DIR`.
public struct TemplateExport: Sendable {
    /// The folder written into.
    public let folder: URL
    /// The files written, in name order.
    public let files: [String]

    /// Writes every built-in file (``BuiltInTemplates/files``) into `folder`,
    /// creating it and its parents.
    ///
    /// Nothing is written when a file of the same name is already there, unless
    /// `overwrite`: a folder of edited templates is never replaced by mistake.
    /// Other files of the folder are left as they are.
    ///
    /// - Throws: ``PipelineError`` — `exportNotAFolder` and
    ///   `exportWouldOverwrite` (exit 64) for the command line to change,
    ///   `exportFailed` (exit 78) when the folder or a file cannot be written.
    public static func write(to folder: URL, overwrite: Bool) throws(PipelineError) -> TemplateExport {
        let fileManager = FileManager.default
        let shown = folder.relativePath
        let files = BuiltInTemplates.files
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .exportNotAFolder(shown) }
            // A dangling link counts too: writing would follow or replace it.
            let present = files.map(\.name).filter {
                (try? fileManager.attributesOfItem(atPath: folder.appendingPathComponent($0).path)) != nil
            }
            if !present.isEmpty, !overwrite { throw .exportWouldOverwrite(shown, files: present) }
        }
        try createFolder(folder, shown: shown)
        do {
            for file in files {
                try Data(file.text.utf8).write(to: folder.appendingPathComponent(file.name), options: .atomic)
            }
        } catch {
            throw .exportFailed(shown, reason: ErrorText.phrase(error))
        }
        return TemplateExport(folder: folder, files: files.map(\.name))
    }

    /// `mkdir -p`, one folder at a time, so that a failure names its cause
    /// (a plain file on the way, a folder that may not be written) in words.
    private static func createFolder(_ folder: URL, shown: String) throws(PipelineError) {
        var path = ""
        for component in folder.standardizedFileURL.path.split(separator: "/") {
            path += "/" + component
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw .exportFailed(shown, reason: "\(path) is not a folder") }
                continue
            }
            guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
                throw .exportFailed(shown, reason: "cannot create \(path): \(String(cString: strerror(errno)))")
            }
        }
    }
}
