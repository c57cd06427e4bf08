/// The default report templates, compiled into the binary.
///
/// The build reads the top-level `templates/` folder (the `EmbedTemplates`
/// plugin): every `*.mustache` file and its `README.md`, byte for byte. So an
/// installed `callreport` needs no templates folder, and nothing reads the source
/// tree at run time. `--templates DIR` replaces this set as a whole, and
/// `callreport templates export DIR` writes it out as editable files.
public enum BuiltInTemplates {
    /// The guide to writing templates that goes with them (`templates/README.md`).
    public static let readmeName = "README.md"

    /// Every file compiled in, in name order: the templates, then the guide
    /// wherever its name sorts. What `templates export` writes.
    public static var files: [(name: String, text: String)] { compiledFiles }

    /// The templates by file name (`summary.html.mustache` → its text), as the
    /// renderer takes them; the guide is not one of them.
    public static let templates: [String: String] = Dictionary(
        uniqueKeysWithValues: compiledFiles.filter { $0.name != readmeName }.map { ($0.name, $0.text) })

    /// The text of `templates/README.md`.
    public static var readme: String { compiledFiles.first { $0.name == readmeName }?.text ?? "" }
}
