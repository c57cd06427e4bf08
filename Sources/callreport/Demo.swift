import ArgumentParser
import CallDemo
import CallModel
import Foundation

/// `callreport demo`: the embedded default account through the real pipeline.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the reports of a built-in synthetic account: no credentials needed.",
        discussion: """
            The demo account is a 48-agent center with five skills and four \
            campaigns. Its month is encoded as real API responses (one per 30-day \
            window) and read through the same normalize path as downloads, dirty \
            records included. The same --month and --records give the same files.
            """
    )

    @Option(help: ArgumentHelp("The month to simulate (default: last month).", valueName: "YYYY-MM"))
    var month: String?

    @Option(help: ArgumentHelp("Number of calls in the month.", valueName: "N"))
    var records: Int = DemoAccount.defaultRecords

    @Option(
        name: .customLong("save-responses"),
        help: ArgumentHelp(
            "Also write the synthetic API responses here, as report --input reads them.", valueName: "DIR"))
    var saveResponses: String?

    @Option(
        name: .customLong("api-format"),
        help: ArgumentHelp("Body format of the synthetic responses.", valueName: "json|xml"))
    var apiFormat: String = "json"

    @OptionGroup(title: "Report") var options: ReportOptions

    func validate() throws {
        if let month, ReportPeriod(month: month) == nil {
            throw ValidationError("--month must be a month written YYYY-MM, such as 2026-10; got '\(month)'.")
        }
        guard records >= 0 else { throw ValidationError("--records must be zero or more; got \(records).") }
        guard ResponseFormat(rawValue: apiFormat) != nil else {
            throw ValidationError("--api-format must be json or xml; got '\(apiFormat)'.")
        }
    }

    func run() throws {
        try Failure.mappingExitCodes {
            let period = month.flatMap(ReportPeriod.init(month:)) ?? Self.lastMonth(in: options.timeZone)
            let account = DemoAccount(period: period, records: records)
            let responses = account.responses(format: ResponseFormat(rawValue: apiFormat)!)
            if let saveResponses { try Self.save(responses, to: saveResponses) }
            var pipeline = ReportPipeline(period: period, options: options)
            pipeline.account = "demo"
            _ = try pipeline.run(responses.map { .memory(name: $0.fileName, body: Data($0.body)) })
        }
    }

    /// The month before today's, today taken in the report's time zone.
    static func lastMonth(in zone: TimeZone) -> ReportPeriod {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        let today = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        return ReportPeriod.previousMonth(of: today)
    }

    private static func save(_ responses: [DemoResponse], to path: String) throws {
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for response in responses {
                try Data(response.body).write(to: folder.appendingPathComponent(response.fileName), options: .atomic)
            }
        } catch {
            throw ConfigurationError("Cannot save the responses in \(path): \(error.localizedDescription)")
        }
        Console.progress("saved \(responses.count) response(s) in \(path)")
    }
}
