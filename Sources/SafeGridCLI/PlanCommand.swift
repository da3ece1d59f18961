import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid plan`: the venues to inspect on a night, most urgent first, with what to check.
struct PlanCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: .zh("今晚的检查计划：到期或超期应检查的场所，最急的在前，并列出每处要查的隐患。", en: "Tonight's inspection plan: the venues due or overdue for inspection, most urgent first, with what to check at each."),
        discussion: .zh("""
            场所的颜色由本数据存储的规则给出（risk-rule），检查周期按颜色设定（inspection-frequency，默认红 7 天、黄 14 天、绿 30 天）。
            最近一次检查日期加上周期不晚于计划日期的场所列入计划；有隐患待复查且复查期限不晚于计划日期的场所也列入。
            排序：红、黄、绿；同色按超期天数、待复查数，再按编号。从未检查过的场所当天到期。
            笔记本上没有检查历史，自己排的计划会把每个场所都当作从未检查；因此参考数据包带来派出所为各网格排好的计划（bundle export --reference），--grid 指定的网格和日期有这样的计划时就显示它，并注明由谁、何时制定。--computed 则总是用本数据存储自己计算。

            示例：
              safegrid plan --grid G01
              safegrid plan --grid G01 --computed   # 笔记本上：不用带来的计划
              safegrid plan --police-grid P02 --date 2026-06-15 --limit 20
              safegrid plan --grid G01 --format html --output 今晚.html   # 打印带去现场
              safegrid plan --format csv --output plan.csv
              safegrid plan --format json
            """, en: """
            A venue's colour comes from the store's rule (risk-rule) and sets how often it is inspected (inspection-frequency; by default red every 7 days, yellow 14, green 30).
            A venue is in the plan when its last inspection's day plus its frequency is on or before the plan's day, or when a hazard of it has its re-inspection due by then.
            Order: red, yellow, green; within a colour, the longest overdue, the most re-inspections due, then the id. A venue never inspected is due that day.
            A laptop has no inspection history, so a plan it made itself would show every venue as never inspected; the reference bundle (bundle export --reference) therefore carries the station's plan of each grid, and when the store holds one for the --grid and day asked, that plan is shown, saying who made it and when. --computed always computes from this store.

            Examples:
              safegrid plan --grid G01
              safegrid plan --grid G01 --computed   # on a laptop: not the plan carried
              safegrid plan --police-grid P02 --date 2026-06-15 --limit 20
              safegrid plan --grid G01 --format html --output tonight.html   # print it for the clipboard
              safegrid plan --format csv --output plan.csv
              safegrid plan --format json
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh("只排此网格的场所。", en: "Only this grid's venues.")) var grid: String?
    @Option(name: .customLong("police-grid"), help: .zh("只排此警格的场所。", en: "Only this police grid's venues.")) var policeGrid: String?
    @Option(help: .zh("计划的日期（默认今天；颜色和隐患取当天结束时，今天则取现在）。", en: "The day planned (default today; colours and hazards as at the end of that day, or now for today)."))
    var date: String?
    @Option(help: .zh("最多列出多少个场所。", en: "At most this many venues.")) var limit: Int?
    @Option(help: .zh("text、json，或能输出检查计划的导出器名称（csv、html 等）。", en: "text, json, or the name of an exporter that renders plans (csv, html, ...)."))
    var format: String = "text"
    @Option(help: .zh("写入此文件，而不是标准输出。", en: "Write to this file instead of standard output.")) var output: String?
    @Flag(help: .zh("用本数据存储计算，即使参考数据包带来了此网格当天的计划。", en: "Compute from this store, even when a reference bundle carried a plan of the grid for the day."))
    var computed = false
    @OptionGroup var personal: PersonalDataOption

    func validate() throws {
        if grid != nil && policeGrid != nil {
            throw ValidationError(.zh("--grid 和 --police-grid 只能给一个", en: "give --grid or --police-grid, not both"))
        }
        if let limit, limit < 1 { throw ValidationError(.zh("--limit 应至少为 1", en: "--limit must be at least 1")) }
    }

    func run() throws {
        let exporter = ["text", "json"].contains(format) ? nil : try Exporters.registry().exporter(named: format, for: .plan)
        if let exporter { try ExportFile.refuseBinaryOnTerminal(exporter, output: output) }
        let context = try Context.open(global)
        let day = try context.day(date, option: "--date") ?? context.stationTime.day(of: context.engine.clock.now())
        let l = context.language
        // A laptop lacks the inspection history: the station's plan, when a bundle carried one.
        let carried = try grid.flatMap { computed ? nil : try context.engine.carriedPlan(gridCode: $0, date: day) }
        var plan: InspectionPlan
        if let carried {
            plan = carried.plan
            if let limit { plan.entries = Array(plan.entries.prefix(limit)) }
        } else {
            // A station's plan rates every venue: counted out on a terminal, on standard error.
            let terminal = isatty(STDERR_FILENO) != 0
            var shown = false
            let progress: ((Int, Int) -> Void)? = terminal ? { rated, total in
                guard total >= 5_000 else { return }
                Output.message(l.pick("\r检查计划：已评估 \(rated)/\(total) 个场所", "\rInspection plan: \(rated)/\(total) venues rated"))
                shown = true
            } : nil
            plan = try context.engine.plan(Self.request(context, day: day, grid: grid, policeGrid: policeGrid, limit: limit), progress: progress)
            if shown { Output.message("\n") }
        }
        plan = personal.shown(plan)
        try ExportFile.write(to: output) { out in
            if let exporter {
                try exporter.export(plan, options: ExportOptions(language: l, stationTime: context.stationTime), to: out)
            } else if format == "json" {
                try out.write(try context.jsonText(Shown(plan: plan, carried: carried.map(Carried.init))) + "\n")
            } else {
                try out.write(Self.render(plan, carried: carried, context) + "\n")
            }
        }
        if let output {
            Output.error(l.pick(
                "检查计划 \(plan.date)：\(plan.entries.count) 个场所\(carried == nil ? "" : "（随参考数据包带来）")，已写入 \(output)",
                "Inspection plan for \(plan.date): \(plan.entries.count) venues\(carried == nil ? "" : " (carried by the reference bundle)"), written to \(output)"))
        }
    }

    /// What `plan` asks the engine for a day: colours and hazards as at the end of the day, or
    /// now when the day is today (as `bundle export --reference` plans too).
    static func request(_ context: Context, day: CivilDate, grid: String?, policeGrid: String? = nil, limit: Int? = nil) -> PlanRequest {
        let now = context.engine.clock.now()
        let asOf = day == context.stationTime.day(of: now) ? now : context.stationTime.endOfDay(day)
        return PlanRequest(date: day, asOf: asOf, gridCode: grid, policeGridCode: policeGrid, limit: limit)
    }

    /// The JSON: the plan's fields, and `carried` when a reference bundle brought it.
    struct Shown: Encodable {
        var plan: InspectionPlan
        var carried: Carried?

        enum Key: String, CodingKey { case carried }

        func encode(to encoder: any Encoder) throws {
            try plan.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(carried, forKey: .carried)
        }
    }

    /// Who made a carried plan and when: the bundle's signer and store note, and when it was written.
    struct Carried: Encodable {
        var madeBy: String
        var store: String
        var carriedAt: Date

        init(_ carried: CarriedPlan) {
            madeBy = carried.madeBy
            store = carried.store
            carriedAt = carried.carriedAt
        }
    }

    static func render(_ plan: InspectionPlan, carried: CarriedPlan? = nil, _ context: Context) -> String {
        let l = context.language
        var lines = [plan.title(l)]
        if let carried {
            lines.append(l.pick(
                "计划由 \(carried.store)（签名 \(carried.madeBy)）于 \(context.show(carried.carriedAt)) 制定并随参考数据包带来",
                "Planned at \(context.show(carried.carriedAt)) by \(carried.store) (signer \(carried.madeBy)), carried by the reference bundle"))
        }
        lines += [
            l.pick(
                "\(plan.venueCount) 个场所中 \(plan.dueCount) 个到期" + (plan.entries.count < plan.dueCount ? "，列出最急的 \(plan.entries.count) 个" : "")
                    + "（规则 \(plan.rule)；周期 红 \(plan.frequency.days(for: .red)) 天、黄 \(plan.frequency.days(for: .yellow)) 天、绿 \(plan.frequency.days(for: .green)) 天）",
                "\(plan.dueCount) of \(plan.venueCount) venues due" + (plan.entries.count < plan.dueCount ? ", the \(plan.entries.count) most urgent listed" : "")
                    + " (rule \(plan.rule); every \(plan.frequency.days(for: .red)) days red, \(plan.frequency.days(for: .yellow)) yellow, \(plan.frequency.days(for: .green)) green)"),
        ]
        if plan.entries.isEmpty { lines.append(l.pick("没有到期的场所。", "No venue is due.")) }
        for (index, entry) in plan.entries.enumerated() {
            let venue = entry.venue
            var why: [String] = []
            if let last = entry.lastInspectedAt {
                why.append(l.pick("上次检查 \(context.stationTime.day(of: last))", "last inspected \(context.stationTime.day(of: last))"))
            } else {
                why.append(l.pick("从未检查", "never inspected"))
            }
            if entry.daysOverdue > 0 { why.append(l.pick("超期 \(entry.daysOverdue) 天", "\(entry.daysOverdue) days overdue")) }
            if entry.reinspectionsDue > 0 { why.append(l.pick("待复查 \(entry.reinspectionsDue) 处", "\(entry.reinspectionsDue) re-inspection\(entry.reinspectionsDue == 1 ? "" : "s") due")) }
            lines.append("")
            lines.append("\(index + 1). [\(entry.rating.colour.label(l))] \(venue.id) \(venue.name)"
                + (venue.address.isEmpty ? "" : "  \(venue.address)") + "  " + why.joined(separator: l.pick("，", ", ")))
            if let reason = entry.rating.reasons.first { lines.append("   " + reason.resolved(for: l)) }
            for check in entry.checks {
                var line = "   - \(check.hazardID) \(check.checklistID)/\(check.itemID) \(check.title.resolved(for: l))  \(check.severity.label(l))  \(check.status.label(l))"
                if let due = check.reinspectionDue { line += l.pick("  复查期限 \(due)", "  re-inspection due \(due)") }
                if check.overdue { line += l.pick("  已逾期", "  overdue") }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }
}
