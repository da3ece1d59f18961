public import SafeGridCore
import SafeGridHTMLKit
import Foundation

extension HTMLExporter {
    /// Writes a venue's safety file (平安档案) as one page to print on A4: the venue and the
    /// people responsible on both lines, its colour with the reasons and the next inspection,
    /// then every inspection, every hazard with its history, and the documents issued to it.
    public func export(_ file: VenueFile, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let time = options.stationTime
        let venue = file.venue
        let title = options.title ?? l.pick("场所平安档案：\(venue.name)（\(venue.id)）", "Venue safety file: \(venue.name) (\(venue.id))")
        var html = HTMLPage.opening(language: l, title: title, css: VenueStyle.css)
        html += "<header>\n<h1 data-hook=\"title\">\(title.markupEscaped)</h1>\n"
        html += "<p class=\"meta\">\(l.pick("截至 ", "As of ").markupEscaped)\(time.show(file.asOf).markupEscaped)</p>\n</header>\n"

        func row(_ label: String, _ value: String) -> String {
            value.isEmpty ? "" : "<tr><th scope=\"row\">\(label.markupEscaped)</th><td>\(value.markupEscaped)</td></tr>\n"
        }
        func area(_ area: Area?, _ code: String, leader: String) -> String {
            guard let area else { return code }
            let follower = area.follower.map { $0 + (area.followerPhone.map { " \($0)" } ?? "") }
            let head = area.leader.map { leader + " " + $0 + (area.leaderPhone.map { " \($0)" } ?? "") }
            let people = [follower, head].compactMap { $0 }
            return "\(area.name)（\(code)）" + (people.isEmpty ? "" : l.pick("：", ": ") + people.joined(separator: l.pick("；", "; ")))
        }
        html += "<section class=\"facts\">\n<table class=\"facts\">\n"
        html += row(l.pick("类型", "Kind"), venue.kind)
        html += row(l.pick("地址", "Address"), venue.address)
        html += row(l.pick("联系人", "Contact"), venue.contact)
        html += row(l.pick("网格", "Grid"), area(file.grid, venue.gridCode, leader: l.pick("网格长", "grid leader")))
        html += row(l.pick("警格", "Police grid"), area(file.policeGrid, venue.policeGridCode, leader: l.pick("负责人", "leader")))
        html += "</table>\n</section>\n"

        let colour = file.rating.colour
        html += "<section class=\"rating\" data-colour=\"\(colour.rawValue)\">\n"
        html += "<p><span class=\"badge \(colour.rawValue)\" data-hook=\"colour\">\(colour.label(l).markupEscaped)</span> "
        html += "\(l.pick("规则", "Rule").markupEscaped) <code>\(file.rating.rule.markupEscaped)</code>\(l.pick("：", ": "))\(file.ruleSummary.resolved(for: l).markupEscaped)</p>\n<ul>\n"
        for reason in file.rating.reasons { html += "<li>\(reason.resolved(for: l).markupEscaped)</li>\n" }
        html += "</ul>\n<p data-hook=\"next\">" + l.pick(
            "下次检查：\(file.nextInspectionDue)（\(colour.label(l))色场所每 \(file.frequencyDays) 天一次）",
            "Next inspection: \(file.nextInspectionDue) (\(colour.label(l)) venues every \(file.frequencyDays) days)").markupEscaped + "</p>\n</section>\n"
        try output.write(html)

        html = "<section>\n<h2>\(l.pick("检查（\(file.inspections.count) 次）", "Inspections (\(file.inspections.count))").markupEscaped)</h2>\n"
        if file.inspections.isEmpty {
            html += "<p>\(l.pick("尚无检查。", "No inspection yet.").markupEscaped)</p>\n"
        } else {
            let headings = l == .chinese ? ["时间", "编号", "检查表", "检查人员", "来源", "得分", "不合格项"]
                : ["When", "Inspection", "Checklist", "Inspectors", "Source", "Score", "Failed"]
            html += "<table class=\"list\">\n<thead><tr>" + headings.map { "<th scope=\"col\">\($0.markupEscaped)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for inspection in file.inspections {
                let checklist = (inspection.checklistTitle?.resolved(for: l)).map { "\($0) " } ?? ""
                let source = inspection.source.kind.label(l) + (inspection.source.campaign.map { l.pick("（\($0)）", " (\($0))") } ?? "")
                let cells = [
                    time.show(inspection.at), inspection.id, checklist + "\(inspection.checklistID) \(inspection.checklistVersion)",
                    inspection.inspectors.joined(separator: l.pick("、", ", ")), source,
                    inspection.score.map(ScoredInspection.display) ?? "—", String(inspection.failed),
                ]
                html += "<tr data-inspection=\"\(inspection.id.markupEscaped)\">" + cells.map { "<td>\($0.markupEscaped)</td>" }.joined() + "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        try output.write(html + "</section>\n")

        html = "<section>\n<h2>\(l.pick("隐患（\(file.hazards.count) 条）", "Hazards (\(file.hazards.count))").markupEscaped)</h2>\n"
        if file.hazards.isEmpty { html += "<p>\(l.pick("尚无隐患。", "No hazard yet.").markupEscaped)</p>\n" }
        for hazard in file.hazards {
            let state = hazard.state
            var marks = [state.record.severity.label(l), state.status.label(l), l.pick("期限 ", "deadline ") + time.show(state.deadline)]
            if state.isOverdue(asOf: file.asOf) { marks.append(l.pick("已逾期", "overdue")) }
            if state.reworkCount > 0 { marks.append(l.pick("返工 \(state.reworkCount) 次", "reworked \(state.reworkCount)×")) }
            if let earlier = hazard.recurrenceOf { marks.append(l.pick("反弹（\(earlier) 销号后 90 天内）", "recurrence (within 90 days of closing \(earlier))")) }
            html += "<article class=\"hazard\" data-hazard=\"\(state.id.markupEscaped)\">\n"
            html += "<h3>\(state.id.markupEscaped)　\(state.record.title.resolved(for: l).markupEscaped)</h3>\n"
            html += "<p class=\"meta\">\(marks.map(\.markupEscaped).joined(separator: "　·　"))</p>\n<ol class=\"history\">\n"
            for event in hazard.events {
                let what = event.kind.action?.label(l) ?? l.pick("发现并登记", "found and recorded")
                let note = event.note.map { l.pick("：", ": ") + $0 } ?? ""
                html += "<li>\(time.show(event.at).markupEscaped)　\((what + note).markupEscaped)　\(event.actor.markupEscaped)</li>\n"
            }
            html += "</ol>\n</article>\n"
            try output.write(html)
            html = ""
        }
        html += "</section>\n"

        for (heading, documents) in [(l.pick("整改通知书", "Rectification notices"), file.notices), (l.pick("复查意见书", "Re-inspection records"), file.reinspectionRecords)]
        where !documents.isEmpty {
            html += "<section>\n<h2>\(heading.markupEscaped)</h2>\n<ul>\n"
            for document in documents {
                html += "<li>\(document.number.markupEscaped)　\(time.show(document.issuedAt).markupEscaped)　"
                    + document.hazardIDs.joined(separator: l.pick("、", ", ")).markupEscaped + "</li>\n"
            }
            html += "</ul>\n</section>\n"
        }
        try output.write(html + "</body>\n</html>\n")
        try output.flush()
    }
}

/// The venue file's style sheet: A4 portrait, the colour as a badge that prints.
enum VenueStyle {
    static let css = """

        @page { size: A4; margin: 14mm 12mm; }
        \(HTMLStyle.base)
        body { margin: 0; padding: 16px; color: #1f2933; background: #fff; font-size: 10pt; line-height: 1.45;
          font-family: \(HTMLStyle.cjkSansFonts), "Noto Sans", Arial, sans-serif; }
        header { border-bottom: 2px solid #1d3b5a; margin-bottom: 8px; }
        h1 { font-size: 16pt; margin: 0 0 2px; color: #1d3b5a; }
        h2 { font-size: 12pt; margin: 14px 0 4px; color: #1d3b5a; }
        h3 { font-size: 10pt; margin: 8px 0 2px; }
        .meta { color: #5f6b76; font-size: 9pt; margin: 2px 0; }
        table { border-collapse: collapse; width: 100%; }
        table.facts th { text-align: left; width: 7em; color: #5f6b76; font-weight: normal; vertical-align: top; }
        table.list th, table.list td { border: 0.5pt solid #9aa5b1; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        table.list thead th { background: #eef2f6; }
        table.list td:nth-child(-n+2) { white-space: nowrap; }
        \(HTMLStyle.repeatedTableHeader)
        tr, article { break-inside: avoid; page-break-inside: avoid; }
        .badge { display: inline-block; padding: 1px 10px; border-radius: 10px; color: #fff; font-weight: 600; }
        \(HTMLStyle.venueColourBadges)
        ol.history { margin: 2px 0 6px; padding-left: 1.6em; }

        """
}
