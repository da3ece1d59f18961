public import SafeGridCore
import Foundation

/// The rectification notice (整改通知书) as an HTML page laid out for one A4 sheet per copy:
/// heading and number, the venue, who follows it, the hazards with their basis and deadline,
/// how to ask for re-inspection, then signature and receipt lines to fill in by hand.
///
/// All fixed wording comes from `RectificationNotice/Wording` so every format says the same
/// thing; every text taken from the notice is escaped. The page loads and runs nothing.
/// Reports are not its kind: `export(_:options:to:)` for a `ReportDocument` keeps the
/// protocol's default, which throws `unsupportedDocument`.
public struct NoticeExporter: ReportExporter {
    public init() {}
    public var name: String { "notice" }
    public var mediaType: String { "text/html; charset=utf-8" }
    public var fileExtension: String { "html" }
    public var kinds: Set<ExportDocumentKind> { [.notice] }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "整改通知书（可打印）", "en": "Rectification notice for printing"]) }

    public func export(_ notice: RectificationNotice, options: ExportOptions, to output: ExportOutput) throws {
        try output.write(NoticePage(notice: notice, options: options).html())
        try output.flush()
    }
}

/// One notice's page. A notice has a handful of items, so it is built as one string.
private struct NoticePage {
    let notice: RectificationNotice
    let options: ExportOptions

    private typealias Wording = RectificationNotice.Wording
    private var l: DisplayLanguage { options.language }

    private func label(_ field: Wording.Field) -> String { Wording.label(field, l).markupEscaped }

    func html() -> String {
        let plainTitle = options.title ?? Wording.title(l)
        let title = plainTitle.markupEscaped
        var page = HTMLPage.opening(language: l, title: "\(plainTitle) \(notice.number)", css: NoticeStyle.css)
        page += """
            <article class="notice">
            <p class="issuer-name" data-hook="issuer">\(notice.issuer.name.markupEscaped)</p>
            <h1>\(title)</h1>
            <p class="number"><span class="label">\(label(.number))</span> <span data-hook="number">\(notice.number.markupEscaped)</span></p>

            """
        page += venueBlock()
        page += "<p class=\"opening\" data-hook=\"opening\">\(Wording.opening(notice, options.stationTime, l).markupEscaped)</p>\n"
        page += itemsTable()
        page += "<p class=\"reinspection\" data-hook=\"reinspection\">\(Wording.reinspection(notice, l).markupEscaped)</p>\n"
        page += signatures()
        page += "</article>\n</body>\n</html>\n"
        return page
    }

    private func venueBlock() -> String {
        let venue = notice.venue
        let rows: [(Wording.Field, String, String)] = [
            (.venue, "venue", venue.name.markupEscaped + (venue.id.isEmpty ? "" : " <span class=\"code\">\(venue.id.markupEscaped)</span>")),
            (.address, "address", venue.address.markupEscaped),
            (.responsible, "responsible", venue.contact.markupEscaped),
            (.grid, "grid", reference(notice.grid, follower: l.pick("网格员", "grid worker"))),
            (.policeGrid, "police-grid", reference(notice.policeGrid, follower: l.pick("责任民警", "officer"))),
        ]
        var block = "<table class=\"venue\">\n<tbody>\n"
        for (field, hook, value) in rows {
            block += "<tr><th scope=\"row\">\(label(field))</th><td data-hook=\"\(hook)\">\(value)</td></tr>\n"
        }
        return block + "</tbody>\n</table>\n"
    }

    private func reference(_ area: AreaReference, follower role: String) -> String {
        var text = "\(area.name.markupEscaped) <span class=\"code\">\(area.code.markupEscaped)</span>"
        if let follower = area.follower, !follower.isEmpty {
            text += "<span class=\"follower\">\(role.markupEscaped)：\(follower.markupEscaped)</span>"
        }
        return text
    }

    private func itemsTable() -> String {
        let columns: [Wording.Field] = [.item, .hazard, .basis, .severity, .deadline, .evidence]
        var table = "<table class=\"items\">\n<thead><tr>" + columns.map { "<th scope=\"col\" class=\"col-\(String(describing: $0))\">\(label($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (index, item) in notice.items.enumerated() {
            table += "<tr data-hazard=\"\(item.hazardID.markupEscaped)\">"
            table += "<td class=\"num\">\(index + 1)</td>"
            table += "<td><div class=\"hazard-title\">\(item.title.resolved(for: l).markupEscaped)</div>"
            if let finding = item.finding?.resolved(for: l), !finding.isEmpty {
                table += "<div class=\"finding\">\(finding.markupEscaped)</div>"
            }
            if let note = item.note, !note.isEmpty {
                table += "<div class=\"note\">\(l.pick("备注", "Note"))：\(note.markupEscaped)</div>"
            }
            table += "<div class=\"code\">\(item.hazardID.markupEscaped) · \(item.itemID.markupEscaped)</div></td>"
            table += "<td data-col=\"basis\">\(Wording.basis(item, l).markupEscaped)</td>"
            table += "<td class=\"severity \(item.severity.rawValue)\">\(item.severity.label(l).markupEscaped)</td>"
            table += deadlineCell(item)
            table += "<td class=\"evidence\">\(photos(item))\(Wording.evidence(item, l).markupEscaped)</td></tr>\n"
        }
        if notice.items.isEmpty {
            table += "<tr><td colspan=\"\(columns.count)\">—</td></tr>\n"
        }
        table += "</tbody>\n</table>\n"
        // Once under the table: which years are provisional and how to load their notice.
        let provisionalYears = notice.items.filter(\.deadlineProvisional).map { options.stationTime.day(of: $0.deadline).year }
        if !provisionalYears.isEmpty {
            let hint = ProvisionalDates.hint(years: provisionalYears, l)
            table += "<p class=\"note\" data-hook=\"provisional-hint\">\(hint.markupEscaped)</p>\n"
        }
        return table
    }

    /// The photos of what was found, small, above the evidence text (the page loads nothing:
    /// each travels inside it as a `data:` URL, which its Content-Security-Policy allows).
    private func photos(_ item: RectificationNotice.Item) -> String {
        item.photos.map { photo in
            let alt = l.pick("照片 ", "photo ") + String(photo.hash.hex.prefix(12))
            return "<img class=\"thumb\" src=\"\(photo.dataURL)\" alt=\"\(alt.markupEscaped)\">"
        }.joined()
    }

    /// The deadline; a provisional one carries the mark right after it, on a line of its own so
    /// the column keeps its printed width, and a `data-provisional` hook.
    private func deadlineCell(_ item: RectificationNotice.Item) -> String {
        let shown = options.stationTime.show(item.deadline).markupEscaped
        guard item.deadlineProvisional else { return "<td class=\"num\" data-col=\"deadline\">\(shown)</td>" }
        let mark = "<div class=\"note\">\(ProvisionalDates.mark(l).markupEscaped)</div>"
        return "<td class=\"num\" data-col=\"deadline\" data-provisional=\"\">\(shown)\(mark)</td>"
    }

    /// Lines to sign on: the issuer's seal and date, the inspectors, and the venue's receipt.
    private func signatures() -> String {
        let issued = options.stationTime.day(of: notice.issuedAt).description
        let inspectors = notice.inspectors.map(\.markupEscaped).joined(separator: l.pick("、", ", "))
        return """
            <section class="signatures">
            <div class="sign"><span class="label">\(label(.issuer))</span><span class="line">\(notice.issuer.name.markupEscaped)</span></div>
            <div class="sign"><span class="label">\(label(.inspectors))</span><span class="line">\(inspectors)</span></div>
            <div class="sign"><span class="label">\(label(.issuedAt))</span><span class="line" data-hook="issued">\(issued.markupEscaped)</span></div>
            </section>
            <section class="receipt">
            <div class="sign"><span class="label">\(label(.receipt))</span><span class="line"></span></div>
            <div class="sign"><span class="label">\(label(.receivedAt))</span><span class="line">\(l.pick("　　　　年　　月　　日　　时　　分", ""))</span></div>
            <p class="receipt-note">\(label(.receiptNote))</p>
            </section>

            """
    }
}

/// The notice's style sheet: a formal, black-on-white A4 page.
private enum NoticeStyle {
    static let css = """

        @page { size: A4; margin: 20mm 18mm; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 800px; padding: 32px 36px; color: #111; background: #fff; font-size: 14px; line-height: 1.7;
          font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "Noto Sans CJK SC", "Microsoft YaHei", Georgia, serif; }
        .issuer-name { text-align: center; font-size: 18px; letter-spacing: 2px; margin: 0; }
        h1 { text-align: center; font-size: 26px; letter-spacing: 6px; margin: 4px 0 6px; }
        .number { text-align: right; margin: 0 0 14px; }
        .number .label { color: #444; }
        table { width: 100%; border-collapse: collapse; margin: 0 0 14px; }
        th, td { border: 1px solid #333; padding: 5px 8px; vertical-align: top; }
        table.venue th { width: 9.5em; background: #f2f2f2; text-align: left; font-weight: 600; }
        table.items thead th { background: #f2f2f2; font-weight: 600; text-align: center; vertical-align: middle; white-space: nowrap; }
        table.items .col-item { width: 3.6em; }
        table.items .col-basis { width: 9em; }
        table.items .col-severity { width: 4.5em; }
        table.items .col-deadline { width: 8.8em; }
        table.items .col-evidence { width: 10em; }
        td.num { text-align: center; white-space: nowrap; }
        .finding { color: #333; }
        .note { color: #555; font-size: 13px; }
        .code { color: #666; font-size: 12px; font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; }
        .follower { margin-left: 1em; }
        td.severity.critical, td.severity.major { font-weight: 700; }
        td.evidence { font-size: 12px; word-break: break-all; }
        td.evidence img.thumb { display: block; max-width: 100%; max-height: 22mm; margin: 0 0 2px; object-fit: contain; }
        .opening, .reinspection { text-indent: 2em; margin: 0 0 12px; }
        .signatures, .receipt { display: grid; grid-template-columns: 1fr 1fr; gap: 18px 28px; margin-top: 22px; }
        .receipt { border-top: 1px dashed #666; padding-top: 16px; }
        .sign { display: flex; align-items: flex-end; gap: 8px; }
        .sign .label { white-space: nowrap; }
        .sign .line { flex: 1; min-height: 1.7em; border-bottom: 1px solid #111; padding: 0 4px; }
        .receipt-note { grid-column: 1 / -1; color: #444; font-size: 12px; margin: 0; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          thead { display: table-header-group; }
          tr, .sign { break-inside: avoid; page-break-inside: avoid; }
          .signatures, .receipt { break-inside: avoid; page-break-inside: avoid; }
        }

        """
}
