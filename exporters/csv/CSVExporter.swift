public import SafeGridCore

/// One table of a report as CSV (RFC 4180), for Excel, WPS and LibreOffice.
///
/// UTF-8 with a byte-order mark, because Excel reads a CSV without one in the legacy code page
/// and garbles every Chinese name. Rows are written as the table produces them, so the overdue
/// table streams. Text that a spreadsheet would take for a formula gets a leading `'`.
public struct CSVExporter: ReportExporter {
    public init() {}
    public var name: String { "csv" }
    public var mediaType: String { "text/csv; charset=utf-8" }
    public var fileExtension: String { "csv" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "CSV 表格（带 BOM，Excel 可直接打开）", "en": "CSV tables (UTF-8 with BOM, opens in Excel)"]) }
    public var tables: [String] { ReportDocument.tableNames }

    /// The UTF-8 byte-order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        let name = try table(for: options) ?? "groups"
        guard let table = document.table(named: name, options) else {
            // Only reachable if Core drops a name from `tableNames` without dropping the table.
            throw SafeGridError.invalidInput(
                "the report has no table '\(name)'", chinese: "报表没有名为 '\(name)' 的表", context: ["exporter": self.name, "table": name])
        }
        try output.write(Self.byteOrderMark)
        let time = options.stationTime
        try output.write(Self.record(table.columns.map { Self.field(.text($0), time) }))
        try table.forEachRow { cells in
            try output.write(Self.record(cells.map { Self.field($0, time) }))
        }
        try output.flush()
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
