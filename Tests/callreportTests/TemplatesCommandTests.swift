import Foundation
import Testing

/// `callreport templates export`, and the lookup an installed binary relies on: the
/// built-in templates unless `--templates DIR`, never a `templates` folder found by chance.
@Suite("templates command")
struct TemplatesCommandTests {
    static let builtInNames = [
        "README.md", "agents.csv.mustache", "campaigns.csv.mustache", "daily.csv.mustache",
        "dispositions.csv.mustache", "intervals.csv.mustache", "missed.csv.mustache", "skills.csv.mustache",
        "summary.html.mustache", "summary.md.mustache", "summary.txt.mustache",
    ]

    @Test("export writes the built-in files, says how to use them, and refuses to overwrite without --force")
    func export() throws {
        let folder = try CommandRunner.temporaryFolder()
        let first = try CommandRunner.run(["templates", "export", "my templates"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let written = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("my templates").path)
        #expect(written.sorted() == Self.builtInNames)
        #expect(first.stdout.contains("Wrote \(Self.builtInNames.count) files into my templates: README.md, agents.csv.mustache"))
        #expect(first.stdout.contains("callreport run --month YYYY-MM --templates 'my templates'"))
        for name in Self.builtInNames {
            let exported = try Data(contentsOf: folder.appendingPathComponent("my templates/\(name)"))
            let source = try Data(
                contentsOf: URL(fileURLWithPath: CommandRunner.templates).appendingPathComponent(name))
            #expect(exported == source, "\(name) differs from templates/\(name)")
        }

        let edited = folder.appendingPathComponent("my templates/agents.csv.mustache")
        try Data("id\n{{#agents}}{{id}}\n{{/agents}}".utf8).write(to: edited)
        let again = try CommandRunner.run(["templates", "export", "my templates"], in: folder)
        #expect(again.status == 64, "\(again.stderr)")
        #expect(again.stderr.contains("my templates already holds README.md, agents.csv.mustache"))
        #expect(again.stderr.contains("nothing was written. Add --force"))
        #expect(again.stdout.isEmpty)
        #expect(try String(contentsOf: edited, encoding: .utf8).hasPrefix("id\n"))

        let forced = try CommandRunner.run(["templates", "export", "my templates", "--force"], in: folder)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: edited, encoding: .utf8).hasPrefix("{{!"))
    }

    @Test("export without a folder, or onto a file, is bad usage (64)")
    func usage() throws {
        let folder = try CommandRunner.temporaryFolder()
        let none = try CommandRunner.run(["templates", "export"], in: folder)
        #expect(none.status == 64)
        #expect(none.stderr.contains("Missing expected argument '<DIR>'"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("file"))
        let onFile = try CommandRunner.run(["templates", "export", "file"], in: folder)
        #expect(onFile.status == 64)
        #expect(onFile.stderr.contains("file exists and is not a folder"))
    }

    @Test("a templates folder in the working folder is not used unless named with --templates")
    func workingFolderIgnored() throws {
        let folder = try CommandRunner.temporaryFolder()
        let local = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
        try Data("{{#totals}}{{offered}\n".utf8).write(to: local.appendingPathComponent("summary.md.mustache"))
        try Data("local\n".utf8).write(to: local.appendingPathComponent("local.txt.mustache"))

        let demo = try CommandRunner.run(
            ["demo", "--month", "2026-10", "--records", "300", "--output", "out"], in: folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        let files = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("out/2026-10").path)
        #expect(files.contains("summary.html") && files.contains("summary.md") && !files.contains("local.txt"))

        let named = try CommandRunner.run(
            ["demo", "--month", "2026-10", "--records", "300", "--output", "out", "--templates", "templates"],
            in: folder)
        #expect(named.status == 78)
        #expect(named.stderr.contains("templates/summary.md.mustache:1:"))
    }
}
