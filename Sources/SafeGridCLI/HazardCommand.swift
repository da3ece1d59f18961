import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid hazard list|show|rectify|reinspect|extend|defer|cancel|reassign|refer`.
struct HazardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hazard",
        abstract: .zh(
            "跟进隐患直至销号：列出、查看、整改、复查、延期、挂账、撤销、改派、冲突处理。",
            en: "Follow hazards to close-out: list, show, rectify, re-inspect, extend, defer, cancel, reassign (隐患)."),
        subcommands: [
            List.self, Show.self, Rectify.self, Reinspect.self, Extend.self, Defer.self, Cancel.self, Reassign.self, Conflicts.self,
            Resolve.self, Refer.self,
            ReinspectionRecordCommand.self,
        ]
    )

    /// Options of every change to a hazard.
    struct ChangeOptions: ParsableArguments {
        @Argument(help: .zh("隐患编号。", en: "The hazard's id.", valueName: "id")) var id: String
        @Option(help: .zh("发生时间（默认为现在）：2026-06-15 或 2026-06-15T09:30，按派出所时区。", en: "When it happened (default now): 2026-06-15 or 2026-06-15T09:30, in station time.")) var at: String?
        @Option(help: .actor) var actor: String?
        @Option(help: .dataFormat) var format: DataFormat = .text
    }

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出隐患的当前状态。", en: "List hazards as they are now."),
            discussion: .zh("""
                示例：
                  safegrid hazard list --overdue
                  safegrid hazard list --status open --grid G1
                  safegrid hazard list --venue V101 --format json
                  safegrid hazard list --source joint-check --department market-supervision
                  safegrid hazard list --provisional   # 新载入的放假通知计算不同的期限
                """, en: """
                Examples:
                  safegrid hazard list --overdue
                  safegrid hazard list --status open --grid G1
                  safegrid hazard list --venue V101 --format json
                  safegrid hazard list --source joint-check --department market-supervision
                  safegrid hazard list --provisional   # deadlines a newly loaded holiday notice counts differently
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .zh(
            "只列此状态（可重复）：open（待整改）、awaiting（待复查）、closed（已销号）、deferred（挂账）、cancelled（已撤销）。",
            en: "Only this status: open, awaiting, closed, deferred, cancelled (repeatable)."))
        var status: [String] = []
        @Flag(help: .zh("只列现在已逾期的隐患。", en: "Only hazards past their deadline now.")) var overdue = false
        @Option(help: .zh("只列此网格。", en: "Only this grid.")) var grid: String?
        @Option(name: .customLong("police-grid"), help: .zh("只列此警格。", en: "Only this police grid.")) var policeGrid: String?
        @Option(help: .zh("只列此场所。", en: "Only this venue.")) var venue: String?
        @OptionGroup var sources: ListSourceOptions
        @Flag(help: .zh(
            "只列按工作日计算的期限与现行日历（载入放假通知之后）算出的不同的未结隐患：已告知的日期不变；是否延期由派出所决定。",
            en: "Only open hazards whose working-day deadline, as given, differs from what the calendar in force counts now (after a holiday notice was loaded): the given date stands; extend it if the station chooses."))
        var provisional = false
        @Option(help: .dataFormat) var format: DataFormat = .text

        func validate() throws {
            for value in status where HazardStatus(rawValue: value) == nil {
                throw ValidationError(.zh(
                    "--status '\(value)' 应为 open、awaiting、closed、deferred、cancelled 之一",
                    en: "--status '\(value)' is not one of open, awaiting, closed, deferred, cancelled"))
            }
        }

        func run() throws {
            let context = try Context.open(global)
            let filter = HazardFilter(
                statuses: status.isEmpty ? nil : Set(status.compactMap(HazardStatus.init(rawValue:))),
                overdueAt: overdue ? context.engine.clock.now() : nil, gridCode: grid, policeGridCode: policeGrid, venueID: venue,
                source: try sources.kind(), campaign: sources.campaign, department: try sources.departmentCode())
            var hazards = try context.engine.hazards(filter)
            if provisional { hazards = hazards.filter { $0.status != .closed && $0.status != .cancelled && context.engine.recountedDeadline($0) != nil } }
            let areas = try context.engine.store.read { try $0.areaDirectory() }
            if provisional && format == .text {
                Output.line(Self.renderRecounted(hazards, context))
                return
            }
            switch format {
            case .json: try context.json(hazards.map { HazardJSON($0, context, areas: areas) })
            case .text:
                if hazards.isEmpty {
                    Output.line(context.language.pick("没有符合条件的隐患。", "No hazards match."))
                } else {
                    Output.line(HazardTable.render(hazards, context, areas: overdue ? areas : nil))
                    Output.line(context.language.pick("共 \(hazards.count) 处。", "\(hazards.count) hazards."))
                    if let hint = HazardTable.provisionalHint(hazards, context) { Output.line(hint) }
                }
            }
        }

        /// The deadlines as given beside what the calendar in force counts now.
        static func renderRecounted(_ hazards: [HazardState], _ context: Context) -> String {
            let l = context.language
            guard !hazards.isEmpty else {
                return l.pick("没有期限需要核对的隐患：每个按工作日计算的期限都与现行日历一致。",
                              "No deadlines to review: every working-day deadline agrees with the calendar in force.")
            }
            var table = TextTable()
            table.append(l == .chinese ? ["编号", "场所", "检查项", "发现", "期限规则", "已告知期限", "按现行日历", "状态"]
                                       : ["ID", "VENUE", "ITEM", "FOUND", "RULE", "DEADLINE GIVEN", "UNDER CALENDAR NOW", "STATUS"])
            for hazard in hazards {
                let now = context.engine.recountedDeadline(hazard) ?? hazard.deadline
                table.append([
                    hazard.id, hazard.record.venueID, hazard.record.itemID, context.show(hazard.foundAt),
                    DeadlineRule(code: hazard.record.deadlineRule)?.label(l) ?? hazard.record.deadlineRule,
                    context.show(hazard.deadline), context.show(now) + (context.engine.deadlineIsProvisional(hazard) ? ProvisionalDates.mark(l) : ""),
                    hazard.status.label(l),
                ])
            }
            return [
                table.render(),
                l.pick("共 \(hazards.count) 处。已告知场所的期限保持不变；如需按现行日历调整，请用 safegrid hazard extend ID --until 日期 --reason 理由。",
                       "\(hazards.count) hazards. The deadlines given to the venues stand; to move one, use safegrid hazard extend ID --until DATE --reason TEXT."),
            ].joined(separator: "\n")
        }
    }

    struct Rectify: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("登记场所报告隐患已整改（整改复函）。", en: "Record that the venue reports the hazard fixed (整改复函)."),
            discussion: .zh("""
                登记之前，证据文件先复制到数据存储的证据文件夹，以 SHA-256 命名（路径.evidence/ab/abcd…）；hazard show 把它们列为“整改后”。检查表写明 <evidence photo="required"/> 的检查项，没有照片不能报告已整改。超过 SAFEGRID_EVIDENCE_MAX_BYTES（默认 52428800）字节的文件会被拒绝。

                示例：
                  safegrid hazard rectify H-7K2M9Q4TXA --note "已清理通道" --evidence after.jpg
                """, en: """
                The evidence files are copied into the store's evidence folder, named by SHA-256 (PATH.evidence/ab/abcd…), before the report is recorded; hazard show lists them as "after". An item whose checklist says <evidence photo="required"/> cannot be reported fixed without one. Files over SAFEGRID_EVIDENCE_MAX_BYTES (default 52428800) are refused.

                Example:
                  safegrid hazard rectify H-7K2M9Q4TXA --note "已清理通道" --evidence after.jpg
                """)
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: .zh("备注。", en: "A note.")) var note: String?
        @Option(help: .zh(
            "证据文件（可重复）：整改后的照片、签收的复函。以 SHA-256 保存在数据存储的证据文件夹，事件记下其哈希。检查项要求照片时必须给出。",
            en: "An evidence file (repeatable): a photo of the fix, the signed reply. Kept in the store's evidence folder under its SHA-256, which the event records. Required when the checklist item requires a photo.",
            valueName: "file"))
        var evidence: [String] = []

        func run() throws {
            let context = try Context.open(global)
            try apply(.rectificationReported, change, note: note, evidence: evidence, context)
        }
    }

    struct Reinspect: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("登记复查：--pass 销号，--fail 重新打开。", en: "Record a re-inspection (复查): --pass closes the hazard out (销号), --fail reopens it."),
            discussion: .zh("""
                证据文件与 rectify 一样保存在数据存储的证据文件夹（“整改后”）。

                示例：
                  safegrid hazard reinspect H-7K2M9Q4TXA --pass --evidence recheck.jpg
                  safegrid hazard reinspect H-7K2M9Q4TXA --fail --note "仍有堆物"
                """, en: """
                Evidence files are kept in the store's evidence folder, as for rectify ("after").

                Examples:
                  safegrid hazard reinspect H-7K2M9Q4TXA --pass --evidence recheck.jpg
                  safegrid hazard reinspect H-7K2M9Q4TXA --fail --note "仍有堆物"
                """)
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Flag(help: .zh("复查合格。", en: "The re-inspection passed.")) var pass = false
        @Flag(help: .zh("复查不合格。", en: "The re-inspection failed.")) var fail = false
        @Option(help: .zh("备注。", en: "A note.")) var note: String?
        @Option(help: .zh("证据文件（可重复），保存在数据存储的证据文件夹。", en: "An evidence file (repeatable), kept in the store's evidence folder.", valueName: "file"))
        var evidence: [String] = []

        func validate() throws {
            if pass == fail { throw ValidationError(.zh("--pass 和 --fail 须给出且只给出一个。", en: "Give exactly one of --pass and --fail.")) }
        }

        func run() throws {
            let context = try Context.open(global)
            try apply(pass ? .reinspectionPassed : .reinspectionFailed, change, note: note, evidence: evidence, context)
        }
    }

    struct Extend: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("延长整改期限（延期）；原期限留在记录中。", en: "Extend the deadline (延期); the original stays in the history."),
            discussion: .zh("示例：", en: "Example:") + "\n  safegrid hazard extend H-7K2M9Q4TXA --until 2026-06-30 --reason \"等待灭火器送货\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: .zh("新期限（只写日期表示当天结束时）。", en: "The new deadline (a date means the end of that day).")) var until: String
        @Option(help: .zh("理由。", en: "Why.")) var reason: String

        func run() throws {
            let context = try Context.open(global)
            let deadline = try context.time(until, option: "--until", ahead: true)!
            try apply(.deadlineExtended(until: deadline, reason: reason), change, context)
        }
    }

    struct Defer: GlobalCommand {
        static let configuration = CommandConfiguration(
            commandName: "defer",
            abstract: .zh("挂账并说明理由：不再计为逾期，在报表中单列。", en: "Park the hazard (挂账) with a reason: never overdue, listed in its own column."),
            discussion: .zh("示例：", en: "Example:") + "\n  safegrid hazard defer H-7K2M9Q4TXA --reason \"商户停业待搬迁\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: .zh("理由。", en: "Why.")) var reason: String

        func run() throws {
            try apply(.deferred(reason: reason), change, try Context.open(global))
        }
    }

    struct Cancel: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("撤销误登记的隐患；它不计入任何统计。", en: "Cancel a hazard recorded in error (撤销); it is counted nowhere."),
            discussion: .zh("示例：", en: "Example:") + "\n  safegrid hazard cancel H-7K2M9Q4TXA --reason \"误登记\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: .zh("理由。", en: "Why.")) var reason: String

        func run() throws {
            try apply(.cancelled(reason: reason), change, try Context.open(global))
        }
    }

    struct Reassign: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("把隐患改派到另一个网格和/或警格。", en: "Move a hazard to another grid and/or police grid."),
            discussion: .zh("示例：", en: "Example:") + "\n  safegrid hazard reassign H-7K2M9Q4TXA --grid G2 --reason \"网格边界调整\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: .zh("新网格。", en: "The new grid.")) var grid: String?
        @Option(name: .customLong("police-grid"), help: .zh("新警格。", en: "The new police grid.")) var policeGrid: String?
        @Option(help: .zh("理由。", en: "Why.")) var reason: String

        func validate() throws {
            if grid == nil && policeGrid == nil { throw ValidationError(.zh("请给出 --grid、--police-grid 或两者。", en: "Give --grid, --police-grid or both.")) }
        }

        func run() throws {
            try apply(.reassigned(gridCode: grid, policeGridCode: policeGrid, reason: reason), change, try Context.open(global))
        }
    }
}

/// Records one change and prints the hazard as it is afterwards.
/// - Parameter evidence: the evidence files, kept after the time is checked.
private func apply(
    _ kind: HazardEvent.Kind, _ change: HazardCommand.ChangeOptions, note: String? = nil, evidence: [String] = [],
    _ context: Context
) throws {
    let at = try context.time(change.at, option: "--at", endOfDay: false)
    let state = try context.engine.update(
        try context.engine.hazardID(matching: change.id), kind, at: at, actor: try context.actor(change.actor), note: note, evidence: try context.evidence(evidence))
    switch change.format {
    case .json: try context.json(HazardJSON(state, context))
    case .text:
        let l = context.language
        Output.line(l.pick(
            "隐患 \(state.id)：\(state.status.label(l))，期限 \(context.show(state.deadline))",
            "Hazard \(state.id): \(state.status.label(l)), deadline \(context.show(state.deadline))"))
    }
}
