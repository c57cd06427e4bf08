import CallModel

/// Why the pipeline could not start or finish, for the parts that are its own
/// (folders, templates, inputs, the comparison, settings). Errors of a stage
/// (``CallFetch/FetchError``, ``CallNormalize/NormalizeError``,
/// ``CallRender/RenderError``) pass through unchanged.
///
/// A struct around a private enum, so that cases can be added without
/// breaking callers; match a case with `==` against its static value.
public struct PipelineError: Error, Equatable, CustomStringConvertible, ExitCodeProviding, Sendable {
    private enum Kind: Equatable, Sendable {
        case missingPeriod
        case futurePeriod(label: String, lastCompleteDay: String)
        case invalidSetting(name: String, problem: String)
        case outputFolder(path: String, reason: String)
        case templatesNotAFolder(path: String)
        case exportNotAFolder(path: String)
        case exportWouldOverwrite(path: String, files: [String])
        case exportFailed(path: String, reason: String)
        case mailNeedsHTMLTemplate
        case inputMissing(path: String)
        case inputUnreadable(path: String, reason: String)
        case compareToMissing(path: String)
        case compareToUnreadable(path: String, reason: String)
        case savingResponses(path: String, reason: String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// A command that needs a period was given none.
    public static let missingPeriod = Self(.missingPeriod)
    /// No day of the period has ended yet.
    public static func futurePeriod(_ label: String, lastCompleteDay: String) -> Self {
        Self(.futurePeriod(label: label, lastCompleteDay: lastCompleteDay))
    }
    /// A setting's value cannot be used; `problem` is a sentence naming it.
    public static func invalidSetting(_ name: String, _ problem: String) -> Self {
        Self(.invalidSetting(name: name, problem: problem))
    }
    public static func outputFolder(_ path: String, reason: String) -> Self {
        Self(.outputFolder(path: path, reason: reason))
    }
    public static func templatesNotAFolder(_ path: String) -> Self { Self(.templatesNotAFolder(path: path)) }
    /// `templates export DIR`: DIR exists and is not a folder.
    public static func exportNotAFolder(_ path: String) -> Self { Self(.exportNotAFolder(path: path)) }
    /// `templates export DIR` without `--force`: these files of DIR would be replaced.
    public static func exportWouldOverwrite(_ path: String, files: [String]) -> Self {
        Self(.exportWouldOverwrite(path: path, files: files))
    }
    /// `templates export DIR`: the folder or a file in it cannot be written.
    public static func exportFailed(_ path: String, reason: String) -> Self {
        Self(.exportFailed(path: path, reason: reason))
    }
    public static let mailNeedsHTMLTemplate = Self(.mailNeedsHTMLTemplate)
    public static func inputMissing(_ path: String) -> Self { Self(.inputMissing(path: path)) }
    public static func inputUnreadable(_ path: String, reason: String) -> Self {
        Self(.inputUnreadable(path: path, reason: reason))
    }
    public static func compareToMissing(_ path: String) -> Self { Self(.compareToMissing(path: path)) }
    public static func compareToUnreadable(_ path: String, reason: String) -> Self {
        Self(.compareToUnreadable(path: path, reason: reason))
    }
    public static func savingResponses(_ path: String, reason: String) -> Self {
        Self(.savingResponses(path: path, reason: reason))
    }

    /// The setting an ``invalidSetting(_:_:)`` error is about, as the command line spells it
    /// (`--service-level`); `nil` for the other errors.
    public var settingName: String? {
        if case .invalidSetting(let name, _) = kind { return name }
        return nil
    }

    public var exitStatus: ExitStatus {
        switch kind {
        case .missingPeriod, .futurePeriod, .invalidSetting, .inputMissing, .exportNotAFolder, .exportWouldOverwrite:
            .usage
        case .inputUnreadable: .dataError
        case .outputFolder, .templatesNotAFolder, .mailNeedsHTMLTemplate, .compareToMissing, .compareToUnreadable,
            .savingResponses, .exportFailed:
            .configuration
        }
    }

    public var description: String {
        switch kind {
        case .missingPeriod:
            "Give the period: --month YYYY-MM, or --from YYYY-MM-DD --to YYYY-MM-DD."
        case .futurePeriod(let label, let day):
            "The period \(label) has no complete day yet: the last complete day is \(day). "
                + "Choose a period that has begun, or run again after its first day."
        case .invalidSetting(_, let problem):
            problem
        case .outputFolder(let path, let reason):
            "Cannot create the output folder \(path): \(reason)"
        case .templatesNotAFolder(let path):
            "--templates \(path) is not a folder."
        case .exportNotAFolder(let path):
            "\(path) exists and is not a folder; give the templates export a folder to write into."
        case .exportWouldOverwrite(let path, let files):
            "\(path) already holds \(files.joined(separator: ", ")); nothing was written. "
                + "Add --force to replace \(files.count == 1 ? "it" : "them") with the built-in "
                + "\(files.count == 1 ? "text" : "texts"), or choose another folder."
        case .exportFailed(let path, let reason):
            "Cannot write the templates into \(path): \(reason)."
        case .mailNeedsHTMLTemplate:
            "--mail-to needs a summary.html.mustache template; the templates folder has none."
        case .inputMissing(let path):
            "No such input file or folder: \(path)"
        case .inputUnreadable(let path, let reason):
            "Cannot read \(path): \(reason)"
        case .compareToMissing(let path):
            "--compare-to \(path): there is no metrics.json in that folder."
        case .compareToUnreadable(let path, let reason):
            "--compare-to: \(path) is not a callreport metrics.json: \(reason)."
        case .savingResponses(let path, let reason):
            "Cannot save the responses in \(path): \(reason)"
        }
    }
}
