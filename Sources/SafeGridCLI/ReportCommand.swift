import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid report`: the rectification-rate report.
struct ReportCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: .zh(
            "按区域、类别、严重程度、场所、来源、专项或处置部门统计整改率。",
            en: "The rectification-rate report by area, category, severity, venue, source, campaign or department (整改率统计)."),
        discussion: .zh("""
            统计口径（唯一定义，见 DOMAIN.md）：found（发现）、closed（已销号）、rate = closed/found（整改率）、due（应整改）、onTime（按期）、onTimeRate = onTime/due（按期整改率）、overdue（逾期）、deferred（挂账）。只写日期表示当天结束时。各组按整改率排名，其次逾期少者在前，再按编码；没有隐患的组排在最后。

            --format text（终端上的表格，默认），或 `safegrid exporters list` 中的任何导出器：json、csv、md、html、xlsx 以及插件。导出的报表还含逐级小计、每周趋势和逾期清单；html 在页面内显示每处逾期隐患保存的照片（整改前和整改后）。
            按来源（source）、专项（campaign）或处置部门（department，统计截止时正在处置的部门；未分流的计入派出所 public-security）分组时，每处隐患只计入一组，各组之和等于合计。--campaign 专项名称 只统计该专项发现的隐患。联合检查另列一表（联合检查次数、发现隐患），按参加的每个部门分别计数，各部门之和可大于合计。

            --output 文件名 正好写入该文件。csv 写一张表：默认为分组表（groups），--table subtotals、overdue 或 trend 写别的表；--table all 把所有表打包为一个 ZIP，每张表一个 CSV 文件（二进制，不输出到终端）。

            示例：
              safegrid report --by grid
              safegrid report --by police-grid --as-of 2026-06-15 --format json
              safegrid report --by community --as-of 2026-06-15 --as-recorded-at 2026-06-15
              safegrid report --by street --from 2026-06-01 --to 2026-06-30 --format json --output june.json
              safegrid report --by grid --format html --output weekly.html --red-list-from 95 --black-list-below 80
              safegrid report --format xlsx --output weekly.xlsx --lang en
              safegrid report --format csv --output weekly.csv
              safegrid report --format csv --table overdue > overdue.csv
              safegrid report --format csv --table all --output weekly-tables.zip
              safegrid report --by source
              safegrid report --by department --campaign 夏季消防专项 --format html --output campaign.html
              safegrid report --by grid --colours
              safegrid report --by police-grid --colours --format xlsx --output colours.xlsx

            --within 区域 只统计该区域内的隐患（可重复，取各区域之和）：网格线的区域（街道、社区、网格）代表其下所有网格，警格线的区域（派出所、警务区、警格）代表其下所有警格；隐患在统计截止时所在的网格或警格在范围内即计入。报表的每一部分都只算范围内的隐患：分组、小计、合计、趋势、逾期清单、联合检查（范围内场所的）和场所三色分布（范围内的场所）；只列出与范围相关的区域。区域写编码，编码在两条线上重名时写 层级/编码，如 grid/G01、community/C01、station/ST1、police-grid/P01。报表标题写明范围，JSON 多一个 within 字段。
              safegrid report --by grid --within community/C01 --format json

            --colours 另附场所三色分布：按本数据存储的规则（risk-rule）给每个场所定颜色（截至统计时间），按场所所在的区域计数（红、黄、绿、场所数）。只能按区域分组（grid、community、street、police-grid、beat、station），不能与 --as-recorded-at 同用；统计期和专项不影响它（数的是场所，不是隐患）。
            """, en: """
            Counts (one definition, DOMAIN.md): found, closed (已销号), rate = closed/found (整改率), due (应整改), onTime (按期), onTimeRate = onTime/due (按期整改率), overdue (逾期), deferred (挂账). A bare date means the end of that day. Groups are ranked by rate, then fewer overdue, then code; groups with no hazards last.

            --format text (a table on the terminal, default) or any exporter from `safegrid exporters list`: json, csv, md, html, xlsx, and those plugged in. Exported reports also carry the roll-up subtotals, the weekly trend and the overdue list; html shows each overdue hazard's kept photos (before and after) inside the page.
            Grouped by source, campaign or department (the department acting at the cut-off; hazards never referred count under the station, public-security), each hazard counts in exactly one group and the groups add up to the total. --campaign NAME counts only the hazards found in that campaign. Joint checks have a table of their own (joint checks, hazards found), counted for each department that took part, so those rows may add up to more than the total.

            --output FILE writes exactly FILE. csv writes one table: the groups table by default, another with --table subtotals, overdue or trend; --table all writes every table as one ZIP of CSV files (binary: not to a terminal).

            Examples:
              safegrid report --by grid
              safegrid report --by police-grid --as-of 2026-06-15 --format json
              safegrid report --by community --as-of 2026-06-15 --as-recorded-at 2026-06-15
              safegrid report --by street --from 2026-06-01 --to 2026-06-30 --format json --output june.json
              safegrid report --by grid --format html --output weekly.html --red-list-from 95 --black-list-below 80
              safegrid report --format xlsx --output weekly.xlsx --lang en
              safegrid report --format csv --output weekly.csv
              safegrid report --format csv --table overdue > overdue.csv
              safegrid report --format csv --table all --output weekly-tables.zip
              safegrid report --by source
              safegrid report --by department --campaign "summer fire campaign" --format html --output campaign.html
              safegrid report --by grid --colours
              safegrid report --by police-grid --colours --format xlsx --output colours.xlsx

            --within AREA counts only the hazards inside the area (repeatable: the areas together). An area of the community line (street, community, grid) stands for every grid under it, one of the police line (station, beat, police grid) for every police grid under it; a hazard is inside when its grid or its police grid at the cut-off is. Every part of the report counts only the hazards inside: the groups, subtotals, total, trend, overdue list, joint checks (of the venues inside) and venue colours (of the venues inside); only the areas that touch it are listed. Name an area by its code, or by LEVEL/CODE when the code is on both lines: grid/G01, community/C01, station/ST1, police-grid/P01. The title says what the report is restricted to, and the JSON has a within field.
              safegrid report --by grid --within community/C01 --format json

            --colours adds the venues by colour (三色预警): every venue rated under the store's rule (risk-rule) as of the cut-off and counted in the area it lies in (red, yellow, green, venues). Area groupings only (grid, community, street, police-grid, beat, station), not with --as-recorded-at; a period or a campaign does not narrow it (it counts venues, not hazards).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh(
        "分组方式：grid（网格）、community（社区）、street（街道）、police-grid（警格）、beat（警务区）、station（派出所）、category（类别）、severity（严重程度）、venue（场所）、source（来源）、campaign（专项）、department（处置部门）。",
        en: "Group by: grid, community, street, police-grid, beat, station, category, severity, venue, source, campaign, department."))
    var by: GroupingArgument = GroupingArgument(grouping: .grid)
    @Option(name: .customLong("as-of"), help: .zh("统计截止时间（默认为现在）。", en: "The cut-off (default now).")) var asOf: String?
    @Option(name: .customLong("as-recorded-at"), help: .zh("只计到此时为止已登记的内容（冻结的报表）。", en: "Count only what was recorded by then (a frozen report)."))
    var asRecordedAt: String?
    @Option(help: .zh("统计期内最早的发现日期。", en: "First discovery day of the period.")) var from: String?
    @Option(help: .zh("统计期内最晚的发现日期。", en: "Last discovery day of the period.")) var to: String?
    @Option(help: .zh("只统计此专项中发现的隐患（及此专项的联合检查）。", en: "Count only the hazards found in this campaign (and its joint checks).", valueName: "name"))
    var campaign: String?
    @Option(help: .zh(
        "只统计此区域内的隐患（可重复）：区域编码，或 层级/编码，如 grid/G01、community/C01、station/ST1。",
        en: "Count only the hazards inside this area (repeatable): an area code, or LEVEL/CODE such as grid/G01, community/C01, station/ST1.",
        valueName: "area"))
    var within: [String] = []
    @Flag(help: .zh("另附场所三色分布（按区域计数红、黄、绿场所）。", en: "Add the venues by colour per area (red, yellow, green).")) var colours = false
    @Option(help: .zh("输出格式：text，或导出器名称（json、csv、md、html、xlsx 等）。", en: "Output format: text, or an exporter's name (json, csv, md, html, xlsx, ...).")) var format: String = "text"
    @Option(help: .zh("写入此文件，而不是标准输出。", en: "Write to this file instead of standard output.")) var output: String?
    @Option(help: .zh(
        "有多张表的导出器（csv）：要写的那张表（groups、subtotals、overdue、trend、joint-checks、colours），或 all：所有表打包为一个 ZIP。",
        en: "For exporters with several tables (csv): the one to write (groups, subtotals, overdue, trend, joint-checks, colours), or all: every table in one ZIP."))
    var table: String?
    @Option(name: .customLong("red-list-from"), help: .zh("整改率达到多少进入红榜。", en: "The rectification rate (整改率) from which a group is on the red list (红榜)."))
    var redListFrom = PercentArgument(fraction: RateThresholds.standard.honour)
    @Option(name: .customLong("black-list-below"), help: .zh("整改率低于多少进入黑榜。", en: "The rectification rate (整改率) below which a group is on the black list (黑榜)."))
    var blackListBelow = PercentArgument(fraction: RateThresholds.standard.warning)
    @Option(help: .zh("报表标题（代替默认标题）。", en: "A title instead of the report's own.")) var title: String?
    @Option(name: .customLong("trend-weeks"), help: .zh("趋势包含的周数（含本周）。", en: "Weeks in the trend, this week included.")) var trendWeeks = 8
    @Option(name: .customLong("param"), help: .zh("插件导出器的设置。", en: "A setting for a plugged-in exporter.", valueName: "key=value"))
    var parameters: [ParameterArgument] = []

    func validate() throws {
        guard blackListBelow.fraction <= redListFrom.fraction else {
            throw ValidationError(.zh("--black-list-below 不能高于 --red-list-from", en: "--black-list-below must not be above --red-list-from"))
        }
        guard (0...520).contains(trendWeeks) else { throw ValidationError(.zh("--trend-weeks 应在 0 到 520 之间", en: "--trend-weeks must be from 0 to 520")) }
    }

    func run() throws {
        let exporter = format == "text" ? nil : try Exporters.registry().exporter(named: format, for: .report)
        if let exporter {
            // Before anything is computed: a table the exporter cannot write, binary output
            // (XLSX, CSV's ZIP of every table) to a terminal.
            let mediaType = try exporter.mediaType(for: ExportOptions(table: table, parameters: exporterParameters))
            try ExportFile.refuseBinaryOnTerminal(
                [exporter.name] + (table.map { ["--table", $0] } ?? []), mediaType: mediaType, output: output)
        }
        let context = try Context.open(global)
        let now = context.engine.clock.now()
        var request = ReportRequest(
            asOf: try context.time(asOf, option: "--as-of") ?? now,
            asRecordedAt: try context.time(asRecordedAt, option: "--as-recorded-at"), by: by.grouping,
            from: try context.day(from, option: "--from"), to: try context.day(to, option: "--to"), trendWeeks: trendWeeks,
            campaign: campaign, colours: colours)
        if !within.isEmpty {
            let directory = try context.engine.store.read { try $0.areaDirectory() }
            request.restrict(to: try within.map { try AreaName.area($0, in: directory) }, in: directory)
        }
        let l = context.language
        guard let exporter else {
            var rendered = ReportText.render(try context.engine.report(request), context)
            if let joint = ReportText.jointChecks(try context.engine.jointChecks(request), context) { rendered += "\n\n" + joint }
            if colours { rendered += "\n\n" + ReportText.colours(try context.engine.venueColours(request), context) }
            if let note = ReportDocument.conflictsNote(try context.engine.unresolvedConflictCount(), l) { rendered += "\n" + note }
            try ExportFile.write(to: output) { try $0.write(rendered + "\n") }
            if let output { Output.error(l.pick("报表已写入 \(output)", "Report written to \(output)")) }
            return
        }
        let options = ExportOptions(
            language: l, stationTime: context.stationTime, table: table,
            thresholds: RateThresholds(honour: redListFrom.fraction, warning: blackListBelow.fraction), title: title,
            parameters: exporterParameters)
        // --output FILE is exactly FILE, whatever the format.
        try context.engine.withReport(request) { document in
            let document = ExportProgress.reporting(document, language: l)
            try ExportFile.write(to: output) { try exporter.export(document, options: options, to: $0) }
        }
        if let output { Output.error(l.pick("报表已写入 \(output)", "Report written to \(output)")) }
    }

    /// The `--param key=value` settings, the last of a key winning.
    private var exporterParameters: [String: String] {
        Dictionary(parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
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

    /// The venues by colour per area, with a total row.
    static func colours(_ colours: VenueColourReport, _ context: Context) -> String {
        let l = context.language
        var table = TextTable()
        table.append([l.pick("编码", "CODE"), l.pick("名称", "NAME")] + VenueColour.allCases.map { $0.label(l).uppercased() } + [l.pick("场所数", "VENUES")])
        func counts(_ counts: VenueColourCounts) -> [String] { VenueColour.allCases.map { String(counts[$0]) } + [String(counts.venues)] }
        for group in colours.groups { table.append([group.key, group.name] + counts(group.counts)) }
        table.append([l.pick("合计", "TOTAL"), ""] + counts(colours.total))
        return [colours.title(l), table.render()].joined(separator: "\n")
    }

    /// The joint checks per department that took part, `nil` when there were none.
    static func jointChecks(_ rows: [JointCheckRow], _ context: Context) -> String? {
        guard !rows.isEmpty else { return nil }
        let l = context.language
        var table = TextTable()
        table.append([l.pick("部门编码", "CODE"), l.pick("部门", "DEPARTMENT"), l.pick("联合检查次数", "JOINT CHECKS"), l.pick("发现隐患", "HAZARDS FOUND")])
        for row in rows { table.append([row.department, row.name(l), String(row.inspections), String(row.hazardsFound)]) }
        return [ReportDocument.jointChecksTitle(l), table.render(), ReportDocument.jointChecksNote(l)].joined(separator: "\n")
    }
}

/// An area as `--within` names it: its code, or `LEVEL/CODE` (`grid/G01`, `station/ST1`), or
/// `police/CODE` for the police line, when a code is on both lines.
enum AreaName {
    /// The area `text` names.
    /// - Throws: `SafeGridError` `not-found` for a name no area has, `invalid-input` for a code
    ///   that several areas have.
    static func area(_ text: String, in directory: AreaDirectory) throws -> Area {
        var candidates = directory.areas.values.filter { $0.code == text }
        if candidates.isEmpty, let slash = text.firstIndex(of: "/") {
            let prefix = String(text[..<slash])
            let code = String(text[text.index(after: slash)...])
            if let level = AreaLevel(rawValue: prefix) {
                candidates = directory.area(level, code).map { [$0] } ?? []
            } else if let line = AreaLine(rawValue: prefix) {
                candidates = directory.areas.values.filter { $0.level.line == line && $0.code == code }
            }
        }
        candidates.sort { $0.id < $1.id }
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty {
            throw SafeGridError(
                .notFound,
                chinese: "没有编码为 '\(text)' 的区域。区域编码见 safegrid report --by grid（或 community、street、police-grid、beat、station）的编码列；编码在两条线上重名时写 层级/编码，如 grid/G01、station/ST1",
                english: "no area has the code '\(text)'. The codes are in the KEY column of safegrid report --by grid (or community, street, police-grid, beat, station); when a code is on both lines, write LEVEL/CODE, such as grid/G01 or station/ST1",
                context: ["area": text])
        }
        let names = candidates.map { "\($0.level.rawValue)/\($0.code)" }
        throw SafeGridError.invalidInput(
            "the code '\(text)' names several areas: \(names.joined(separator: ", ")); write one of them",
            chinese: "编码 '\(text)' 对应多个区域：\(names.joined(separator: "、"))；请写其中一个",
            context: ["area": text])
    }
}
