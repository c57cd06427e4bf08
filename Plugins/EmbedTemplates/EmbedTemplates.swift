import Foundation
import PackagePlugin

/// Compiles the top-level `templates/` folder into the target it is applied to.
///
/// The `TemplateEmbedder` tool lists the folder and writes one Swift source,
/// `BuiltInTemplates+Files.swift`, into the plugin's work folder: the name and
/// text of every `*.mustache` file (not hidden, not in a sub-folder) and of
/// `README.md`. There is never a checked-in copy to go stale.
///
/// SwiftPM asks a plugin for its commands again only when the package's
/// structure changes (a manifest, a file added to a target's folder), not when
/// a file is added to `templates/`. So the folder itself is an input (adding,
/// removing or renaming a file in it reruns the command) as well as each file
/// in it when the plan was made (an edit reruns it), and the tool, not this
/// plugin, lists the folder and decides which files to compile in. One gap is
/// left: a file added since the plan and then edited in place is seen at the
/// next plan (`touch Package.swift`); the test that compares the compiled-in
/// set with `templates/` (`BuiltInTemplatesTests`) says so when it happens.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "templates", directoryHint: .isDirectory)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appending(path: $0, directoryHint: .notDirectory) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltInTemplates+Files.swift")
        return [
            .buildCommand(
                displayName: "Compiling in the files of templates/",
                executable: try context.tool(named: "TemplateEmbedder").url,
                arguments: [output.path, folder.path],
                inputFiles: [folder] + files,
                outputFiles: [output])
        ]
    }
}
