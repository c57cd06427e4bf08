import Foundation

/// GitHub-flavored Markdown as a real renderer sees it: `cmark-gfm` (Debian `cmark-gfm`) with
/// the extensions github.com turns on for text (autolink, table, strikethrough, tag filter).
public enum GFM {
    /// Where the renderer is installed; `nil` when it is not.
    public static let path: String? = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    public static var isInstalled: Bool { path != nil }

    /// Why a test that needs the renderer did not run.
    public static let missing = "cmark-gfm is not installed (Debian package cmark-gfm; `make test` installs it)"

    /// The HTML cmark-gfm makes of `markdown`; `nil` when cmark-gfm is not installed.
    public static func render(_ markdown: String) throws -> String? {
        guard let path else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-e", "autolink", "-e", "table", "-e", "strikethrough", "-e", "tagfilter"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Write from another thread: a large summary would fill the output pipe before all is read.
        let data = Data(markdown.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let html = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: html, as: UTF8.self)
    }
}
