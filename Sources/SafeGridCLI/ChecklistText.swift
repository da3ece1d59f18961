import SafeGridCore

/// The human-readable form of a checklist for `checklist show`.
enum ChecklistText {
    static func render(_ checklist: Checklist, language: DisplayLanguage) -> String {
        let l = language
        var lines: [String] = []
        lines.append("\(checklist.title.resolved(for: l))  (\(checklist.id) \(checklist.version))")
        lines.append(l.pick(
            "类别 \(checklist.category) · \(checklist.items.count) 项 · 内容哈希 sha256:\(checklist.contentHash.short)",
            "Category \(checklist.category) · \(checklist.items.count) items · content hash sha256:\(checklist.contentHash.short)"))
        if let description = checklist.description { lines.append(description.resolved(for: l)) }
        lines.append(l.pick("适用：", "Applies to: ") + applicability(checklist.appliesTo, l))
        for (index, section) in checklist.sections.enumerated() {
            lines.append("")
            var heading = "\(index + 1). \(section.title.resolved(for: l))  [\(section.id)]"
            if let appliesTo = section.appliesTo { heading += "  " + l.pick("适用：", "applies to: ") + applicability(appliesTo, l) }
            lines.append(heading)
            for item in section.items {
                lines.append("")
                lines.append("  \(item.id)  \(item.prompt.resolved(for: l))")
                let indent = "        "
                lines.append(indent + l.pick("严重程度：", "Severity: ") + item.severity.label(l)
                    + l.pick("　期限：", "   Deadline: ") + item.deadline.label(l)
                    + l.pick("　照片：", "   Photo: ") + photo(item.photo, l))
                lines.append(indent + l.pick("回答：", "Response: ") + response(item.response, l))
                if let failText = item.failText { lines.append(indent + l.pick("不合格：", "Fails when: ") + failText.resolved(for: l)) }
                if let guidance = item.guidance { lines.append(indent + l.pick("指引：", "Guidance: ") + guidance.resolved(for: l)) }
                if let appliesTo = item.appliesTo { lines.append(indent + l.pick("适用：", "Applies to: ") + applicability(appliesTo, l)) }
                lines.append(contentsOf: bases(item.bases, l).map { indent + $0 })
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One line per basis with where it is law; a basis of the format's first form (no
    /// jurisdiction) on one line, marked as such.
    static func bases(_ bases: [Basis], _ l: DisplayLanguage) -> [String] {
        let label = l.pick("依据：", "Basis: ")
        guard !bases.isEmpty else { return [label + l.pick("未注明", "not given")] }
        return bases.map { basis in
            let text = basis.isPractice ? l.pick("行业通行做法 (practice)", "common practice (practice)") : basis.citation
            return label + text + l.pick("（", " (") + jurisdiction(basis, l) + l.pick("）", ")")
        }
    }

    /// Where a basis is law, in words.
    static func jurisdiction(_ basis: Basis, _ l: DisplayLanguage) -> String {
        switch basis.jurisdiction {
        case .national: l.pick("全国", "national")
        case .province(let code): l.pick("地方 \(code)", "province \(code)")
        case .reference: l.pick("参考，不印入整改通知书", "reference, never on a notice")
        case nil: basis.isPractice ? l.pick("无条文", "no clause") : l.pick("未标注适用范围，不印入整改通知书", "jurisdiction not given, never on a notice")
        }
    }

    static func applicability(_ rule: Applicability?, _ l: DisplayLanguage) -> String {
        guard let rule else { return l.pick("所有场所", "all venues") }
        var parts: [String] = []
        if !rule.venueKinds.isEmpty { parts.append(l.pick("场所类型 ", "venue kinds ") + rule.venueKinds.joined(separator: l.pick("、", ", "))) }
        if !rule.tags.isEmpty { parts.append(l.pick("须有标签 ", "tags ") + rule.tags.joined(separator: l.pick("、", ", "))) }
        return parts.joined(separator: l.pick("；", "; "))
    }

    static func photo(_ need: PhotoEvidence, _ l: DisplayLanguage) -> String {
        switch need {
        case .required: l.pick("必须", "required")
        case .optional: l.pick("可选", "optional")
        case .none: l.pick("无需", "none")
        }
    }

    static func response(_ spec: ResponseSpec, _ l: DisplayLanguage) -> String {
        switch spec {
        case .passFail: return l.pick("合格/不合格", "pass/fail")
        case .yesNo(let failOn): return l.pick("是/否（答“\(failOn ? "是" : "否")”为不合格）", "yes/no (fails on \(failOn ? "yes" : "no"))")
        case .number(let unit, let min, let max):
            let range = [min.map { "≥ \($0)" }, max.map { "≤ \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return l.pick("数值", "number") + (unit.map { " (\($0))" } ?? "") + l.pick("，合格范围 ", ", passes when ") + range
        case .date(let maxAgeDays):
            return l.pick("日期", "date") + (maxAgeDays.map { l.pick("，不得早于 \($0) 天前", ", no more than \($0) days old") } ?? "")
        case .choice(let options):
            return l.pick("选择：", "choice: ") + options.map { option in
                var text = option.label.resolved(for: l)
                if option.fails { text += l.pick("（不合格", " (fails") + (option.severity.map { l.pick("，", ", ") + $0.label(l) } ?? "") + l.pick("）", ")") }
                return text
            }.joined(separator: l.pick("；", "; "))
        case .text: return l.pick("文字记录（不判定）", "note (never fails)")
        }
    }
}
