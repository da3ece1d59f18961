public import SafeGridCore
import SafeGridHTMLKit
import Foundation

extension HTMLExporter {
    /// Writes an inspection plan as a sheet to print on A4 and take out on the night: one block
    /// per venue, most urgent first, with its colour, why it is due, the hazards to check and a
    /// box to tick and room to write.
    public func export(_ plan: InspectionPlan, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let time = options.stationTime
        let title = options.title ?? plan.title(l)
        var html = HTMLPage.opening(language: l, title: title, css: PlanStyle.css)
        let frequency = l.pick(
            "红 \(plan.frequency.days(for: .red)) 天、黄 \(plan.frequency.days(for: .yellow)) 天、绿 \(plan.frequency.days(for: .green)) 天",
            "red \(plan.frequency.days(for: .red)) days, yellow \(plan.frequency.days(for: .yellow)), green \(plan.frequency.days(for: .green))")
        let counts = l.pick(
            "\(plan.venueCount) 个场所中 \(plan.dueCount) 个到期，本表 \(plan.entries.count) 个；规则 \(plan.rule)；周期 \(frequency)",
            "\(plan.dueCount) of \(plan.venueCount) venues due, \(plan.entries.count) on this sheet; rule \(plan.rule); every \(frequency)")
        html += "<header>\n<h1 data-hook=\"title\">\(title.markupEscaped)</h1>\n<p class=\"meta\">\(counts.markupEscaped)</p>\n</header>\n"
        if plan.entries.isEmpty { html += "<p>\(l.pick("没有到期的场所。", "No venue is due.").markupEscaped)</p>\n" }
        try output.write(html)
        for (index, entry) in plan.entries.enumerated() {
            let venue = entry.venue
            var why: [String] = [entry.lastInspectedAt.map { l.pick("上次检查 ", "last inspected ") + time.day(of: $0).description } ?? l.pick("从未检查", "never inspected")]
            if entry.daysOverdue > 0 { why.append(l.pick("超期 \(entry.daysOverdue) 天", "\(entry.daysOverdue) days overdue")) }
            if entry.reinspectionsDue > 0 { why.append(l.pick("待复查 \(entry.reinspectionsDue) 处", "\(entry.reinspectionsDue) re-inspections due")) }
            var block = "<article class=\"venue\" data-venue=\"\(venue.id.markupEscaped)\" data-colour=\"\(entry.rating.colour.rawValue)\">\n"
            block += "<h2><span class=\"tick\">□</span> \(index + 1). <span class=\"badge \(entry.rating.colour.rawValue)\">\(entry.rating.colour.label(l).markupEscaped)</span> "
            block += "\(venue.name.markupEscaped) <small>\(venue.id.markupEscaped)</small></h2>\n"
            let place = [venue.address, l.pick("网格 ", "grid ") + venue.gridCode, l.pick("警格 ", "police grid ") + venue.policeGridCode].filter { !$0.isEmpty }
            block += "<p class=\"meta\">\((place + why).map(\.markupEscaped).joined(separator: "　·　"))</p>\n"
            if let reason = entry.rating.reasons.first { block += "<p class=\"reason\">\(reason.resolved(for: l).markupEscaped)</p>\n" }
            if !entry.checks.isEmpty {
                block += "<ul class=\"checks\">\n"
                for check in entry.checks {
                    var marks = [check.severity.label(l), check.status.label(l)]
                    if let due = check.reinspectionDue { marks.append(l.pick("复查期限 \(due)", "re-inspection due \(due)")) }
                    if check.overdue { marks.append(l.pick("已逾期", "overdue")) }
                    block += "<li data-hazard=\"\(check.hazardID.markupEscaped)\"><span class=\"tick\">□</span> \(check.hazardID.markupEscaped) "
                        + "<code>\(check.checklistID.markupEscaped)/\(check.itemID.markupEscaped)</code> \(check.title.resolved(for: l).markupEscaped)"
                        + " <small>\(marks.map(\.markupEscaped).joined(separator: " · "))</small></li>\n"
                }
                block += "</ul>\n"
            }
            block += "<p class=\"notes\">\(l.pick("情况记录：", "Notes:").markupEscaped)</p>\n</article>\n"
            try output.write(block)
        }
        try output.write("</body>\n</html>\n")
        try output.flush()
    }
}

/// The plan's style sheet: A4 portrait, no venue split across two pages, room to write.
enum PlanStyle {
    static let css = """

        @page { size: A4; margin: 12mm 12mm; }
        \(HTMLStyle.base)
        body { margin: 0; padding: 14px; color: #1f2933; background: #fff; font-size: 10pt; line-height: 1.4;
          font-family: \(HTMLStyle.cjkSansFonts), "Noto Sans", Arial, sans-serif; }
        header { border-bottom: 2px solid #1d3b5a; margin-bottom: 8px; }
        h1 { font-size: 15pt; margin: 0 0 2px; color: #1d3b5a; }
        h2 { font-size: 11pt; margin: 0 0 2px; }
        .meta { color: #5f6b76; font-size: 9pt; margin: 1px 0; }
        .reason { margin: 1px 0; font-size: 9pt; }
        article.venue { border: 0.75pt solid #9aa5b1; border-radius: 4px; padding: 6px 8px; margin: 0 0 8px; break-inside: avoid; page-break-inside: avoid; }
        ul.checks { margin: 4px 0; padding-left: 0; list-style: none; }
        ul.checks li { margin: 2px 0; }
        .tick { font-size: 12pt; }
        .notes { border-bottom: 0.5pt dashed #9aa5b1; height: 2.2em; margin: 4px 0 0; color: #5f6b76; font-size: 9pt; }
        .badge { display: inline-block; padding: 0 8px; border-radius: 8px; color: #fff; font-weight: 600; font-size: 9pt; }
        \(HTMLStyle.venueColourBadges)
        small { color: #5f6b76; }

        """
}
