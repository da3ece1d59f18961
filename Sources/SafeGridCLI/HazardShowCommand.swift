import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardCommand {
    struct Show: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("查看一处隐患及其全部记录。", en: "Show a hazard and its whole history."),
            discussion: .zh("""
                每条事件的证据都列出其作用（整改前：随发现登记；整改后：随整改复函或复查登记）及所保存文件的路径。

                示例：
                  safegrid hazard show H-7K2M9Q4TXA
                  safegrid hazard show H-7K2M9Q4TXA --format json   # events[].evidenceFiles
                """, en: """
                Each event's evidence is listed with its role (before: with the finding; after: with a rectification report or re-inspection) and the kept file's path.

                Examples:
                  safegrid hazard show H-7K2M9Q4TXA
                  safegrid hazard show H-7K2M9Q4TXA --format json   # events[].evidenceFiles
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("隐患编号。", en: "The hazard's id.", valueName: "id")) var id: String
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            let context = try Context.open(global)
            let id = try context.engine.hazardID(matching: id)
            let (state, events) = try context.engine.history(of: id)
            let origins = try context.engine.store.read { try $0.eventOrigins(hazardID: id) }
            let fold = HazardFold(events)
            let refused = Set(fold.conflicts.map(\.id))
            switch format {
            case .json:
                try context.json(HistoryJSON(hazard: HazardJSON(state, context), events: events.map { event in
                    var json = EventJSON(event, context)
                    json.origin = origins[event.id]
                    json.conflict = refused.contains(event.id) ? true : nil
                    json.dismissed = fold.dismissed.contains(event.id) ? true : nil
                    return json
                }))
            case .text: Output.line(render(state, events, context, origins: origins, fold: fold))
            }
        }

        func render(
            _ state: HazardState, _ events: [HazardEvent], _ context: Context, origins: [String: String] = [:], fold: HazardFold? = nil
        ) -> String {
            let l = context.language
            let record = state.record
            var lines = [
                "\(state.id)  \(record.title.resolved(for: l))",
                l.pick("场所 ", "Venue ") + record.venueID + l.pick("　检查表 ", "   checklist ") + "\(record.checklistID) \(record.checklistVersion) / \(record.itemID)",
                l.pick("等级 ", "Severity ") + record.severity.label(l) + l.pick("　状态 ", "   status ") + state.status.label(l)
                    + l.pick("　返工 ", "   rework ") + "\(state.reworkCount)",
                l.pick("期限 ", "Deadline ") + context.show(state.deadline)
                    + (context.engine.deadlineIsProvisional(state) ? ProvisionalDates.mark(l) : "")
                    + (state.deadline != record.deadline ? l.pick("（原期限 ", " (originally ") + context.show(record.deadline) + l.pick("）", ")") : "")
                    + (context.engine.recountedDeadline(state).map { l.pick("（按现行日历为 ", " (the calendar in force now gives ") + context.show($0) + l.pick("）", ")") } ?? ""),
                l.pick("网格 ", "Grid ") + state.gridCode + l.pick("　警格 ", "   police grid ") + state.policeGridCode,
                l.pick("来源 ", "Source ") + record.source.label(l) + (record.campaign.map { l.pick("（\($0)）", " (\($0))") } ?? "")
                    + l.pick("　处置部门 ", "   department acting ") + (Department.named(state.actingDepartment)?.label(l) ?? state.actingDepartment),
            ]
            if state.status == .open || state.status == .awaitingReinspection {
                lines.append(l.pick("复查期限 ", "Re-inspection due ") + context.show(context.engine.reinspectionDue(for: state))
                    + (context.engine.reinspectionDueIsProvisional(state) ? ProvisionalDates.mark(l) : ""))
            }
            if let basis = record.basis { lines.append(l.pick("依据 ", "Basis ") + basis) }
            if let hint = HazardTable.provisionalHint([state], context, reinspection: true) { lines.append(hint) }
            lines.append("")
            lines.append(l.pick("记录：", "History:"))
            for event in events {
                var line = "  \(context.show(event.at))  \(event.summary(l, context.stationTime))  \(event.actor)"
                if let origin = origins[event.id] { line += l.pick("（来自 \(origin)）", " (from \(origin))") }
                if fold?.conflicts.contains(where: { $0.id == event.id }) == true {
                    line += l.pick("  【冲突，未计入：safegrid hazard conflicts】", "  [conflict, not counted: safegrid hazard conflicts]")
                } else if fold?.dismissed.contains(event.id) == true {
                    line += l.pick("  【已不计（冲突已解决）】", "  [dismissed when a conflict was settled]")
                }
                if event.recordedAt.timeIntervalSince(event.at) >= 86_400 {
                    line += l.pick("（登记于 \(context.show(event.recordedAt))）", " (recorded \(context.show(event.recordedAt)))")
                }
                if let note = event.note { line += "  — \(note)" }
                lines.append(line)
                for file in EvidenceFileJSON.files(of: event, context) {
                    let role = file.role == .before ? l.pick("证据（整改前）", "evidence (before)") : l.pick("证据（整改后）", "evidence (after)")
                    let status = switch file.status {
                    case "missing": l.pick("（缺失）", " (missing)")
                    case "altered": l.pick("（已被改动）", " (altered)")
                    default: ""
                    }
                    lines.append("      \(role) \(file.path)\(status)")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct HistoryJSON: Encodable {
    var hazard: HazardJSON
    var events: [EventJSON]
}

/// An event in command output.
struct EventJSON: Encodable {
    var id: String
    var kind: String
    var at: Date
    var recordedAt: Date
    var actor: String
    var note: String?
    var evidence: [SHA256Digest]
    /// Each evidence file with its role and where it is kept.
    var evidenceFiles: [EvidenceFileJSON]
    var until: Date?
    var reason: String?
    var grid: String?
    var policeGrid: String?
    /// For a resolution: the event kept and those it dismissed.
    var kept: String?
    var dismissedEvents: [String]?
    /// For a referral: the department it was referred to.
    var department: String?
    /// The fingerprint of the key that signed the bundle it came in; absent when recorded here.
    var origin: String?
    /// True when the hazard's lifecycle refuses it where it falls in time (a merge conflict).
    var conflict: Bool?
    /// True when a settled conflict dismissed it.
    var dismissed: Bool?

    init(_ event: HazardEvent, _ context: Context) {
        id = event.id
        evidenceFiles = EvidenceFileJSON.files(of: event, context)
        kind = event.kind.name
        at = event.at
        recordedAt = event.recordedAt
        actor = event.actor
        note = event.note
        evidence = event.evidence
        switch event.kind {
        case .deadlineExtended(let until, let reason):
            self.until = until
            self.reason = reason
        case .deferred(let reason), .cancelled(let reason): self.reason = reason
        case .reassigned(let grid, let policeGrid, let reason):
            self.grid = grid
            self.policeGrid = policeGrid
            self.reason = reason
        case .referred(let department): self.department = department
        case .conflictResolved(let kept, let dismissed):
            self.kept = kept
            self.dismissedEvents = dismissed
        default: break
        }
    }
}

/// An event's evidence file in command output.
struct EvidenceFileJSON: Encodable {
    var hash: SHA256Digest
    /// before: given with the finding; after: with a rectification report or re-inspection.
    var role: EvidenceRole
    /// Where the file is kept.
    var path: String
    /// intact, missing or altered.
    var status: String

    static func files(of event: HazardEvent, _ context: Context) -> [EvidenceFileJSON] {
        guard let role = EvidenceRole(event.kind) else { return [] }
        return event.evidence.map { hash in
            let status = switch context.evidenceStore.status(of: hash) {
            case .intact: "intact"
            case .missing: "missing"
            case .altered: "altered"
            }
            return EvidenceFileJSON(hash: hash, role: role, path: context.evidenceStore.location(of: hash), status: status)
        }
    }
}
