import SafeGridCore
import SafeGridHTMLKit
import Foundation

/// One re-inspection record's page (复查意见书), on the notice's A4 page and style sheet: heading
/// and number, the notice it follows up, the venue, the opening, one row per hazard with its
/// result and what follows, the conclusion, then signature and receipt lines to fill in by hand.
/// A record has a handful of items, so it is built as one string.
struct ReinspectionPage {
    let record: ReinspectionRecord
    let options: ExportOptions

    private typealias Wording = ReinspectionRecord.Wording
    private var l: DisplayLanguage { options.language }

    private func label(_ field: Wording.Field) -> String { Wording.label(field, l).markupEscaped }

    func html() -> String {
        let plainTitle = options.title ?? Wording.title(l)
        var page = HTMLPage.opening(language: l, title: "\(plainTitle) \(record.number)", css: NoticeStyle.css + Self.css)
        page += "<article class=\"notice reinspection-record\">\n"
        page += DocumentParts.heading(issuer: record.issuer.name, title: plainTitle, numberLabel: label(.number), number: record.number)
        page += venueBlock()
        page += "<p class=\"opening\" data-hook=\"opening\">\(Wording.opening(record, options.stationTime, l).markupEscaped)</p>\n"
        page += itemsTable()
        page += closing()
        page += "</article>\n</body>\n</html>\n"
        return page
    }

    private func venueBlock() -> String {
        let venue = record.venue
        func cell(_ field: Wording.Field, _ hook: String, _ value: String, span: Bool = false) -> String {
            DocumentParts.cell(label(field), hook, markup: value, span: span)
        }
        let name = DocumentParts.venueName(venue)
        let notice = record.notice.map {
            "\($0.number.markupEscaped) <span class=\"code\">\(options.stationTime.day(of: $0.issuedAt).description)</span>"
        } ?? l.pick("未开具", "none issued").markupEscaped
        var block = "<table class=\"venue\">\n<tbody>\n"
        block += "<tr>" + cell(.notice, "notice", notice)
            + cell(.reinspectedAt, "reinspected", options.stationTime.day(of: record.reinspectedAt).description) + "</tr>\n"
        block += "<tr>" + cell(.venue, "venue", name) + cell(.address, "address", venue.address.markupEscaped) + "</tr>\n"
        block += "<tr>" + cell(.responsible, "responsible", venue.contact.markupEscaped)
            + cell(.grid, "grid", reference(record.grid, follower: l.pick("网格员", "grid worker"))) + "</tr>\n"
        block += "<tr>" + cell(.policeGrid, "police-grid", reference(record.policeGrid, follower: l.pick("责任民警", "officer")), span: true) + "</tr>\n"
        return block + "</tbody>\n</table>\n"
    }

    private func reference(_ area: AreaReference, follower role: String) -> String {
        DocumentParts.area(area, follower: role, l)
    }

    private func itemsTable() -> String {
        let columns: [Wording.Field] = [.item, .hazard, .deadline, .result, .followUp]
        var table = "<table class=\"items\">\n<thead><tr>"
            + columns.map { "<th scope=\"col\" class=\"col-\(String(describing: $0))\">\(label($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        let time = options.stationTime
        for (index, item) in record.items.enumerated() {
            table += "<tr data-hazard=\"\(item.hazardID.markupEscaped)\" data-result=\"\(item.result.rawValue)\">"
            table += "<td class=\"num\">\(index + 1)</td>"
            table += "<td><div class=\"hazard-title\">\(item.title.resolved(for: l).markupEscaped)</div>"
            let found = l.pick("发现于 ", "found ") + time.day(of: item.foundAt).description
            table += "<span class=\"note\">\(found.markupEscaped)</span>"
            table += " <span class=\"code\">\(item.hazardID.markupEscaped) · \(item.itemID.markupEscaped)</span></td>"
            table += "<td class=\"num\" data-col=\"deadline\">\(time.show(item.deadline).markupEscaped)</td>"
            table += "<td class=\"result \(item.result.rawValue)\" data-col=\"result\"><div>\(item.result.label(l).markupEscaped)</div>"
            if let note = item.note, !note.isEmpty { table += "<div class=\"note\">\(note.markupEscaped)</div>" }
            let by = l.pick("复查人：", "by ") + item.inspector + " " + time.show(item.reinspectedAt)
            table += "<div class=\"note\">\(by.markupEscaped)</div>"
            if !item.evidence.isEmpty {
                let photos = item.evidence.map { l.pick("照片 ", "photo ") + String($0.hex.prefix(12)) }.joined(separator: l.pick("；", "; "))
                table += "<div class=\"code\">\(photos.markupEscaped)</div>"
            }
            table += "</td>"
            table += "<td data-col=\"follow-up\">\(Wording.followUp(item, time, l).markupEscaped)</td></tr>\n"
        }
        if record.items.isEmpty { table += "<tr><td colspan=\"\(columns.count)\">—</td></tr>\n" }
        return table + "</tbody>\n</table>\n"
    }

    /// The conclusion, then the lines to sign on, kept whole on the page of the table's last row.
    private func closing() -> String {
        let issued = options.stationTime.day(of: record.issuedAt).description
        let inspectors = record.inspectors.map(\.markupEscaped).joined(separator: l.pick("、", ", "))
        return """
            <section class="closing">
            <p class="reinspection" data-hook="conclusion">\(Wording.conclusion(record, l).markupEscaped)</p>
            <div class="signatures">
            <div class="sign"><span class="label">\(label(.issuer))</span><span class="line">\(record.issuer.name.markupEscaped)</span></div>
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

    /// What the record adds to the notice's style sheet: its columns, and a failed result in bold.
    static let css = """
        table.items .col-deadline { width: 7em; }
        table.items .col-result { width: 24%; }
        table.items .col-followUp { width: 22%; }
        td.result.not-rectified > div:first-child { font-weight: 700; }
        td.result .code { display: block; }

        """
}
