public import Foundation
public import SafeGridCore

/// What report to compute.
public struct ReportRequest: Sendable, Hashable {
    /// The cut-off T.
    public var asOf: Date
    /// For a frozen report: only events recorded by then count.
    public var asRecordedAt: Date?
    /// The grouping.
    public var by: ReportGrouping
    /// The first discovery day of the period, if any.
    public var from: CivilDate?
    /// The last discovery day of the period, if any.
    public var to: CivilDate?
    /// How many weeks the trend of a `ReportDocument` covers, the cut-off's own week included.
    public var trendWeeks: Int
    /// Only hazards (and joint checks) of this campaign, if set.
    public var campaign: String?
    /// Whether a `ReportDocument` carries the venues' colours by area (an area grouping only,
    /// not frozen): ``SafeGridEngine/venueColours(_:)``.
    public var colours: Bool
    /// Only hazards inside these areas, if set (`AreaScope`), in every part of the report: the
    /// groups and their roll-ups, the total, the trend, the overdue list, the joint checks (of
    /// venues inside) and the venues' colours (of venues inside); only the areas that touch the
    /// scope are listed. `nil`: every area, as without it.
    public var scope: AreaScope?
    /// The areas ``scope`` was made from, as the report names them (`RectificationReport`'s
    /// `within`); when empty, the report names the scope's grids and police grids themselves.
    public var scopeAreas: [Area]

    /// Creates a request.
    /// - Parameters:
    ///   - asOf: The cut-off T.
    ///   - asRecordedAt: For a frozen report, the recording cut-off.
    ///   - by: The grouping.
    ///   - from: The first discovery day of the period.
    ///   - to: The last discovery day of the period.
    ///   - trendWeeks: The weeks of the trend, the cut-off's own included.
    ///   - campaign: The campaign the report is limited to.
    ///   - colours: Whether the document carries the venues' colours.
    ///   - scope: The areas the report is restricted to (`nil`: every area).
    ///   - scopeAreas: The areas `scope` was made from, to name in the report.
    public init(
        asOf: Date, asRecordedAt: Date? = nil, by: ReportGrouping = .grid, from: CivilDate? = nil, to: CivilDate? = nil, trendWeeks: Int = 8,
        campaign: String? = nil, colours: Bool = false, scope: AreaScope? = nil, scopeAreas: [Area] = []
    ) {
        self.scope = scope
        self.scopeAreas = scopeAreas
        self.campaign = campaign
        self.colours = colours
        self.asOf = asOf
        self.asRecordedAt = asRecordedAt
        self.by = by
        self.from = from
        self.to = to
        self.trendWeeks = trendWeeks
    }

    /// Restricts the request to the hazards inside `areas` (`AreaDirectory/scope(covering:)`),
    /// named in the report by those areas.
    /// - Parameters:
    ///   - areas: The chosen areas, of either line and any level.
    ///   - directory: The directory the areas are in.
    public mutating func restrict(to areas: [Area], in directory: AreaDirectory) {
        scope = directory.scope(covering: areas)
        scopeAreas = areas
    }
}

extension SafeGridEngine {
    /// Computes a rectification-rate report.
    ///
    /// The store counts at the finest level (grid, police grid, category, severity, venue);
    /// communities, streets, beats and stations are sums of their grids or police grids, and
    /// the total is the sum of every hazard in scope. Every area of the grouped level appears,
    /// with or without hazards.
    public func report(_ request: ReportRequest) throws -> RectificationReport {
        try store.read { reader in try report(request, reader) }
    }

    /// Computes everything an exporter renders (the report, its roll-ups, the weekly trend and
    /// the overdue list) and passes it to `body`, all from one consistent view of the store.
    ///
    /// The overdue list is read from the store while `body` walks it, and the trend when `body`
    /// first reads it, so the document is valid only inside `body`.
    ///
    /// ```swift
    /// try engine.withReport(ReportRequest(asOf: now, by: .grid)) { document in
    ///     try exporter.export(document, options: ExportOptions(language: .english), to: output)
    /// }
    /// ```
    public func withReport<T>(_ request: ReportRequest, _ body: (ReportDocument) throws -> T) throws -> T {
        try store.read { reader in
            let colours = request.colours ? try venueColours(request, reader) : nil
            let report = try report(request, reader)
            let directory = try reader.areaDirectory()
            let query = try countQuery(request, dimension: request.by.dimension)
            let overdueCount = report.total.overdue
            let overdue = OverdueList(count: overdueCount) { emit in
                // A venue's name once per venue, not per entry: a city's list names a venue many times.
                // A long list names most of a store's venues: every name in one read, rather than
                // a lookup per venue (100,000 of them at 1,000,000 hazards).
                var venueNames: [String: String] = overdueCount >= 1_000 ? try reader.venueNames() : [:]
                try reader.overdue(query) { hazard in
                    let venueName: String
                    if let known = venueNames[hazard.venueID] {
                        venueName = known
                    } else {
                        venueName = try reader.venue(id: hazard.venueID)?.name ?? hazard.venueID
                        venueNames[hazard.venueID] = venueName
                    }
                    func reference(_ level: AreaLevel, _ code: String) -> AreaReference {
                        let area = directory.area(level, code)
                        return AreaReference(code: code, name: area?.name ?? code, follower: area?.follower)
                    }
                    try emit(OverdueEntry(
                        hazardID: hazard.id, venueID: hazard.venueID, venueName: venueName, title: hazard.title, category: hazard.category,
                        severity: hazard.severity, status: hazard.status, foundAt: hazard.foundAt, deadline: hazard.deadline,
                        daysOverdue: hazard.daysOverdue(asOf: request.asOf), extensions: hazard.extensionCount,
                        grid: reference(.grid, hazard.gridCode), policeGrid: reference(.policeGrid, hazard.policeGridCode),
                        deadlineProvisional: deadlineIsProvisional(hazard)))
                }
            }
            // The trend is counted only if the exporter reads it (eight more counts).
            let document = ReportDocument(
                report: report, rollUps: rollUps(of: report, directory), trend: { try trend(request, reader) }, overdue: overdue,
                generatedAt: clock.now(), unresolvedConflicts: try unresolvedConflicts(reader),
                jointChecks: try reader.jointChecks(query), colours: colours,
                photos: HazardPhotoLookup { id in
                    try photos(ofHazard: id, reader, asOf: request.asOf, asRecordedAt: request.asRecordedAt)
                })
            return try body(document)
        }
    }

    /// The joint checks in the request's scope, per department that took part (its grouping is
    /// not used): the table every exported report carries, for the text report.
    public func jointChecks(_ request: ReportRequest) throws -> [JointCheckRow] {
        try store.read { reader in try reader.jointChecks(try countQuery(request, dimension: request.by.dimension)) }
    }

    /// The subtotal rows at each area level above the report's own (R1: grids → 社区 → 街道).
    /// A restricted report's roll-ups list only the areas that hold its rows.
    func rollUps(of report: RectificationReport, _ directory: AreaDirectory) -> [RollUp] {
        guard var level = report.by.areaLevel else { return [] }
        var rows = report.groups
        var result: [RollUp] = []
        while let parentLevel = level.parentLevel {
            var sums: [String: RectificationReport.Group] = [:]
            let parents = Set(rows.compactMap(\.parent))
            for area in directory.areas(at: parentLevel) where report.within == nil || parents.contains(area.code) {
                sums[area.code] = RectificationReport.Group(key: area.code, name: area.name, parent: area.parentCode, counts: HazardCounts())
            }
            for row in rows {
                guard let parent = row.parent else { continue }
                sums[parent, default: RectificationReport.Group(key: parent, name: parent, counts: HazardCounts())].counts += row.counts
            }
            rows = sums.values.sorted { $0.key < $1.key }
            result.append(RollUp(level: parentLevel, groups: rows))
            level = parentLevel
        }
        return result
    }

    /// The total counts at the end of each of the last `trendWeeks` weeks (Monday to Sunday,
    /// station time), the last point being the report's own cut-off.
    func trend(_ request: ReportRequest, _ reader: any HazardStoreReader) throws -> [TrendPoint] {
        guard request.trendWeeks > 0 else { return [] }
        let lastDay = stationTime.day(of: request.asOf)
        let monday = lastDay.adding(days: -lastDay.weekday.rawValue)
        var weeks: [(weekStart: CivilDate, cutOff: Date)] = []
        for weeksBack in stride(from: request.trendWeeks - 1, through: 0, by: -1) {
            let weekStart = monday.adding(days: -7 * weeksBack)
            weeks.append((weekStart, weeksBack == 0 ? request.asOf : stationTime.endOfDay(weekStart.adding(days: 6))))
        }
        // All cut-offs at once: a store may count them in one pass over its hazards.
        let queries = try weeks.map { week in
            var point = request
            point.asOf = week.cutOff
            return try countQuery(point, dimension: .grid)
        }
        return zip(weeks, try reader.totals(queries)).map { week, total in
            TrendPoint(weekStart: week.weekStart, asOf: week.cutOff, counts: total)
        }
    }

    /// The store query of a request: its cut-offs and discovery period.
    func countQuery(_ request: ReportRequest, dimension: CountDimension) throws -> CountQuery {
        var period: ClosedRange<Date>?
        if request.from != nil || request.to != nil {
            let start = request.from.map(stationTime.startOfDay) ?? .distantPast
            let end = request.to.map(stationTime.endOfDay) ?? .distantFuture
            guard start <= end else {
                throw SafeGridError.invalidInput("the period starts after it ends", chinese: "统计期间的开始日期晚于结束日期")
            }
            period = start...end
        }
        return CountQuery(
            asOf: request.asOf, asRecordedAt: request.asRecordedAt, discoveredIn: period, dimension: dimension, campaign: request.campaign,
            scope: request.scope)
    }

    func report(_ request: ReportRequest, _ reader: any HazardStoreReader) throws -> RectificationReport {
        let query = try countQuery(request, dimension: request.by.dimension)
        let counts = try reader.counts(query)
        var total = HazardCounts()
        for value in counts.values { total += value }
        var rows: [String: RectificationReport.Group] = [:]
        func add(_ key: String, name: String, parent: String?, _ value: HazardCounts) {
            rows[key, default: RectificationReport.Group(key: key, name: name, parent: parent, counts: HazardCounts())].counts += value
        }
        if let level = request.by.areaLevel {
            let directory = try reader.areaDirectory()
            let base: AreaLevel = request.by.dimension == .grid ? .grid : .policeGrid
            for area in directory.areas(at: level, touching: request.scope) {
                add(area.code, name: area.name, parent: area.parentCode, HazardCounts())
            }
            for (code, value) in counts {
                let key = directory.ancestor(of: code, at: base, up: level) ?? code
                let area = directory.area(level, key)
                add(key, name: area?.name ?? key, parent: area?.parentCode, value)
            }
        } else {
            let venues = request.by == .venue ? Dictionary(uniqueKeysWithValues: try reader.venues().map { ($0.id, $0.name) }) : [:]
            if request.by == .severity {
                for severity in Severity.allCases { add(severity.rawValue, name: severity.label(.chinese), parent: nil, HazardCounts()) }
            }
            if request.by == .source {
                for kind in InspectionSource.Kind.allCases { add(kind.rawValue, name: kind.label(.chinese), parent: nil, HazardCounts()) }
            }
            for (key, value) in counts {
                let name: String = switch request.by {
                case .severity: Severity(rawValue: key)?.label(.chinese) ?? key
                case .venue: venues[key] ?? key
                case .source: InspectionSource.Kind(rawValue: key)?.label(.chinese) ?? key
                case .department: Department.named(key)?.chinese ?? key
                case .campaign: key.isEmpty ? RectificationReport.Group.noCampaign(.chinese) : key
                default: key
                }
                add(key, name: name, parent: nil, value)
            }
        }
        return RectificationReport(
            asOf: request.asOf, asRecordedAt: request.asRecordedAt, by: request.by, from: request.from, to: request.to,
            total: total, groups: RectificationReport.ranked(Array(rows.values)), campaign: request.campaign,
            within: try within(request, reader))
    }

    /// The areas a restricted report names (`within`): the areas its scope was made from, or
    /// else the scope's grids and police grids; `nil` for a report of every area.
    func within(_ request: ReportRequest, _ reader: any HazardStoreReader) throws -> [RectificationReport.ScopeArea]? {
        guard let scope = request.scope else { return nil }
        if !request.scopeAreas.isEmpty { return request.scopeAreas.map(RectificationReport.ScopeArea.init) }
        let directory = try reader.areaDirectory()
        func named(_ level: AreaLevel, _ codes: Set<String>) -> [RectificationReport.ScopeArea] {
            codes.sorted().map { RectificationReport.ScopeArea(level: level, code: $0, name: directory.area(level, $0)?.name ?? $0) }
        }
        return named(.grid, scope.grids) + named(.policeGrid, scope.policeGrids)
    }
}

extension AreaDirectory {
    /// The areas of `level` a report restricted to `scope` lists, by code: every area when
    /// there is no scope; else those that hold a grid or police grid of the scope, and, across
    /// the lines, those that hold one linked to it (a 警格 of a chosen 网格). Areas its hazards
    /// name are listed besides, from the counts.
    func areas(at level: AreaLevel, touching scope: AreaScope?) -> [Area] {
        let all = areas(at: level)
        guard let scope else { return all }
        var grids = scope.grids
        var policeGrids = scope.policeGrids
        for link in links {
            if scope.policeGrids.contains(link.policeGridCode) { grids.insert(link.gridCode) }
            if scope.grids.contains(link.gridCode) { policeGrids.insert(link.policeGridCode) }
        }
        let codes = level.line == .grid
            ? Set(grids.compactMap { ancestor(of: $0, at: .grid, up: level) })
            : Set(policeGrids.compactMap { ancestor(of: $0, at: .policeGrid, up: level) })
        return all.filter { codes.contains($0.code) }
    }
}
