import CallTestSupport
import Foundation
import Testing

/// summary.eml through the real binary, and the mail options' bad usage. Month over month, missed
/// callers and reproducibility are checked in process (CallPipelineTests/SummaryTests.swift).
@Suite("Summary outputs end to end")
struct SummaryOutputTests {
    static let mailArguments = [
        "--mail-from", "Call Reports <reports@example.com>", "--mail-to", "Ananya Rāo <ananya@example.com>",
        "--mail-to", "ops@example.com",
    ]

    static func demo(_ month: String, output: String, in folder: URL, extra: [String] = []) throws {
        let outcome = try CommandRunner.run(
            ["demo", "--month", month, "--records", "2000", "--output", output, "--templates", CommandRunner.templates]
                + extra,
            in: folder, environment: ["SOURCE_DATE_EPOCH": "1790000000"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test("summary.eml parses back: headers, plain text and HTML alternatives, the workbook attached")
    func mail() throws {
        let folder = try CommandRunner.temporaryFolder()
        try Self.demo("2026-10", output: "out", in: folder, extra: Self.mailArguments)
        let out = folder.appendingPathComponent("out/2026-10")
        let raw = try String(contentsOf: out.appendingPathComponent("summary.eml"), encoding: .utf8)
        let message = try #require(MIMEPart(raw))
        #expect(message.headers["from"] == "\"Call Reports\" <reports@example.com>")
        let to = try #require(message.headers["to"])
        #expect(to.contains("=?UTF-8?B?") && to.contains("<ananya@example.com>") && to.contains("ops@example.com"))
        #expect(MIMEPart.decodeWords(to).contains("Ananya Rāo <ananya@example.com>"))
        #expect(
            MIMEPart.decodeWords(message.headers["subject"] ?? "")
                == "Call report 2026-10 (2026-10-01 to 2026-10-31) – demo")
        #expect(message.headers["subject"]?.hasPrefix("=?UTF-8?B?") == true)
        #expect(message.headers["date"] == "Mon, 21 Sep 2026 14:13:20 +0000")
        #expect(message.headers["mime-version"] == "1.0")
        #expect(message.contentType.hasPrefix("multipart/mixed"))
        #expect(raw.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 998 })
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")

        let parts = message.parts
        #expect(parts.count == 2)
        let alternative = parts[0]
        #expect(alternative.contentType.hasPrefix("multipart/alternative"))
        #expect(alternative.parts.map(\.contentType) == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        let html = try String(contentsOf: out.appendingPathComponent("summary.html"), encoding: .utf8)
        // The mailed HTML is summary.html but for its footer, which names what the mail carries.
        let mailedHTML = String(decoding: alternative.parts[1].body, as: UTF8.self)
        let footer =
            "The tables are attached: report.xlsx (sheets Summary, Agents, Skills, Campaigns, Daily, Intervals and Dispositions)."
        #expect(mailedHTML.contains(footer) && !html.contains(footer))
        #expect(!mailedHTML.contains("metrics.json;") && html.contains("Every figure is in metrics.json;"))
        // The mailed summary names no file but the one it carries; the folder's names many.
        #expect(Self.fileNames(mailedHTML) == ["report.xlsx"], "\(Self.fileNames(mailedHTML))")
        #expect(Self.fileNames(html).isSuperset(of: ["agents.csv", "missed.csv", "metrics.json", "quarantine.jsonl"]))
        #expect(mailedHTML.contains("agents in the Agents sheet of the attached report.xlsx."))
        #expect(Self.sameButFileNames(mailedHTML, html))
        // The text part is summary.txt, naming what the mail carries: plain text, no Markdown heading or escape.
        let text = try String(contentsOf: out.appendingPathComponent("summary.txt"), encoding: .utf8)
        let plain = String(decoding: alternative.parts[0].body, as: UTF8.self)
        #expect(Self.fileNames(plain).isSubset(of: ["report.xlsx"]), "\(Self.fileNames(plain))")
        #expect(Self.fileNames(text).contains("missed.csv"))
        #expect(Self.sameButFileNames(plain, text))
        #expect(plain.hasPrefix("Call report 2026-10\r\n") && !plain.contains("# ") && !plain.contains("\\("))
        #expect(plain.contains("\r\n  Offered                 "))
        #expect(parts[1].headers["content-disposition"] == "attachment; filename=\"report.xlsx\"")
        #expect(
            parts[1].contentType
                == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"report.xlsx\"")
        #expect(parts[1].headers["content-transfer-encoding"] == "base64")
        #expect(parts[1].body.starts(with: Array("PK\u{3}\u{4}".utf8)))
        if WorkbookReader.isAvailable {
            let book = try WorkbookReader.read(parts[1].body)
            #expect(
                book.sheets.map(\.name) == [
                    "Summary", "Agents", "Skills", "Campaigns", "Daily", "Intervals", "Dispositions",
                ])
        }
    }

    @Test("with --no-xlsx the mail carries the four CSV files instead, and its footer says so")
    func mailWithoutWorkbook() throws {
        let folder = try CommandRunner.temporaryFolder()
        try Self.demo("2026-10", output: "out", in: folder, extra: Self.mailArguments + ["--no-xlsx"])
        let out = folder.appendingPathComponent("out/2026-10")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.xlsx").path))
        let raw = try String(contentsOf: out.appendingPathComponent("summary.eml"), encoding: .utf8)
        let message = try #require(MIMEPart(raw))
        let names = message.parts.dropFirst().map { $0.headers["content-disposition"] ?? "" }
        #expect(
            names
                == ["agents.csv", "skills.csv", "campaigns.csv", "daily.csv"].map { "attachment; filename=\"\($0)\"" })
        #expect(message.parts[1].body == (try Data(contentsOf: out.appendingPathComponent("agents.csv"))))
        let html = String(decoding: message.parts[0].parts[1].body, as: UTF8.self)
        #expect(
            html.contains(
                "The tables are attached: agents.csv, skills.csv, campaigns.csv and daily.csv.</td>"))
        let attached: Set = ["agents.csv", "skills.csv", "campaigns.csv", "daily.csv"]
        #expect(Self.fileNames(html).isSubset(of: attached), "\(Self.fileNames(html))")
        #expect(html.contains("agents in the attached agents.csv."))
        let plain = String(decoding: message.parts[0].parts[0].body, as: UTF8.self)
        #expect(Self.fileNames(plain).isSubset(of: attached), "\(Self.fileNames(plain))")
    }

    /// The names of the report's files a text mentions (`agents.csv`, `metrics.json`, `report.xlsx`…).
    static func fileNames(_ text: String) -> Set<String> {
        Set(text.matches(of: /[A-Za-z_-]+\.(csv|jsonl|json|xlsx)\b/).map { String($0.output.0) })
    }

    /// Whether the mailed summary is the folder's, line by line, but for the lines where the
    /// folder's names a file (the mail names its attachment there, or nothing).
    static func sameButFileNames(_ mailed: String, _ folder: String) -> Bool {
        let mailedLines = mailed.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
        let folderLines = folder.split(separator: "\n")
        return mailedLines.count == folderLines.count
            && zip(mailedLines, folderLines).allSatisfy { $0 == $1 || !fileNames(String($1)).isEmpty }
    }

    @Test("--mail-to without --mail-from, or a header-breaking subject, is bad usage")
    func mailUsage() throws {
        let folder = try CommandRunner.temporaryFolder()
        for extra in [
            ["--mail-to", "a@example.com"], Self.mailArguments + ["--subject", "a\nBcc: x@example.com"],
            ["--mail-from", "a@example.com", "--mail-to", "not an address"],
        ] {
            let outcome = try CommandRunner.run(["demo", "--records", "100", "--output", "x"] + extra, in: folder)
            #expect(outcome.status == 64, "\(extra): \(outcome.stderr)")
        }
    }
}
