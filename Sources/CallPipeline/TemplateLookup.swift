import CallRender
import CallTemplates
import Foundation

/// Which templates a report renders. Two sources, never mixed:
///
/// 1. the folder `--templates` names (``ReportSettings/templates``), which
///    replaces the built-in set as a whole: a template missing there is an
///    output not written;
/// 2. else the built-in set, compiled into the binary from `templates/`.
///
/// A `templates` folder in the working folder is not looked at: an installed
/// binary renders the same files whatever folder cron or a person starts it
/// in. `callreport templates export DIR` writes the built-in set out to edit.
enum TemplateLookup {
    static func renderer(for chosen: URL?) throws -> ReportRenderer {
        guard let chosen else { return try ReportRenderer(templates: BuiltInTemplates.templates) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: chosen.path, isDirectory: &isFolder), isFolder.boolValue
        else { throw PipelineError.templatesNotAFolder(chosen.relativePath) }
        return try ReportRenderer(templatesDirectory: chosen)
    }
}
