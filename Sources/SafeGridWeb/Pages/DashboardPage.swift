import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridHTMLKit

/// The dashboard's body: key figures, the table with its drill-down links, the red and black
/// lists, the trend and bar charts, the venues' colours, the overdue list, the downloads, and
/// the command that prints the same numbers. Everything comes from one `ReportDocument`.
struct DashboardPage {
    let app: WebApp
    let user: WebUser
    let query: DashboardQuery
    let report: DashboardReport
    let document: ReportDocument
    let language: DisplayLanguage

    /// How many overdue hazards the page lists (the downloads carry them all).
    static let overdueShown = 50

    private var l: DisplayLanguage { language }
    private var time: StationTime { app.engine.stationTime }

    func body() throws -> String {
        var html = parameters()
        html += "<p class=\"muted\" data-title>" + document.report.title(l, time).markupEscaped
        if let area = report.area { html += " · " + l.pick("范围：", "Within: ") + "\(area.level.label(l)) \(area.name)".markupEscaped }
        html += "</p>\n"
        html += figures(document.report.total)
        if let note = document.conflictsNote(l) { html += "<p class=\"notice\">\(note.markupEscaped)</p>\n" }
        html += table()
        html += lists()
        html += try charts()
        if let colours = document.colours { html += self.colours(colours) }
        html += try overdue()
        html += downloads()
        return html
    }

    /// The form that changes the grouping and the cut-offs (a plain GET form).
    private func parameters() -> String {
        var html = "<form method=\"get\" action=\"/dashboard\" class=\"no-print params\">\n"
        html += "<label>\(l.pick("分组", "Group by")) <select name=\"by\">"
        for grouping in ReportGrouping.allCases where grouping.areaLevel.map({ user.works(on: $0.line) }) ?? true {
            html += "<option value=\"\(grouping.rawValue)\"\(grouping == query.by ? " selected" : "")>\(grouping.label(l).markupEscaped)</option>"
        }
        html += "</select></label>\n"
        html += "<label>\(l.pick("截至", "As of")) <input name=\"as-of\" value=\"\(time.format(query.asOf).markupEscaped)\"></label>\n"
        html += "<label>\(l.pick("登记截至（冻结）", "As recorded at (frozen)")) <input name=\"as-recorded-at\" value=\"\(query.asRecordedAt.map { time.format($0) }?.markupEscaped ?? "")\"></label>\n"
        if let within = query.within { html += "<input type=\"hidden\" name=\"within\" value=\"\(within.markupEscaped)\">\n" }
        html += "<button type=\"submit\">\(l.pick("查看", "Show"))</button>\n</form>\n"
        return html
    }

    private func figures(_ total: HazardCounts) -> String {
        let items: [(CountColumn, String)] = [(.found, "found"), (.closed, "closed"), (.rate, "rate"), (.overdue, "overdue"), (.onTimeRate, "on-time-rate")]
        var html = "<ul class=\"figures\">\n"
        for (column, key) in items {
            html += "<li data-figure=\"\(key)\">\(column.label(l).markupEscaped)<b>\(column.text(total).markupEscaped)</b></li>\n"
        }
        return html + "</ul>\n"
    }

    /// The table, every group a link one level down its line where there is one.
    private func table() -> String {
        let grouping = document.report.by
        var html = "<h2>\(l.pick("按\(grouping.label(l))", "By \(grouping.label(l))").markupEscaped)</h2>\n<div class=\"scroll\"><table data-report>\n<thead><tr>"
        html += "<th>\(l.pick("排名", "Rank"))</th><th>\(l.pick("编码", "Code"))</th><th>\(l.pick("名称", "Name"))</th>"
        for column in CountColumn.allCases { html += "<th class=\"num\">\(column.label(l).markupEscaped)</th>" }
        html += "<th>\(l.pick("榜单", "List"))</th></tr></thead>\n<tbody>\n"
        for (index, group) in document.report.groups.enumerated() {
            html += "<tr data-key=\"\(group.key.markupEscaped)\"><td>\(group.counts.found > 0 ? "\(index + 1)" : "—")</td>"
            html += "<td>\(group.key.markupEscaped)</td><td>\(drillLink(group))</td>"
            for column in CountColumn.allCases {
                html += "<td class=\"num\" data-column=\"\(column.rawValue)\">\(column.text(group.counts).markupEscaped)</td>"
            }
            let standing = RateThresholds.standard.standing(of: group.counts.rate)
            html += "<td>\(standing.map { "<span class=\"badge \($0.rawValue)\">\($0.label(l).markupEscaped)</span>" } ?? "")</td></tr>\n"
        }
        html += "</tbody>\n<tfoot><tr data-key=\"total\"><td></td><td>\(l.pick("合计", "Total"))</td><td></td>"
        for column in CountColumn.allCases {
            html += "<td class=\"num\" data-column=\"\(column.rawValue)\">\(column.text(document.report.total).markupEscaped)</td>"
        }
        return html + "<td></td></tr></tfoot>\n</table></div>\n"
    }

    /// A group's name, linked to the next level down (street → community → grid → venue;
    /// station → beat → police grid → venue), and a venue to its page.
    private func drillLink(_ group: RectificationReport.Group) -> String {
        let name = group.displayName(by: document.report.by, l).markupEscaped
        if document.report.by == .venue { return "<a href=\"/venues/\(WebPage.encoded(group.key))\">\(name)</a>" }
        guard let level = document.report.by.areaLevel else { return name }
        let next: ReportGrouping = switch level {
        case .street: .community
        case .community: .grid
        case .station: .beat
        case .beat: .policeGrid
        case .grid, .policeGrid: .venue
        }
        let id = "\(level.rawValue)/\(group.key)"
        return "<a href=\"\(query.link(by: next, within: .some(id), stationTime: time).markupEscaped)\">\(name)</a>"
    }

    /// 红榜 and 黑榜 at the usual thresholds (groups with hazards only).
    private func lists() -> String {
        let thresholds = RateThresholds.standard
        var html = ""
        for standing in [RateStanding.honour, .warning] {
            let groups = document.report.groups.filter { thresholds.standing(of: $0.counts.rate) == standing }
            html += "<h2>\(standing.label(l).markupEscaped)</h2>\n"
            guard !groups.isEmpty else {
                html += "<p class=\"muted\">\(l.pick("无", "None"))</p>\n"
                continue
            }
            html += "<ol data-list=\"\(standing.rawValue)\">"
            for group in groups {
                html += "<li>\(group.displayName(by: document.report.by, l).markupEscaped) \(CountColumn.rate.text(group.counts).markupEscaped)</li>"
            }
            html += "</ol>\n"
        }
        return html
    }

    private func charts() throws -> String {
        var html = ""
        let trend = try document.trend
        if !trend.isEmpty {
            html += "<h2>\(l.pick("近 \(trend.count) 周趋势", "The last \(trend.count) weeks"))</h2>\n"
            html += TrendChart(points: trend, language: l).render()
        }
        if document.report.groups.contains(where: { $0.counts.found > 0 }) {
            html += "<h2>\(l.pick("整改率", "Rectification rate"))</h2>\n"
            html += RateBarChart(report: document.report, thresholds: .standard, language: l).render()
        }
        return html
    }

    private func colours(_ colours: VenueColourReport) -> String {
        var html = "<h2>\(colours.title(l).markupEscaped)</h2>\n<div class=\"scroll\"><table data-colours>\n<thead><tr><th>\(l.pick("编码", "Code"))</th><th>\(l.pick("名称", "Name"))</th>"
        for colour in VenueColour.allCases { html += "<th class=\"num\">\(colour.label(l).markupEscaped)</th>" }
        html += "<th class=\"num\">\(l.pick("场所数", "Venues"))</th></tr></thead>\n<tbody>\n"
        for group in colours.groups where group.counts.venues > 0 {
            html += "<tr><td>\(group.key.markupEscaped)</td><td>\(group.name.markupEscaped)</td>"
            for colour in VenueColour.allCases { html += "<td class=\"num\">\(group.counts[colour])</td>" }
            html += "<td class=\"num\">\(group.counts.venues)</td></tr>\n"
        }
        html += "</tbody></table></div>\n<p class=\"muted\">\(colours.ruleNote(l).markupEscaped)</p>\n"
        return html
    }

    private func overdue() throws -> String {
        let entries = try document.overdue.prefix(Self.overdueShown)
        var html = "<h2>\(l.pick("逾期隐患（\(document.overdue.count)）", "Overdue hazards (\(document.overdue.count))"))</h2>\n"
        guard !entries.isEmpty else { return html + "<p class=\"muted\">\(l.pick("无", "None"))</p>\n" }
        html += "<div class=\"scroll\"><table data-overdue>\n<thead><tr><th>\(l.pick("隐患", "Hazard"))</th><th>\(l.pick("场所", "Venue"))</th><th>\(l.pick("网格", "Grid"))</th><th>\(l.pick("整改期限", "Deadline"))</th><th class=\"num\">\(l.pick("逾期天数", "Days overdue"))</th></tr></thead>\n<tbody>\n"
        for entry in entries {
            html += "<tr><td><a href=\"/hazards/\(WebPage.encoded(entry.hazardID))\">\(entry.hazardID.markupEscaped)</a> \(entry.title.resolved(for: l).markupEscaped)</td>"
            html += "<td>\(entry.venueName.markupEscaped)</td><td>\(entry.grid.name.markupEscaped)</td>"
            html += "<td>\(time.show(entry.deadline).markupEscaped)\(entry.deadlineProvisional ? l.pick("（暂定）", " (provisional)") : "")</td><td class=\"num\">\(entry.daysOverdue)</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        if document.overdue.count > entries.count {
            html += "<p class=\"muted\">\(l.pick("只列出前 \(entries.count) 处；全部见下载。", "The first \(entries.count) only; the downloads carry them all."))</p>\n"
        }
        return html
    }

    /// Every registered report format, and the command that prints the same numbers.
    private func downloads() -> String {
        var html = "<h2>\(l.pick("下载", "Download"))</h2>\n<ul class=\"downloads\">\n"
        for exporter in app.exporters.exporters where exporter.kinds.contains(.report) {
            let href = query.link(path: "/dashboard/export", extra: [("format", exporter.name)], stationTime: time)
            html += "<li><a href=\"\(href.markupEscaped)\" download>\(exporter.name.markupEscaped)</a> \(exporter.summary.resolved(for: l).markupEscaped)</li>\n"
        }
        html += "</ul>\n<p class=\"muted\">\(l.pick("命令行得到同样的数字：", "The same numbers on the command line:"))</p>\n"
        var command = "safegrid report --by \(query.by.rawValue) --as-of \(time.format(query.asOf))"
        if let recorded = query.asRecordedAt { command += " --as-recorded-at \(time.format(recorded))" }
        for within in report.withinArguments { command += " --within \(within)" }
        if report.request.colours { command += " --colours" }
        command += " --format json"
        return html + "<p><code data-command>\(command.markupEscaped)</code></p>\n"
    }
}
