import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid remind`: reminders per responsible person, with escalation.
struct RemindCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: .zh(
            "按责任人列出即将到期、待复查和逾期的隐患，逾期的逐级提醒。",
            en: "Reminders per responsible person: hazards due soon, re-inspections due, and overdue ones with escalation (提醒与逐级上报)."),
        discussion: .zh("""
            每条隐患提醒其网格的网格员（follower）和警格的社区民警（follower）：
              即将到期  未整改，期限在 --days 个工作日内（含今天；节假日按期限所用的日历计算）
              待复查    已报整改，复查期限（期限或报整改后第 3 个工作日，取早者）在此范围内或已过
              逾期      过了现行期限；逾期超过 3 个工作日同时提醒网格长、警格负责人和警务区，超过 10 个工作日再提醒派出所和街道
            人员来自区域 CSV 的 follower、leader 列（`safegrid area import`）。同一个人（姓名和电话）每条隐患只出现一次，并注明因何身份收到。区域都没有登记人员的隐患列在“区域未登记责任人”下。
            只读，不改动库；没有需要提醒的隐患时不输出任何内容，退出码为 0（--output 仍写入文件，内容为空的提醒）。

            --format text（默认），或能输出提醒的导出器：json、md，以及插件（如工作群通报）。

            示例：
              safegrid remind
              safegrid remind --days 5 --as-of 2026-06-15
              safegrid remind --format json --output reminders.json
              safegrid remind --format md --lang en
            """, en: """
            Each hazard reaches its grid's grid worker (follower) and its police grid's community police officer (follower):
              due soon            open, its deadline within --days working days (today included; holidays as deadlines count them)
              re-inspection due   reported fixed, its re-inspection due (the third working day after the deadline or the report, whichever is first) within that time, or late
              overdue             past its deadline in force; more than 3 working days overdue also reaches the grid leader, the police grid's leader and the beat, more than 10 the station and the street
            The people come from the follower and leader columns of the areas CSV (`safegrid area import`). A person (a name and phone) sees each hazard once, with the roles they hear of it by. Hazards whose areas name nobody are listed under "no one recorded".
            A read: the store is not changed. When nothing is due it prints nothing and exits 0 (--output still writes the file, an empty list).

            --format text (default), or an exporter that renders reminders: json, md, and those plugged in (a messaging-group one, say).

            Examples:
              safegrid remind
              safegrid remind --days 5 --as-of 2026-06-15
              safegrid remind --format json --output reminders.json
              safegrid remind --format md --lang en
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh("提前多少个工作日提醒到期（0 到 60）。", en: "How many working days ahead a deadline is due soon (0 to 60).")) var days = 3
    @Option(name: .customLong("as-of"), help: .zh("提醒的时刻（默认为现在；只写日期表示当天结束时）。", en: "The moment of the reminders (default now; a bare date is the end of that day)."))
    var asOf: String?
    @Option(help: .zh("输出格式：text，或能输出提醒的导出器名称（json、md 等）。", en: "Output format: text, or the name of an exporter that renders reminders (json, md, ...)."))
    var format: String = "text"
    @Option(help: .zh("写入此文件，而不是标准输出。", en: "Write to this file instead of standard output.")) var output: String?
    @Option(name: .customLong("param"), help: .zh("插件导出器的设置。", en: "A setting for a plugged-in exporter.", valueName: "key=value"))
    var parameters: [ParameterArgument] = []
    @OptionGroup var personal: PersonalDataOption

    func validate() throws {
        guard (0...60).contains(days) else { throw ValidationError(.zh("--days 应在 0 到 60 之间", en: "--days must be from 0 to 60")) }
    }

    func run() throws {
        let exporter = format == "text" ? nil : try Exporters.registry().exporter(named: format, for: .reminders)
        let options = ExportOptions(parameters: Dictionary(parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
        if let exporter {
            try ExportFile.refuseBinaryOnTerminal([exporter.name], mediaType: try exporter.mediaType(for: options), output: output)
        }
        let context = try Context.open(global)
        let reminders = personal.shown(try context.engine.reminders(
            ReminderRequest(asOf: try context.time(asOf, option: "--as-of") ?? context.engine.clock.now(), days: days)))
        // Quiet when nothing is due; a file is still written, so it never holds an old list.
        if reminders.isEmpty && output == nil { return }
        let l = context.language
        var rendering = options
        rendering.language = l
        rendering.stationTime = context.stationTime
        try ExportFile.write(to: output) { out in
            if let exporter {
                try exporter.export(reminders, options: rendering, to: out)
            } else if !reminders.isEmpty {
                try out.write(reminders.plainText(l, context.stationTime))
            }
        }
        if let output, !reminders.isEmpty { Output.error(l.pick("提醒已写入 \(output)", "Reminders written to \(output)")) }
    }
}
