public import Foundation

/// One cell of a report table, typed so a spreadsheet can keep numbers as numbers and rates as
/// percentages while a text format writes them as people read them.
public enum ReportCell: Sendable, Hashable {
    /// Text (names, codes, labels).
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A rate from 0 to 1; `nil` where the denominator is 0 (shown as `—`, never 100%).
    case rate(Double?)
    /// An instant, shown in station time to the minute.
    case time(Date)
    /// A calendar day.
    case day(CivilDate)
    /// Nothing.
    case empty

    /// The cell as people read it: numbers plainly, rates as `66.7%` (or `—`), times as
    /// `2026-06-15 23:59` in station time, days as `2026-06-15`.
    public func text(_ time: StationTime) -> String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .rate(let rate): HazardCounts.percentText(rate)
        case .time(let instant): time.show(instant)
        case .day(let day): day.description
        case .empty: ""
        }
    }
}

/// A table of a report (the ranked rows, the subtotals, the overdue list, the trend) as headed
/// columns of typed cells: the one layout the tabular formats (CSV, XLSX, Markdown) share, so
/// they cannot disagree. Rows are produced on demand; the overdue table streams from the store.
public struct ReportTable {
    /// The table's name (`groups`, `subtotals`, `overdue`, `trend`): a file suffix, a sheet name.
    public let name: String
    /// Its title for people.
    public let title: String
    /// The column headings.
    public let columns: [String]
    /// How many rows it has.
    public let rowCount: Int
    private let produce: (([ReportCell]) throws -> Void) throws -> [String]

    /// A table whose rows `produce` passes to its argument in order.
    public init(name: String, title: String, columns: [String], rowCount: Int, produce: @escaping (([ReportCell]) throws -> Void) throws -> Void) {
        self.init(
            rows: { row in
                try produce(row)
                return []
            }, name: name, title: title, columns: columns, rowCount: rowCount)
    }

    /// A table whose rows `produce` passes to its argument in order, returning the notes that
    /// belong under the rows it passed (see ``forEachRowWithNotes(_:)``).
    ///
    /// ```swift
    /// let table = ReportTable.withNotes(name: "overdue", title: "逾期清单", columns: ["隐患", "期限"], rowCount: list.count) { row in
    ///     var years = Set<Int>()
    ///     try list.forEach { entry in
    ///         if entry.deadlineProvisional { years.insert(stationTime.day(of: entry.deadline).components.year) }
    ///         try row([.text(entry.hazardID), .time(entry.deadline)])
    ///     }
    ///     return years.isEmpty ? [] : [ProvisionalDates.hint(years: years, .chinese)]
    /// }
    /// ```
    /// - Parameters:
    ///   - name: the table's name (a file suffix, a sheet name).
    ///   - title: its title for people.
    ///   - columns: the column headings.
    ///   - rowCount: how many rows `produce` passes.
    ///   - produce: passes each row to its argument, then returns the notes, one line each.
    public static func withNotes(
        name: String, title: String, columns: [String], rowCount: Int,
        produce: @escaping (([ReportCell]) throws -> Void) throws -> [String]
    ) -> ReportTable {
        ReportTable(rows: produce, name: name, title: title, columns: columns, rowCount: rowCount)
    }

    /// The rows first, so a call with a trailing closure can only mean the public initializer.
    private init(
        rows produce: @escaping (([ReportCell]) throws -> Void) throws -> [String], name: String, title: String,
        columns: [String], rowCount: Int
    ) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rowCount = rowCount
        self.produce = produce
    }

    /// Calls `body` with each row.
    public func forEachRow(_ body: ([ReportCell]) throws -> Void) throws {
        _ = try forEachRowWithNotes(body)
    }

    /// Calls `body` with each row, then returns the lines that go under the rows just walked:
    /// for the overdue table, the ``ProvisionalDates`` hint when a deadline shown is
    /// provisional; none for the other tables. Rows stream, so the notes are known only once
    /// they are written. Formats with room for a line under a table (Markdown) print them;
    /// CSV and XLSX keep a table a table and leave them out (the `期限暂定` column says it row
    /// by row).
    /// - Parameter body: called with each row's cells, in order.
    /// - Returns: the notes, each one line; usually none.
    /// - Throws: what `body` or the store reading the rows throws.
    public func forEachRowWithNotes(_ body: ([ReportCell]) throws -> Void) throws -> [String] {
        try withoutActuallyEscaping(body) { body in try produce(body) }
    }
}

extension ReportDocument {
    /// The names of the tables every report has, in order: the ranked rows with a total row,
    /// the roll-up subtotals, the overdue list, the weekly trend, the joint checks per department,
    /// the venues by colour (no rows unless the report was asked for colours).
    public static let tableNames = ["groups", "subtotals", "overdue", "trend", "joint-checks", "colours"]

    /// Every table of the report, in ``tableNames`` order.
    /// - Throws: What counting the trend throws (``trend``).
    public func tables(_ options: ExportOptions) throws -> [ReportTable] {
        try Self.tableNames.map { try table(named: $0, options)! }
    }

    /// The table of that name, if the report has one.
    /// - Throws: What counting the trend throws, for the trend table (``trend``): its rows are
    ///   counted when the table is made, the other tables' when they are walked.
    public func table(named name: String, _ options: ExportOptions) throws -> ReportTable? {
        let l = options.language
        let counts = CountColumn.allCases.map { $0.label(l) }
        func countCells(_ c: HazardCounts) -> [ReportCell] {
            CountColumn.allCases.map { column in column.isRate ? .rate(column.rate(c)) : .integer(column.count(c)!) }
        }
        let report = self.report
        switch name {
        case "groups":
            let level = report.by.label(l)
            let columns = [l.pick("排名", "Rank"), l.pick("\(level)编码", "\(level.capitalizedFirst) code"),
                           l.pick("\(level)名称", "\(level.capitalizedFirst)"), l.pick("上级", "Parent")]
                + counts + [l.pick("红黑榜", "List")]
            let thresholds = options.thresholds
            return ReportTable(name: name, title: options.title ?? report.title(l, options.stationTime), columns: columns, rowCount: report.groups.count + 1) { row in
                for (index, group) in report.groups.enumerated() {
                    let rank: ReportCell = group.counts.found > 0 ? .integer(index + 1) : .empty
                    let standing = thresholds.standing(of: group.counts.rate).map { ReportCell.text($0.label(l)) } ?? .empty
                    try row([rank, .text(group.key), .text(group.displayName(by: report.by, l)), group.parent.map(ReportCell.text) ?? .empty]
                        + countCells(group.counts) + [standing])
                }
                try row([.empty, .text(l.pick("合计", "Total")), .empty, .empty] + countCells(report.total) + [.empty])
            }
        case "subtotals":
            let rollUps = self.rollUps
            let columns = [l.pick("层级", "Level"), l.pick("编码", "Code"), l.pick("名称", "Name"), l.pick("上级", "Parent")] + counts
            return ReportTable(
                name: name, title: l.pick("分级小计", "Subtotals"), columns: columns, rowCount: rollUps.reduce(0) { $0 + $1.groups.count }
            ) { row in
                for rollUp in rollUps {
                    for group in rollUp.groups {
                        try row([.text(rollUp.level.label(l)), .text(group.key), .text(group.name), group.parent.map(ReportCell.text) ?? .empty]
                            + countCells(group.counts))
                    }
                }
            }
        case "overdue":
            let overdue = self.overdue
            let time = options.stationTime
            let columns = [
                l.pick("隐患编号", "Hazard"), l.pick("场所编号", "Venue ID"), l.pick("场所", "Venue"), l.pick("隐患", "Hazard title"),
                l.pick("类别", "Category"), l.pick("等级", "Severity"), l.pick("状态", "Status"), l.pick("发现时间", "Found"),
                l.pick("整改期限", "Deadline"), l.pick("期限暂定", "Provisional deadline"), l.pick("逾期天数", "Days overdue"),
                l.pick("延期次数", "Extensions"), l.pick("网格编码", "Grid code"), l.pick("网格", "Grid"), l.pick("网格员", "Grid worker"),
                l.pick("警格编码", "Police grid code"), l.pick("警格", "Police grid"), l.pick("责任民警", "Officer"),
            ]
            let title = l.pick("逾期清单", "Overdue hazards")
            return .withNotes(name: name, title: title, columns: columns, rowCount: overdue.count) { row in
                // The years of the provisional deadlines shown, for the hint under the table.
                var provisionalYears = Set<Int>()
                try overdue.forEach { e in
                    if e.deadlineProvisional { provisionalYears.insert(time.day(of: e.deadline).year) }
                    try row([
                        .text(e.hazardID), .text(e.venueID), .text(e.venueName), .text(e.title.resolved(for: l)), .text(HazardCategory.label(e.category, l)),
                        .text(e.severity.label(l)), .text(e.status.label(l)), .time(e.foundAt), .time(e.deadline),
                        e.deadlineProvisional ? .text(ProvisionalDates.word(l)) : .empty, .integer(e.daysOverdue),
                        .integer(e.extensions), .text(e.grid.code), .text(e.grid.name), e.grid.follower.map(ReportCell.text) ?? .empty,
                        .text(e.policeGrid.code), .text(e.policeGrid.name), e.policeGrid.follower.map(ReportCell.text) ?? .empty,
                    ])
                }
                return provisionalYears.isEmpty ? [] : [ProvisionalDates.hint(years: provisionalYears, l)]
            }
        case "trend":
            let trend = try self.trend
            let columns = [l.pick("周（起始日）", "Week of"), l.pick("截至", "As of")] + counts
            return ReportTable(name: name, title: l.pick("周趋势", "Weekly trend"), columns: columns, rowCount: trend.count) { row in
                for point in trend { try row([.day(point.weekStart), .time(point.asOf)] + countCells(point.counts)) }
            }
        case "joint-checks":
            let rows = jointChecks
            let columns = [
                l.pick("部门编码", "Department code"), l.pick("部门", "Department"), l.pick("联合检查次数", "Joint checks"),
                l.pick("发现隐患", "Hazards found"),
            ]
            return .withNotes(name: name, title: Self.jointChecksTitle(l), columns: columns, rowCount: rows.count) { row in
                for entry in rows {
                    try row([.text(entry.department), .text(entry.name(l)), .integer(entry.inspections), .integer(entry.hazardsFound)])
                }
                return rows.isEmpty ? [] : [Self.jointChecksNote(l)]
            }
        case "colours":
            let colours = self.colours
            let columns = [
                l.pick("编码", "Code"), l.pick("名称", "Name"), l.pick("上级", "Parent"), l.pick("红", "Red"), l.pick("黄", "Yellow"),
                l.pick("绿", "Green"), l.pick("场所数", "Venues"),
            ]
            let rows = colours.map { $0.groups.count + 1 } ?? 0
            // A short title: it names a sheet too (at most 31 characters); the rule goes under the table.
            return .withNotes(name: name, title: l.pick("场所三色分布", "Venue colours"), columns: columns, rowCount: rows) { row in
                guard let colours else { return [] }
                func cells(_ counts: VenueColourCounts) -> [ReportCell] {
                    [.integer(counts.red), .integer(counts.yellow), .integer(counts.green), .integer(counts.venues)]
                }
                for group in colours.groups {
                    try row([.text(group.key), .text(group.name), group.parent.map(ReportCell.text) ?? .empty] + cells(group.counts))
                }
                try row([.text(l.pick("合计", "Total")), .empty, .empty] + cells(colours.total))
                return [colours.ruleNote(l)]
            }
        default:
            return nil
        }
    }

    /// The joint-checks table's title (short: it names a sheet too).
    public static func jointChecksTitle(_ l: DisplayLanguage) -> String {
        l.pick("联合检查（按参加部门）", "Joint checks by department")
    }

    /// The line under the joint-checks table: its rows do not add up to the total.
    public static func jointChecksNote(_ l: DisplayLanguage) -> String {
        l.pick("联合检查按参加的每个部门分别计数，各部门之和可大于合计。", "A joint check counts for each department that took part, so these rows may add up to more than the total.")
    }
}

extension String {
    /// The text with its first letter in upper case (`grid` → `Grid`).
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
