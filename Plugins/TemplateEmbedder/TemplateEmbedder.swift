// TemplateEmbedder OUTPUT FOLDER: writes OUTPUT, a Swift source holding the name and
// text of every `*.mustache` file of FOLDER (not hidden, not a sub-folder) and of its
// README.md, in name order, for the EmbedTemplates build plugin.
//
// A `@main` type rather than top-level code, so that the file builds with or without
// `-parse-as-library` (which Fuzz/run.sh passes to every target it builds).
//
// No Foundation: a host tool that every build of CallTemplates runs, kept quick to
// build and link (also with --static-swift-stdlib). Each text becomes one
// single-line string literal: printable ASCII as is; LF, CR and tab as `\n`, `\r`
// and `\t`; every other scalar as `\u{…}`. So the literal holds exactly the file's
// bytes (line ends, a byte-order mark, trailing white space included) and the
// generated file is plain ASCII.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

func fail(_ message: String) -> Never {
    let line = Array("TemplateEmbedder: error: \(message)\n".utf8)
    _ = write(2, line, line.count)
    exit(1)
}

/// The names of FOLDER's regular files (or links to one) that are compiled in.
func compiledNames(in folder: String) -> [String] {
    guard let directory = opendir(folder) else { fail("cannot open the folder \(folder)") }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
        }
        let suffix = ".mustache"
        guard !name.hasPrefix("."), name == "README.md" || (name.hasSuffix(suffix) && name.count > suffix.count)
        else { continue }
        var status = stat()
        guard stat(folder + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
        names.append(name)
    }
    // By code point, as the renderer orders templates.
    return names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
}

func readFile(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
        if count < buffer.count {
            if ferror(file) != 0 { fail("cannot read \(path)") }
            return bytes
        }
    }
}

func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case " "..."~": out.unicodeScalars.append(scalar)
        default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
    return out + "\""
}

/// For Fuzz/run.sh only: SwiftPM builds the tool of every build-tool plugin in the package
/// graph with the flags of the build, `-sanitize=fuzzer` included, even where no target uses
/// the plugin, and libFuzzer's objects then need this symbol to link. That build never runs
/// the tool; `main` stays ours.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { 0 }

@main
struct TemplateEmbedder {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count == 2 else { fail("usage: TemplateEmbedder OUTPUT FOLDER") }
        let (output, folder) = (arguments[0], arguments[1])
        let names = compiledNames(in: folder)
        guard names.contains(where: { $0 != "README.md" }) else { fail("\(folder) holds no *.mustache template.") }

        var source = """
            // Generated at build time by the EmbedTemplates plugin from the files of templates/.
            // Do not edit: edit templates/ and build again.

            extension BuiltInTemplates {
                /// Every file compiled in: name and text, in name order.
                static let compiledFiles: [(name: String, text: String)] = [

            """
        for name in names {
            let bytes = readFile(folder + "/" + name)
            // A template must be UTF-8 text: the renderer refuses anything else, so the build does too.
            guard let text = String(validating: bytes, as: UTF8.self) else {
                fail("\(folder)/\(name) is not UTF-8 text; save it as UTF-8.")
            }
            source += "        (\(literal(name)), \(literal(text))),\n"
        }
        source += "    ]\n}\n"

        guard let file = fopen(output, "wb") else { fail("cannot create \(output)") }
        let bytes = Array(source.utf8)
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count, fclose(file) == 0 else {
            fail("cannot write \(output)")
        }
    }
}
