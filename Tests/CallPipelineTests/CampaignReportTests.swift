import CallAggregate
import CallModel
import CallPipeline
import Foundation
import Testing

@Suite("One report per question")
struct CampaignReportTests {
    @Test("a campaign report has its own folder, and compares only with the same campaigns' report")
    func campaignLabels() throws {
        let folder = try temporaryFolder()
        func report(_ month: String, campaigns: [String] = []) throws -> ReportResult {
            var chosen = settings(ReportPeriod(month: month), in: folder)
            chosen.campaigns = campaigns
            return try pipeline(chosen).0.demo(records: 2000, format: .json)
        }
        let whole = try report("2026-09")
        let sales = try report("2026-09", campaigns: ["Inbound_Sales"])
        #expect(whole.folder.lastPathComponent == "2026-09")
        #expect(sales.folder.lastPathComponent == "2026-09_Inbound_Sales")
        // The whole account's report is still there, untouched by the campaign report.
        let wholeAgain = try MetricsJSON.decode(Data(contentsOf: whole.folder.appendingPathComponent("metrics.json")))
        #expect(wholeAgain.totals.offered == whole.metrics.totals.offered)

        let octoberSales = try report("2026-10", campaigns: ["inbound_sales"])
        #expect(octoberSales.folder.lastPathComponent == "2026-10_inbound_sales")
        #expect(octoberSales.metrics.comparison == nil)  // "inbound_sales" is another folder name than "Inbound_Sales"
        let octoberSalesSameCase = try report("2026-10", campaigns: ["Inbound_Sales"])
        #expect(octoberSalesSameCase.metrics.comparison?.previousFrom == "2026-09-01")
        #expect(octoberSalesSameCase.metrics.period.campaigns == ["Inbound_Sales"])
        let october = try report("2026-10")
        #expect(october.metrics.comparison != nil)
        #expect(october.metrics.period.campaigns == nil)
    }

    @Test(
        "an earlier report of another service level, length or campaigns is not compared with, and the summary says why"
    )
    func incompatible() throws {
        let folder = try temporaryFolder()
        var september = settings(ReportPeriod(month: "2026-09"), in: folder)
        september.serviceLevelSeconds = 30
        _ = try pipeline(september).0.demo(records: 500, format: .json)
        let october = try pipeline(settings(ReportPeriod(month: "2026-10"), in: folder)).0.demo(
            records: 500, format: .json)
        #expect(october.metrics.comparison == nil)
        let html = try String(contentsOf: october.folder.appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(
            html.contains(
                "No comparison: the earlier report (2026-09-01 to 2026-09-30) counts service level within 30 s, this one within 20 s."
            ))

        var chosen = settings(.days("2026-10-01", "2026-10-10"), in: folder)
        chosen.compareTo = october.folder
        let ten = try pipeline(chosen).0.demo(records: 500, format: .json)
        #expect(ten.metrics.comparison == nil)
        let markdown = try String(contentsOf: ten.folder.appendingPathComponent("summary.md"), encoding: .utf8)
        // Markdown escapes the parentheses.
        #expect(
            markdown.contains(
                #"No comparison: the earlier report \(2026-10-01 to 2026-10-31\) covers 31 day\(s\), this one 10."#))

        let first = try pipeline(settings(ReportPeriod(month: "2026-05"), in: folder)).0.demo(
            records: 100, format: .json)
        let firstHTML = try String(contentsOf: first.folder.appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(firstHTML.contains("No comparison: there is no earlier report of 2026-04 to compare with."))
    }

    @Test("campaign names become file-safe folder names")
    func fileSafe() {
        var chosen = ReportSettings(period: ReportPeriod(month: "2026-10"))
        chosen.campaigns = ["../Etc passwd", "Ventes_Été", "ventes_été"]
        #expect(
            chosen.reportLabel(for: ReportPeriod(month: "2026-10")!) == "2026-10_-.-Etc-passwd+Ventes_Été+ventes_été")
        chosen.campaigns = [String(repeating: "Campaign_", count: 30)]
        let long = chosen.reportLabel(for: ReportPeriod(month: "2026-10")!)
        #expect(long.utf8.count < 120 && long.hasPrefix("2026-10_Campaign_"))
        #expect(long == chosen.reportLabel(for: ReportPeriod(month: "2026-10")!))
    }
}
