import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardCommand {
    /// `safegrid hazard conflicts`.
    struct Conflicts: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出从笔记本合并来、隐患流程不接受的事件（冲突），直到有人解决。", en: "List events merged from laptops that a hazard's lifecycle refuses (冲突), until a person settles them."),
            discussion: .zh("""
                两台笔记本离线处理同一处隐患时可能不一致：一台复查合格，另一台复查不合格。事件按时间先后依次应用；流程在该处不接受的事件会保留下来，不计入任何统计，并与它冲突的事件一起列在这里。用 `hazard resolve 隐患编号 --keep 事件编号` 解决。

                示例：
                  safegrid hazard conflicts
                  safegrid hazard conflicts --format json
                """, en: """
                Two laptops that acted on one hazard offline can disagree: one passed its re-inspection, the other failed it. Events fold in time order; one the lifecycle refuses there is kept, counted nowhere, and listed here with the event it conflicts with. Settle it with `hazard resolve ID --keep EVENT`.

                Examples:
                  safegrid hazard conflicts
                  safegrid hazard conflicts --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            let context = try Context.open(global)
            let conflicts = try context.engine.conflicts()
            let l = context.language
            switch format {
            case .json: try context.json(conflicts.map { ConflictJSON($0, context) })
            case .text:
                guard !conflicts.isEmpty else {
                    Output.line(l.pick("没有未解决的冲突。", "No unresolved conflicts."))
                    return
                }
                var table = TextTable()
                table.append(l == .chinese
                    ? ["隐患", "状态", "被拒事件", "时间", "登记人", "与之冲突", "时间", "登记人"]
                    : ["HAZARD", "STATUS", "REFUSED EVENT", "AT", "BY", "CONFLICTS WITH", "AT", "BY"])
                for conflict in conflicts {
                    let rival = conflict.rival
                    table.append([
                        conflict.hazard.id, conflict.hazard.status.label(l),
                        "\(conflict.event.kind.action?.label(l) ?? conflict.event.kind.name) \(conflict.event.id)",
                        context.show(conflict.event.at), conflict.event.actor,
                        rival.map { "\($0.kind.action?.label(l) ?? l.pick("发现并登记", "found")) \($0.id)" } ?? "—",
                        rival.map { context.show($0.at) } ?? "—", rival?.actor ?? "—",
                    ])
                }
                Output.line(table.render())
                Output.line(l.pick(
                    "共 \(conflicts.count) 处未解决的冲突；被拒事件不计入任何统计。解决：safegrid hazard resolve 隐患编号 --keep 事件编号",
                    "\(conflicts.count) unresolved conflicts; refused events count nowhere. Settle: safegrid hazard resolve HAZARD --keep EVENT"))
            }
        }
    }

    /// `safegrid hazard resolve ID --keep EVENT`.
    struct Resolve: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("保留冲突中的一个事件以解决冲突；另一个不再计入（解决本身也记为事件）。", en: "Settle a conflict by keeping one of its events; the other is dismissed (recorded as an event)."),
            discussion: .zh("""
                保留被拒的事件（与之冲突的事件随即不计，它按发生时间生效），或保留与之冲突的事件（被拒的事件不计）。

                示例：
                  safegrid hazard resolve H-7K2M9Q4TXA --keep 3f0c9a1e-… --note "以复查不合格为准"
                """, en: """
                Keep the refused event (the one it conflicts with is then dismissed, and it applies where it falls in time), or keep the event it conflicts with (the refused ones are dismissed).

                Example:
                  safegrid hazard resolve H-7K2M9Q4TXA --keep 3f0c9a1e-… --note "以复查不合格为准"
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("隐患编号。", en: "The hazard's id.", valueName: "id")) var id: String
        @Option(help: .zh("要保留的事件（见 `hazard conflicts`）。", en: "The event to keep (see `hazard conflicts`).", valueName: "event")) var keep: String
        @Option(help: .zh("理由。", en: "Why.")) var note: String?
        @Option(help: .actor) var actor: String?
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            let context = try Context.open(global)
            let state = try context.engine.resolveConflict(hazardID: try context.engine.hazardID(matching: id), keep: keep, actor: try context.actor(actor), note: note)
            switch format {
            case .json: try context.json(HazardJSON(state, context))
            case .text:
                let l = context.language
                Output.line(l.pick("已解决：隐患 \(state.id) 保留事件 \(keep)，现为“\(state.status.label(l))”。",
                                   "Settled: hazard \(state.id) keeps event \(keep) and is now \(state.status.label(l))."))
            }
        }
    }
}

/// A conflict in command output.
struct ConflictJSON: Encodable {
    var hazard: String
    var status: HazardStatus
    var event: EventJSON
    var conflictsWith: EventJSON?

    init(_ conflict: HazardConflict, _ context: Context) {
        hazard = conflict.hazard.id
        status = conflict.hazard.status
        event = EventJSON(conflict.event, context)
        conflictsWith = conflict.rival.map { EventJSON($0, context) }
    }
}
