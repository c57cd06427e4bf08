import CallModel
import CallTemplates
import Foundation
import Testing

@testable import CallPipeline

/// The default templates are compiled in: a report needs no templates folder,
/// `--templates DIR` replaces the set, and `templates export` writes it out.
@Suite("Built-in templates")
struct BuiltInTemplatesTests {
    /// The names of templates/ that the build compiles in, in code-point order.
    static func repositoryNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: templatesFolder.path)
            .filter { !$0.hasPrefix(".") && ($0 == "README.md" || $0.hasSuffix(".mustache")) }
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    @Test("the compiled-in files are those of templates/, byte for byte")
    func sameAsRepository() throws {
        let names = try Self.repositoryNames()
        #expect(names.count >= 8 && names.contains("README.md") && names.contains("summary.html.mustache"))
        #expect(
            BuiltInTemplates.files.map(\.name) == names,
            "a file was added to or removed from templates/ since the last build plan: touch Package.swift and build")
        for file in BuiltInTemplates.files {
            let disk = try Data(contentsOf: templatesFolder.appendingPathComponent(file.name))
            #expect(
                Data(file.text.utf8) == disk,
                """
                \(file.name) differs from templates/\(file.name): if it was added since the last build plan \
                and then edited, touch Package.swift and build
                """)
        }
        #expect(BuiltInTemplates.templates.keys.sorted() == names.filter { $0 != "README.md" })
        #expect(BuiltInTemplates.readme.hasPrefix("# Report templates"))
    }

    @Test("without --templates a report renders the built-in set: the same bytes as the repository's folder")
    func defaultIsBuiltIn() throws {
        let folder = try temporaryFolder()
        var builtIn = settings(ReportPeriod(month: "2026-10"), in: folder)
        builtIn.templates = nil
        builtIn.output = folder.appendingPathComponent("built-in")
        var chosen = builtIn
        chosen.templates = templatesFolder
        chosen.output = folder.appendingPathComponent("chosen")
        let a = try pipeline(builtIn).0.demo(records: 400, format: .json)
        let b = try pipeline(chosen).0.demo(records: 400, format: .json)
        #expect(a.files == b.files)
        #expect(a.files.contains("summary.html") && a.files.contains("missed.csv"))
        for name in a.files {
            #expect(
                try Data(contentsOf: a.folder.appendingPathComponent(name))
                    == Data(contentsOf: b.folder.appendingPathComponent(name)), "\(name) differs")
        }
    }

    @Test("--templates replaces the built-in set as a whole: a folder of one template writes one file")
    func folderReplaces() throws {
        let folder = try temporaryFolder()
        let templates = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("Offered: {{totals.offered}}\n".utf8).write(to: templates.appendingPathComponent("short.txt.mustache"))
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        chosen.templates = templates
        let result = try pipeline(chosen).0.demo(records: 200, format: .json)
        #expect(!result.files.contains("summary.html") && !result.files.contains("agents.csv"))
        #expect(result.files.contains("short.txt") && result.files.contains("metrics.json"))
        let text = try String(contentsOf: result.folder.appendingPathComponent("short.txt"), encoding: .utf8)
        #expect(text == "Offered: \(result.metrics.totals.offered)\n")
    }
}

@Suite("templates export")
struct TemplateExportTests {
    @Test("writes every built-in file into a new folder, and that folder renders as the built-in set")
    func export() throws {
        let folder = try temporaryFolder()
        let target = folder.appendingPathComponent("a/b/templates")
        let export = try TemplateExport.write(to: target, overwrite: false)
        #expect(export.files == BuiltInTemplates.files.map(\.name))
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == export.files.sorted())
        for file in BuiltInTemplates.files {
            #expect(try Data(contentsOf: target.appendingPathComponent(file.name)) == Data(file.text.utf8))
        }

        var builtIn = settings(ReportPeriod(month: "2026-10"), in: folder)
        builtIn.templates = nil
        var exported = builtIn
        exported.templates = target
        exported.output = folder.appendingPathComponent("exported")
        let a = try pipeline(builtIn).0.demo(records: 300, format: .json)
        let b = try pipeline(exported).0.demo(records: 300, format: .json)
        #expect(a.files == b.files)
        for name in a.files {
            #expect(
                try Data(contentsOf: a.folder.appendingPathComponent(name))
                    == Data(contentsOf: b.folder.appendingPathComponent(name)), "\(name) differs")
        }
    }

    @Test("an existing file stops the export before anything is written; --force replaces only the built-in names")
    func overwrite() throws {
        let target = try temporaryFolder()
        let edited = target.appendingPathComponent("summary.md.mustache")
        let mine = target.appendingPathComponent("mine.txt.mustache")
        try Data("# edited\n".utf8).write(to: edited)
        try Data("kept\n".utf8).write(to: mine)

        #expect(throws: PipelineError.exportWouldOverwrite(target.relativePath, files: ["summary.md.mustache"])) {
            try TemplateExport.write(to: target, overwrite: false)
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == [
                "mine.txt.mustache", "summary.md.mustache",
            ])
        #expect(try String(contentsOf: edited, encoding: .utf8) == "# edited\n")
        let error = PipelineError.exportWouldOverwrite("tpl", files: ["summary.md.mustache"])
        #expect(error.exitStatus == .usage)
        #expect(error.description.contains("tpl already holds summary.md.mustache; nothing was written"))
        #expect(error.description.contains("--force"))

        let export = try TemplateExport.write(to: target, overwrite: true)
        #expect(export.files.count == BuiltInTemplates.files.count)
        #expect(try Data(contentsOf: edited) == Data(BuiltInTemplates.templates["summary.md.mustache"]!.utf8))
        #expect(try String(contentsOf: mine, encoding: .utf8) == "kept\n")
    }

    @Test("a file where the folder should be is bad usage; a folder that cannot be made is a configuration error")
    func notAFolder() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        #expect(throws: PipelineError.exportNotAFolder(file.relativePath)) {
            try TemplateExport.write(to: file, overwrite: true)
        }
        #expect(PipelineError.exportNotAFolder("x").exitStatus == .usage)

        // Below a plain file no folder can be made, whoever runs the test (root included).
        let below = file.appendingPathComponent("templates")
        let error = #expect(throws: PipelineError.self) { try TemplateExport.write(to: below, overwrite: false) }
        #expect(error?.exitStatus == .configuration)
        #expect(
            error?.description == "Cannot write the templates into \(below.relativePath): \(file.path) is not a folder."
        )
    }
}
