import CallModel
import Foundation
import Testing

import CallRender

/// A library caller matches render errors with `==` against their public static values.
@Suite("Render errors")
struct RenderErrorTests {
    @Test("a missing folder and an empty folder are told apart, each with its exit code and sentence")
    func matching() throws {
        let missing = URL(fileURLWithPath: "/no/such/templates", isDirectory: true)
        #expect(throws: RenderError.noTemplatesFolder("/no/such/templates")) {
            try ReportRenderer(templatesDirectory: missing)
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: RenderError.noTemplates(empty.path)) { try ReportRenderer(templatesDirectory: empty) }
        #expect(RenderError.noTemplates("x") != RenderError.noTemplatesFolder("x"))
        #expect(RenderError.noTemplates("x").exitStatus == .configuration)
        #expect(RenderError.noTemplates("x").description.hasSuffix("."))
    }
}
