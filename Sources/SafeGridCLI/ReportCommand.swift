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

            --format text (a table on the terminal, default) or any exporter from
            `safegrid exporters list`: json, csv, md, html, xlsx, and those plugged in. Exported
            reports also carry the roll-up subtotals, the weekly trend and the overdue list;
            html shows each overdue hazard's kept photos (before and after) inside the page.
            CSV writes one table: with --output and no --table, one file per table
            (report.csv → report-groups.csv, report-subtotals.csv, report-overdue.csv,
            report-trend.csv); on standard output, the groups table unless --table names another.

            Examples:
              safegrid report --by grid
              safegrid report --by police-grid --as-of 2026-06-15 --format json
              safegrid report --by community --as-of 2026-06-15 --as-recorded-at 2026-06-15
              safegrid report --by street --from 2026-06-01 --to 2026-06-30 --format json --output june.json
              safegrid report --by grid --format html --output weekly.html --red-list-from 95 --black-list-below 80
              safegrid report --format xlsx --output weekly.xlsx --lang en
              safegrid report --format csv --table overdue > overdue.csv
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
    @Option(help: "Output format: text, or an exporter's name (json, csv, md, html, xlsx, ...).") var format: String = "text"
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "For exporters with several tables (csv): the one to write.") var table: String?
    @Option(name: .customLong("red-list-from"), help: "整改率 from which a group is on the red list (红榜).")
    var redListFrom = PercentArgument(fraction: RateThresholds.standard.honour)
    @Option(name: .customLong("black-list-below"), help: "整改率 below which a group is on the black list (黑榜).")
    var blackListBelow = PercentArgument(fraction: RateThresholds.standard.warning)
    @Option(help: "A title instead of the report's own.") var title: String?
    @Option(name: .customLong("trend-weeks"), help: "Weeks in the trend, this week included.") var trendWeeks = 8
    @Option(name: .customLong("param"), help: ArgumentHelp("A setting for a plugged-in exporter.", valueName: "key=value"))
    var parameters: [ParameterArgument] = []

    func validate() throws {
        guard blackListBelow.fraction <= redListFrom.fraction else {
            throw ValidationError("--black-list-below must not be above --red-list-from")
        }
        guard (0...520).contains(trendWeeks) else { throw ValidationError("--trend-weeks must be from 0 to 520") }
    }

    func run() throws {
        if format != "text" { try ExportFile.refuseBinaryOnTerminal(try Exporters.registry().exporter(named: format, for: .report), output: output) }
        let context = try Context.open(global)
        let now = context.engine.clock.now()
        let request = ReportRequest(
            asOf: try context.time(asOf, option: "--as-of") ?? now,
            asRecordedAt: try context.time(asRecordedAt, option: "--as-recorded-at"), by: by.grouping,
            from: try context.day(from, option: "--from"), to: try context.day(to, option: "--to"), trendWeeks: trendWeeks)
        let l = context.language
        if format == "text" {
            var rendered = ReportText.render(try context.engine.report(request), context)
            if let note = ReportDocument.conflictsNote(try context.engine.unresolvedConflictCount(), l) { rendered += "\n" + note }
            try ExportFile.write(to: output) { try $0.write(rendered + "\n") }
            if let output { Output.error(l.pick("报表已写入 \(output)", "Report written to \(output)")) }
            return
        }
        let exporter = try Exporters.registry().exporter(named: format, for: .report)
        var options = ExportOptions(
            language: l, stationTime: context.stationTime, table: table,
            thresholds: RateThresholds(honour: redListFrom.fraction, warning: blackListBelow.fraction), title: title,
            parameters: Dictionary(parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
        _ = try exporter.table(for: options)
        // Several tables into one named file: one file per table.
        let files: [(path: String?, table: String?)] = if let output, table == nil, exporter.tables.count > 1 {
            exporter.tables.map { (ExportFile.path(output, table: $0), $0) }
        } else {
            [(output, table)]
        }
        try context.engine.withReport(request) { document in
            let document = ExportProgress.reporting(document, language: l)
            for file in files {
                options.table = file.table
                try ExportFile.write(to: file.path) { try exporter.export(document, options: options, to: $0) }
            }
        }
        for case let path? in files.map(\.path) { Output.error(l.pick("报表已写入 \(path)", "Report written to \(path)")) }
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
        lines.append(report.title(l, context.stationTime))
        var table = TextTable()
        table.append([l.pick("排名", "RANK"), l.pick("编码", "KEY"), l.pick("名称", "NAME")] + CountColumn.allCases.map { $0.label(l) })
        func row(_ rank: String, _ key: String, _ name: String, _ counts: HazardCounts) -> [String] {
            [rank, key, name] + CountColumn.allCases.map { $0.text(counts) }
        }
        for (index, group) in report.groups.enumerated() {
            table.append(row(group.counts.found > 0 ? "\(index + 1)" : "—", group.key, group.displayName(by: report.by, l), group.counts))
        }
        table.append(row("", l.pick("合计", "TOTAL"), "", report.total))
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}
