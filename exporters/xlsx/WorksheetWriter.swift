import SafeGridCore
import SafeGridHTMLKit
import SafeGridExportSupport

/// Writes one worksheet part row by row into the open ZIP entry: typed cells become numbers,
/// percentages, dates or inline strings, never formulas.
struct WorksheetWriter {
    let zip: ZipStreamWriter
    let time: StationTime

    /// Opens the part: the view (frozen rows, the selected tab), the column widths, and the
    /// start of the rows.
    /// `relationships`: the part has relationships (a drawing), so its root declares their namespace.
    func begin(path: String, widths: [Int], frozenRows: Int, selected: Bool, relationships: Bool = false) throws {
        try zip.begin(path)
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#
        if relationships { xml += #" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""# }
        xml += ">"
        xml += #"<sheetViews><sheetView workbookViewId="0""# + (selected ? #" tabSelected="1""# : "") + ">"
        if frozenRows > 0 {
            let topLeft = "A\(frozenRows + 1)"
            xml += #"<pane ySplit="\#(frozenRows)" topLeftCell="\#(topLeft)" activePane="bottomLeft" state="frozen"/>"#
            xml += #"<selection pane="bottomLeft" activeCell="\#(topLeft)" sqref="\#(topLeft)"/>"#
        }
        xml += "</sheetView></sheetViews>"
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths.enumerated() {
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        try zip.write(xml)
    }

    /// Writes row `number` (from 1). Empty cells are left out.
    /// A `height` in points makes room for pictures anchored in the row.
    ///
    /// The row is built as UTF-8 bytes, not as a String: a city's overdue sheet has millions of
    /// cells, and String concatenation and per-scalar escaping were most of the workbook's time.
    func row(_ number: Int, _ cells: [ReportCell], role: RowRole = .data, height: Int? = nil) throws {
        var xml = CellBytes()
        let rowNumber = String(number)
        xml.append(height.map { #"<row r="\#(number)" ht="\#($0)" customHeight="1">"# } ?? #"<row r="\#(number)">"#)
        for (index, cell) in cells.prefix(16_384).enumerated() {
            self.cell(cell, column: index, row: rowNumber, role: role, into: &xml)
        }
        xml.append("</row>")
        try xml.bytes.withUnsafeBytes { try zip.write($0) }
    }

    /// Closes the part.
    /// `drawing`: the relationship id of the sheet's drawing, if it has one.
    func end(drawing: String? = nil) throws {
        try zip.write("</sheetData>" + (drawing.map { #"<drawing r:id="\#($0)"/>"# } ?? "") + "</worksheet>")
        try zip.end()
    }

    private func cell(_ cell: ReportCell, column: Int, row: String, role: RowRole, into xml: inout CellBytes) {
        func open(style: CellStyle? = nil) {
            xml.append(#"<c r=""#)
            xml.reference(column: column, row: row)
            if let style { xml.append(#"" s="\#(style.rawValue)"><v>"#) } else { xml.append(#""><v>"#) }
        }
        switch cell {
        case .empty:
            return
        case .text(let text):
            let style: CellStyle =
                switch role {
                case .title: .title
                case .header: .header
                case .data: .plain
                }
            Self.inlineString(text, column: column, row: row, style: style, into: &xml)
            return
        case .integer(let value):
            open()
            xml.append(String(value))
        case .rate(let rate):
            guard let rate, let number = Spreadsheet.number(rate) else {
                return Self.inlineString(HazardCounts.percentText(nil), column: column, row: row, style: .rightText, into: &xml)
            }
            open(style: .percent)
            xml.append(number)
        case .time(let instant):
            guard let serial = Spreadsheet.serial(instant, time), let number = Spreadsheet.number(serial) else {
                return Self.inlineString(cell.text(time), column: column, row: row, style: .rightText, into: &xml)
            }
            open(style: .dateTime)
            xml.append(number)
        case .day(let day):
            guard let serial = Spreadsheet.serial(day) else {
                return Self.inlineString(day.description, column: column, row: row, style: .rightText, into: &xml)
            }
            open(style: .date)
            xml.append(String(serial))
        }
        xml.append("</v></c>")
    }

    /// Text as an inline string: escaped, never a formula, so `=HYPERLINK(...)` stays text.
    /// Carriage returns become references (XML would turn them into line feeds) and spaces at
    /// the ends are kept.
    static func inlineString(_ text: String, column: Int, row: String, style: CellStyle, into xml: inout CellBytes) {
        let text = Spreadsheet.truncated(text, to: Spreadsheet.maxCellText)
        let keepSpace =
            text.first.map { $0.isWhitespace } == true || text.last.map { $0.isWhitespace } == true
            || text.utf8.contains(UInt8(ascii: "\n"))
        xml.append(#"<c r=""#)
        xml.reference(column: column, row: row)
        if style != .plain { xml.append(#"" s="\#(style.rawValue)"#) }
        xml.append(keepSpace ? #"" t="inlineStr"><is><t xml:space="preserve">"# : #"" t="inlineStr"><is><t>"#)
        xml.escaped(text)
        xml.append("</t></is></c>")
    }
}

/// A row's XML as UTF-8 bytes.
struct CellBytes {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1_024) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A cell reference (`B12`): the column's letters, then the row's number.
    mutating func reference(column: Int, row: String) {
        if column < 26 {
            bytes.append(UInt8(65 + column))
        } else {
            append(Spreadsheet.columnName(column))
        }
        append(row)
    }

    /// Text escaped for XML character data, as `String.markupEscaped` does it (`& < > " '` as
    /// references, other control characters than tab and line breaks and U+FFFE/U+FFFF as
    /// U+FFFD), and a carriage return as `&#13;` (XML would turn it into a line feed). Works on
    /// the UTF-8 bytes: every byte of a multi-byte character is 0x80 or above, so only the
    /// lead bytes of U+FFFE and U+FFFF (EF BF BE, EF BF BF) need looking at twice.
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): append("&amp;")
                case UInt8(ascii: "<"): append("&lt;")
                case UInt8(ascii: ">"): append("&gt;")
                case UInt8(ascii: "\""): append("&quot;")
                case UInt8(ascii: "'"): append("&#39;")
                case UInt8(ascii: "\r"): append("&#13;")
                case UInt8(ascii: "\t"), UInt8(ascii: "\n"): bytes.append(byte)
                case 0..<0x20: bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                case 0xEF where index + 2 < count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                    bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
        }
    }
}
