import ArgumentParser
import CallConfig
import Foundation

/// `callreport config`: what a run would use, and where each value comes from.
struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the resolved settings of each account, with the source of every value.",
        discussion: """
            Takes the same --config, flags and environment as run, fetch and report, \
            and prints what they resolve to, as YAML: flags first, then the \
            environment, then the file, then the defaults. The API key is shown as \
            "***", or as not set. Exit 78 names a configuration error by file, line \
            and key.

            Example:
              callreport config --config /etc/callreport/callreport.yaml
            """
    )

    @Flag(help: "Print the table of settings instead: key, flag, environment variable, meaning.")
    var keys = false

    @OptionGroup(title: "Configuration") var configOptions: ConfigOptions
    @OptionGroup(title: "Period") var periodOptions: PeriodOptions
    @OptionGroup(title: "CloudAgent") var fetchOptions: FetchOptions
    @OptionGroup(title: "Report") var options: ReportOptions

    func run() async throws {
        if keys {
            Console.result(Configuration.keyReference(), terminator: "")
            return
        }
        try await Failure.mappingExitCodes {
            let configuration = try configOptions.resolve(
                flags: periodOptions.layer.merging(fetchOptions.layer) { $1 }.merging(options.layer) { $1 })
            Console.result(configuration.describe(environment: ProcessInfo.processInfo.environment), terminator: "")
        }
    }
}
