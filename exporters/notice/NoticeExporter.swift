public import SafeGridCore
import SafeGridHTMLKit
import Foundation

/// The rectification notice (整改通知书) as an HTML page laid out for one A4 sheet per copy:
/// heading and number, the venue, who follows it, the hazards with their basis and deadline,
/// how to ask for re-inspection, then signature and receipt lines to fill in by hand. The
/// re-inspection record (复查意见书) that follows a notice up is printed on the same kind of page.
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
    public var kinds: Set<ExportDocumentKind> { [.notice, .reinspection] }
    public var summary: LocalizedText {
        LocalizedText(["zh-CN": "整改通知书、复查意见书（可打印）", "en": "Rectification notice and re-inspection record for printing"])
    }

    public func export(_ notice: RectificationNotice, options: ExportOptions, to output: ExportOutput) throws {
        try output.write(NoticePage(notice: notice, options: options).html())
        try output.flush()
    }

    public func export(_ record: ReinspectionRecord, options: ExportOptions, to output: ExportOutput) throws {
        try output.write(ReinspectionPage(record: record, options: options).html())
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
        var page = HTMLPage.opening(language: l, title: "\(plainTitle) \(notice.number)", css: NoticeStyle.css)
        page += "<article class=\"notice\">\n"
        page += DocumentParts.heading(issuer: notice.issuer.name, title: plainTitle, numberLabel: label(.number), number: notice.number)
        page += venueBlock()
        page += "<p class=\"opening\" data-hook=\"opening\">\(Wording.opening(notice, options.stationTime, l).markupEscaped)</p>\n"
        page += itemsTable()
        page += closing()
        page += "</article>\n</body>\n</html>\n"
        return page
    }

    private func venueBlock() -> String {
        let venue = notice.venue
        func cell(_ field: Wording.Field, _ hook: String, _ value: String, span: Bool = false) -> String {
            DocumentParts.cell(label(field), hook, markup: value, span: span)
        }
        let name = DocumentParts.venueName(venue)
        var block = "<table class=\"venue\">\n<tbody>\n"
        block += "<tr>" + cell(.venue, "venue", name) + cell(.address, "address", venue.address.markupEscaped) + "</tr>\n"
        block += "<tr>" + cell(.responsible, "responsible", venue.contact.markupEscaped)
            + cell(.grid, "grid", reference(notice.grid, follower: l.pick("网格员", "grid worker"))) + "</tr>\n"
        block += "<tr>" + cell(.policeGrid, "police-grid", reference(notice.policeGrid, follower: l.pick("责任民警", "officer")), span: true) + "</tr>\n"
        return block + "</tbody>\n</table>\n"
    }

    /// An area with its follower; a role the follower's name already starts with is not
    /// printed again (`网格员：陈晓燕`, never `网格员：网格员 陈晓燕`).
    private func reference(_ area: AreaReference, follower role: String) -> String {
        DocumentParts.area(area, follower: role, l)
    }

    private func itemsTable() -> String {
        let columns: [Wording.Field] = [.item, .hazard, .found, .basis, .severity, .deadline, .evidence]
        var table = "<table class=\"items\">\n<thead><tr>" + columns.map { "<th scope=\"col\" class=\"col-\(String(describing: $0))\">\(label($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (index, item) in notice.items.enumerated() {
            table += "<tr data-hazard=\"\(item.hazardID.markupEscaped)\">"
            table += "<td class=\"num\">\(index + 1)</td>"
            table += "<td><div class=\"hazard-title\">\(item.title.resolved(for: l).markupEscaped)</div>"
            if let finding = item.finding?.resolved(for: l), !finding.isEmpty {
                table += "<div class=\"finding\">\(finding.markupEscaped)</div>"
            }
            if let note = item.note, !note.isEmpty {
                table += "<span class=\"note\">\(l.pick("备注", "Note"))\(l.pick("：", ": "))\(note.markupEscaped)</span>"
            }
            // The hazard's number, which the venue quotes when it asks for re-inspection.
            table += " <span class=\"code\">\(item.hazardID.markupEscaped) · \(item.itemID.markupEscaped)</span></td>"
            table += foundCell(item)
            table += basisCell(item)
            table += "<td class=\"severity \(item.severity.rawValue)\">\(item.severity.label(l).markupEscaped)</td>"
            table += deadlineCell(item)
            table += "<td class=\"evidence\">\(photos(item))\(evidenceText(item).markupEscaped)</td></tr>\n"
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

    /// The day the hazard was found (never broken) and who found it.
    private func foundCell(_ item: RectificationNotice.Item) -> String {
        let day = options.stationTime.day(of: item.foundAt).description
        var cell = "<td class=\"found\" data-col=\"found\"><span class=\"day\">\(day)</span>"
        if !item.inspectors.isEmpty {
            // A name (and a role word before it) is never broken across lines.
            let names = item.inspectors.map { name in
                name.split(separator: " ").map { "<span class=\"nowrap\">\(String($0).markupEscaped)</span>" }.joined(separator: " ")
            }
            cell += " <span class=\"inspectors\">\(names.joined(separator: l.pick("、", ", ")))</span>"
        }
        return cell + "</td>"
    }

    /// One line per basis, each marked with its jurisdiction (`national`, a province code,
    /// `practice`) so a reader, or a test, can tell where each is law.
    private func basisCell(_ item: RectificationNotice.Item) -> String {
        var lines: [String] = []
        for basis in item.bases {
            let kind = basis.jurisdiction?.code ?? (basis.isPractice ? "practice" : "unspecified")
            for citation in basis.citations {
                let text = citation == "practice" ? l.pick("行业通行做法", "common practice") : citation
                lines.append("<span class=\"basis\" data-jurisdiction=\"\(kind.markupEscaped)\">\(text.markupEscaped)</span>")
            }
        }
        return "<td data-col=\"basis\">\(lines.isEmpty ? "—" : lines.joined())</td>"
    }

    /// The evidence in words, less the photos printed above it (each shows itself, its hash in
    /// its `alt`): what is on record but not printable, and whether a photo of the fix is required.
    private func evidenceText(_ item: RectificationNotice.Item) -> String {
        var shown = item
        let printed = Set(item.photos.map(\.hash))
        shown.evidence = item.evidence.filter { !printed.contains($0) }
        let text = Wording.evidence(shown, l)
        return text == "—" && !item.photos.isEmpty ? "" : text
    }

    /// The photos of what was found, small, above the evidence text (the page loads nothing:
    /// each travels inside it as a `data:` URL, which its Content-Security-Policy allows).
    private func photos(_ item: RectificationNotice.Item) -> String {
        item.photos.map { photo in
            let alt = l.pick("照片 ", "photo ") + String(photo.hash.hex.prefix(12))
            return "<img class=\"thumb\" src=\"\(photo.dataURL)\" alt=\"\(alt.markupEscaped)\">"
        }.joined()
    }

    /// The deadline (it breaks only at the space between date and time); a provisional one
    /// carries the mark right after it, on a line of its own so the column keeps its printed
    /// width, and a `data-provisional` hook.
    private func deadlineCell(_ item: RectificationNotice.Item) -> String {
        let shown = options.stationTime.show(item.deadline).markupEscaped
        guard item.deadlineProvisional else { return "<td class=\"num\" data-col=\"deadline\">\(shown)</td>" }
        let mark = "<div class=\"note\">\(ProvisionalDates.mark(l).markupEscaped)</div>"
        return "<td class=\"num\" data-col=\"deadline\" data-provisional=\"\">\(shown)\(mark)</td>"
    }

    /// How to ask for re-inspection, then the lines to sign on: the issuer's seal and date,
    /// the inspectors, and the venue's receipt. One block that is never split, kept on the
    /// page of the table's last row.
    private func closing() -> String {
        let issued = options.stationTime.day(of: notice.issuedAt).description
        let inspectors = notice.inspectors.map(\.markupEscaped).joined(separator: l.pick("、", ", "))
        return """
            <section class="closing">
            <p class="reinspection" data-hook="reinspection">\(Wording.reinspection(notice, l).markupEscaped)</p>
            <div class="signatures">
            <div class="sign"><span class="label">\(label(.issuer))</span><span class="line">\(notice.issuer.name.markupEscaped)</span></div>
            <div class="sign"><span class="label">\(label(.issuedAt))</span><span class="line" data-hook="issued">\(issued.markupEscaped)</span></div>
            <div class="sign wide"><span class="label">\(label(.inspectors))</span><span class="line">\(inspectors)</span></div>
            </div>
            <div class="receipt">
            <div class="sign"><span class="label">\(label(.receipt))</span><span class="line"></span></div>
            <div class="sign"><span class="label">\(label(.receivedAt))</span><span class="line nowrap">\(l.pick("　　年　　月　　日　　时　　分", ""))</span></div>
            <p class="receipt-note">\(label(.receiptNote))</p>
            </div>
            </section>

            """
    }
}

/// The notice's style sheet: a formal, black-on-white A4 page. Up to five hazards fit on one
/// sheet with the closing block. The page's own margin boxes (a page number bottom right) keep
/// a browser from printing its header and footer (date, title, URL) there; no word is ever
/// hyphenated or broken inside.
enum NoticeStyle {
    static let css = """

        @page { size: A4; margin: 12mm 14mm; @top-center { content: ""; } @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #666; } }
        \(HTMLStyle.boxSizing)
        html { hyphens: none; -webkit-hyphens: none; }
        body { margin: 0 auto; max-width: 800px; padding: 32px 36px; color: #111; background: #fff; font-size: 14px; line-height: 1.6;
          font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "Noto Sans CJK SC", "Microsoft YaHei", Georgia, serif;
          overflow-wrap: normal; word-break: normal; hyphens: none; -webkit-hyphens: none; }
        .issuer-name { text-align: center; font-size: 1.2em; letter-spacing: 2px; margin: 0; }
        h1 { text-align: center; font-size: 1.75em; letter-spacing: 6px; margin: 2px 0 4px; }
        .number { text-align: right; margin: 0 0 8px; }
        .number .label { color: #444; }
        table { width: 100%; border-collapse: collapse; margin: 0 0 10px; }
        th, td { border: 1px solid #333; padding: 3px 5px; vertical-align: top; }
        th, .label, .nowrap, .day, .code, td.severity { white-space: nowrap; }
        table.venue { table-layout: fixed; }
        table.venue th { width: 17%; background: #f2f2f2; text-align: left; font-weight: 600; white-space: normal; word-break: keep-all; }
        table.venue td { width: 33%; }
        table.items { table-layout: fixed; }
        table.items thead th { background: #f2f2f2; font-weight: 600; text-align: center; vertical-align: middle; white-space: normal; word-break: keep-all; }
        table.items .col-item { width: 4.5%; }
        table.items .col-found { width: 10%; }
        table.items .col-basis { width: 19%; }
        table.items .col-severity { width: 8%; }
        table.items .col-deadline { width: 6.4em; }
        table.items .col-evidence { width: 10%; }
        td.num { text-align: center; }
        td.found, td.num[data-col=deadline], td.evidence { font-size: 0.88em; }
        td[data-col=basis] .basis { display: block; }
        .finding { color: #333; }
        .note { color: #555; font-size: 0.9em; }
        .code { color: #666; font-size: 0.82em; font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; }
        .follower { margin-left: 1em; }
        td.severity { text-align: center; }
        td.severity.critical, td.severity.major { font-weight: 700; }
        td.evidence { font-size: 0.8em; }
        td.evidence img.thumb { display: inline-block; max-width: 48%; max-height: 12mm; margin: 0 2px 2px 0; object-fit: contain; }
        .reinspection, .opening { text-indent: 2em; margin: 0 0 8px; }
        .closing { break-before: avoid; page-break-before: avoid; break-inside: avoid; page-break-inside: avoid; }
        .signatures, .receipt { display: grid; grid-template-columns: 1fr 1fr; gap: 10px 24px; margin-top: 12px; }
        .receipt { border-top: 1px dashed #666; padding-top: 10px; }
        .sign { display: flex; align-items: flex-end; gap: 8px; }
        .sign.wide { grid-column: 1 / -1; }
        .sign .line { flex: 1; min-height: 1.6em; border-bottom: 1px solid #111; padding: 0 4px; }
        .receipt-note { grid-column: 1 / -1; color: #444; font-size: 0.85em; margin: 0; }
        @media print {
          body { max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.4; }
          html[lang=en] body { font-size: 9pt; }
          table.items td { line-height: 1.32; }
          \(HTMLStyle.repeatedTableHeader)
          tr, .sign { break-inside: avoid; page-break-inside: avoid; }
          tbody tr:last-child { break-after: avoid; page-break-after: avoid; }
        }

        """
}
