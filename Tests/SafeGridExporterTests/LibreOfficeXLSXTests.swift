import Foundation
import SafeGridCSV
import SafeGridCore
import SafeGridXLSX
import Testing

/// Real office software reads the workbook: LibreOffice converts every sheet to CSV with cells
/// as shown, and each sheet must come back as exactly what the CSV exporter writes for it.
@Suite("XLSX read by LibreOffice")
struct LibreOfficeXLSXTests {
    /// The rows a table sheet must show: what the CSV exporter writes for that table, parsed,
    /// with its one deliberate difference undone (the `'` that defuses a text starting like a
    /// formula: a workbook keeps such text as an inline string, never a formula, so it needs
    /// none). A roll-up level's sheet holds the subtotal rows of that level.
    static func expectedRows(_ document: ReportDocument, table: String, level: AreaLevel? = nil, _ options: ExportOptions) throws -> [[String]] {
        var options = options
        options.table = table
        let text = try TextExportSupport.text(CSVExporter(), document, options)
        var rows = RFC4180.parse(text).map { row in
            row.map { cell in
                cell.hasPrefix("'") && cell.dropFirst().first.map { "=+-@\t\r".contains($0) } == true ? String(cell.dropFirst()) : cell
            }
        }
        if let level {
            let label = level.label(options.language)
            rows = [rows[0]] + rows.dropFirst().filter { $0.first == label }
        }
        return rows
    }

    /// The table sheets after the summary, by name, with what each shows: the grouping, one
    /// per roll-up level, the overdue list, the trend.
    static func tableSheets(_ document: ReportDocument, _ options: ExportOptions) throws -> [(name: String, table: String, level: AreaLevel?)] {
        let names = options.language == .chinese ? XLSXExporterTests.chineseSheets : XLSXExporterTests.englishSheets
        let tables: [(String, AreaLevel?)] = [("groups", nil)] + document.rollUps.map { ("subtotals", $0.level) } + [("overdue", nil), ("trend", nil), ("colours", nil)]
        try #require(names.count == tables.count + 1)
        return zip(names.dropFirst(), tables).map { ($0, $1.0, $1.1) }
    }

    /// The summary sheet: title, cut-off, when made, then the total counts under a header.
    static func expectedSummary(_ document: ReportDocument, _ options: ExportOptions) -> [[String]] {
        let l = options.language
        let time = options.stationTime
        let total = document.report.total
        var rows = [
            [document.report.title(l, time), ""],
            [l.pick("截至", "As of"), time.show(document.report.asOf)],
            [l.pick("生成时间", "Generated"), time.show(document.generatedAt)],
            ["", ""],
            [l.pick("指标", "Measure"), l.pick("合计", "Total")],
        ]
        rows += CountColumn.allCases.map { [$0.label(l), $0.text(total)] }
        return rows
    }

    @Test("a tool that overruns its time is stopped with a clear error")
    func toolTimeout() throws {
        let sleep = try #require(ExternalTool.find("sleep"))
        let started = ContinuousClock.now
        let error = #expect(throws: ExternalTool.Failure.self) { try ExternalTool.run(sleep, ["60"], timeout: 1) }
        #expect(error?.description.contains("did not finish within 1 s") == true)
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("every sheet comes back from LibreOffice as the report's own texts, in both languages, with hostile names and provisional deadlines")
    func everySheetRoundTrips() throws {
        let cases: [(file: String, document: ReportDocument, options: ExportOptions)] = [
            ("zh", Fixtures.document(), ExportOptions(language: .chinese)),
            ("en", Fixtures.document(), ExportOptions(language: .english)),
            ("hostile", Fixtures.document(hostile: true), ExportOptions(language: .chinese)),
            ("provisional", Fixtures.document(provisional: true), ExportOptions(language: .english)),
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-lo-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [URL] = []
        for item in cases {
            let file = directory.appendingPathComponent("\(item.file).xlsx")
            try Data(renderXLSX(item.document, item.options)).write(to: file)
            files.append(file)
        }

        // One soffice start for all three workbooks.
        let converted = try LibreOffice.sheetsAsCSV(files)

        for item in cases {
            let sheets = try #require(converted[item.file], "LibreOffice wrote no sheets for \(item.file).xlsx")
            let tables = try Self.tableSheets(item.document, item.options)
            let summaryName = item.options.language.pick("汇总", "Summary")
            #expect(Set(sheets.keys) == Set([summaryName] + tables.map(\.name)), "\(item.file)")
            #expect(sheets[summaryName] == Self.expectedSummary(item.document, item.options), "\(item.file): \(summaryName)")
            for sheet in tables {
                let expected = try Self.expectedRows(item.document, table: sheet.table, level: sheet.level, item.options)
                #expect(sheets[sheet.name] == expected, "\(item.file): \(sheet.name)")
            }
        }

        // The things people look at, spelled out: a rate, a deadline, Chinese names.
        let zh = try #require(converted["zh"])
        #expect(zh["按网格"]?[2] == ["2", "G1", "夜市一网格", "C1", "3", "2", "66.7%", "3", "1", "33.3%", "1", "0", "黑榜"])
        #expect(zh["按网格"]?[3].prefix(7) == ["", "G3", "商业街网格", "C2", "0", "0", "—"])
        #expect(
            zh["逾期清单"]?[1].prefix(11) == [
                "h-0001", "V1", "老王烧烤", "疏散通道堵塞", "消防", "较大", "整改中", "2026-06-01 10:00", "2026-06-08 23:59", "", "7",
            ])
        #expect(zh["周趋势"]?[3].prefix(2) == ["2026-06-15", "2026-06-15 23:59"])
        // The 期限暂定 column right after the deadline: the word on provisional lines only.
        let provisional = try #require(converted["provisional"]?["Overdue hazards"])
        func around(_ row: [String]) -> [String] { row.count > 10 ? Array(row[8...10]) : row }
        #expect(provisional.first.map(around) == ["Deadline", "Provisional deadline", "Days overdue"])
        #expect(provisional.dropFirst().map(around) == [
            ["2025-12-31 23:59", "provisional", "166"], ["2026-06-08 23:59", "provisional", "7"], ["2026-06-12 23:59", "", "3"],
        ])
        let hostile = try #require(converted["hostile"])
        #expect(hostile["按网格"]?[1][2] == "=HYPERLINK(\"http://evil.example\",\"click\")")
        #expect(hostile["按网格"]?[2][2] == "<script>alert(1)</script>")
    }
}
