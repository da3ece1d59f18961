public import SafeGridCore
import SafeGridHTMLKit
import Foundation

extension HTMLExporter {
    /// Writes the hazard ledger as a page to print on A4 landscape: a title, what it covers, then
    /// one table row per hazard as the store yields it, the table's header repeated on every
    /// printed page. The kept photos show as thumbnails in their columns (the first of what was
    /// found, the latest of the fix) within ``maximumPhotoBytes`` for the page.
    public func export(_ ledger: HazardLedger, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let time = options.stationTime
        let title = options.title ?? ledger.title(l)
        try output.write(HTMLPage.opening(language: l, title: title, css: LedgerStyle.css))
        var covers: [String] = []
        if let scope = ledger.scope {
            let line = ledger.scopeLine == .police ? l.pick("警格线", "police line") : l.pick("网格线", "grid line")
            covers.append(l.pick("范围：", "Scope: ") + "\(scope.name) (\(scope.code), \(line))")
        }
        covers.append(l.pick("台账时点：", "As of: ") + time.show(ledger.asOf))
        try output.write("""
            <header>
            <h1 data-hook="title">\(title.markupEscaped)</h1>
            <p class="meta">\(covers.map(\.markupEscaped).joined(separator: "　·　"))</p>
            </header>
            <table class="ledger">
            <thead><tr>\(LedgerStyle.columns.map { "<th scope=\"col\">\($0.label(l).markupEscaped)</th>" }.joined())</tr></thead>
            <tbody>

            """)
        var photoBytesLeft = maximumPhotoBytes
        var rows = 0
        try ledger.rows.forEach { row in
            rows += 1
            var photos = HazardPhotos()
            if row.hasPhotos, photoBytesLeft > 0 {
                let kept = try ledger.photos.photos(ofHazard: row.state.id)
                photos = HazardPhotos(before: Array(kept.before.prefix(1)), after: Array(kept.after.suffix(1)))
            }
            var html = "<tr data-hazard=\"\(row.state.id.markupEscaped)\">"
            for column in LedgerStyle.columns {
                html += "<td class=\"c-\(column.rawValue)\">"
                html += Self.ledgerCell(row, column, options)
                let shown: [NoticePhoto] = switch column {
                case .beforePhotos: photos.before
                case .afterPhotos: photos.after
                default: []
                }
                for photo in shown where photo.data.count <= photoBytesLeft {
                    photoBytesLeft -= photo.data.count
                    html += "<br><img src=\"\(photo.dataURL)\" alt=\"\(photo.hash.hex)\">"
                }
                html += "</td>"
            }
            try output.write(html + "</tr>\n")
        }
        if rows == 0 {
            try output.write("<tr><td colspan=\"\(LedgerStyle.columns.count)\">\(l.pick("没有符合条件的隐患。", "No hazards match.").markupEscaped)</td></tr>\n")
        }
        try output.write("</tbody>\n</table>\n<footer><p class=\"meta\">\(l.pick("共 \(rows) 处隐患", "\(rows) hazards").markupEscaped)</p></footer>\n</body>\n</html>\n")
        try output.flush()
    }

    /// A cell's text, escaped; a venue, grid or police grid shows its code under its name.
    static func ledgerCell(_ row: LedgerRow, _ column: LedgerColumn, _ options: ExportOptions) -> String {
        let text = row.cell(column, options).text(options.stationTime).markupEscaped
        let code: String? = switch column {
        case .venue: row.state.record.venueID
        case .grid: row.grid.code
        case .policeGrid: row.policeGrid.code
        default: nil
        }
        guard let code, code != row.cell(column, options).text(options.stationTime) else { return text }
        return text + "<br><small>\(code.markupEscaped)</small>"
    }
}

/// The ledger page's style sheet: A4 landscape, small type, the table header repeated on each
/// printed page and no row split across two.
enum LedgerStyle {
    /// The columns the page shows: every ledger column, codes under their names.
    static let columns = LedgerColumn.allCases.filter { ![.venueID, .gridCode, .policeGridCode].contains($0) }

    static let css = """

        \(HTMLStyle.printedPage(size: "A4 landscape", margin: "10mm 8mm 12mm", pageNumberSize: "7pt"))
        \(HTMLStyle.base)
        body { margin: 0; padding: 12px; color: #1f2933; background: #fff; font-size: 7pt; line-height: 1.3;
          font-family: \(HTMLStyle.cjkSansFonts), "Noto Sans", Arial, sans-serif; }
        header { border-bottom: 2px solid #1d3b5a; margin-bottom: 6px; }
        h1 { font-size: 14pt; margin: 0 0 2px; color: #1d3b5a; }
        .meta { color: #5f6b76; font-size: 8pt; margin: 2px 0 4px; }
        table.ledger { width: 100%; border-collapse: collapse; table-layout: auto; }
        table.ledger th, table.ledger td { border: 0.5pt solid #9aa5b1; padding: 1pt 2pt; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
        table.ledger thead th { background: #eef2f6; font-weight: 600; text-align: center; vertical-align: middle; }
        \(HTMLStyle.repeatedTableHeader)
        tr { break-inside: avoid; page-break-inside: avoid; }
        td.c-number, td.c-foundAt, td.c-deadline, td.c-deadlineInForce, td.c-closedAt { white-space: nowrap; }
        td.c-reworkCount, td.c-daysOverdue { text-align: right; }
        small { color: #5f6b76; }
        img { display: block; max-width: 60px; max-height: 60px; margin-top: 2px; }
        footer { margin-top: 6px; }

        """
}
