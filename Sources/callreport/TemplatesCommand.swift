import ArgumentParser
import CallPipeline
import Foundation

/// `callreport templates`: the report templates compiled into callreport.
struct Templates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The built-in report templates.",
        discussion: """
            Reports are rendered from templates compiled into callreport. \
            --templates DIR renders from a folder instead, replacing the built-in \
            set as a whole; 'templates export DIR' writes that set out to start from.
            """,
        subcommands: [Export.self]
    )

    /// `callreport templates export DIR [--force]`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write editable copies of the built-in templates and their README into a folder.",
            discussion: """
                The folder is created if needed. A file of the same name already \
                there stops the export before anything is written, unless --force; \
                other files of the folder are left alone. Then render with the \
                copies: callreport run --month YYYY-MM --templates DIR.

                Example:
                  callreport templates export /etc/callreport/templates
                """
        )

        @Argument(help: ArgumentHelp("The folder to write the templates into.", valueName: "DIR"))
        var folder: String

        @Flag(help: "Replace files of the same name already in the folder.")
        var force = false

        func run() async throws {
            try await Failure.mappingExitCodes {
                let export = try TemplateExport.write(
                    to: URL(fileURLWithPath: folder, isDirectory: true), overwrite: force)
                let shown = Self.shellQuoted(folder)
                Console.result(
                    "Wrote \(export.files.count) files into \(folder): \(export.files.joined(separator: ", ")).")
                Console.result(
                    """
                    Edit them, then render with them by adding --templates \(shown) to run, report or demo, e.g.
                      callreport run --month YYYY-MM --templates \(shown)
                    That folder then replaces the built-in templates as a whole: a template removed from it \
                    is a file not written. Its README.md describes every field a template can use.
                    """)
            }
        }

        /// The path as a shell reads it back: as is when plain, else in single quotes.
        static func shellQuoted(_ path: String) -> String {
            let plain = path.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "/._-+,:@%=".unicodeScalars.contains($0)
            }
            return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
    }
}
