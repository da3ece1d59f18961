import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `inspect` without `--responses`: the walk in the terminal, its drafts and `--resume`.
extension InspectCommand {
    /// Starts or resumes a walk, runs it, and records the inspection when it is confirmed.
    func walk(_ context: Context) throws {
        let engine = context.engine
        let l = context.language
        var draft: WalkDraft
        let checklist: Checklist
        if resume {
            draft = try chooseDraft(context)
            checklist = try Self.checklist(of: draft, context)
        } else {
            checklist = try context.checklist(self.checklist!)
            let venue = try engine.venue(named: self.venue!)
            draft = try engine.startWalk(
                venueID: venue.id, checklist: checklist, inspectors: inspectors.isEmpty ? [try context.actor(nil, inspector: true)] : inspectors,
                at: try context.time(at, option: "--at", endOfDay: false), opensAt: try context.time(opensAt, option: "--opens-at", endOfDay: false, ahead: true),
                source: try sourceOptions.resolved())
        }
        guard let venue = try engine.store.read({ try $0.venue(id: draft.venueID) }) else { throw SafeGridError.notFound("venue", draft.venueID) }
        let draftID = draft.id
        let kept = l.pick(
            "检查已中断，已答内容保存在草稿 \(draftID) 中；继续：safegrid inspect --resume \(draftID)",
            "The walk was interrupted; the answers given are kept in draft \(draftID). Continue with: safegrid inspect --resume \(draftID)")
        var walk = InspectionWalk(
            checklist: checklist, venue: venue, draft: draft, language: l, inspectionDay: context.stationTime.day(of: draft.at),
            services: Self.services(context, checklist: checklist, draft: draft))

        let terminal = try Terminal(interruptMessage: kept)
        defer { terminal.restore() }
        let color = Terminal.allowsColor
        var ending: InspectionWalk.Effect?
        while ending == nil {
            let size = Terminal.size()
            terminal.draw(WalkScreen.render(walk, width: size.width, height: size.height, color: color))
            switch terminal.next() {
            case .resize: continue
            case .closed: ending = .interrupt
            case .key(let key):
                let effect = walk.handle(key)
                switch effect {
                case .none: break
                case .save:
                    var changed = walk.draft
                    try engine.save(&changed)
                case .confirm, .abandon, .interrupt: ending = effect
                }
            }
        }
        terminal.restore()
        switch ending {
        case .confirm?:
            let outcome = try engine.record(walk.draft, checklist: checklist)
            try show(outcome, venue: venue, checklist: checklist, context: context)
        case .abandon?:
            try engine.discardWalk(id: draftID)
            Output.error(l.pick("已放弃检查，未登记任何内容；草稿 \(draftID) 已删除。", "Abandoned: nothing was recorded, and draft \(draftID) is deleted."))
        default:
            Output.error(kept)
            throw ExitCode(130)
        }
    }

    /// The answers' summary and evidence as `--responses` would record them.
    static func services(_ context: Context, checklist: Checklist, draft: WalkDraft) -> WalkServices {
        let l = context.language
        return WalkServices(
            evidence: { paths in try context.evidence(paths) },
            summarize: { answers in
                var input = draft.input
                input.responses = answers
                return try context.engine.previewInspection(input, checklist: checklist).hazards.map { hazard in
                    PlannedHazard(
                        itemID: hazard.record.itemID, title: hazard.record.title.resolved(for: l), severity: hazard.record.severity,
                        deadline: context.show(hazard.deadline) + (context.engine.deadlineIsProvisional(hazard) ? ProvisionalDates.mark(l) : ""),
                        fixedOnSpot: hazard.status == .closed)
                }
            },
            complete: PathCompletion.complete)
    }

    /// The checklist version the draft was started with.
    static func checklist(of draft: WalkDraft, _ context: Context) throws -> Checklist {
        let current = try context.checklist(draft.checklistID)
        if current.version == draft.checklistVersion { return current }
        if let stored = try context.engine.store.read({ try $0.checklist(id: draft.checklistID, version: draft.checklistVersion) }) {
            return stored
        }
        throw SafeGridError.notFound("checklist", "\(draft.checklistID) \(draft.checklistVersion)")
    }

    /// The draft named, the only one open, or the one the inspector picks from a list.
    private func chooseDraft(_ context: Context) throws -> WalkDraft {
        let engine = context.engine
        let l = context.language
        if let draft { return try engine.walkDraft(id: draft) }
        let open = try engine.walkDrafts()
        switch open.count {
        case 0: throw SafeGridError.invalidInput("there is no open walk draft to resume", chinese: "没有可继续的检查草稿")
        case 1: return open[0]
        default:
            Output.error(l.pick("有 \(open.count) 份未完成的检查草稿：", "\(open.count) walks are open:"))
            Output.error(try draftTable(open, context, numbered: true))
            while true {
                Output.message(l.pick("继续哪一份（序号，回车取消）：", "Which one (number, Enter to cancel): "))
                guard let answer = readLine(), !answer.trimmingCharacters(in: .whitespaces).isEmpty else { throw ExitCode(ExitStatus.usage) }
                if let number = Int(answer.trimmingCharacters(in: .whitespaces)), open.indices.contains(number - 1) { return open[number - 1] }
            }
        }
    }

    /// `inspect --drafts`.
    func listDrafts(_ context: Context) throws {
        let open = try context.engine.walkDrafts()
        switch format {
        case .json:
            try context.json(open.map { draft in
                DraftJSON(
                    id: draft.id, venue: draft.venueID, checklist: draft.checklistID, checklistVersion: draft.checklistVersion,
                    answered: draft.answers.count, total: draft.total, startedAt: draft.startedAt, updatedAt: draft.updatedAt)
            })
        case .text:
            if open.isEmpty {
                Output.line(context.language.pick("没有未完成的检查草稿。", "No open walk drafts."))
            } else {
                Output.line(try draftTable(open, context, numbered: false))
            }
        }
    }

    private func draftTable(_ open: [WalkDraft], _ context: Context, numbered: Bool) throws -> String {
        let l = context.language
        let venues = try context.engine.store.read { reader in
            try Dictionary(uniqueKeysWithValues: Set(open.map(\.venueID)).map { ($0, try reader.venue(id: $0)?.name ?? "") })
        }
        var table = TextTable()
        table.append((numbered ? ["#"] : []) + (l == .chinese
            ? ["草稿", "场所", "检查表", "已答", "最后修改"]
            : ["DRAFT", "VENUE", "CHECKLIST", "ANSWERED", "LAST CHANGE"]))
        for (number, draft) in open.enumerated() {
            table.append((numbered ? ["\(number + 1)"] : []) + [
                draft.id, "\(draft.venueID) \(venues[draft.venueID] ?? "")", "\(draft.checklistID) \(draft.checklistVersion)",
                "\(draft.answers.count)/\(draft.total)", context.show(draft.updatedAt),
            ])
        }
        return table.render()
    }

    struct DraftJSON: Encodable {
        var id: String
        var venue: String
        var checklist: String
        var checklistVersion: String
        var answered: Int
        var total: Int
        var startedAt: Date
        var updatedAt: Date
    }
}
