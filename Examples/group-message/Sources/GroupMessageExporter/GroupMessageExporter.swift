public import SafeGridCore

/// A summary short enough to paste into a messaging group (a WeChat or DingTalk work group):
/// the total rate and its change over the last week, the red and black lists, and the most
/// overdue hazards with who follows them.
///
/// It only renders what the report document holds, like every exporter.
public struct GroupMessageExporter: ReportExporter {
    /// How many groups each list shows, and how many overdue hazards.
    public var listLength: Int

    /// A summary listing `listLength` groups per list and overdue hazards.
    public init(listLength: Int = 3) { self.listLength = max(1, listLength) }

    public var name: String { "group-message" }
    public var mediaType: String { "text/plain; charset=utf-8" }
    public var fileExtension: String { "txt" }
    public var summary: LocalizedText {
        LocalizedText(["zh-CN": "工作群通报（纯文本摘要）", "en": "A plain-text summary for a messaging group"])
    }

    public var kinds: Set<ExportDocumentKind> { [.report, .reminders] }

    /// Reminders as one message per person, ready to send to each (or to the group with an
    /// @-mention): the person, then their hazards, one line each, the escalated ones marked.
    public func export(_ reminders: ReminderList, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        func plain(_ text: String) -> String {
            String(text.unicodeScalars.map { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : Character($0) })
        }
        var messages: [String] = []
        for person in reminders.people {
            var lines = ["@\(plain(person.label(l)))" + l.pick(" 请跟进：", ", please follow up:")]
            for item in person.items.prefix(listLength * 3) {
                let mark = item.escalation >= .leaders ? l.pick("【升级】", "[escalated] ") : ""
                lines.append("· " + mark + plain(item.line(l, options.stationTime)))
            }
            if person.items.count > listLength * 3 {
                lines.append(l.pick("……共 \(person.items.count) 条", "… \(person.items.count) in all"))
            }
            messages.append(lines.joined(separator: "\n"))
        }
        try output.write("【\(plain(reminders.title(l, options.stationTime)))】\n" + messages.map { "\n" + $0 + "\n" }.joined())
    }

    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let report = document.report
        // One line per name: a name with a line break must not forge a line of the message.
        func plain(_ text: String) -> String {
            String(text.unicodeScalars.map { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : Character($0) })
        }
        var lines = ["【\(plain(options.title ?? report.title(l, options.stationTime)))】"]
        let total = report.total
        var rateLine = l.pick(
            "整改率 \(HazardCounts.percentText(total.rate))（已销号 \(total.closed)/发现 \(total.found)），按期整改率 \(HazardCounts.percentText(total.onTimeRate))，逾期 \(total.overdue)",
            "Rate \(HazardCounts.percentText(total.rate)) (\(total.closed) closed of \(total.found) found), on time \(HazardCounts.percentText(total.onTimeRate)), \(total.overdue) overdue")
        let trend = try document.trend
        if trend.count >= 2, let now = trend.last?.counts.rate, let before = trend[trend.count - 2].counts.rate {
            let points = ((now - before) * 1000).rounded() / 10
            rateLine += l.pick("，较上周 \(points >= 0 ? "+" : "")\(points) 个百分点", ", \(points >= 0 ? "+" : "")\(points) points on last week")
        }
        lines.append(rateLine)
        let ranked = report.groups.filter { $0.counts.rate != nil }
        for standing in [RateStanding.honour, .warning] {
            var members = ranked.filter { options.thresholds.standing(of: $0.counts.rate) == standing }
            if standing == .warning { members.reverse() }
            guard !members.isEmpty else { continue }
            let shown = members.prefix(listLength).map {
                "\(plain($0.displayName(by: report.by, l))) \(HazardCounts.percentText($0.counts.rate))"
            }
            let more = members.count > listLength ? l.pick(" 等 \(members.count) 个", " and \(members.count - listLength) more") : ""
            lines.append("\(standing.label(l))：" + shown.joined(separator: l.pick("、", ", ")) + more)
        }
        if document.overdue.count > 0 {
            lines.append(l.pick("逾期最久：", "Most overdue:"))
            for entry in try document.overdue.prefix(listLength) {
                let follower = [entry.grid.follower, entry.policeGrid.follower].compactMap { $0 }.map(plain).joined(separator: "/")
                lines.append(l.pick(
                    "· \(plain(entry.venueName))：\(plain(entry.title.resolved(for: l)))，逾期 \(entry.daysOverdue) 天\(follower.isEmpty ? "" : "，请 \(follower) 跟进")",
                    "· \(plain(entry.venueName)): \(plain(entry.title.resolved(for: l))), \(entry.daysOverdue) days overdue\(follower.isEmpty ? "" : "; \(follower) to follow up")"))
            }
        }
        try output.write(lines.joined(separator: "\n") + "\n")
    }
}
