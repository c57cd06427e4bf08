import Foundation

/// Where the templates of a report are: the folder the settings name, else
/// `./templates`, else the templates folder of the source tree this binary was
/// built from (until the default templates are compiled in).
enum TemplateLookup {
    static func folder(_ chosen: URL?) throws(PipelineError) -> URL {
        var isFolder: ObjCBool = false
        if let chosen {
            guard FileManager.default.fileExists(atPath: chosen.path, isDirectory: &isFolder), isFolder.boolValue
            else { throw .templatesNotAFolder(chosen.relativePath) }
            return chosen
        }
        let local = ReportSettings.Defaults.templatesFolderName
        if FileManager.default.fileExists(atPath: local, isDirectory: &isFolder), isFolder.boolValue {
            return URL(fileURLWithPath: local, isDirectory: true)
        }
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(local, isDirectory: true)
        if FileManager.default.fileExists(atPath: built.path, isDirectory: &isFolder), isFolder.boolValue {
            return built
        }
        throw .noTemplatesFolder
    }
}
