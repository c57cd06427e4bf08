// The README's library examples, exactly as printed there (but for `import Testing`):
// `readmeExamples` checks that the README still holds these lines, so the two cannot drift.
// README example: begin
import CallAggregate
import CallModel
import CallNormalize
import CallPipeline
import Foundation
import Testing

/// Response bytes to figures, with the stages alone: no files written.
func octoberFigures(from body: Data) throws -> Metrics {
    var builder = MetricsBuilder(
        options: AggregateOptions(
            period: ReportPeriod(month: "2026-10")!, timeZone: ReportTimeZone(identifier: "Asia/Kolkata")!,
            serviceLevelSeconds: 20, campaigns: [], repeatWindowDays: 7, shortAbandonSeconds: 5, intervalMinutes: 30,
            targetServiceLevel: 0.8))
    var normalizer = Normalizer()
    try normalizer.read(body, source: "october.json", record: { _ = builder.add($0) }, quarantine: { _ in })
    return builder.build(normalize: normalizer.counts, fetch: FetchSummary())
}

/// The whole report, every file of it, from saved responses (files or folders).
func octoberReport(from saved: [String], into reports: URL) throws -> ReportResult {
    var settings = ReportSettings(period: ReportPeriod(month: "2026-10"))
    settings.output = reports
    return try CallPipeline(settings: settings).report(ResponseInput.files(at: saved))
}
// README example: end

@Suite("The README's library examples")
struct ReadmeExampleTests {
    @Test("the README shows these lines, and they compute the figures")
    func readmeExamples() throws {
        let here = URL(fileURLWithPath: #filePath)
        let source = try String(contentsOf: here, encoding: .utf8)
        let example = source.components(separatedBy: "// README example: begin\n")[1]
            .components(separatedBy: "// README example: end")[0].replacingOccurrences(of: "import Testing\n", with: "")
        let readme = try String(
            contentsOf: here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("```swift\n" + example + "```"))

        let body = responseBody(["2026-10-01 10:00:00", "2026-10-02 11:00:00"])
        let metrics = try octoberFigures(from: body)
        #expect(metrics.totals.offered == 2 && metrics.totals.answered == 2)
        #expect(metrics.totals.serviceLevel == 1)

        let folder = try temporaryFolder()
        let saved = folder.appendingPathComponent("saved.json")
        try body.write(to: saved)
        let result = try octoberReport(from: [saved.path], into: folder)
        #expect(result.folder == folder.appendingPathComponent("2026-10", isDirectory: true))
        #expect(result.metrics.totals.offered == 2)
        #expect(result.files.contains("summary.html"))
    }
}
