public import SafeGridCore
import SafeGridExportSupport

/// Writes a report as an Excel workbook (Office Open XML): a summary sheet, then one sheet per
/// table of the report in Core's shared layout (the report's grouping, each roll-up level, the
/// overdue list, the weekly trend), so the workbook and the CSV files always agree.
///
/// Counts are numbers, rates are numbers shown as `66.7%`, times and days are dates in the
/// station's time zone, and text is stored as inline strings, never as formulas. The package is
/// zipped as it is written, so memory does not grow with the overdue list, and the same report
/// gives the same bytes.
public struct XLSXExporter: ReportExporter {
    /// Data rows per worksheet; a longer table continues on a sheet named `… (2)`.
    let rowsPerSheet: Int
    /// How many rows of a table are read to size its columns (the header always is).
    let sizingRows: Int
    /// The largest ZIP size or offset (below 4 GiB; lowered by tests).
    let zipLimit: UInt64

    /// The exporter.
    public init() {
        self.init(rowsPerSheet: Spreadsheet.maxRows - 1)
    }

    /// An exporter with smaller limits, for tests.
    init(rowsPerSheet: Int, sizingRows: Int = 2_000, zipLimit: UInt64 = UInt64(UInt32.max) - 1) {
        self.rowsPerSheet = max(1, min(rowsPerSheet, Spreadsheet.maxRows - 1))
        self.sizingRows = max(0, sizingRows)
        self.zipLimit = zipLimit
    }

    /// The workbook as errors name it.
    static let archive = LocalizedText(["zh-CN": "XLSX 工作簿", "en": "XLSX workbook"])

    /// `--format xlsx`.
    public var name: String { "xlsx" }
    /// The Office Open XML workbook type.
    public var mediaType: String { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
    /// `xlsx`.
    public var fileExtension: String { "xlsx" }
    /// Reports and the hazard ledger.
    public var kinds: Set<ExportDocumentKind> { [.report, .ledger] }
    /// One line for `safegrid exporters list`.
    public var summary: LocalizedText {
        LocalizedText([
            "zh-CN": "Excel 工作簿（汇总、分组、逾期清单、周趋势各一张表）",
            "en": "Excel workbook (summary, groupings, overdue list and weekly trend sheets)",
        ])
    }

    /// Writes the workbook: the package parts first (the sheets are planned, and named, before
    /// any row is read), then the summary, then each table sheet as its rows are produced.
    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        let language = options.language
        let title = options.title ?? document.report.title(language, options.stationTime)
        let plan = try plan(document, options)
        let zip = ZipStreamWriter(output: output, archive: Self.archive, limit: zipLimit)
        let sheetCount = plan.sheetNames.count
        try zip.entry("[Content_Types].xml", WorkbookParts.contentTypes(sheetCount: sheetCount))
        try zip.entry("_rels/.rels", WorkbookParts.packageRelationships)
        try zip.entry(
            "docProps/core.xml", WorkbookParts.coreProperties(title: title, language: language, created: document.generatedAt))
        try zip.entry("docProps/app.xml", WorkbookParts.appProperties)
        try zip.entry("xl/workbook.xml", WorkbookParts.workbook(sheetNames: plan.sheetNames))
        try zip.entry("xl/_rels/workbook.xml.rels", WorkbookParts.workbookRelationships(sheetCount: sheetCount))
        try zip.entry("xl/styles.xml", WorkbookParts.styles)

        let sheet = WorksheetWriter(zip: zip, time: options.stationTime)
        try writeSummary(document, title: title, options, into: sheet)
        var number = 2
        for table in plan.tables {
            try write(table.table, sheets: number..<(number + table.sheets), into: sheet)
            number += table.sheets
        }
        try zip.finish()
    }

    // MARK: - Plan

    /// The sheets, named before anything is written: the workbook part lists them first.
    private struct Plan {
        var sheetNames: [String]
        var tables: [(table: ReportTable, sheets: Int)]
    }

    private func plan(_ document: ReportDocument, _ options: ExportOptions) throws -> Plan {
        let language = options.language
        var taken = Set<String>()
        var names = [Spreadsheet.sheetName(language.pick("汇总", "Summary"), taken: &taken)]
        var wanted: [(table: ReportTable, name: String)] = []
        if let groups = try document.table(named: "groups", options) {
            wanted.append((groups, Self.byName(document.report.by.label(language), language)))
        }
        for rollUp in document.rollUps {
            // The subtotals table of a document with just this level: Core's columns and cells.
            var level = document
            level.rollUps = [rollUp]
            if let subtotals = try level.table(named: "subtotals", options) {
                wanted.append((subtotals, Self.byName(rollUp.level.label(language), language)))
            }
        }
        for name in ["overdue", "trend", "joint-checks", "colours"]
        where (name != "joint-checks" || !document.jointChecks.isEmpty) && (name != "colours" || document.colours != nil) {
            if let table = try document.table(named: name, options) { wanted.append((table, table.title)) }
        }
        var tables: [(table: ReportTable, sheets: Int)] = []
        for (table, name) in wanted {
            let rows = max(table.rowCount, 0)
            let sheets = max(1, rows / rowsPerSheet + (rows % rowsPerSheet == 0 ? 0 : 1))
            guard names.count + sheets <= 4_096 else {
                throw SafeGridError(
                    .invalidInput, chinese: "表“\(table.title)”有 \(rows) 行，超出 XLSX 的容量，请缩小报表范围",
                    english:
                        "the table '\(table.title)' has \(rows) rows, more than an XLSX workbook can hold; narrow the report",
                    context: ["table": table.name, "rows": String(rows)])
            }
            names.append(Spreadsheet.sheetName(name, taken: &taken))
            for part in stride(from: 2, through: sheets, by: 1) {
                let suffix = " (\(part))"
                let base = Spreadsheet.truncated(name, to: 31 - suffix.utf16.count)
                names.append(Spreadsheet.sheetName(base + suffix, taken: &taken))
            }
            tables.append((table, sheets))
        }
        return Plan(sheetNames: names, tables: tables)
    }

    /// `按网格` / `By grid`.
    private static func byName(_ level: String, _ language: DisplayLanguage) -> String {
        language.pick("按\(level)", "By \(level)")
    }

    // MARK: - Sheets

    /// The title, the cut-off, when the document was made, then the total counts as
    /// label/value rows under a header.
    private func writeSummary(_ document: ReportDocument, title: String, _ options: ExportOptions, into sheet: WorksheetWriter)
        throws
    {
        let l = options.language
        let total = document.report.total
        var rows: [(number: Int, role: RowRole, cells: [ReportCell])] = [
            (2, .data, [.text(l.pick("截至", "As of")), .time(document.report.asOf)]),
            (3, .data, [.text(l.pick("生成时间", "Generated")), .time(document.generatedAt)]),
            (5, .header, [.text(l.pick("指标", "Measure")), .text(l.pick("合计", "Total"))]),
        ]
        for (index, column) in CountColumn.allCases.enumerated() {
            let value: ReportCell =
                column.isRate ? .rate(column.rate(total)) : column.count(total).map(ReportCell.integer) ?? .empty
            rows.append((6 + index, .data, [.text(column.label(l)), value]))
        }
        var widths = [0, 0]
        for row in rows {
            for (index, cell) in row.cells.enumerated() where index < widths.count {
                widths[index] = max(
                    widths[index], Spreadsheet.width(of: cell) + (row.role == .header ? 1 : 0))
            }
        }
        try sheet.begin(
            path: WorkbookParts.sheetPath(1), widths: widths.map(Spreadsheet.columnWidth), frozenRows: 1, selected: true)
        try sheet.row(1, [.text(title)], role: .title)
        for row in rows { try sheet.row(row.number, row.cells, role: row.role) }
        try sheet.end()
    }

    /// A table: its header row (frozen) and its rows, read once, continuing on the next
    /// planned sheet when a sheet is full.
    private func write(_ table: ReportTable, sheets: Range<Int>, into sheet: WorksheetWriter) throws {
        let widths = try columnWidths(table)
        let header = table.columns.map(ReportCell.text)
        var current = sheets.lowerBound
        var rowNumber = 1
        func open() throws {
            try sheet.begin(path: WorkbookParts.sheetPath(current), widths: widths, frozenRows: 1, selected: false)
            try sheet.row(1, header, role: .header)
            rowNumber = 1
        }
        try open()
        try table.forEachRow { cells in
            if rowNumber > rowsPerSheet {
                guard current + 1 < sheets.upperBound else {
                    throw SafeGridError(
                        .invalidInput, chinese: "表“\(table.title)”的行数超过了它声明的 \(table.rowCount) 行",
                        english: "the table '\(table.title)' has more rows than the \(table.rowCount) it announced",
                        context: ["table": table.name])
                }
                try sheet.end()
                current += 1
                try open()
            }
            rowNumber += 1
            try sheet.row(rowNumber, cells)
        }
        try sheet.end()
        // A table shorter than announced still fills every sheet the workbook lists.
        while current + 1 < sheets.upperBound {
            current += 1
            try open()
            try sheet.end()
        }
    }

    /// Column widths from the headings and the first ``sizingRows`` rows (East Asian wide
    /// characters count double).
    private func columnWidths(_ table: ReportTable) throws -> [Int] {
        struct Enough: Error {}
        var widest = table.columns.map { Spreadsheet.displayWidth($0) + 1 }
        var seen = 0
        let limit = sizingRows
        let measure: ([ReportCell]) throws -> Void = { cells in
            guard seen < limit else { throw Enough() }
            seen += 1
            for (index, cell) in cells.prefix(16_384).enumerated() {
                if index >= widest.count { widest.append(0) }
                widest[index] = max(widest[index], Spreadsheet.width(of: cell))
            }
        }
        do { try table.forEachRow(measure) } catch is Enough {}
        return widest.map(Spreadsheet.columnWidth)
    }
}
