import CallModel
import CallPipeline
import Foundation
import Testing

@Suite("Input folders")
struct InputFolderTests {
    @Test("a folder gives every .json and .xml under it, any case, subfolders too; the rest is listed as skipped")
    func recursiveAnyCase() throws {
        let folder = try temporaryFolder()
        let saved = folder.appendingPathComponent("saved")
        try FileManager.default.createDirectory(
            at: saved.appendingPathComponent("older/2026"), withIntermediateDirectories: true)
        let body = responseBody(["2026-10-01 10:00:00"])
        for name in ["b.json", "C.JSON", "older/d.Xml", "older/2026/e.json", "a.meta.json", "notes.txt", ".hidden.json"]
        {
            var data = body
            if name.hasSuffix("Xml") {
                data = Data(
                    "<xml><status>success</status><message><item><UCID>X1</UCID><StartTime>2026-10-02 09:00:00</StartTime></item></message></xml>"
                        .utf8)
            }
            try data.write(to: saved.appendingPathComponent(name))
        }
        let found = try InputFiles.find(at: [saved.path])
        #expect(found.inputs.map(\.name) == ["C.JSON", "b.json", "e.json", "d.Xml"])
        #expect(found.skipped == [saved.path + "/.hidden.json", saved.path + "/notes.txt"])

        let (reporter, log) = pipeline(settings(ReportPeriod(month: "2026-10"), in: folder))
        let result = try reporter.report(paths: [saved.path])
        // Three JSON files with the same call (one counted, two duplicates) and the XML call.
        #expect(result.metrics.dataQuality.inputRecords == 4)
        #expect(result.metrics.totals.offered == 2)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.hasPrefix("skipped 2 file(s) that are not .json or .xml responses:") == true)
        #expect(result.warnings.first?.contains("notes.txt") == true)
        #expect(log.entries.contains { $0.level == .warning && "\($0.message)".contains(".hidden.json") })
    }
}
