public import SafeGridCore
import SafeGridHTMLKit
import Foundation

/// The report as one self-contained HTML5 page: key figures, the ranked table with its
/// subtotals, the 红榜 / 黑榜, a bar chart of rates, the weekly trend and the overdue list,
/// ready to print on A4.
///
/// The page loads nothing and runs nothing: styles are inline, charts are inline SVG, and a
/// Content-Security-Policy forbids everything else, so a hostile name can at worst be shown.
/// Every text that came from data passes through `markupEscaped`, in SVG too.
///
/// The main table follows the station's weekly sheet (grid-model §4 R1): when the report has
/// roll-ups, the rows sit under their 社区 and 街道 with a subtotal row after each, and each
/// row keeps its overall rank, so one table answers both "how is my community doing" and
/// "who is last". The bar chart and the lists give the pure ranking. Rows carry stable hooks
/// for tests and tools: `data-row` (`group`, `subtotal`, `total`), `data-key`, `data-count`
/// per cell, `data-rate` on rate cells.
///
/// The overdue list shows each hazard's kept before/after photos (`ReportDocument/photos`)
/// as small thumbnails inside the page (`data:` URLs, which the CSP allows): at most
/// `HazardPhotos/maximumPerRole` of each, for the ``maximumPhotoHazards`` most overdue
/// hazards, and ``maximumPhotoBytes`` for the whole page. A report without photos is the same
/// page, byte for byte, as before photos were shown.
public struct HTMLExporter: ReportExporter {
    /// The photo bytes one page embeds at most, by default: eight photos of the largest kind
    /// embedded (`NoticePhoto/maximumBytes`), so a long overdue list stays a page a browser
    /// and a mail attachment can carry.
    public static let standardPhotoBytes = 16 << 20
    /// How many overdue hazards, the most overdue first, have their photos looked up by
    /// default: each look-up reads the hazard's events again, and a city's list is long.
    public static let standardPhotoHazards = 200

    /// The photo bytes this exporter embeds in one page at most. 0 shows none.
    public let maximumPhotoBytes: Int
    /// How many overdue hazards at most have their photos shown. 0 shows none.
    public let maximumPhotoHazards: Int

    /// An exporter embedding at most `maximumPhotoBytes` of photos per page, of the first
    /// `maximumPhotoHazards` overdue hazards; a note under the list says when photos were left out.
    public init(
        maximumPhotoBytes: Int = HTMLExporter.standardPhotoBytes, maximumPhotoHazards: Int = HTMLExporter.standardPhotoHazards
    ) {
        self.maximumPhotoBytes = max(maximumPhotoBytes, 0)
        self.maximumPhotoHazards = max(maximumPhotoHazards, 0)
    }

    public var name: String { "html" }
    public var mediaType: String { "text/html; charset=utf-8" }
    public var fileExtension: String { "html" }
    /// Reports, the hazard ledger, venue files and inspection plans.
    public var kinds: Set<ExportDocumentKind> { [.report, .ledger, .venue, .plan] }
    public var summary: LocalizedText {
        LocalizedText(["zh-CN": "HTML 报表（图表、红黑榜、可打印）", "en": "HTML report with charts, red/black lists, print-ready"])
    }

    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        let page = ReportPage(
            document: document, options: options, output: output,
            photoBudget: PhotoBudget(bytes: maximumPhotoBytes, hazards: maximumPhotoHazards))
        try page.write()
        try output.flush()
    }
}

/// One rendering of a report; its sections write in page order.
private struct ReportPage {
    let document: ReportDocument
    let options: ExportOptions
    let output: ExportOutput
    let photoBudget: PhotoBudget

    var l: DisplayLanguage { options.language }
    var report: RectificationReport { document.report }
    var levelLabel: String { report.by.label(l) }

    func write() throws {
        let title = options.title ?? report.title(l, options.stationTime)
        try output.write(HTMLPage.opening(language: l, title: title, css: ReportStyle.css))
        try output.write("""
            <header>
            <h1 data-hook="title">\(title.markupEscaped)</h1>
            <p class="meta">\(l.pick("统计口径：", "Grouped by: "))\(levelLabel.markupEscaped)　·　\(l.pick("截至", "As of")) \(options.stationTime.show(report.asOf).markupEscaped)　·　\(l.pick("生成时间", "Generated")) <span data-hook="generated">\(options.stationTime.show(document.generatedAt).markupEscaped)</span></p>
            \(document.conflictsNote(l).map { "<p class=\"note\" data-hook=\"conflicts\">\($0.markupEscaped)</p>\n" } ?? "")</header>

            """)
        try writeKeyFigures()
        try writeRankedTable()
        try writeLists()
        try writeCharts()
        try writeOverdue()
        try writeJointChecks()
        try writeColours()
        try output.write("<footer class=\"meta\">\(l.pick("整改率 = 已销号 ÷ 发现隐患；按期整改率 = 按期整改 ÷ 应整改；分母为 0 时显示 “—”。", "Rate = closed ÷ found; on-time rate = on time ÷ due; “—” where the denominator is 0.").markupEscaped)</footer>\n</body>\n</html>\n")
    }

    // MARK: Key figures

    private func writeKeyFigures() throws {
        let total = report.total
        let figures: [(CountColumn, String)] = [
            (.found, String(total.found)), (.closed, String(total.closed)), (.rate, HazardCounts.percentText(total.rate)),
            (.onTimeRate, HazardCounts.percentText(total.onTimeRate)), (.overdue, String(total.overdue)), (.deferred, String(total.deferred)),
        ]
        var html = "<section class=\"cards\" aria-label=\"\(l.pick("总体情况", "Overview"))\">\n"
        for (column, value) in figures {
            let alert = column == .overdue && total.overdue > 0 ? " alert" : ""
            html += "<div class=\"card\(alert)\" data-figure=\"\(column.rawValue)\"><div class=\"value\">\(value.markupEscaped)</div><div class=\"label\">\(column.label(l).markupEscaped)</div></div>\n"
        }
        html += "</section>\n"
        try output.write(html)
    }

    // MARK: The ranked table

    private func writeRankedTable() throws {
        var head = "<section id=\"ranking\">\n<h2>\(l.pick("整改情况统计表", "Rectification by \(levelLabel)").markupEscaped)</h2>\n"
        if !document.rollUps.isEmpty {
            let levels = document.rollUps.map { $0.level.label(l) }.joined(separator: l.pick("、", ", "))
            head += "<p class=\"note\">\(l.pick("按上级分组列出，每组后为小计（\(levels)）；排名为全表名次。", "Rows are grouped under their \(levels), each group followed by its subtotal; ranks are overall.").markupEscaped)</p>\n"
        }
        head += "<table class=\"report\">\n<thead><tr><th scope=\"col\">\(l.pick("排名", "Rank"))</th><th scope=\"col\">\(l.pick("编码", "Code"))</th><th scope=\"col\">\(l.pick("名称", "Name"))</th>"
        for column in CountColumn.allCases { head += "<th scope=\"col\">\(column.label(l).markupEscaped)</th>" }
        head += "<th scope=\"col\">\(l.pick("红黑榜", "List"))</th></tr></thead>\n<tbody>\n"
        try output.write(head)

        try RollUpLayout(report: report, rollUps: document.rollUps).walk { row in
            switch row {
            case .group(let index):
                guard report.groups.indices.contains(index) else { return }
                // Ranked like Core's table: groups with nothing found have no rank.
                let group = report.groups[index]
                try output.write(groupRow(group, rank: group.counts.found > 0 ? index + 1 : nil))
            case .subtotal(let level, let group):
                try output.write(subtotalRow(group, level: level))
            }
        }
        var total = "<tr class=\"total\" data-row=\"total\" data-total=\"\"><td></td><th scope=\"row\" colspan=\"2\">\(l.pick("合计", "Total"))</th>"
        total += countCells(report.total) + "<td></td></tr>\n</tbody>\n</table>\n</section>\n"
        try output.write(total)
    }

    private func groupRow(_ group: RectificationReport.Group, rank: Int?) -> String {
        let standing = options.thresholds.standing(of: group.counts.rate)
        var row = "<tr class=\"group\(standing.map { " " + $0.rawValue } ?? "")\" data-row=\"group\" data-key=\"\(group.key.markupEscaped)\">"
        row += "<td class=\"num\" data-count=\"rank\">\(rank.map(String.init) ?? "")</td>"
        row += "<td class=\"code\" data-col=\"code\">\(group.key.markupEscaped)</td>"
        row += "<td data-col=\"name\">\(group.displayName(by: report.by, l).markupEscaped)</td>"
        row += countCells(group.counts)
        row += "<td data-col=\"list\">\(standing.map(badge) ?? "")</td></tr>\n"
        return row
    }

    private func subtotalRow(_ group: RectificationReport.Group, level: AreaLevel) -> String {
        let name = group.name.markupEscaped
        var row = "<tr class=\"subtotal level-\(level.rawValue)\" data-row=\"subtotal\" data-key=\"\(group.key.markupEscaped)\" data-level=\"\(level.rawValue)\">"
        row += "<td></td><td class=\"code\" data-col=\"code\">\(group.key.markupEscaped)</td>"
        row += "<th scope=\"row\" data-col=\"name\">\(name) <span class=\"tag\">\(l.pick("\(level.label(l))小计", "\(level.label(l)) subtotal").markupEscaped)</span></th>"
        row += countCells(group.counts) + "<td></td></tr>\n"
        return row
    }

    private func countCells(_ counts: HazardCounts) -> String {
        var cells = ""
        for column in CountColumn.allCases {
            if column.isRate {
                let rate = column.rate(counts)
                let attribute = HTMLFormatting.rateAttribute(rate).map { " data-rate=\"\($0)\"" } ?? ""
                cells += "<td class=\"num rate\" data-count=\"\(column.rawValue)\"\(attribute)>\(HazardCounts.percentText(rate))</td>"
            } else {
                cells += "<td class=\"num\" data-count=\"\(column.rawValue)\">\(column.count(counts).map(String.init) ?? "")</td>"
            }
        }
        return cells
    }

    private func badge(_ standing: RateStanding) -> String {
        "<span class=\"badge \(standing.rawValue)\">\(standing.label(l).markupEscaped)</span>"
    }

    // MARK: 红榜 / 黑榜

    private func writeLists() throws {
        let thresholds = options.thresholds
        let rule = l.pick(
            "整改率 ≥ \(HazardCounts.percentText(thresholds.honour)) 上红榜，低于 \(HazardCounts.percentText(thresholds.warning)) 上黑榜；未发现隐患的\(levelLabel)不上榜。",
            "Rate ≥ \(HazardCounts.percentText(thresholds.honour)) goes on the honour roll, below \(HazardCounts.percentText(thresholds.warning)) on the warning list; a \(levelLabel) with nothing found is on neither.")
        var html = "<section id=\"lists\">\n<h2>\(l.pick("红黑榜", "Honour roll and warning list"))</h2>\n<p class=\"note\">\(rule.markupEscaped)</p>\n<div class=\"lists\">\n"
        for standing in [RateStanding.honour, .warning] {
            html += "<div class=\"list \(standing.rawValue)\" id=\"\(standing.rawValue)-list\" data-list=\"\(standing.rawValue)\">\n<h3>\(standing.label(l).markupEscaped)</h3>\n"
            var entries = ""
            var count = 0
            // The place is written out (not a list marker) so it prints and copies with the entry.
            for group in report.groups where thresholds.standing(of: group.counts.rate) == standing {
                count += 1
                entries += "<li data-key=\"\(group.key.markupEscaped)\"><span class=\"place\">\(count)</span><span class=\"name\">\(group.displayName(by: report.by, l).markupEscaped)</span><span class=\"code\">\(group.key.markupEscaped)</span><span class=\"rate\">\(HazardCounts.percentText(group.counts.rate))</span></li>\n"
            }
            html += count == 0 ? "<p class=\"none\">\(l.pick("无", "None"))</p>\n" : "<ol>\n" + entries + "</ol>\n"
            html += "</div>\n"
        }
        html += "</div>\n</section>\n"
        try output.write(html)
    }

    // MARK: Joint checks

    /// The joint checks per department that took part; nothing when the report has none.
    private func writeJointChecks() throws {
        guard let table = try document.table(named: "joint-checks", options), !document.jointChecks.isEmpty else { return }
        try writeTableSection(table, id: "joint-checks", heading: table.title)
    }

    /// A table of the report as a section of its own: heading, header row, rows, notes under it.
    /// `attributes` go into each column's cells (` class="…"`), the same for every row.
    private func writeTableSection(_ table: ReportTable, id: String, heading: String, attributes: [String]? = nil) throws {
        let attributes = attributes ?? Array(repeating: "", count: table.columns.count)
        var html = "<section id=\"\(id)\">\n<h2>\(heading.markupEscaped)</h2>\n<table>\n<thead><tr>"
        for (column, attribute) in zip(table.columns, attributes) { html += "<th\(attribute)>\(column.markupEscaped)</th>" }
        html += "</tr></thead>\n<tbody>\n"
        let notes = try table.forEachRowWithNotes { cells in
            html += "<tr>" + zip(cells, attributes).map { "<td\($1)>\($0.text(options.stationTime).markupEscaped)</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        for note in notes { html += "<p class=\"note\">\(note.markupEscaped)</p>\n" }
        html += "</section>\n"
        try output.write(html)
    }

    // MARK: Venue colours

    /// The venues by colour per area, when the report was asked for them.
    private func writeColours() throws {
        guard let colours = document.colours, let table = try document.table(named: "colours", options) else { return }
        // The red, yellow and green columns (the fourth to sixth) in their colours.
        try writeTableSection(
            table, id: "colours", heading: colours.title(l),
            attributes: ["", "", "", " class=\"colour red\"", " class=\"colour yellow\"", " class=\"colour green\"", ""])
    }

    // MARK: Charts

    private func writeCharts() throws {
        var html = "<section id=\"charts\">\n<h2>\(l.pick("\(levelLabel)整改率", "Rate by \(levelLabel)").markupEscaped)</h2>\n"
        html += RateBarChart(report: report, thresholds: options.thresholds, language: l).render()
        html += "<h2>\(l.pick("周趋势", "Weekly trend"))</h2>\n"
        html += TrendChart(points: try document.trend, language: l).render()
        html += "</section>\n"
        try output.write(html)
    }

    // MARK: The overdue list

    /// Written row by row from the streamed list: nothing is collected, so a city's list of
    /// hundreds of thousands of hazards costs no more memory than one row.
    private func writeOverdue() throws {
        var head = "<section id=\"overdue\">\n<h2>\(l.pick("逾期清单", "Overdue hazards")) <span class=\"count\" data-hook=\"overdue-count\">\(document.overdue.count)</span></h2>\n"
        head += "<p class=\"note\">\(l.pick("逾期隐患时间灯一律为红灯；按逾期天数由多到少排列。", "Every overdue hazard has a red time light; most overdue first.").markupEscaped)</p>\n"
        let columns = [
            l.pick("时间灯", "Light"), l.pick("隐患编号", "Hazard"), l.pick("场所", "Venue"), l.pick("隐患", "Hazard title"), l.pick("等级", "Severity"),
            l.pick("整改期限", "Deadline"), l.pick("逾期天数", "Days overdue"), l.pick("延期次数", "Extensions"),
            l.pick("网格 / 网格员", "Grid / grid worker"), l.pick("警格 / 责任民警", "Police grid / officer"),
        ]
        // The severity's heading is as short as its cells: it stays on one line like them.
        head += "<table class=\"overdue\">\n<thead><tr>" + columns.enumerated().map { index, name in
            "<th scope=\"col\"\(index == 4 ? " class=\"severity\"" : "")>\(name.markupEscaped)</th>"
        }.joined() + "</tr></thead>\n<tbody>\n"
        try output.write(head)

        var written = 0
        // The years of the provisional deadlines shown, for the hint under the list.
        var provisionalYears = Set<Int>()
        var photos = photoBudget
        try document.overdue.forEach { entry in
            written += 1
            if entry.deadlineProvisional { provisionalYears.insert(options.stationTime.day(of: entry.deadline).year) }
            // Once the page's photo budget is spent, later hazards' photos are not even read.
            let shown = photos.isSpent ? HazardPhotos() : photos.take(try document.photos.photos(ofHazard: entry.hazardID))
            try output.write(overdueRow(entry, photos: shown, time: options.stationTime))
        }
        if written == 0 {
            try output.write("<tr class=\"none\"><td colspan=\"\(columns.count)\">\(l.pick("无逾期隐患", "No overdue hazards"))</td></tr>\n")
        }
        var tail = "</tbody>\n</table>\n"
        if !provisionalYears.isEmpty {
            let hint = ProvisionalDates.hint(years: provisionalYears, l)
            tail += "<p class=\"note\" data-hook=\"provisional-hint\">\(hint.markupEscaped)</p>\n"
        }
        if let note = photos.leftOutNote(more: written > photoBudget.hazards, l) {
            tail += "<p class=\"note\" data-hook=\"photos-left-out\">\(note.markupEscaped)</p>\n"
        }
        try output.write(tail + "</section>\n")
    }

    private func overdueRow(_ entry: OverdueEntry, photos: HazardPhotos, time: StationTime) -> String {
        let light = entry.timeLight
        var row = "<tr data-hazard=\"\(entry.hazardID.markupEscaped)\">"
        row += "<td><span class=\"light \(light.rawValue)\"><span class=\"dot\" aria-hidden=\"true\"></span>\(light.label(l).markupEscaped)</span></td>"
        row += "<td class=\"code\" data-col=\"hazard\">\(entry.hazardID.markupEscaped)</td>"
        row += "<td>\(entry.venueName.markupEscaped)<div class=\"sub code\">\(entry.venueID.markupEscaped)</div></td>"
        row += "<td>\(entry.title.resolved(for: l).markupEscaped)<div class=\"sub\" data-col=\"category\">\(HazardCategory.label(entry.category, l).markupEscaped)</div>"
        row += thumbnails(photos) + "</td>"
        row += "<td class=\"severity\" data-col=\"severity\">\(entry.severity.label(l).markupEscaped)</td>"
        row += deadlineCell(entry, time: time)
        row += "<td class=\"num\" data-col=\"days-overdue\">\(entry.daysOverdue)</td>"
        row += "<td class=\"num\">\(entry.extensions)</td>"
        row += "<td>\(reference(entry.grid))</td><td>\(reference(entry.policeGrid))</td></tr>\n"
        return row
    }

    /// The before/after thumbnails under the hazard's title; nothing at all when it has none,
    /// so a report without photos keeps its bytes. Styled inline: the page's shared style
    /// sheet stays as it was.
    private func thumbnails(_ photos: HazardPhotos) -> String {
        guard !photos.isEmpty else { return "" }
        var html = "<div class=\"sub\" data-photos=\"\">"
        for (role, shown) in [(EvidenceRole.before, photos.before), (.after, photos.after)] where !shown.isEmpty {
            let label = role == .before ? l.pick("整改前", "before") : l.pick("整改后", "after")
            html += "<span data-role=\"\(role.rawValue)\">\(label.markupEscaped) "
            for photo in shown {
                let alt = label + l.pick("照片 ", " photo ") + String(photo.hash.hex.prefix(12))
                html += "<img src=\"\(photo.dataURL)\" alt=\"\(alt.markupEscaped)\" style=\"\(Self.thumbnailStyle)\">"
            }
            html += "</span> "
        }
        return html + "</div>"
    }

    /// A thumbnail's size and frame (the tallest a table row grows by).
    static let thumbnailStyle =
        "height:48px;max-width:96px;object-fit:cover;margin:2px 4px 0 0;vertical-align:top;border:1px solid #d5dbe1"

    /// The deadline; a provisional one carries the mark right after it (on a line of its own,
    /// like the other cells' second lines, so the column stays narrow) and a `data-provisional`
    /// hook.
    private func deadlineCell(_ entry: OverdueEntry, time: StationTime) -> String {
        let shown = time.show(entry.deadline).markupEscaped
        guard entry.deadlineProvisional else { return "<td class=\"num\" data-col=\"deadline\">\(shown)</td>" }
        let mark = "<div class=\"sub\">\(ProvisionalDates.mark(l).markupEscaped)</div>"
        return "<td class=\"num\" data-col=\"deadline\" data-provisional=\"\">\(shown)\(mark)</td>"
    }

    private func reference(_ area: AreaReference) -> String {
        var text = "\(area.name.markupEscaped) <span class=\"code\">\(area.code.markupEscaped)</span>"
        if let follower = area.follower, !follower.isEmpty { text += "<div class=\"sub\">\(follower.markupEscaped)</div>" }
        return text
    }
}

/// What is left of a page's photos: hazards are taken in list order, their photos while they
/// fit, and once one does not fit (or the hazards run out) no more are read.
private struct PhotoBudget {
    /// The page's limits.
    let bytes: Int, hazards: Int
    private var bytesLeft: Int, hazardsLeft: Int
    /// Whether a photo was left out for want of bytes.
    private var bytesRanOut = false
    /// Whether any photo is on the page (a page without any says nothing about photos).
    private var shownAny = false

    init(bytes: Int, hazards: Int) {
        self.bytes = bytes
        self.hazards = hazards
        bytesLeft = bytes
        hazardsLeft = hazards
    }

    // A budget spent to the byte still reads the next hazard's photos: one of them not
    // fitting is what tells the note to say so.
    var isSpent: Bool { bytesRanOut || bytes == 0 || hazardsLeft <= 0 }

    mutating func take(_ photos: HazardPhotos) -> HazardPhotos {
        hazardsLeft -= 1
        return HazardPhotos(before: take(photos.before), after: take(photos.after))
    }

    private mutating func take(_ photos: [NoticePhoto]) -> [NoticePhoto] {
        var taken: [NoticePhoto] = []
        for photo in photos {
            guard !bytesRanOut, photo.data.count <= bytesLeft else {
                bytesRanOut = true
                break
            }
            bytesLeft -= photo.data.count
            taken.append(photo)
            shownAny = true
        }
        return taken
    }

    /// The line under the list when photos were left out: by the byte limit, or because the
    /// list is longer than the hazards shown with photos (`more`). None when the page has no
    /// photo, so a report without photos keeps its bytes.
    func leftOutNote(more: Bool, _ l: DisplayLanguage) -> String? {
        guard shownAny else { return nil }
        if bytesRanOut {
            let limit = bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : l.pick("\(bytes) 字节", "\(bytes) bytes")
            return l.pick(
                "本页照片已达上限（\(limit)），其余照片未嵌入；请用 safegrid hazard show 查看。",
                "The photos on this page reached its limit (\(limit)); the rest are not embedded: see safegrid hazard show.")
        }
        guard more else { return nil }
        return l.pick(
            "照片只附于逾期最久的 \(hazards) 处隐患；其余请用 safegrid hazard show 查看。",
            "Photos are shown for the \(hazards) most overdue hazards only; for the rest see safegrid hazard show.")
    }
}

/// The order of the main table's rows: each report row under its parent, each subtotal row
/// after its children, top level last. Rows whose parent is not among the roll-ups (or whose
/// parent's key appears twice) are still shown exactly once, after the tree.
struct RollUpLayout {
    enum Row {
        /// `report.groups[index]`.
        case group(Int)
        /// A subtotal row of a roll-up level.
        case subtotal(AreaLevel, RectificationReport.Group)
    }

    let report: RectificationReport
    let rollUps: [RollUp]

    func walk(_ body: (Row) throws -> Void) throws {
        // Level -1 is the report's own rows; level i ≥ 0 is rollUps[i] (nearest first).
        let top = rollUps.count - 1
        var childIndices: [[String: [Int]]] = []
        var shown: [[Bool]] = []
        for level in -1..<rollUps.count {
            let groups = level < 0 ? report.groups : rollUps[level].groups
            var byParent: [String: [Int]] = [:]
            for (index, group) in groups.enumerated() {
                if let parent = group.parent { byParent[parent, default: []].append(index) }
            }
            childIndices.append(byParent)
            shown.append(Array(repeating: false, count: groups.count))
        }

        func emit(level: Int, index: Int) throws {
            guard !shown[level + 1][index] else { return }
            shown[level + 1][index] = true
            guard level >= 0 else { return try body(.group(index)) }
            let group = rollUps[level].groups[index]
            for child in childIndices[level][group.key] ?? [] { try emit(level: level - 1, index: child) }
            try body(.subtotal(rollUps[level].level, group))
        }

        // The top level in code order, each with its tree; then the orphans, highest level
        // first, each with whatever children it has.
        for level in stride(from: top, through: -1, by: -1) {
            for index in shown[level + 1].indices { try emit(level: level, index: index) }
        }
    }
}
