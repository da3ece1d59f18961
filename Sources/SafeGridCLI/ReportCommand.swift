import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid report`: the rectification-rate report.
struct ReportCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The rectification-rate report by area, category, severity or venue (整改率统计).",
        discussion: """
            Counts (one definition, DOMAIN.md): found, closed (已销号), rate = closed/found (整改率),
            due (应整改), onTime (按期), onTimeRate = onTime/due (按期整改率), overdue (逾期),
            deferred (挂账). A bare date means the end of that day. Groups are ranked by rate,
            then fewer overdue, then code; groups with no hazards last.

            Examples:
              safegrid report --by grid
              safegrid report --by police-grid --as-of 2026-06-15 --format json
              safegrid report --by community --as-of 2026-06-15 --as-recorded-at 2026-06-15
              safegrid report --by street --from 2026-06-01 --to 2026-06-30 --output june.json --format json
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Group by: grid, community, street, police-grid, beat, station, category, severity, venue.")
    var by: GroupingArgument = GroupingArgument(grouping: .grid)
    @Option(name: .customLong("as-of"), help: "The cut-off (default now).") var asOf: String?
    @Option(name: .customLong("as-recorded-at"), help: "Count only what was recorded by then (a frozen report).")
    var asRecordedAt: String?
    @Option(help: "First discovery day of the period.") var from: String?
    @Option(help: "Last discovery day of the period.") var to: String?
    @Option(help: "Output format: text or json.") var format: DataFormat = .text
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let context = try Context.open(global)
        let now = context.engine.clock.now()
        let request = ReportRequest(
            asOf: try context.time(asOf, option: "--as-of") ?? now,
            asRecordedAt: try context.time(asRecordedAt, option: "--as-recorded-at"), by: by.grouping,
            from: try context.day(from, option: "--from"), to: try context.day(to, option: "--to"))
        let report = try context.engine.report(request)
        let rendered: String = switch format {
        case .json: try context.jsonText(report)
        case .text: ReportText.render(report, context)
        }
        if let output {
            do {
                try Data((rendered + "\n").utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw SafeGridError.invalidInput("cannot write \(output): \(error.localizedDescription)", chinese: "无法写入 \(output)")
            }
            Output.error(context.language.pick("报表已写入 \(output)", "Report written to \(output)"))
        } else {
            Output.line(rendered)
        }
    }
}


/// The value of `--by`.
struct GroupingArgument: ExpressibleByArgument {
    var grouping: ReportGrouping

    init(grouping: ReportGrouping) { self.grouping = grouping }

    init?(argument: String) {
        guard let grouping = ReportGrouping(rawValue: argument) else { return nil }
        self.grouping = grouping
    }

    var defaultValueDescription: String { grouping.rawValue }

    static var allValueStrings: [String] { ReportGrouping.allCases.map(\.rawValue) }
}

/// The report as a table for people.
enum ReportText {
    static func render(_ report: RectificationReport, _ context: Context) -> String {
        let l = context.language
        var lines: [String] = []
        let level = report.by.areaLevel?.label(l) ?? byLabel(report.by, l)
        var title = l.pick("隐患整改情况统计（按\(level)）　截至 \(context.show(report.asOf))", "Hazard rectification by \(level), as of \(context.show(report.asOf))")
        if let recorded = report.asRecordedAt { title += l.pick("　登记截至 \(context.show(recorded))", ", as recorded at \(context.show(recorded))") }
        if report.from != nil || report.to != nil {
            title += l.pick("　发现日期 \(report.from?.description ?? "…") 至 \(report.to?.description ?? "…")",
                            ", found \(report.from?.description ?? "…") to \(report.to?.description ?? "…")")
        }
        lines.append(title)
        var table = TextTable()
        table.append(l == .chinese
            ? ["排名", "编码", "名称", "发现", "已销号", "整改率", "应整改", "按期", "按期整改率", "逾期", "挂账"]
            : ["RANK", "KEY", "NAME", "FOUND", "CLOSED", "RATE", "DUE", "ON TIME", "ON-TIME RATE", "OVERDUE", "DEFERRED"])
        func row(_ rank: String, _ key: String, _ name: String, _ counts: HazardCounts) -> [String] {
            [rank, key, name, "\(counts.found)", "\(counts.closed)", ReportText.percent(counts.rate), "\(counts.due)",
             "\(counts.onTime)", ReportText.percent(counts.onTimeRate), "\(counts.overdue)", "\(counts.deferred)"]
        }
        for (index, group) in report.groups.enumerated() {
            table.append(row(group.counts.found > 0 ? "\(index + 1)" : "—", group.key, displayName(group, report.by, l), group.counts))
        }
        table.append(row("", l.pick("合计", "TOTAL"), "", report.total))
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }

    /// A rate for people: `66.7%`, or `—` when there is no denominator.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func displayName(_ group: RectificationReport.Group, _ by: ReportGrouping, _ l: DisplayLanguage) -> String {
        by == .severity ? (Severity(rawValue: group.key)?.label(l) ?? group.name) : group.name
    }

    static func byLabel(_ by: ReportGrouping, _ l: DisplayLanguage) -> String {
        switch by {
        case .category: l.pick("类别", "category")
        case .severity: l.pick("等级", "severity")
        case .venue: l.pick("场所", "venue")
        default: by.rawValue
        }
    }
}

/// `safegrid verify`: check the event hash chain and the database.
struct VerifyCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hazard history's hash chain and the store's integrity (防篡改校验).",
        discussion: """
            Exits 1 and names the first event that was changed, inserted or removed.

            Example:
              safegrid verify --store station.sqlite
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: DataFormat = .text

    func run() throws {
        let context = try Context.open(global)
        let result = try context.engine.verify()
        let l = context.language
        switch format {
        case .json:
            try context.json(VerifyJSON(
                intact: result.isIntact, events: result.eventCount, problem: result.problem.map {
                    VerifyJSON.Problem(sequence: $0.sequence, event: $0.eventID, hazard: $0.hazardID, message: $0.message.resolved(for: l))
                }, integrity: result.integrityProblems))
        case .text:
            if let problem = result.problem { Output.error(l.pick("篡改：", "tampered: ") + problem.message.resolved(for: l)) }
            for line in result.integrityProblems { Output.error(l.pick("数据库完整性：", "database integrity: ") + line) }
            if result.isIntact {
                Output.line(l.pick("完整：\(result.eventCount) 条事件的哈希链无误，数据库完整性检查通过。",
                                   "Intact: the hash chain of \(result.eventCount) events holds and the database passes its integrity check."))
            }
        }
        if !result.isIntact { throw ExitCode(ExitStatus.invalidInput) }
    }

    struct VerifyJSON: Encodable {
        struct Problem: Encodable {
            var sequence: Int64
            var event: String
            var hazard: String
            var message: String
        }

        var intact: Bool
        var events: Int
        var problem: Problem?
        var integrity: [String]
    }
}
