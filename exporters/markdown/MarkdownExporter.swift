public import SafeGridCore
import Foundation

/// A report, or a rectification notice, as Markdown that people paste into a document or a
/// work chat: a title, the as-of line, then the report's tables (GitHub-flavoured pipe tables)
/// in the layout Core gives every tabular format.
///
/// Everything that comes from data is escaped (`MarkdownText`), so a name can neither break a
/// table nor become emphasis, a link or raw HTML.
public struct MarkdownExporter: ReportExporter {
    public init() {}
    public var name: String { "md" }
    public var mediaType: String { "text/markdown; charset=utf-8" }
    public var fileExtension: String { "md" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "Markdown 表格", "en": "Markdown tables"]) }
    public var kinds: Set<ExportDocumentKind> { [.report, .notice, .reminders, .reinspection] }

    /// Reminders: the title, then a section per person (their roles) with a table of their
    /// hazards: kind, hazard, venue, item, deadline and what is due.
    public func export(_ reminders: ReminderList, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let time = options.stationTime
        func esc(_ text: String) -> String { MarkdownText.escaped(text) }
        try output.write("# " + esc(options.title ?? reminders.title(l, time)) + "\n")
        for person in reminders.people {
            try output.write("\n## " + esc(person.label(l)) + "\n\n")
            let roles = person.roles.map { $0.label(l) }.joined(separator: l.pick("、", ", "))
            if !roles.isEmpty { try output.write(esc(roles) + "\n\n") }
            let header = [l.pick("类型", "Kind"), l.pick("隐患", "Hazard"), l.pick("场所", "Venue"), l.pick("检查项", "Item"),
                          l.pick("期限", "Deadline"), l.pick("情况", "Status")]
            try output.write(MarkdownTable.row(header) + MarkdownTable.rule(header.count))
            for item in person.items {
                var state: String
                switch item.kind {
                case .overdue: state = l.pick("逾期 \(item.workingDaysOverdue) 个工作日", "\(item.workingDaysOverdue) working days overdue")
                case .reinspection: state = l.pick("复查期限 ", "re-inspection due ") + (item.reinspectionDue.map { time.day(of: $0).description } ?? "—")
                case .dueSoon: state = l.pick("即将到期", "due soon")
                }
                if item.escalation >= .leaders { state += l.pick("；", "; ") + item.escalation.label(l) }
                let cells = [item.kind.label(l), item.hazardID, item.venueName == item.venueID ? item.venueID : "\(item.venueName) (\(item.venueID))", item.title.resolved(for: l),
                             time.day(of: item.deadline).description, state]
                try output.write(MarkdownTable.row(cells))
            }
        }
        try output.write("\n" + esc(l.pick("共 \(reminders.hazardCount) 条隐患，提醒 \(reminders.people.count) 人。",
                                           "\(reminders.hazardCount) hazards, \(reminders.people.count) people reminded.")) + "\n")
        try output.flush()
    }

    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let time = options.stationTime
        let report = document.report
        try output.write("# " + MarkdownText.escaped(options.title ?? report.title(l, time)) + "\n\n")

        var asOf = l.pick("统计截至：", "As of: ") + time.show(report.asOf)
        if let recorded = report.asRecordedAt {
            asOf += l.pick("；登记截至：", "; as recorded at: ") + time.show(recorded)
        }
        asOf += l.pick("；生成时间：", "; generated: ") + time.show(document.generatedAt)
        try output.write(MarkdownText.escaped(asOf) + "\n")
        if let note = document.conflictsNote(l) { try output.write("\n" + MarkdownText.escaped(note) + "\n") }

        for name in ReportDocument.tableNames {
            // The joint checks only when there were any: a report without them reads as before.
            if name == "joint-checks" && document.jointChecks.isEmpty { continue }
            if name == "colours" && document.colours == nil { continue }
            guard let table = try document.table(named: name, options) else { continue }
            // The groups table's own title is the report title, already the page heading.
            let heading = name == "groups" ? l.pick("按\(report.by.label(l))排名", "Ranking by \(report.by.label(l))")
                : name == "colours" ? document.colours?.title(l) ?? table.title : table.title
            try output.write("\n## " + MarkdownText.escaped(heading) + "\n\n")
            if name == "overdue" {
                try output.write(MarkdownText.escaped(l.pick("共 \(table.rowCount) 条。", "\(table.rowCount) in all.")) + "\n\n")
            }
            // A note under the table (the provisional-dates hint), known once its rows are written.
            for note in try MarkdownTable.write(table, time, l, to: output) {
                try output.write("\n" + MarkdownText.escaped(note) + "\n")
            }
        }
        try output.flush()
    }

    public func export(_ notice: RectificationNotice, options: ExportOptions, to output: ExportOutput) throws {
        typealias W = RectificationNotice.Wording
        let l = options.language
        let time = options.stationTime
        func esc(_ text: String) -> String { MarkdownText.escaped(text) }
        func field(_ label: W.Field, _ value: String) -> String { "- **\(esc(W.label(label, l)))**" + l.pick("：", ": ") + esc(value) + "\n" }
        func area(_ area: AreaReference) -> String {
            area.follower.map { area.name + l.pick("（\($0)）", " (\($0))") } ?? area.name
        }
        let blank = "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"

        var text = "# " + esc(W.title(l)) + "\n\n"
        text += "**\(esc(W.label(.number, l)))**" + l.pick("：", ": ") + esc(notice.number) + "\n\n"
        text += field(.venue, notice.venue.name)
        text += field(.address, notice.venue.address)
        text += field(.responsible, notice.venue.contact)
        text += field(.grid, area(notice.grid))
        text += field(.policeGrid, area(notice.policeGrid))
        text += "\n" + esc(W.opening(notice, time, l)) + "\n\n"
        try output.write(text)

        let columns: [W.Field] = [.item, .hazard, .found, .basis, .severity, .deadline, .evidence]
        try output.write(MarkdownTable.row(columns.map { W.label($0, l) }))
        try output.write(MarkdownTable.rule(columns.count))
        var provisionalYears = Set<Int>()
        for (index, item) in notice.items.enumerated() {
            var deadline = time.show(item.deadline)
            if item.deadlineProvisional {
                deadline += ProvisionalDates.mark(l)
                provisionalYears.insert(time.day(of: item.deadline).year)
            }
            var hazard = item.title.resolved(for: l)
            if let finding = item.finding?.resolved(for: l), !finding.isEmpty { hazard += l.pick("：", ": ") + finding }
            if let note = item.note, !note.isEmpty { hazard += l.pick("（备注：\(note)）", " (note: \(note))") }
            // The hazard's number, which the venue quotes when it asks for re-inspection.
            hazard += l.pick("（编号 \(item.hazardID)）", " (no. \(item.hazardID))")
            try output.write(MarkdownTable.row([
                String(index + 1), hazard, W.found(item, time, l), W.basis(item, l), item.severity.label(l), deadline, W.evidence(item, l),
            ]))
        }

        text = provisionalYears.isEmpty ? "" : "\n" + esc(ProvisionalDates.hint(years: provisionalYears, l)) + "\n"
        text += "\n" + esc(W.reinspection(notice, l)) + "\n\n"
        text += field(.issuer, notice.issuer.name)
        text += "- **\(esc(W.label(.inspectors, l)))**" + l.pick("：", ": ") + esc(notice.inspectors.joined(separator: l.pick("、", ", "))) + " " + blank + "\n"
        text += field(.issuedAt, time.day(of: notice.issuedAt).description)
        text += "\n---\n\n"
        text += "- **\(esc(W.label(.receipt, l)))**" + l.pick("：", ": ") + blank + "\n"
        text += "- **\(esc(W.label(.receivedAt, l)))**" + l.pick("：", ": ") + blank + "\n"
        text += "\n" + esc(W.label(.receiptNote, l)) + "\n"
        try output.write(text)
        try output.flush()
    }
}

/// Pipe tables from Core's `ReportTable` layout, row by row.
enum MarkdownTable {
    /// Writes the table and returns the notes that go under it (`ReportTable/forEachRowWithNotes(_:)`).
    static func write(_ table: ReportTable, _ time: StationTime, _ l: DisplayLanguage, to output: ExportOutput) throws -> [String] {
        guard table.rowCount > 0 else {
            try output.write(MarkdownText.escaped(l.pick("（无）", "(none)")) + "\n")
            return []
        }
        let width = table.columns.count
        try output.write(row(table.columns))
        try output.write(rule(width))
        return try table.forEachRowWithNotes { cells in
            // Pad or cut to the heading's width, so a row can never shift the columns.
            var texts = cells.prefix(width).map { $0.text(time) }
            texts += Array(repeating: "", count: width - texts.count)
            try output.write(row(texts))
        }
    }

    /// `| a | b |`, every cell escaped.
    static func row(_ cells: [String]) -> String {
        "| " + cells.map(MarkdownText.escaped).joined(separator: " | ") + " |\n"
    }

    /// The delimiter row under the headings.
    static func rule(_ width: Int) -> String {
        "|" + Array(repeating: " --- |", count: max(width, 1)).joined() + "\n"
    }
}

/// Escaping for text from data in Markdown (CommonMark and GitHub-flavoured).
enum MarkdownText {
    /// The ASCII punctuation that can start or end markup inside a line: emphasis, code spans,
    /// links and images (no `[`, so no `](` or `![`), headings' closing marks, strikethrough,
    /// table cells, and the escape character itself.
    private static func isBackslashed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\\", "|", "*", "_", "`", "[", "]", "#", "~": true
        default: false
        }
    }

    /// The text as inert Markdown on one line: markup characters backslash-escaped, `< > &`
    /// as entities (renderers pass raw HTML through), line breaks and tabs as spaces, other
    /// control characters as U+FFFD, and a leading block marker (`-`, `+`, `=`, `1.`, `1)`) escaped
    /// in case the text starts a paragraph.
    static func escaped(_ text: String) -> String {
        // Most texts (ids, names, dates) hold nothing to escape: checked byte by byte, they are
        // taken whole, and only the leading block marker is looked at. 0xC2 leads U+0085 and
        // 0xE2 leads U+2028 and U+2029 (and other characters, which take the slow way).
        let plain = !text.utf8.contains { byte in
            switch byte {
            case 0..<0x20, 0x7F, 0xC2, 0xE2, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "|"),
                UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "#"), UInt8(ascii: "~"):
                true
            default: false
            }
        }
        return plain ? escapedMarker(text) : escapedMarker(escapedCharacters(text))
    }

    /// Every character of the text escaped (see ``escaped(_:)``).
    private static func escapedCharacters(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\n" where previousWasCR: continue
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{85}": result += " "
            case _ where isBackslashed(scalar):
                result += "\\"
                result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\u{FFFD}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A paragraph that begins with a list, quote, heading or thematic-break marker would
    /// become that block: the marker escaped.
    private static func escapedMarker(_ text: String) -> String {
        var result = text
        guard let first = result.utf8.first else { return result }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "=") {
            result = "\\" + result
        } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), let dot = orderedListDot(result) {
            result.insert("\\", at: dot)
        }
        return result
    }

    /// Where the `.` or `)` of a leading ordered-list marker (`1. `, `1) `) is, if any.
    private static func orderedListDot(_ text: String) -> String.Index? {
        guard let dot = text.firstIndex(where: { !("0"..."9").contains($0) }), dot != text.startIndex,
              text.distance(from: text.startIndex, to: dot) <= 9, text[dot] == "." || text[dot] == ")"
        else { return nil }
        let after = text.index(after: dot)
        return after == text.endIndex || text[after] == " " ? dot : nil
    }
}
