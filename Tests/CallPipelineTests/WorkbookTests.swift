import CallModel
import CallPipeline
import CallTestSupport
import Foundation
import Testing

/// report.xlsx in a run: written unless `--no-xlsx`, 0600, the same bytes for the same input and
/// `SOURCE_DATE_EPOCH`, its Calls sheet with `--xlsx-calls`, capped with a warning.
/// (CallWorkbookTests reads its cells back; HostileValueTests its texts.)
@Suite("report.xlsx in a run")
struct WorkbookRunTests {
    static func demo(_ change: (inout ReportSettings) -> Void = { _ in }, epoch: String = "1790000000") throws
        -> ReportResult
    {
        let folder = try temporaryFolder()
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        change(&chosen)
        return try pipeline(chosen, environment: ["SOURCE_DATE_EPOCH": epoch]).0.demo(records: 600, format: .json)
    }

    @Test("written by default, readable by its owner only; --no-xlsx leaves it out")
    func writtenOrNot() throws {
        let result = try Self.demo()
        #expect(result.files.contains("report.xlsx"))
        let path = result.folder.appendingPathComponent("report.xlsx").path
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(result.stageTimes.map(\.name) == ["read", "metrics", "render", "workbook"])
        // Nothing of libxlsxwriter's is left beside it.
        #expect(result.files.allSatisfy { !$0.hasPrefix(".") })

        let without = try Self.demo { $0.xlsx = false }
        #expect(!without.files.contains("report.xlsx"))
        #expect(without.files.contains("calls.csv"))
        // --xlsx-calls means nothing without the workbook.
        let neither = try Self.demo {
            $0.xlsx = false
            $0.xlsxCalls = true
        }
        #expect(!neither.files.contains("report.xlsx"))
    }

    @Test("the same input and SOURCE_DATE_EPOCH give the same bytes, with or without the Calls sheet")
    func reproducible() throws {
        for calls in [false, true] {
            let first = try Self.demo { $0.xlsxCalls = calls }
            let second = try Self.demo { $0.xlsxCalls = calls }
            let a = try Data(contentsOf: first.folder.appendingPathComponent("report.xlsx"))
            let b = try Data(contentsOf: second.folder.appendingPathComponent("report.xlsx"))
            #expect(a == b, "calls: \(calls)")
            let later = try Self.demo({ $0.xlsxCalls = calls }, epoch: "1790086400")
            #expect(try Data(contentsOf: later.folder.appendingPathComponent("report.xlsx")) != a)
        }
    }

    @Test("the Calls sheet holds at most its limit, and a warning says how many calls were left out")
    func capped() throws {
        let result = try Self.demo {
            $0.xlsxCalls = true
            $0.xlsxCallRowLimit = 5
        }
        let offered = result.metrics.totals.offered
        #expect(offered > 5)
        #expect(result.warnings.contains { $0.contains("the Calls sheet holds the first 5 of \(offered) calls") })
        if WorkbookReader.isAvailable {
            let book = try WorkbookReader.read(result.folder.appendingPathComponent("report.xlsx"))
            #expect(book["Calls"]?.rows.count == 6)
            #expect(book["Missed"] != nil && book.sheets.last?.name == "Calls")
        }
        let whole = try Self.demo { $0.xlsxCalls = true }
        #expect(!whole.warnings.contains { $0.contains("report.xlsx") })
        if WorkbookReader.isAvailable {
            let book = try WorkbookReader.read(whole.folder.appendingPathComponent("report.xlsx"))
            #expect(book["Calls"]?.rows.count == whole.metrics.totals.offered + 1)
        }
    }

    @Test("a run that fails while calls stream into the Calls sheet leaves no workbook and no temporary file")
    func failedRun() throws {
        let folder = try temporaryFolder()
        let demo = folder.appendingPathComponent("demo")
        var chosen = settings(ReportPeriod(month: "2026-10"), in: folder)
        _ = try pipeline(chosen).0.demo(records: 3000, format: .json, saveResponsesTo: demo)
        let bad = folder.appendingPathComponent("zz-bad.json")
        try Data("<html><body>Service Unavailable</body></html>".utf8).write(to: bad)
        chosen.output = folder.appendingPathComponent("failed", isDirectory: true)
        chosen.xlsxCalls = true
        let inputs = try FileManager.default.contentsOfDirectory(atPath: demo.path).sorted().map {
            demo.appendingPathComponent($0).path
        }
        #expect(throws: (any Error).self) { try report(inputs + [bad.path], chosen) }
        let left = (try? FileManager.default.subpathsOfDirectory(atPath: chosen.output.path)) ?? []
        #expect(left.isEmpty, "\(left)")
    }
}
