import Foundation
import SafeGridCore
import SafeGridCSV
import SafeGridHTML
import SafeGridJSON
import SafeGridMarkdown
import SafeGridTesting
import Testing

@testable import SafeGridXLSX

/// The joint checks per department in every built-in exporter: the same rows, the note that
/// they may add up to more than the total where a format has room for it.
@Suite("Joint checks in every built-in format")
struct JointChecksExportTests {
    static func document() -> ReportDocument {
        var document = Fixtures.document()
        document.jointChecks = [
            JointCheckRow(department: "market-supervision", inspections: 3, hazardsFound: 4),
            JointCheckRow(department: "fire-rescue", inspections: 2, hazardsFound: 5),
        ]
        return document
    }

    @Test("json, csv, md, html and xlsx carry the same rows", arguments: DisplayLanguage.allCases)
    func everyFormat(language: DisplayLanguage) throws {
        let document = Self.document()
        let options = ExportOptions(language: language, stationTime: Fixtures.stationTime)
        let market = language.pick("市场监管", "market supervision"), fire = language.pick("消防救援", "fire and rescue")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(try TextExportSupport.render(JSONExporter(), document, options))) as? [String: Any])
        let rows = try #require(json["jointChecks"] as? [[String: Any]])
        #expect(rows.map { $0["department"] as? String } == ["market-supervision", "fire-rescue"])
        #expect(rows.map { $0["name"] as? String } == [market, fire])
        #expect(rows.map { $0["inspections"] as? Int } == [3, 2] && rows.map { $0["hazardsFound"] as? Int } == [4, 5])

        var csvOptions = options
        csvOptions.table = "joint-checks"
        let csv = try TextExportSupport.text(CSVExporter(), document, csvOptions)
        #expect(csv.contains("market-supervision,\(market),3,4\r\n") && csv.contains("fire-rescue,\(fire),2,5\r\n"), "\(csv)")

        let markdown = try TextExportSupport.text(MarkdownExporter(), document, options)
        #expect(markdown.contains("## " + ReportDocument.jointChecksTitle(language)))
        #expect(markdown.contains("| market-supervision | \(market) | 3 | 4 |"), "\(markdown)")
        #expect(markdown.contains(ReportDocument.jointChecksNote(language)))

        let html = try TextExportSupport.text(HTMLExporter(), document, options)
        #expect(html.contains("<section id=\"joint-checks\">") && html.contains("<td>fire-rescue</td><td>\(fire)</td><td>2</td><td>5</td>"), "\(html)")

        let book = try UnpackedWorkbook(renderXLSX(document, options))
        defer { book.remove() }
        try book.checkWellFormed()
        #expect(book.sheetNames.contains(ReportDocument.jointChecksTitle(language)), "\(book.sheetNames)")
        // Without joint checks, the formats that show tables as pages leave the table out.
        let plain = try TextExportSupport.text(HTMLExporter(), Fixtures.document(), options)
        #expect(!plain.contains("joint-checks"))
    }
}
