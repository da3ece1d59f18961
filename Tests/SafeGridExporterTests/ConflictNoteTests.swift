import Foundation
import SafeGridCore
import SafeGridHTML
import SafeGridJSON
import SafeGridMarkdown
import Testing

/// Merge conflicts are counted nowhere, so every report says how many are unsettled.
@Suite("Unresolved conflicts in reports")
struct ConflictNoteTests {
    @Test("JSON carries the count; HTML and Markdown say it in a line, in both languages, and only when there are any",
          arguments: [DisplayLanguage.chinese, .english])
    func note(language: DisplayLanguage) throws {
        var document = Fixtures.document()
        document.unresolvedConflicts = 2
        let options = ExportOptions(language: language)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try TextExportSupport.render(JSONExporter(), document, options))) as? [String: Any])
        #expect(json["unresolvedConflicts"] as? Int == 2)
        try JSONExporterTests.validate(try TextExportSupport.render(JSONExporter(), document, options))
        let note = try #require(document.conflictsNote(language))
        #expect(note.contains("2") && note.contains("safegrid hazard conflicts"))
        let html = String(decoding: try TextExportSupport.render(HTMLExporter(), document, options), as: UTF8.self)
        #expect(html.contains("data-hook=\"conflicts\"") && html.contains(language.pick("合并冲突未解决", "merge conflicts are unresolved")))
        let markdown = String(decoding: try TextExportSupport.render(MarkdownExporter(), document, options), as: UTF8.self)
        #expect(markdown.contains(language.pick("合并冲突未解决", "merge conflicts are unresolved")))

        let plain = Fixtures.document()
        #expect(plain.conflictsNote(language) == nil)
        let plainHTML = String(decoding: try TextExportSupport.render(HTMLExporter(), plain, options), as: UTF8.self)
        #expect(!plainHTML.contains("data-hook=\"conflicts\""))
    }
}
