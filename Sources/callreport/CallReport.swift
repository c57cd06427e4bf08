import ArgumentParser
import CallPipeline

/// `callreport`: monthly contact-center reports from Ozonetel CloudAgent call logs.
@main
struct CallReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callreport",
        abstract: "Contact-center reports from Ozonetel CloudAgent call logs.",
        discussion: """
            One pipeline: fetch the API's JSON or XML responses into an archive, \
            normalize them, compute the metrics, and render HTML, CSV and Markdown \
            from the built-in templates (or --templates DIR), plus metrics.json, \
            under <output>/<label>/.

            Exit codes: 0 done; 64 bad usage; 65 unusable input data; \
            69 the service failed after retries; 75 stopped for the rate limit \
            (resumable); 78 bad configuration or template.
            """,
        version: CallPipeline.version,
        subcommands: [Run.self, Fetch.self, Report.self, Demo.self, Send.self, Config.self, Templates.self]
    )
}
