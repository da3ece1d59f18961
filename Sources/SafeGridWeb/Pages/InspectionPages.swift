import Foundation
import SafeGridCore
import SafeGridHTMLKit
import SafeGridEngine

/// The pages of an inspection in the browser: start (drafts and venue search), the checklist
/// choice, the answers form, the summary before confirming, and the end with the notice.
enum InspectionPages {
    static func start(drafts: [WalkDraft], language l: DisplayLanguage) -> String {
        var html = ""
        if !drafts.isEmpty {
            html += "<h2>\(l.pick("未完成的检查", "Unfinished inspections"))</h2>\n<ul data-drafts>\n"
            for draft in drafts {
                html += "<li><a href=\"/inspect/\(WebPage.encoded(draft.id))\">\(draft.venueID.markupEscaped) · \(draft.checklistID.markupEscaped)</a> <span class=\"muted\">\(draft.position)/\(draft.total)</span></li>\n"
            }
            html += "</ul>\n"
        }
        html += """
            <h2>\(l.pick("选择场所", "Choose a venue"))</h2>
            <form method="get" action="/venues" class="stack">
            <label>\(l.pick("场所名称、编号或地址", "A venue's name, id or address")) <input name="q" type="search" required></label>
            <input type="hidden" name="inspect" value="1">
            <button type="submit">\(l.pick("查找", "Search"))</button>
            </form>

            """
        return html
    }

    static func chooseChecklist(venue: Venue, checklists: [Checklist], session: WebSession?, language l: DisplayLanguage) -> String {
        guard let session else { return "" }
        var html = "<p>\(venue.name.markupEscaped) <span class=\"muted\">\(venue.id.markupEscaped) · \(venue.address.markupEscaped)</span></p>\n"
        guard !checklists.isEmpty else { return html + "<p class=\"error\">\(l.pick("没有适用于此场所的检查表", "No checklist applies to this venue"))</p>\n" }
        html += "<form method=\"post\" action=\"/inspect\" class=\"stack\">\n\(WebPage.formToken(session))\n"
        html += "<input type=\"hidden\" name=\"venue\" value=\"\(venue.id.markupEscaped)\">\n"
        html += "<fieldset><legend>\(l.pick("检查表", "Checklist"))</legend>\n"
        for (index, checklist) in checklists.enumerated() {
            html += "<label><span><input type=\"radio\" name=\"checklist\" value=\"\(checklist.id.markupEscaped)\"\(index == 0 ? " checked" : "") required> \(checklist.title.resolved(for: l).markupEscaped) <span class=\"muted\">\(checklist.id.markupEscaped) \(checklist.version.markupEscaped)</span></span></label>\n"
        }
        html += "</fieldset>\n<button type=\"submit\">\(l.pick("开始检查", "Start"))</button>\n</form>\n"
        return html
    }

    /// Every applicable item with its answer so far; one form, usable without script.
    static func form(
        draft: WalkDraft, venue: Venue, checklist: Checklist, engine: SafeGridEngine, session: WebSession?, language l: DisplayLanguage
    ) -> String {
        guard let session else { return "" }
        let items = checklist.applicableItems(kind: venue.kind, tags: venue.tags)
        var html = "<p class=\"muted\" data-progress>\(l.pick("已回答 \(draft.position)/\(items.count) 项（草稿随时保存）", "\(draft.position) of \(items.count) answered (kept as a draft)"))</p>\n"
        html += "<form method=\"post\" action=\"/inspect/\(WebPage.encoded(draft.id))\" enctype=\"multipart/form-data\" class=\"inspection\">\n\(WebPage.formToken(session))\n"
        for item in items {
            html += self.item(item, answer: draft.answers[item.id], language: l)
        }
        html += """
            <div class="buttons">
            <button type="submit" name="step" value="save">\(l.pick("保存草稿", "Save draft"))</button>
            <button type="submit" name="step" value="review">\(l.pick("查看小结", "Review"))</button>
            <button type="submit" name="step" value="discard" class="secondary">\(l.pick("放弃", "Discard"))</button>
            </div>
            </form>

            """
        return html
    }

    private static func item(_ item: ChecklistItem, answer: AnswerInput?, language l: DisplayLanguage) -> String {
        let id = item.id.markupEscaped
        let chosen = InspectionForm.chosen(answer)
        var html = "<fieldset class=\"item\" data-item=\"\(id)\"><legend><b>\(id)</b> \(item.prompt.resolved(for: l).markupEscaped)</legend>\n"
        if let guidance = item.guidance { html += "<p class=\"muted\">\(guidance.resolved(for: l).markupEscaped)</p>\n" }
        func radio(_ value: String, _ label: String, checked: Bool) -> String {
            "<label class=\"choice\"><input type=\"radio\" name=\"a.\(id)\" value=\"\(value.markupEscaped)\"\(checked ? " checked" : "")> \(label.markupEscaped)</label>\n"
        }
        switch item.response {
        case .passFail:
            html += radio("pass", l.pick("合格", "Pass"), checked: chosen == "pass") + radio("fail", l.pick("不合格", "Fail"), checked: chosen == "fail")
        case .yesNo:
            html += radio("yes", l.pick("是", "Yes"), checked: chosen == "yes") + radio("no", l.pick("否", "No"), checked: chosen == "no")
        case .choice(let options):
            for option in options { html += radio(option.id, option.label.resolved(for: l), checked: chosen == option.id) }
        case .number, .date, .text:
            let type = switch item.response {
            case .number: "number\" step=\"any"
            case .date: "date"
            default: "text"
            }
            let value: String = switch answer?.value {
            case .number(let number): "\(number)"
            case .string(let text): text
            default: ""
            }
            var unitText = ""
            if case .number(let unit?, _, _) = item.response { unitText = " " + unit }
            html += "<label class=\"choice\"><input type=\"radio\" name=\"a.\(id)\" value=\"value\"\(answer?.value != nil ? " checked" : "")> \(l.pick("填写", "Value"))</label>\n"
            html += "<input name=\"v.\(id)\" type=\"\(type)\" value=\"\(value.markupEscaped)\">\(unitText.markupEscaped)\n"
        }
        html += radio("na", l.pick("不适用", "Not applicable"), checked: chosen == "na")
        html += "<details><summary>\(l.pick("备注、当场整改、照片", "Note, fixed on the spot, photos"))</summary>\n"
        html += "<label>\(l.pick("备注", "Note")) <input name=\"note.\(id)\" value=\"\((answer?.note ?? "").markupEscaped)\"></label>\n"
        html += "<label class=\"choice\"><input type=\"checkbox\" name=\"fixed.\(id)\"\(answer?.fixedOnSpot == true ? " checked" : "")> \(l.pick("当场整改", "Fixed on the spot"))</label>\n"
        if item.photo != .none {
            let kept = answer?.evidence.count ?? 0
            html += "<label>\(l.pick("照片", "Photos"))\(item.photo == .required ? l.pick("（不合格时必须）", " (required on a failure)") : "")\(kept > 0 ? l.pick("（已有 \(kept) 张）", " (\(kept) kept)") : "") <input type=\"file\" name=\"photo.\(id)\" accept=\"image/jpeg,image/png,image/gif,image/webp\" capture=\"environment\" multiple></label>\n"
        }
        return html + "</details>\n</fieldset>\n"
    }

    /// The hazards and deadlines the engine would record, or what it refuses; confirm or go back.
    static func review(
        draft: WalkDraft, venue: Venue, checklist: Checklist, preview: Result<InspectionOutcome, SafeGridError>, engine: SafeGridEngine,
        session: WebSession?, language l: DisplayLanguage
    ) -> String {
        guard let session else { return "" }
        var html = "<p>\(venue.name.markupEscaped) · \(checklist.title.resolved(for: l).markupEscaped)</p>\n"
        switch preview {
        case .failure(let error):
            html += "<p class=\"error\" data-refused>\(error.message.resolved(for: l).markupEscaped)</p>\n"
            html += "<p><a href=\"/inspect/\(WebPage.encoded(draft.id))\">\(l.pick("返回修改", "Back to the answers"))</a></p>\n"
            return html
        case .success(let outcome):
            html += hazardTable(outcome.hazards, engine: engine, language: l)
            html += """
                <form method="post" action="/inspect/\(WebPage.encoded(draft.id))" class="stack">
                \(WebPage.formToken(session))
                <button type="submit" name="step" value="record">\(l.pick("确认登记", "Confirm and record"))</button>
                </form>
                <p><a href="/inspect/\(WebPage.encoded(draft.id))">\(l.pick("返回修改", "Back to the answers"))</a></p>

                """
            return html
        }
    }

    static func done(
        inspection: Inspection, venue: Venue, hazards: [HazardState], engine: SafeGridEngine, session: WebSession?, language l: DisplayLanguage
    ) -> String {
        var html = "<p class=\"notice\" data-inspection=\"\(inspection.id.markupEscaped)\">\(l.pick("已登记检查 \(inspection.id)：\(venue.name)", "Recorded inspection \(inspection.id): \(venue.name)").markupEscaped)</p>\n"
        html += hazardTable(hazards, engine: engine, language: l, linked: true)
        if let session, hazards.contains(where: { $0.status == .open }) {
            html += """
                <form method="post" action="/inspect/done/\(WebPage.encoded(inspection.id))/notice" class="stack">
                \(WebPage.formToken(session))
                <button type="submit">\(l.pick("出具整改通知书（打印）", "Issue the rectification notice (to print)"))</button>
                </form>

                """
        }
        html += "<p><a href=\"/venues/\(WebPage.encoded(venue.id))\">\(l.pick("场所档案", "The venue's file"))</a> · <a href=\"/inspect\">\(l.pick("再检查一处", "Inspect another"))</a></p>\n"
        return html
    }

    private static func hazardTable(_ hazards: [HazardState], engine: SafeGridEngine, language l: DisplayLanguage, linked: Bool = false) -> String {
        guard !hazards.isEmpty else { return "<p data-hazard-count=\"0\">\(l.pick("未发现隐患。", "No hazards found."))</p>\n" }
        var html = "<h2 data-hazard-count=\"\(hazards.count)\">\(l.pick("发现隐患 \(hazards.count) 处", "\(hazards.count) hazards found"))</h2>\n"
        html += "<div class=\"scroll\"><table data-hazards>\n<thead><tr><th>\(l.pick("隐患", "Hazard"))</th><th>\(l.pick("等级", "Severity"))</th><th>\(l.pick("整改期限", "Deadline"))</th></tr></thead>\n<tbody>\n"
        for hazard in hazards {
            let title = hazard.record.title.resolved(for: l).markupEscaped
            let name = linked ? "<a href=\"/hazards/\(WebPage.encoded(hazard.id))\">\(hazard.id.markupEscaped)</a> \(title)" : title
            var deadline = hazard.status == .closed ? l.pick("当场整改", "fixed on the spot") : engine.stationTime.show(hazard.deadline)
            if hazard.status != .closed, engine.deadlineIsProvisional(hazard) { deadline += l.pick("（暂定）", " (provisional)") }
            html += "<tr data-item=\"\(hazard.record.itemID.markupEscaped)\"><td>\(name)</td><td>\(hazard.record.severity.label(l).markupEscaped)</td><td>\(deadline.markupEscaped)</td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}
