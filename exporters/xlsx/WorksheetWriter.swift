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
    func row(_ number: Int, _ cells: [ReportCell], role: RowRole = .data, height: Int? = nil) throws {
        var xml = height.map { #"<row r="\#(number)" ht="\#($0)" customHeight="1">"# } ?? #"<row r="\#(number)">"#
        for (index, cell) in cells.prefix(16_384).enumerated() {
            xml += self.cell(cell, reference: Spreadsheet.columnName(index) + String(number), role: role)
        }
        xml += "</row>"
        try zip.write(xml)
    }

    /// Closes the part.
    /// `drawing`: the relationship id of the sheet's drawing, if it has one.
    func end(drawing: String? = nil) throws {
        try zip.write("</sheetData>" + (drawing.map { #"<drawing r:id="\#($0)"/>"# } ?? "") + "</worksheet>")
        try zip.end()
    }

    private func cell(_ cell: ReportCell, reference: String, role: RowRole) -> String {
        switch cell {
        case .empty:
            return ""
        case .text(let text):
            let style: CellStyle =
                switch role {
                case .title: .title
                case .header: .header
                case .data: .plain
                }
            return Self.inlineString(text, reference: reference, style: style)
        case .integer(let value):
            return #"<c r="\#(reference)"><v>\#(value)</v></c>"#
        case .rate(let rate):
            guard let rate, let number = Spreadsheet.number(rate) else {
                return Self.inlineString(HazardCounts.percentText(nil), reference: reference, style: .rightText)
            }
            return #"<c r="\#(reference)" s="\#(CellStyle.percent.rawValue)"><v>\#(number)</v></c>"#
        case .time(let instant):
            guard let serial = Spreadsheet.serial(instant, time), let number = Spreadsheet.number(serial) else {
                return Self.inlineString(cell.text(time), reference: reference, style: .rightText)
            }
            return #"<c r="\#(reference)" s="\#(CellStyle.dateTime.rawValue)"><v>\#(number)</v></c>"#
        case .day(let day):
            guard let serial = Spreadsheet.serial(day) else {
                return Self.inlineString(day.description, reference: reference, style: .rightText)
            }
            return #"<c r="\#(reference)" s="\#(CellStyle.date.rawValue)"><v>\#(serial)</v></c>"#
        }
    }

    /// Text as an inline string: escaped, never a formula, so `=HYPERLINK(...)` stays text.
    /// Carriage returns become references (XML would turn them into line feeds) and spaces at
    /// the ends are kept.
    static func inlineString(_ text: String, reference: String, style: CellStyle) -> String {
        let text = Spreadsheet.truncated(text, to: Spreadsheet.maxCellText)
        var escaped = text.markupEscaped
        if escaped.unicodeScalars.contains("\r") { escaped = escaped.replacingCarriageReturns() }
        let keepSpace =
            text.first.map { $0.isWhitespace } == true || text.last.map { $0.isWhitespace } == true
            || text.unicodeScalars.contains("\n")
        let styleAttribute = style == .plain ? "" : #" s="\#(style.rawValue)""#
        let open = keepSpace ? #"<t xml:space="preserve">"# : "<t>"
        return #"<c r="\#(reference)"\#(styleAttribute) t="inlineStr"><is>\#(open)\#(escaped)</t></is></c>"#
    }
}

extension String {
    fileprivate func replacingCarriageReturns() -> String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar == "\r" { result += "&#13;" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
