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

    /// Creates a request.
    public init(asOf: Date, asRecordedAt: Date? = nil, by: ReportGrouping = .grid, from: CivilDate? = nil, to: CivilDate? = nil) {
        self.asOf = asOf
        self.asRecordedAt = asRecordedAt
        self.by = by
        self.from = from
        self.to = to
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
        var period: ClosedRange<Date>?
        if request.from != nil || request.to != nil {
            let start = request.from.map(stationTime.startOfDay) ?? .distantPast
            let end = request.to.map(stationTime.endOfDay) ?? .distantFuture
            guard start <= end else {
                throw SafeGridError.invalidInput("the period starts after it ends", chinese: "统计期间的开始日期晚于结束日期")
            }
            period = start...end
        }
        let query = CountQuery(asOf: request.asOf, asRecordedAt: request.asRecordedAt, discoveredIn: period, dimension: request.by.dimension)
        return try store.read { reader in
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
                for area in directory.areas(at: level) {
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
                for (key, value) in counts {
                    let name: String = switch request.by {
                    case .severity: Severity(rawValue: key)?.label(.chinese) ?? key
                    case .venue: venues[key] ?? key
                    default: key
                    }
                    add(key, name: name, parent: nil, value)
                }
            }
            return RectificationReport(
                asOf: request.asOf, asRecordedAt: request.asRecordedAt, by: request.by, from: request.from, to: request.to,
                total: total, groups: RectificationReport.ranked(Array(rows.values)))
        }
    }
}
