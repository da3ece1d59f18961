import Foundation
import SafeGridCore
import SafeGridHTMLKit
import SafeGridTesting
import Testing

@testable import SafeGridXLSX

/// A rendered workbook, checked with `unzip -t` and unpacked with `unzip`, so the archive is
/// read by a program other than the one that wrote it.
struct UnpackedWorkbook {
    /// The parts by path, in the archive's order.
    var order: [String]
    var parts: [String: String]
    /// The directory the parts were unpacked into (removed by ``remove()``).
    var directory: URL

    init(_ bytes: [UInt8]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("book.xlsx")
        try Data(bytes).write(to: file)
        let unzip = try #require(ExternalTool.find("unzip"), "unzip is needed to check the archive")
        let test = try ExternalTool.run(unzip, ["-t", file.path], timeout: 120)
        #expect(test.status == 0, "unzip -t: \(test.output)")
        let list = try ExternalTool.run(unzip, ["-Z1", file.path], timeout: 60)
        order = list.output.split(separator: "\n").map(String.init)
        let parts = directory.appendingPathComponent("parts")
        let extract = try ExternalTool.run(unzip, ["-q", "-o", file.path, "-d", parts.path], timeout: 120)
        #expect(extract.status == 0, "unzip: \(extract.output)")
        var contents: [String: String] = [:]
        for path in order {
            contents[path] = try String(contentsOf: parts.appendingPathComponent(path), encoding: .utf8)
        }
        self.parts = contents
    }

    /// Every part through `xmllint --noout`: well-formed XML or a recorded issue.
    func checkWellFormed() throws {
        let xmllint = try #require(ExternalTool.find("xmllint"), "xmllint is needed to check the XML")
        let files = order.map { directory.appendingPathComponent("parts").appendingPathComponent($0).path }
        let result = try ExternalTool.run(xmllint, ["--noout"] + files, timeout: 120)
        #expect(result.status == 0, "xmllint: \(result.output)")
    }

    /// The sheet names in workbook order, unescaped.
    var sheetNames: [String] {
        guard let workbook = parts["xl/workbook.xml"] else { return [] }
        return workbook.components(separatedBy: "<sheet name=\"").dropFirst().compactMap { rest in
            rest.split(separator: "\"", maxSplits: 1).first.map { String($0).replacingOccurrences(of: "&amp;", with: "&") }
        }
    }

    /// The XML of the sheet of that name.
    func sheet(_ name: String) -> String? {
        guard let index = sheetNames.firstIndex(of: name) else { return nil }
        return parts["xl/worksheets/sheet\(index + 1).xml"]
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Renders with the XLSX exporter into memory.
func renderXLSX(_ document: ReportDocument, _ options: ExportOptions = ExportOptions(), exporter: XLSXExporter = XLSXExporter())
    throws -> [UInt8]
{
    try ExporterCompatibilitySuite(exporter).render(document, options)
}

@Suite("XLSX exporter")
struct XLSXExporterTests {
    static let chineseSheets = ["汇总", "按网格", "按社区", "按街道", "逾期清单", "周趋势", "场所三色分布"]
    static let englishSheets = ["Summary", "By grid", "By community", "By street", "Overdue hazards", "Weekly trend", "Venue colours"]

    @Test(
        "the workbook unzips, every part is well-formed, sheets are named in the report's language",
        arguments: DisplayLanguage.allCases)
    func package(language: DisplayLanguage) throws {
        let book = try UnpackedWorkbook(renderXLSX(Fixtures.document(), ExportOptions(language: language)))
        defer { book.remove() }
        try book.checkWellFormed()
        #expect(book.order.first == "[Content_Types].xml")
        for part in [
            "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
        ] {
            #expect(book.parts[part] != nil, "missing \(part)")
        }
        let expected = language == .chinese ? Self.chineseSheets : Self.englishSheets
        #expect(book.sheetNames == expected)
        for number in 1...expected.count {
            #expect(book.parts["xl/worksheets/sheet\(number).xml"] != nil)
            #expect(book.parts["[Content_Types].xml"]?.contains("/xl/worksheets/sheet\(number).xml") == true)
        }
        // The summary: the report's title, the cut-off as a date-time.
        let summary = try #require(book.sheet(expected[0]))
        let title = Fixtures.document().report.title(language, Fixtures.stationTime)
        #expect(summary.contains(#"<c r="A1" s="5" t="inlineStr"><is><t>\#(title.markupEscaped)</t></is></c>"#))
        #expect(summary.contains(#"<c r="B2" s="3"><v>"#))
    }

    @Test("counts are numbers, rates percentages, times and days serial dates in station time")
    func typedCells() throws {
        let book = try UnpackedWorkbook(renderXLSX(Fixtures.document()))
        defer { book.remove() }
        let groups = try #require(book.sheet("按网格"))
        // Row 3 is G1 (ranked second): found 3, closed 2, rate 2/3.
        #expect(groups.contains(#"<c r="E3"><v>3</v></c>"#))
        #expect(groups.contains(#"<c r="F3"><v>2</v></c>"#))
        #expect(groups.contains(#"<c r="G3" s="2"><v>0.6666666666666666</v></c>"#))
        // G3 found nothing: no rank, and its rates are a dash, not 100%.
        #expect(!groups.contains(#"<c r="A4""#))
        #expect(groups.contains(#"<c r="G4" s="6" t="inlineStr"><is><t>—</t></is></c>"#))
        // The header row is bold.
        #expect(groups.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>排名</t></is></c>"#))

        let styles = try #require(book.parts["xl/styles.xml"])
        #expect(styles.contains(#"<numFmt numFmtId="164" formatCode="0.0%"/>"#))
        #expect(styles.contains(#"<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/>"#))
        #expect(styles.contains(#"<numFmt numFmtId="166" formatCode="yyyy-mm-dd"/>"#))

        // Found 2026-06-01 10:00 and deadline 2026-06-08 23:59:59 (shown to the minute) in
        // Shanghai time; serial 46174 is 2026-06-01.
        let overdue = try #require(book.sheet("逾期清单"))
        #expect(46174 == CivilDate(year: 2026, month: 6, day: 1)!.daysSinceEpoch + 25_569)
        #expect(try serial(in: overdue, "H2", style: 3) == Double(46174 * 1440 + 600) / 1440)
        #expect(try serial(in: overdue, "I2", style: 3) == Double(46181 * 1440 + 1439) / 1440)
        // J is 期限暂定, empty for a deadline that is not provisional; days overdue follow.
        #expect(!overdue.contains(#"<c r="J2""#))
        #expect(overdue.contains(#"<c r="K2"><v>7</v></c>"#))
        let trend = try #require(book.sheet("周趋势"))
        #expect(trend.contains(#"<c r="A2" s="4"><v>46174</v></c>"#))
    }

    @Test("every sheet freezes its header; columns are wide enough for Chinese text")
    func layout() throws {
        let book = try UnpackedWorkbook(renderXLSX(Fixtures.document()))
        defer { book.remove() }
        let summary = try #require(book.sheet("汇总"))
        #expect(summary.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        for name in Self.chineseSheets.dropFirst() {
            let sheet = try #require(book.sheet(name))
            #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "\(name)")
            #expect(sheet.contains("<cols>"), "\(name)")
        }
        // 网格名称 (4 wide characters, bold) under 夜市一网格 (5): 10 columns plus padding.
        let groups = try #require(book.sheet("按网格"))
        #expect(groups.contains(#"<col min="3" max="3" width="12" customWidth="1"/>"#))
        #expect(Spreadsheet.displayWidth("夜市一网格 A1") == 13)
        #expect(Spreadsheet.displayWidth("一\n二三") == 4)
    }

    @Test("hostile names stay text: no formula anywhere, markup only escaped")
    func hostile() throws {
        for language in DisplayLanguage.allCases {
            let book = try UnpackedWorkbook(renderXLSX(Fixtures.document(hostile: true), ExportOptions(language: language)))
            defer { book.remove() }
            try book.checkWellFormed()
            for (path, xml) in book.parts {
                #expect(!xml.contains("<f>") && !xml.contains("<f "), "formula in \(path)")
                #expect(!xml.contains("<script>") && !xml.contains("<b>bold</b>"), "raw markup in \(path)")
            }
            let sheets = book.parts.filter { $0.key.hasPrefix("xl/worksheets/") }.values.joined()
            for name in Fixtures.hostileNames {
                #expect(sheets.contains(name.markupEscaped), "\(name) missing")
            }
            #expect(sheets.contains(#"<t>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</t>"#))
            #expect(sheets.contains("<t xml:space=\"preserve\">line one\nline two</t>"))
        }
    }

    @Test("sheet names are valid and unique whatever they are made from")
    func sheetNames() {
        var taken = Set<String>()
        #expect(Spreadsheet.sheetName("a/b:c*d?e[f]g\\h", taken: &taken) == "a_b_c_d_e_f_g_h")
        #expect(Spreadsheet.sheetName("'quoted'", taken: &taken) == "quoted")
        #expect(Spreadsheet.sheetName("QUOTED", taken: &taken) == "QUOTED (2)")
        let long = Spreadsheet.sheetName(String(repeating: "网", count: 40), taken: &taken)
        #expect(long.utf16.count == 31)
        let again = Spreadsheet.sheetName(String(repeating: "网", count: 40), taken: &taken)
        #expect(again.utf16.count <= 31 && again.hasSuffix(" (2)"))
        #expect(Spreadsheet.sheetName("", taken: &taken) == "Sheet")
        #expect(
            Spreadsheet.sheetName(String(repeating: "x", count: 30) + "'y", taken: &taken) == String(repeating: "x", count: 30))
        #expect(Spreadsheet.sheetName("History", taken: &taken) == "History (2)")
        #expect(Spreadsheet.columnName(0) == "A" && Spreadsheet.columnName(25) == "Z" && Spreadsheet.columnName(26) == "AA")
        #expect(Spreadsheet.columnName(16_383) == "XFD")
    }

    @Test("50,000 overdue entries stream: bytes reach the sink while the list is still being read")
    func streaming() throws {
        let count = 50_000
        let template = try #require(Fixtures.document().overdue.prefix(1).first)
        final class Progress {
            var delivered = 0
            var deliveredAtLastEntry: [Int] = []
            var walks = 0
            var entriesInFirstWalk = 0
        }
        let progress = Progress()
        let list = OverdueList(count: count) { body in
            progress.walks += 1
            for index in 0..<count {
                var entry = template
                entry.hazardID = "h-\(index)"
                entry.venueName = "第\(index)号烧烤"
                entry.daysOverdue = count - index
                if progress.walks == 1 { progress.entriesInFirstWalk += 1 }
                if index == count - 1 { progress.deliveredAtLastEntry.append(progress.delivered) }
                try body(entry)
            }
        }
        var document = Fixtures.document()
        document.overdue = list
        var bytes: [UInt8] = []
        let output = ExportOutput { chunk in
            progress.delivered += chunk.count
            bytes.append(contentsOf: chunk)
        }
        try XLSXExporter().export(document, options: ExportOptions(), to: output)
        try output.finish()
        // Sizing the columns reads only the first rows; writing reads the list once more.
        #expect(progress.walks == 2)
        #expect(progress.entriesInFirstWalk <= 2_001)
        // When the last entry was produced, megabytes had already gone out.
        let atEnd = try #require(progress.deliveredAtLastEntry.last)
        #expect(atEnd > 1_000_000, "only \(atEnd) of \(bytes.count) bytes delivered before the list ended")
        let book = try UnpackedWorkbook(bytes)
        defer { book.remove() }
        let sheet = try #require(book.sheet("逾期清单"))
        #expect(sheet.contains(#"<row r="50001"><c r="A50001" t="inlineStr"><is><t>h-49999</t></is></c>"#))
        #expect(!sheet.contains(#"<row r="50002">"#))
    }

    @Test("the same report gives the same bytes")
    func deterministic() throws {
        for hostile in [false, true] {
            for language in DisplayLanguage.allCases {
                let options = ExportOptions(language: language)
                #expect(
                    try renderXLSX(Fixtures.document(hostile: hostile), options)
                        == renderXLSX(Fixtures.document(hostile: hostile), options))
            }
        }
    }

    @Test("a table longer than a sheet continues on the next one")
    func continuation() throws {
        var document = Fixtures.document()
        let entry = try #require(document.overdue.prefix(1).first)
        document.overdue = OverdueList(Array(repeating: entry, count: 5))
        let book = try UnpackedWorkbook(renderXLSX(document, exporter: XLSXExporter(rowsPerSheet: 2)))
        defer { book.remove() }
        try book.checkWellFormed()
        // Every table continues: the groups (3 rows and a total), the overdue list, the trend.
        #expect(book.sheetNames == ["汇总", "按网格", "按网格 (2)", "按社区", "按街道", "逾期清单", "逾期清单 (2)", "逾期清单 (3)", "周趋势", "周趋势 (2)", "场所三色分布", "场所三色分布 (2)"])
        for name in ["逾期清单", "逾期清单 (2)", "逾期清单 (3)"] {
            let sheet = try #require(book.sheet(name))
            #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>隐患编号</t></is></c>"#), "\(name)")
        }
        #expect(book.sheet("逾期清单 (3)")?.contains(#"<row r="2">"#) == true)
        #expect(book.sheet("逾期清单 (3)")?.contains(#"<row r="3">"#) == false)
    }

    @Test("a part that would pass the ZIP limit fails with a clear error")
    func zipLimit() throws {
        let exporter = XLSXExporter(rowsPerSheet: 1_000, zipLimit: 20_000)
        let error = #expect(throws: SafeGridError.self) { try renderXLSX(Fixtures.document(), exporter: exporter) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.resolved(for: .english).contains("cannot write the XLSX workbook") == true)
        #expect(error?.message.resolved(for: .english).contains("4 GiB") == true)
        #expect(error?.message.resolved(for: .chinese).contains("无法写出 XLSX 工作簿") == true)
        #expect(error?.context["part"] != nil)
    }

    /// The serial number of a cell with this style.
    private func serial(in sheet: String, _ reference: String, style: Int) throws -> Double {
        let start = #"<c r="\#(reference)" s="\#(style)"><v>"#
        let range = try #require(sheet.range(of: start))
        let rest = sheet[range.upperBound...]
        let end = try #require(rest.range(of: "</v>"))
        return try #require(Double(rest[..<end.lowerBound]))
    }
}
