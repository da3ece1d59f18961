import Foundation
import SafeGridCore
import SafeGridEngine

/// Draws the walk's current screen as lines that fit the terminal: long text wraps to the
/// width (CJK characters count two columns), and when the screen is too short the middle of
/// the item's text gives way so the input and the keys always show.
struct WalkScreen {
    enum Style { case plain, title, strong, dim, alert }

    let width: Int
    let height: Int
    /// ANSI colours: only on a terminal, never with NO_COLOR.
    let color: Bool

    private var body: [(String, Style)] = []
    private var footer: [(String, Style)] = []

    init(width: Int, height: Int, color: Bool) {
        self.width = max(width, 20)
        self.height = max(height, 6)
        self.color = color
    }

    /// The screen's lines, each at most `width` columns (escape codes aside).
    static func render(_ walk: InspectionWalk, width: Int, height: Int, color: Bool) -> [String] {
        var screen = WalkScreen(width: width, height: height, color: color)
        screen.draw(walk)
        return screen.lines()
    }

    private mutating func add(_ text: String, _ style: Style = .plain, footer inFooter: Bool = false, indent: Int = 0) {
        let margin = String(repeating: " ", count: indent)
        for line in Self.wrap(text, width: width - indent).map({ margin + $0 }) {
            if inFooter { footer.append((line, style)) } else { body.append((line, style)) }
        }
    }

    private func lines() -> [String] {
        var shown = body
        let room = height - footer.count
        if shown.count > room {
            shown = Array(shown.prefix(max(room - 1, 0))) + [("…", .dim)]
        }
        return (shown + footer).prefix(height).map { text, style in
            guard color else { return text }
            let code: String
            switch style {
            case .plain: return text
            case .title: code = "1;7"
            case .strong: code = "1"
            case .dim: code = "2"
            case .alert: code = "1;31"
            }
            return "\u{1B}[\(code)m\(text)\u{1B}[0m"
        }
    }

    // MARK: - Screens

    private mutating func draw(_ walk: InspectionWalk) {
        let l = walk.language
        let answered = walk.items.filter { walk.draft.answers[$0.id] != nil }.count
        add("\(walk.checklist.id) \(walk.checklist.version) · \(walk.venue.id) \(walk.venue.name) · "
            + l.pick("已答 \(answered)/\(walk.items.count)", "answered \(answered)/\(walk.items.count)"), .title)
        if walk.showingHelp { return help(l) }
        if walk.mode == .summary || walk.mode == .confirmAbandon { return summary(walk, l) }
        guard let item = walk.item else {
            add(l.pick("此检查表没有适用于该场所的检查项。", "No item of this checklist applies to this venue."))
            return summary(walk, l)
        }
        if let section = walk.checklist.sections.first(where: { $0.items.contains { $0.id == item.id } }) {
            add(l.pick("第 \(walk.position + 1)/\(walk.items.count) 项 · ", "Item \(walk.position + 1)/\(walk.items.count) · ")
                + section.title.resolved(for: l), .dim)
        }
        add("\(item.id) · " + l.pick("等级 ", "severity ") + item.severity.label(l) + " · " + l.pick("期限 ", "deadline ")
            + item.deadline.label(l), .strong)
        add(item.prompt.resolved(for: l), .strong)
        if let guidance = item.guidance { add(l.pick("说明：", "Guidance: ") + guidance.resolved(for: l)) }
        if let fail = item.failText { add(l.pick("不合格情形：", "Fails when: ") + fail.resolved(for: l)) }
        if let basis = item.basis { add(l.pick("依据：", "Basis: ") + basis, .dim) }
        if item.photo == .required { add(l.pick("不合格须附照片。", "A failure needs a photo."), .dim) }
        if let given = walk.draft.answers[item.id] { add(l.pick("已答：", "Answered: ") + Self.describe(given, item, l), .dim) }
        switch walk.mode {
        case .item, .value: answerInput(walk, item, l)
        default: failureDetails(walk, item, l)
        }
        if let message = walk.message { add(message, .alert, footer: true) }
        let keys = walk.mode == .item
            ? l.pick("a 不适用 · b 上一项 · s 汇总 · ? 帮助 · Ctrl-C 暂存退出", "a n/a · b back · s summary · ? help · Ctrl-C keep draft and quit")
            : l.pick("回车 确定 · Esc 取消此项 · Ctrl-C 暂存退出", "Enter ok · Esc cancel this answer · Ctrl-C keep draft and quit")
        add(keys, .dim, footer: true)
    }

    private mutating func answerInput(_ walk: InspectionWalk, _ item: ChecklistItem, _ l: DisplayLanguage) {
        switch item.response {
        case .passFail:
            add(l.pick("p/y 合格 · f/n 不合格", "p/y pass · f/n fail"), footer: true)
        case .yesNo(let failOn):
            add(l.pick("y 是 · n 否（答“\(failOn ? "是" : "否")”为不合格）· p 合格 · f 不合格",
                       "y yes · n no (\(failOn ? "yes" : "no") fails) · p pass · f fail"), footer: true)
        case .choice(let options):
            let entries = options.enumerated().map { number, option in
                "\(number + 1) " + option.label.resolved(for: l) + (option.fails ? l.pick("（不合格）", " (fails)") : "")
            }
            guard options.count > InspectionWalk.singleKeyChoices else {
                for entry in entries { add(entry, footer: true) }
                add(l.pick("按数字选择 · f 不合格", "press a number · f fail"), footer: true)
                return
            }
            for line in Self.columns(entries, width: width, maxRows: max(3, height / 3)) { add(line, footer: true) }
            if walk.mode == .value {
                let chosen = InspectionWalk.value(walk.line, for: item.response).flatMap { value in
                    options.first { AnswerValue.string($0.id) == value }
                }
                let hint = chosen.map { "  → " + $0.label.resolved(for: l) + ($0.fails ? l.pick("（不合格）", " (fails)") : "") } ?? ""
                add(l.pick("选项号（1–\(options.count)）：", "Option (1–\(options.count)): ") + walk.line + "_" + hint, footer: true)
            } else {
                add(l.pick("输入选项号后按回车 · f 不合格", "type the option's number, then Enter · f fail"), footer: true)
            }
        case .number(let unit, let min, let max):
            let range = [min.map { "≥ \($0)" }, max.map { "≤ \($0)" }].compactMap { $0 }.joined(separator: ", ")
            add(l.pick("数值", "Value") + (unit.map { " (\($0))" } ?? "") + (range.isEmpty ? "" : l.pick("，合格范围 ", ", passes ") + range)
                + ": " + walk.line + "_" + verdictHint(walk, item, l), footer: true)
        case .date(let maxAge):
            add(l.pick("日期（YYYY-MM-DD）", "Date (YYYY-MM-DD)")
                + (maxAge.map { l.pick("，不超过 \($0) 天", ", at most \($0) days ago") } ?? "") + ": " + walk.line + "_"
                + verdictHint(walk, item, l), footer: true)
        case .text:
            if walk.mode == .value {
                add(l.pick("文字：", "Text: ") + walk.line + "_", footer: true)
            } else {
                add(l.pick("t/回车 填写文字 · p 不填", "t/Enter type the text · p none"), footer: true)
            }
        }
    }

    /// Whether the value typed so far passes or fails, as recording will judge it.
    private func verdictHint(_ walk: InspectionWalk, _ item: ChecklistItem, _ l: DisplayLanguage) -> String {
        guard walk.mode == .value, let value = InspectionWalk.value(walk.line, for: item.response),
              let verdict = try? SafeGridEngine.verdict(of: AnswerInput(value: value), for: item, on: walk.inspectionDay)
        else { return "" }
        return verdict.outcome == .fail ? l.pick("  → 不合格", "  → fails") : l.pick("  → 合格", "  → passes")
    }

    private mutating func failureDetails(_ walk: InspectionWalk, _ item: ChecklistItem, _ l: DisplayLanguage) {
        add(l.pick("不合格：", "Fails: ") + Self.describe(walk.pending, item, l), .alert, footer: true)
        let typed = walk.line + "_"
        switch walk.mode {
        case .note: add(l.pick("备注（回车跳过）：", "Note (Enter to skip): ") + typed, footer: true)
        case .evidence:
            add(l.pick("证据文件（空格分隔；文件名含空格时加引号或写作 \\ 加空格；Tab 补全，回车跳过）：",
                       "Evidence files (space-separated; quote a name with spaces, or write \\ before each space; Tab completes, Enter to skip): ")
                + typed, footer: true)
        case .fixed: add(l.pick("当场整改？ y 是 · n 否", "Fixed on the spot? y yes · n no"), footer: true)
        case .severity:
            add(l.pick("等级：回车保持 \(walk.pendingSeverity.label(l)) · 1 重大 · 2 较大 · 3 一般",
                       "Severity: Enter keeps \(walk.pendingSeverity.label(l)) · 1 critical · 2 major · 3 minor"), footer: true)
        case .deadline:
            add(l.pick("期限：回车保持 \(item.deadline.label(l))，或输入 7d、3wd、日期：", "Deadline: Enter keeps \(item.deadline.label(l)), or type 7d, 3wd, a date: ")
                + typed, footer: true)
        case .reason: add(l.pick("改变等级或期限的理由：", "Reason for the change: ") + typed, footer: true)
        default: break
        }
    }

    private mutating func summary(_ walk: InspectionWalk, _ l: DisplayLanguage) {
        add(l.pick("汇总", "Summary"), .strong)
        let missing = walk.unanswered
        if !missing.isEmpty {
            add(l.pick("未回答 \(missing.count) 项：", "\(missing.count) items without an answer: ") + missing.map(\.id).joined(separator: " "), .alert)
        } else if let problem = walk.summaryProblem {
            add(problem, .alert)
        } else if walk.summary.isEmpty {
            add(l.pick("未发现隐患。", "No hazards."))
        } else {
            add(l.pick("将登记隐患 \(walk.summary.count) 处：", "\(walk.summary.count) hazards will be recorded:"))
            for hazard in walk.summary {
                add("\(hazard.itemID)  \(hazard.severity.label(l))  " + l.pick("期限 ", "due ") + hazard.deadline
                    + (hazard.fixedOnSpot ? l.pick("  当场整改", "  fixed on the spot") : ""), hazard.severity == .critical ? .alert : .plain)
                add(hazard.title, .dim, indent: 2)
            }
        }
        if let message = walk.message { add(message, .alert, footer: true) }
        if walk.mode == .confirmAbandon {
            add(l.pick("放弃此次检查并删除草稿？ y 放弃 · 其他键返回", "Abandon this inspection and delete the draft? y abandon · any other key returns"),
                .alert, footer: true)
        } else {
            add(l.pick("回车/c 确认登记 · b 返回 · x 放弃", "Enter/c confirm and record · b go back · x abandon"), footer: true)
        }
    }

    private mutating func help(_ l: DisplayLanguage) {
        add(l.pick("按键", "Keys"), .strong)
        for line in [
            l.pick("p / y  合格（是否题：y 是、n 否）", "p / y  pass (yes-no items: y yes, n no)"),
            l.pick("f / n  不合格：随后可填备注、证据文件、当场整改、改等级或期限及理由", "f / n  fail: then a note, evidence files, fixed on the spot, a severity or deadline change and its reason"),
            l.pick("       证据文件中含空格的文件名：'后门 出口.jpg' 或 后门\\ 出口.jpg；Tab 补全",
                   "       spaces in a name: 'exit blocked.jpg' or exit\\ blocked.jpg; Tab completes"),
            l.pick("a / -  不适用", "a / -  not applicable"),
            l.pick("数字    数值题输入数值后回车；选择题按选项号（超过 9 项时输入选项号后回车）",
                   "digits number items: the value, then Enter; choice items: the option's number (over 9 options: then Enter)"),
            l.pick("b      上一项", "b      back to the previous item"),
            l.pick("s / e  跳到汇总", "s / e  skip to the summary"),
            l.pick("? / h  本帮助", "? / h  this help"),
            l.pick("Ctrl-C 退出；已答内容保存在草稿中，用 safegrid inspect --resume 继续", "Ctrl-C quit; the answers are kept in a draft: safegrid inspect --resume continues"),
        ] { add(line) }
        add(l.pick("按任意键返回", "Press any key to return"), .dim, footer: true)
    }

    /// An answer in a few words.
    static func describe(_ answer: AnswerInput, _ item: ChecklistItem, _ l: DisplayLanguage) -> String {
        var parts: [String] = []
        switch answer.result {
        case .pass?: parts.append(l.pick("合格", "pass"))
        case .fail?: parts.append(l.pick("不合格", "fail"))
        case .notApplicable?: parts.append(l.pick("不适用", "not applicable"))
        case nil: break
        }
        switch answer.value {
        case .number(let number)?:
            if case .number(let unit, _, _) = item.response { parts.append("\(number)" + (unit.map { " \($0)" } ?? "")) }
        case .string(let text)?:
            if case .choice(let options) = item.response, let option = options.first(where: { $0.id == text }) {
                parts.append(option.label.resolved(for: l))
            } else {
                parts.append(text)
            }
        case .bool(let yes)?: parts.append(yes ? l.pick("是", "yes") : l.pick("否", "no"))
        case nil: break
        }
        if let note = answer.note { parts.append(l.pick("备注：", "note: ") + note) }
        if !answer.evidence.isEmpty { parts.append(l.pick("证据 \(answer.evidence.count) 份", "\(answer.evidence.count) evidence files")) }
        if answer.fixedOnSpot { parts.append(l.pick("当场整改", "fixed on the spot")) }
        if let severity = answer.severity { parts.append(l.pick("等级改为 ", "severity ") + severity.label(l)) }
        if let deadline = answer.deadline { parts.append(l.pick("期限改为 ", "deadline ") + deadline) }
        return parts.joined(separator: l.pick("，", ", "))
    }

    /// Lays many short entries out in columns, numbered down each column as `ls` does, in at
    /// most `maxRows` rows where they can be: entries too wide for that are cut with "…"
    /// (never below 8 columns, so a number and a few characters always show).
    static func columns(_ entries: [String], width: Int, maxRows: Int) -> [String] {
        let gap = 2
        var cell = min(entries.map { TextTable.width(of: $0) }.max() ?? 1, width)
        var perRow = max(1, (width + gap) / (cell + gap))
        while (entries.count + perRow - 1) / perRow > maxRows && cell > 8 {
            perRow += 1
            cell = max(8, (width + gap) / perRow - gap)
        }
        perRow = max(1, min(perRow, (width + gap) / (cell + gap)))
        let rows = (entries.count + perRow - 1) / perRow
        return (0..<rows).map { row in
            let cells = stride(from: row, to: entries.count, by: rows).map { truncate(entries[$0], to: cell) }
            // Padded to the cell's width, all but the last (no trailing blanks).
            return cells.enumerated().map { column, text in
                column == cells.count - 1 ? text : text + String(repeating: " ", count: cell - TextTable.width(of: text))
            }.joined(separator: String(repeating: " ", count: gap))
        }
    }

    /// `text` cut to at most `width` columns, ending in "…" when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard TextTable.width(of: text) > width else { return text }
        var cut = "", used = 0
        for character in text {
            let columns = TextTable.width(of: String(character))
            if used + columns > width - 1 { break }
            cut.append(character)
            used += columns
        }
        return cut + "…"
    }

    /// Splits text into lines of at most `width` columns: at a space where Latin text allows,
    /// anywhere between CJK characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            for character in paragraph {
                let columns = TextTable.width(of: String(character))
                if lineWidth + columns > width {
                    if character != " ", let space = line.lastIndex(of: " "), line.distance(from: line.startIndex, to: space) > width / 2 {
                        lines.append(String(line[..<space]))
                        line = String(line[line.index(after: space)...])
                    } else {
                        lines.append(line)
                        line = ""
                    }
                    lineWidth = TextTable.width(of: line)
                    if character == " " && line.isEmpty { continue }
                }
                line.append(character)
                lineWidth += columns
            }
            lines.append(line)
        }
        return lines
    }
}
