import Foundation
import SafeGridCore
import SafeGridHTMLKit
import SafeGridEngine

/// A hazard's page: what was found and where, its deadline (provisional where the holiday
/// calendar is not yet published), basis, whole history with its photos, and a form for each
/// action its status allows, for users who record.
struct HazardPage {
    let engine: SafeGridEngine
    let user: WebUser
    let session: WebSession?
    let state: HazardState
    let events: [HazardEvent]
    let venue: Venue?
    let directory: AreaDirectory
    let language: DisplayLanguage
    let message: String?

    /// The actions the desk offers, in the order their forms appear.
    static let actions: [HazardAction] = [.reportRectification, .reinspectPass, .reinspectFail, .extend, .defer, .reassign, .refer, .cancel]

    private var l: DisplayLanguage { language }
    private var time: StationTime { engine.stationTime }

    func body() -> String {
        var html = ""
        if let message { html += "<p class=\"notice\" role=\"status\">\(message.markupEscaped)</p>\n" }
        html += facts()
        html += history()
        if user.writes, let session { html += forms(session) }
        return html
    }

    private func facts() -> String {
        let record = state.record
        func row(_ label: String, _ value: String, _ key: String) -> String {
            "<tr data-field=\"\(key)\"><th>\(label.markupEscaped)</th><td>\(value)</td></tr>\n"
        }
        func area(_ level: AreaLevel, _ code: String) -> String {
            (directory.area(level, code).map { "\($0.name) (\(code))" } ?? code).markupEscaped
        }
        var deadline = time.show(state.deadline).markupEscaped
        if engine.deadlineIsProvisional(state) { deadline += l.pick("（暂定：节假日安排尚未公布）", " (provisional: the holidays are not yet published)").markupEscaped }
        if state.deadline != record.deadline { deadline += l.pick("（原期限 ", " (originally ").markupEscaped + time.show(record.deadline).markupEscaped + l.pick("）", ")").markupEscaped }
        var html = "<div class=\"scroll\"><table class=\"facts\">\n"
        html += row(l.pick("状态", "Status"), "<span data-status=\"\(state.status.rawValue)\">\(state.status.label(l).markupEscaped)</span>", "status")
        let venueName = venue?.name ?? record.venueID
        html += row(l.pick("场所", "Venue"), "<a href=\"/venues/\(WebPage.encoded(record.venueID))\">\(venueName.markupEscaped)</a>", "venue")
        html += row(l.pick("等级", "Severity"), record.severity.label(l).markupEscaped, "severity")
        html += row(l.pick("整改期限", "Deadline"), deadline, "deadline")
        if state.status == .open || state.status == .awaitingReinspection {
            var due = time.show(engine.reinspectionDue(for: state)).markupEscaped
            if engine.reinspectionDueIsProvisional(state) { due += l.pick("（暂定）", " (provisional)").markupEscaped }
            html += row(l.pick("复查期限", "Re-inspection due"), due, "reinspection-due")
        }
        html += row(l.pick("网格", "Grid"), area(.grid, state.gridCode), "grid")
        html += row(l.pick("警格", "Police grid"), area(.policeGrid, state.policeGridCode), "police-grid")
        html += row(l.pick("检查表", "Checklist"), "\(record.checklistID) \(record.checklistVersion) / \(record.itemID)".markupEscaped, "checklist")
        if let basis = record.basis { html += row(l.pick("依据", "Basis"), basis.markupEscaped, "basis") }
        html += row(l.pick("来源", "Source"), (record.source.label(l) + (record.campaign.map { " · \($0)" } ?? "")).markupEscaped, "source")
        html += row(l.pick("处置部门", "Department acting"), (Department.named(state.actingDepartment)?.label(l) ?? state.actingDepartment).markupEscaped, "department")
        html += row(l.pick("返工次数", "Reworks"), "\(state.reworkCount)", "reworks")
        return html + "</table></div>\n"
    }

    private func history() -> String {
        var html = "<h2>\(l.pick("记录", "History"))</h2>\n<ol class=\"history\" data-history>\n"
        for event in events {
            html += "<li data-event=\"\(event.kind.name.markupEscaped)\"><b>\(time.show(event.at).markupEscaped)</b> \(event.summary(l, time).markupEscaped) · \(event.actor.markupEscaped)"
            if let note = event.note { html += " — \(note.markupEscaped)" }
            if let role = EvidenceRole(event.kind), !event.evidence.isEmpty {
                html += "\n<div class=\"photos\">"
                for hash in event.evidence {
                    let caption = role == .before ? l.pick("整改前", "Before") : l.pick("整改后", "After")
                    html += "<figure><img class=\"photo\" alt=\"\(caption)\" src=\"/hazards/\(WebPage.encoded(state.id))/photos/\(hash.hex)\"><figcaption>\(caption)</figcaption></figure>"
                }
                html += "</div>"
            }
            html += "</li>\n"
        }
        return html + "</ol>\n"
    }

    /// A form for each action the status allows; every one carries the session's token.
    private func forms(_ session: WebSession) -> String {
        let allowed = Self.actions.filter { state.status.after($0) != nil }
        guard !allowed.isEmpty else { return "" }
        var html = "<h2>\(l.pick("办理", "Record"))</h2>\n<div class=\"actions\">\n"
        for action in allowed {
            let takesPhotos = [HazardAction.reportRectification, .reinspectPass, .reinspectFail].contains(action)
            html += "<form method=\"post\" action=\"/hazards/\(WebPage.encoded(state.id))/\(action.rawValue)\" data-action=\"\(action.rawValue)\""
            html += takesPhotos ? " enctype=\"multipart/form-data\">\n" : ">\n"
            html += WebPage.formToken(session) + "\n<b>\(action.label(l).markupEscaped)</b>\n"
            switch action {
            case .extend:
                html += field("until", l.pick("新期限", "New deadline"), type: "date", required: true)
                html += field("reason", l.pick("理由", "Reason"), required: true)
            case .defer, .cancel:
                html += field("reason", l.pick("理由", "Reason"), required: true)
            case .reassign:
                html += field("grid", l.pick("新网格代码", "New grid code"))
                html += field("police-grid", l.pick("新警格代码", "New police grid code"))
                html += field("reason", l.pick("理由", "Reason"), required: true)
            case .refer:
                html += "<label>\(l.pick("部门", "Department")) <select name=\"department\" required>"
                for department in Department.all where department.code != state.actingDepartment {
                    html += "<option value=\"\(department.code)\">\(department.label(l).markupEscaped)</option>"
                }
                html += "</select></label>\n"
            default: break
            }
            if takesPhotos {
                html += "<label>\(l.pick("照片", "Photos")) <input type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png,image/gif,image/webp\" capture=\"environment\" multiple></label>\n"
            }
            if action != .refer && action != .reassign { html += field("note", l.pick("备注", "Note")) }
            html += "<button type=\"submit\">\(action.label(l).markupEscaped)</button>\n</form>\n"
        }
        return html + "</div>\n"
    }

    private func field(_ name: String, _ label: String, type: String = "text", required: Bool = false) -> String {
        "<label>\(label.markupEscaped) <input name=\"\(name)\" type=\"\(type)\"\(required ? " required" : "")></label>\n"
    }
}
