import Foundation
import SafeGridCSV
import SafeGridCore
import Testing

/// Opens the CSV exporter's output in real LibreOffice, saves it as XLSX, and reads that back,
/// to show the Chinese text, the quoting and the byte-order mark survive a spreadsheet.
///
/// The file is opened without naming a character set. Headless LibreOffice (7.4) never sniffs
/// a byte-order mark: with no import options at all it assumes Windows-1252 (only its Text
/// Import dialog sniffs the BOM, and headless has no dialog). So the import options give the
/// separator and quote and leave the character set empty, which means "the system's", and the
/// process runs in a UTF-8 locale, as a user's desktop does. The BOM must then be consumed,
/// not read as part of the first heading.
///
/// Requires `soffice` (Debian: libreoffice-calc-nogui). Missing, the test fails: it is the
/// only check that a spreadsheet really reads the files the way the unit tests assume.
@Suite("CSV in LibreOffice")
struct LibreOfficeCSVTests {
    @Test("the groups CSV opened in LibreOffice keeps every Chinese heading and name")
    func chineseSurvivesLibreOffice() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let options = ExportOptions(language: .chinese, stationTime: Fixtures.stationTime)
        let document = Fixtures.document()
        let csv = work.appendingPathComponent("整改率-groups.csv")
        try Data(TextExportSupport.render(CSVExporter(), document, options)).write(to: csv)

        // Comma-separated, double quotes, character set left to the system, from line 1.
        let converted = try LibreOffice.convert(
            [csv], filter: "xlsx", infilter: "Text - txt - csv (StarCalc):44,34,,1", into: work.appendingPathComponent("xlsx"))
        let xlsx = try #require(converted["整改率-groups.xlsx"], "LibreOffice wrote no xlsx: \(converted.keys)")
        // Back to CSV, naming the output encoding (UTF-8), so what we compare is what
        // LibreOffice understood when it opened our file.
        let back = try LibreOffice.convert([xlsx], filter: "csv:Text - txt - csv (StarCalc):44,34,76,1", into: work.appendingPathComponent("back"))
        let roundTrip = try #require(back["整改率-groups.csv"], "LibreOffice wrote no csv: \(back.keys)")
        let data = try Data(contentsOf: roundTrip)
        let text = try #require(String(data: data, encoding: .utf8), "LibreOffice's csv is not UTF-8")
        // LibreOffice ends its lines with LF alone.
        let rows = RFC4180.parse(text, bareLineFeeds: true)

        let table = try #require(try document.table(named: "groups", options))
        var expected = [table.columns]
        try table.forEachRow { cells in expected.append(cells.map { $0.text(options.stationTime) }) }
        try #require(rows.count == expected.count, "LibreOffice read \(rows.count) rows, the table has \(expected.count): \(text)")
        // The headings are all text: every one must come back exactly, the first without a
        // stray byte-order mark or mojibake.
        #expect(rows[0] == expected[0])
        #expect(rows[0].contains("网格名称"))
        // Codes, names and parents are text; numbers may be reformatted by a spreadsheet.
        for (got, want) in zip(rows.dropFirst(), expected.dropFirst()) {
            #expect(Array(got.prefix(4).dropFirst()) == Array(want.prefix(4).dropFirst()))
        }
        #expect(rows.map { $0.count > 2 ? $0[2] : "" }.contains("夜市一网格"))
        #expect(!text.contains("\u{FFFD}") && !text.contains("å"), "mojibake in LibreOffice's reading: \(text)")
    }
}
