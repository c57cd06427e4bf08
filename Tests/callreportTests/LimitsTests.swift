import CallTestSupport
import Foundation
import Testing

/// Inputs of unusual shape through the real binary and the fake CloudAgent: an empty month, one
/// call, ranges of ten years and more. Each works, or stops with a clear message and its exit code.
/// Ten thousand agents and the ten-year report are checked in process (CallPipelineTests/LimitsTests.swift).
@Suite("limits", .serialized)
struct LimitsTests {
    private let environment = FakeCloudAgent.environment.merging(["SOURCE_DATE_EPOCH": "1790000000"]) { $1 }

    /// `run --month 2026-10` against `server`, archive and reports in `folder`.
    private func runOctober(against server: FakeCloudAgent, in folder: URL) throws -> CommandRunner.Outcome {
        try CommandRunner.run(
            [
                "run", "--month", "2026-10", "--base-url", server.baseURL, "--archive", "archive", "--output", "out",
                "--templates", CommandRunner.templates,
            ], in: folder, environment: environment)
    }

    private static func lines(_ url: URL) throws -> [Substring] {
        String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\r\n")
    }

    @Test("an empty month from the API: every file written, zero counts, null ratios, one row per date")
    func emptyMonth() throws {
        let folder = try CommandRunner.temporaryFolder()
        let nothing = folder.appendingPathComponent("none.json")
        try APIRecords.write([], to: nothing)
        let server = try FakeCloudAgent(data: [nothing])
        let outcome = try runOctober(against: server, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(server.requests == 2)
        #expect(outcome.stderr.contains("every response was 'no record found'"))

        let report = folder.appendingPathComponent("out/2026-10")
        let metrics = try MetricsDocument(url: report.appendingPathComponent("metrics.json"))
        #expect(metrics["totals"]["offered"] as? Int == 0)
        for ratio in ["aht", "asa", "serviceLevel", "abandonRate", "transferRate", "medianHandle", "p90Handle"] {
            #expect(metrics["totals"][ratio] is NSNull, "\(ratio)")
        }
        #expect(metrics.rows("agents").isEmpty && metrics.rows("skills").isEmpty)
        #expect(metrics.rows("daily").count == 31)
        #expect(metrics.rows("hourly").count == 24)
        // Header only in the per-call and per-group files; a row per date in daily.csv.
        for name in ["agents.csv", "skills.csv", "campaigns.csv", "calls.csv", "missed.csv"] {
            #expect(try Self.lines(report.appendingPathComponent(name)).count == 1, "\(name)")
        }
        #expect(try Self.lines(report.appendingPathComponent("daily.csv")).count == 32)
        let markdown = try String(contentsOf: report.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(markdown.contains("| 0 | 0 | — | — | — | — | — | — |"))
    }

    @Test("a 31-day month holding a single call: two requests, and every figure is that call's")
    func singleCall() throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = folder.appendingPathComponent("one.json")
        try APIRecords.write(
            [
                APIRecords.record(
                    ucid: "1", agent: "A1", name: "Solo", start: "2026-10-31 23:59:59", caller: "919800000001")
            ], to: data)
        let server = try FakeCloudAgent(data: [data])
        let outcome = try runOctober(against: server, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(server.requests == 2)

        let report = folder.appendingPathComponent("out/2026-10")
        let metrics = try MetricsDocument(url: report.appendingPathComponent("metrics.json"))
        let totals = metrics["totals"]
        #expect(totals["offered"] as? Int == 1 && totals["answered"] as? Int == 1)
        #expect(totals["handleSeconds"] as? Int == 210)
        #expect(totals["medianHandle"] as? Int == 210 && totals["p90Handle"] as? Int == 210)
        #expect(totals["aht"] as? Double == 210 && totals["asa"] as? Double == 7)
        #expect(totals["serviceLevel"] as? Double == 1 && totals["abandonRate"] as? Double == 0)
        let agents = metrics.rows("agents")
        #expect(agents.count == 1 && agents.first?["name"] as? String == "Solo")
        let busyDays = metrics.rows("daily").filter { ($0["offered"] as? Int) != 0 }
        #expect(busyDays.map { $0["date"] as? String } == ["2026-10-31"])
        let busyHours = metrics.rows("hourly").filter { ($0["offered"] as? Int) != 0 }
        #expect(busyHours.map { $0["hour"] as? Int } == [23])
        #expect(try Self.lines(report.appendingPathComponent("calls.csv")).count == 2)
    }

    @Test("a range longer than ten years is refused before any work, by every command")
    func longerThanTenYears() throws {
        let folder = try CommandRunner.temporaryFolder()
        try APIRecords.write(
            [
                APIRecords.record(
                    ucid: "1", agent: "A1", name: "Early", start: "2016-01-01 00:00:00", caller: "919800000001"),
                APIRecords.record(
                    ucid: "2", agent: "A1", name: "Early", start: "2025-12-31 23:59:59", caller: "919800000002"),
            ], to: folder.appendingPathComponent("two.json"))
        for command in ["report", "run", "fetch"] {
            let refused = try CommandRunner.run(
                [command, "--from", "2016-01-01", "--to", "2026-01-01", "--output", "out"]
                    + (command == "report" ? ["--input", "two.json"] : ["--archive", "archive"]),
                in: folder, environment: environment)
            #expect(refused.status == 64, "\(command): \(refused.stderr)")
            #expect(refused.stderr.contains("at most 3653 days"), "\(command): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("archive").path))
    }

    @Test("fetching ten years plans 122 windows, says how long that takes, and stops at the limit with --no-wait")
    func tenYearFetch() throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = folder.appendingPathComponent("one.json")
        try APIRecords.write(
            [
                APIRecords.record(
                    ucid: "1", agent: "A1", name: "Solo", start: "2020-02-29 12:00:00", caller: "919800000001")
            ],
            to: data)
        let server = try FakeCloudAgent(data: [data], arguments: ["--rate-limit", "1000/3600"])
        let outcome = try CommandRunner.run(
            [
                "fetch", "--from", "2016-01-01", "--to", "2025-12-31", "--base-url", server.baseURL, "--archive",
                "archive", "--rate-limit", "3/3600", "--no-wait",
            ], in: folder, environment: environment)
        #expect(outcome.status == 75, "\(outcome.stderr)")
        #expect(server.requests == 3)
        #expect(outcome.stderr.contains("122 request"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("at least"), "\(outcome.stderr)")
    }
}
