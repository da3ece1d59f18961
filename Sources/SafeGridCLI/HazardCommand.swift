import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid hazard list|show|rectify|reinspect|extend|defer|cancel|reassign`.
struct HazardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hazard",
        abstract: "Follow hazards to close-out: list, show, rectify, re-inspect, extend, defer, cancel, reassign (隐患).",
        subcommands: [
            List.self, Show.self, Rectify.self, Reinspect.self, Extend.self, Defer.self, Cancel.self, Reassign.self, Conflicts.self,
            Resolve.self,
        ]
    )

    /// Options of every change to a hazard.
    struct ChangeOptions: ParsableArguments {
        @Argument(help: ArgumentHelp("The hazard's id.", valueName: "id")) var id: String
        @Option(help: "When it happened (default now): 2026-06-15 or 2026-06-15T09:30.") var at: String?
        @Option(help: "Who did or recorded it (default $SAFEGRID_ACTOR, else the store's actor setting).") var actor: String?
        @Option(help: "Output format: text or json.") var format: DataFormat = .text
    }

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "List hazards as they are now.",
            discussion: """
                Examples:
                  safegrid hazard list --overdue
                  safegrid hazard list --status open --grid G1
                  safegrid hazard list --venue V101 --format json
                  safegrid hazard list --provisional   # deadlines a newly loaded holiday notice counts differently
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this status: open, awaiting, closed, deferred, cancelled (repeatable).")
        var status: [String] = []
        @Flag(help: "Only hazards past their deadline now.") var overdue = false
        @Option(help: "Only this grid.") var grid: String?
        @Option(name: .customLong("police-grid"), help: "Only this police grid.") var policeGrid: String?
        @Option(help: "Only this venue.") var venue: String?
        @Flag(help: ArgumentHelp(
            "Only open hazards whose working-day deadline, as given, differs from what the calendar in force counts now (after a holiday notice was loaded): the given date stands; extend it if the station chooses."))
        var provisional = false
        @Option(help: "Output format: text or json.") var format: DataFormat = .text

        func validate() throws {
            for value in status where HazardStatus(rawValue: value) == nil {
                throw ValidationError("--status '\(value)' is not one of open, awaiting, closed, deferred, cancelled")
            }
        }

        func run() throws {
            let context = try Context.open(global)
            let filter = HazardFilter(
                statuses: status.isEmpty ? nil : Set(status.compactMap(HazardStatus.init(rawValue:))),
                overdueAt: overdue ? context.engine.clock.now() : nil, gridCode: grid, policeGridCode: policeGrid, venueID: venue)
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
            abstract: "Record that the venue reports the hazard fixed (整改复函).",
            discussion: """
                The evidence files are copied into the store's evidence folder, named by
                SHA-256 (PATH.evidence/ab/abcd…), before the report is recorded; hazard
                show lists them as "after". An item whose checklist says
                <evidence photo="required"/> cannot be reported fixed without one. Files
                over SAFEGRID_EVIDENCE_MAX_BYTES (default 52428800) are refused.

                Example:
                  safegrid hazard rectify H-7K2M9Q4TXA --note "已清理通道" --evidence after.jpg
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: "A note.") var note: String?
        @Option(help: ArgumentHelp(
            "An evidence file (repeatable): a photo of the fix, the signed reply. Kept in the store's evidence folder under its SHA-256, which the event records. Required when the checklist item requires a photo.",
            valueName: "file"))
        var evidence: [String] = []

        func run() throws {
            let context = try Context.open(global)
            try apply(.rectificationReported, change, note: note, evidence: evidence, context)
        }
    }

    struct Reinspect: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a re-inspection (复查): --pass closes the hazard out (销号), --fail reopens it.",
            discussion: """
                Evidence files are kept in the store's evidence folder, as for rectify ("after").

                Examples:
                  safegrid hazard reinspect H-7K2M9Q4TXA --pass --evidence recheck.jpg
                  safegrid hazard reinspect H-7K2M9Q4TXA --fail --note "仍有堆物"
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Flag(help: "The re-inspection passed.") var pass = false
        @Flag(help: "The re-inspection failed.") var fail = false
        @Option(help: "A note.") var note: String?
        @Option(help: ArgumentHelp("An evidence file (repeatable), kept in the store's evidence folder.", valueName: "file"))
        var evidence: [String] = []

        func validate() throws {
            if pass == fail { throw ValidationError("Give exactly one of --pass and --fail.") }
        }

        func run() throws {
            let context = try Context.open(global)
            try apply(pass ? .reinspectionPassed : .reinspectionFailed, change, note: note, evidence: evidence, context)
        }
    }

    struct Extend: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extend the deadline (延期); the original stays in the history.",
            discussion: "Example:\n  safegrid hazard extend H-7K2M9Q4TXA --until 2026-06-30 --reason \"等待灭火器送货\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: "The new deadline (a date means the end of that day).") var until: String
        @Option(help: "Why.") var reason: String

        func run() throws {
            let context = try Context.open(global)
            let deadline = try context.time(until, option: "--until", ahead: true)!
            try apply(.deadlineExtended(until: deadline, reason: reason), change, context)
        }
    }

    struct Defer: GlobalCommand {
        static let configuration = CommandConfiguration(
            commandName: "defer",
            abstract: "Park the hazard (挂账) with a reason: never overdue, listed in its own column.",
            discussion: "Example:\n  safegrid hazard defer H-7K2M9Q4TXA --reason \"商户停业待搬迁\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: "Why.") var reason: String

        func run() throws {
            try apply(.deferred(reason: reason), change, try Context.open(global))
        }
    }

    struct Cancel: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a hazard recorded in error (撤销); it is counted nowhere.",
            discussion: "Example:\n  safegrid hazard cancel H-7K2M9Q4TXA --reason \"误登记\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: "Why.") var reason: String

        func run() throws {
            try apply(.cancelled(reason: reason), change, try Context.open(global))
        }
    }

    struct Reassign: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a hazard to another grid and/or police grid.",
            discussion: "Example:\n  safegrid hazard reassign H-7K2M9Q4TXA --grid G2 --reason \"网格边界调整\""
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: "The new grid.") var grid: String?
        @Option(name: .customLong("police-grid"), help: "The new police grid.") var policeGrid: String?
        @Option(help: "Why.") var reason: String

        func validate() throws {
            if grid == nil && policeGrid == nil { throw ValidationError("Give --grid, --police-grid or both.") }
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
