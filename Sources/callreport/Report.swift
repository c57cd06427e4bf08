import ArgumentParser
import CallModel
import Foundation

/// `callreport report`: the offline pipeline on saved API responses.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the reports from saved API responses, with no network.",
        discussion: """
            Each --input is a response body saved from the "Get call logs" API, \
            JSON or XML (told apart by content), or a folder of them (read in name \
            order). Records are de-duplicated across all inputs; the first wins.

            Example:
              callreport report --input saved/ --month 2026-10 --campaign Inbound_Sales
            """
    )

    @Option(
        name: .customLong("input"), parsing: .upToNextOption,
        help: ArgumentHelp("Saved responses: files or folders (repeatable).", valueName: "FILE"))
    var inputs: [String] = []

    @OptionGroup(title: "Period") var periodOptions: PeriodOptions
    @OptionGroup(title: "Report") var options: ReportOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one --input FILE.") }
        guard try periodOptions.period() != nil else {
            throw ValidationError("Give the period: --month YYYY-MM, or --from YYYY-MM-DD --to YYYY-MM-DD.")
        }
    }

    func run() throws {
        try Failure.mappingExitCodes {
            let period = try periodOptions.period()!
            let files = try Self.expand(inputs)
            _ = try ReportPipeline(period: period, options: options).run(files.map { .file($0) })
        }
    }

    /// Files as given; folders replaced by their `.json` and `.xml` files in name order.
    static func expand(_ paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw InputError.missing(path)
            }
            guard isFolder.boolValue else {
                files.append(URL(fileURLWithPath: path))
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw InputError.unreadable(path, error.localizedDescription)
            }
            // An archive folder holds `.meta.json` files beside the responses: they are not responses.
            let responses = names.filter {
                ($0.hasSuffix(".json") || $0.hasSuffix(".xml")) && !$0.hasSuffix(".meta.json") && !$0.hasPrefix(".")
            }
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            guard !responses.isEmpty else {
                throw InputError.unreadable(path, "the folder holds no .json or .xml file")
            }
            files += responses.map { URL(fileURLWithPath: path).appendingPathComponent($0) }
        }
        return files
    }
}
