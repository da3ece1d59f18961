public import SafeGridCore
import SafeGridExportSupport

/// A report's tables as CSV (RFC 4180), for Excel, WPS and LibreOffice: one table per file, or
/// every table at once as one ZIP of CSV files (``allTables``).
///
/// UTF-8 with a byte-order mark, because Excel reads a CSV without one in the legacy code page
/// and garbles every Chinese name. Rows are written as the table produces them, so the overdue
/// table streams, inside the ZIP too. Text that a spreadsheet would take for a formula gets a
/// leading `'`.
public struct CSVExporter: ReportExporter {
    public init() {}
    public var name: String { "csv" }
    public var mediaType: String { "text/csv; charset=utf-8" }
    public var fileExtension: String { "csv" }
    public var summary: LocalizedText {
        LocalizedText([
            "zh-CN": "CSV 表格（带 BOM，Excel 可直接打开；--table all 把所有表打包为一个 ZIP）",
            "en": "CSV tables (UTF-8 with BOM, opens in Excel; --table all: every table in one ZIP)",
        ])
    }
    public var tables: [String] { ReportDocument.tableNames }
    /// Reports, the hazard ledger and inspection plans.
    public var kinds: Set<ExportDocumentKind> { [.report, .ledger, .plan] }

    /// The `ExportOptions.table` that asks for every table at once: one ZIP holding a CSV file
    /// per table (`groups.csv`, `subtotals.csv`, `overdue.csv`, `trend.csv`), each byte for byte
    /// what that table alone is.
    public static let allTables = "all"

    /// `application/zip` for ``allTables``, else CSV.
    public func mediaType(for options: ExportOptions) throws -> String {
        try chosenTable(options) == nil ? Self.zipMediaType : mediaType
    }

    /// `zip` for ``allTables``, else `csv`.
    public func fileExtension(for options: ExportOptions) throws -> String {
        try chosenTable(options) == nil ? "zip" : fileExtension
    }

    /// The ZIP's media type.
    static let zipMediaType = "application/zip"
    /// The ZIP as errors name it.
    static let archive = LocalizedText(["zh-CN": "CSV 表格压缩包", "en": "ZIP of CSV tables"])
    /// The UTF-8 byte-order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Writes the table the options name (the `groups` table when they name none), or with
    /// ``allTables`` the ZIP of every table.
    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        guard let name = try chosenTable(options) else {
            let zip = ZipStreamWriter(output: output, archive: Self.archive)
            for table in try document.tables(options) {
                try zip.begin(table.name + ".csv")
                let entry = ExportOutput { try zip.write($0) }
                try Self.write(table, options.stationTime, to: entry)
                try entry.finish()
            }
            try zip.finish()
            try output.flush()
            return
        }
        guard let table = try document.table(named: name, options) else {
            // Only reachable if Core drops a name from `tableNames` without dropping the table.
            throw SafeGridError.invalidInput(
                "the report has no table '\(name)'", chinese: "报表没有名为 '\(name)' 的表", context: ["exporter": self.name, "table": name])
        }
        try Self.write(table, options.stationTime, to: output)
        try output.flush()
    }

    /// The table the options ask for, the first when they name none; `nil` for every table.
    /// An unknown name is refused with the names there are.
    private func chosenTable(_ options: ExportOptions) throws -> String? {
        guard let asked = options.table else { return tables[0] }
        if asked == Self.allTables { return nil }
        guard tables.contains(asked) else {
            let names = tables.joined(separator: ", ")
            throw SafeGridError(
                .invalidInput,
                chinese: "导出格式 \(name) 没有名为 '\(asked)' 的表；可选：\(names)，或 \(Self.allTables)（所有表打包为一个 ZIP）",
                english: "the \(name) format has no table '\(asked)'; tables: \(names), or \(Self.allTables) for every table in one ZIP",
                context: ["exporter": name, "table": asked])
        }
        return asked
    }

    /// One table: the byte-order mark, the headings, then each row as it is produced.
    static func write(_ table: ReportTable, _ time: StationTime, to output: ExportOutput) throws {
        try output.write(byteOrderMark)
        try output.write(record(table.columns.map { field(.text($0), time) }))
        try table.forEachRow { cells in
            try output.write(record(cells.map { field($0, time) }))
        }
    }

    /// One line: the fields separated by commas, ended by CRLF.
    static func record(_ fields: [String]) -> String {
        fields.joined(separator: ",") + "\r\n"
    }

    /// A cell as a CSV field: its text, defused if a spreadsheet would evaluate it, then quoted
    /// if it holds a comma, a quote or a line break.
    static func field(_ cell: ReportCell, _ time: StationTime) -> String {
        var text = cell.text(time)
        if case .text = cell, let first = text.unicodeScalars.first, formulaStarts.contains(first) {
            text = "'" + text
        }
        return quotedIfNeeded(text)
    }

    /// The first characters that make Excel, WPS or LibreOffice read a cell as a formula (or,
    /// for tab and CR, hide one after them). Only text cells are defused: numbers and rates
    /// are ours, and a leading `'` would turn a negative number into text.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// RFC 4180 quoting: fields with `,` `"` CR or LF are wrapped in quotes, inner quotes doubled.
    static func quotedIfNeeded(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) else {
            return text
        }
        return "\"" + text.replacingQuotes() + "\""
    }
}

extension String {
    /// Every `"` doubled.
    fileprivate func replacingQuotes() -> String {
        var result = ""
        result.reserveCapacity(utf8.count + 2)
        for character in unicodeScalars {
            if character == "\"" { result += "\"\"" } else { result.unicodeScalars.append(character) }
        }
        return result
    }
}
