import Foundation
import SafeGridCore

/// A report built to strain the printed page and the charts: 48 grids with long names (more
/// than the bar chart draws, so it shows its gap line), rates crowded around the list
/// thresholds, a 红榜 long enough to run past a page, 30 overdue hazards with long names, and a
/// 26-week trend whose two lines cross and run close together.
enum PrintFixtures {
    static let stationTime = StationTime.shanghai

    static func crowdedDocument() -> ReportDocument {
        let asOf = stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 28)!)
        var groups: [RectificationReport.Group] = []
        var total = HazardCounts()
        for index in 0..<48 {
            // 40 found per grid, 30 to 40 closed: rates from 75% to 100%, most near 85–90%.
            let closed = [40, 39, 38, 37, 36, 36, 35, 35, 34, 34, 33, 30][index % 12]
            let overdue = 40 - closed
            let counts = HazardCounts(found: 40, closed: closed, due: 40, onTime: closed - index % 3, overdue: overdue, deferred: 0)
            total += counts
            groups.append(RectificationReport.Group(
                key: String(format: "G%02d", index + 1), name: "滨江音乐节临时演出场地第\(index + 1)号综合网格", parent: "C1", counts: counts))
        }
        // Ranked as the engine ranks: rate descending, then fewer overdue, then the code.
        groups.sort { ($0.counts.rate ?? -1, -$0.counts.overdue, $1.key) > ($1.counts.rate ?? -1, -$1.counts.overdue, $0.key) }
        let report = RectificationReport(asOf: asOf, by: .grid, total: total, groups: groups)
        let rollUps = [
            RollUp(level: .community, groups: [RectificationReport.Group(key: "C1", name: "滨江社区", parent: "S1", counts: total)]),
            RollUp(level: .street, groups: [RectificationReport.Group(key: "S1", name: "东湖街道", counts: total)]),
        ]
        // 26 weeks: the rate climbs from 60% to 92%, the on-time rate weaves around it.
        let firstMonday = CivilDate(year: 2025, month: 12, day: 29)!
        let trend = (0..<26).map { week in
            let found = 100 + week * 10
            let closed = Int(Double(found) * (0.60 + 0.32 * Double(week) / 25))
            let onTime = closed + [-6, 4, -1, 3, 0, -4][week % 6]
            let start = firstMonday.adding(days: week * 7)
            return TrendPoint(
                weekStart: start, asOf: stationTime.endOfDay(start.adding(days: 6)),
                counts: HazardCounts(found: found, closed: closed, due: found, onTime: onTime, overdue: found - closed, deferred: 0))
        }
        let entries = (0..<30).map { index in
            OverdueEntry(
                hazardID: "H-\(String(format: "%010d", index + 58))", venueID: String(format: "V%04d", index + 1),
                venueName: "滨江步道\(index + 1)号老王烧烤（夜市分店）", title: LocalizedText(["zh-CN": "厨房排油烟管道未按期清洗，油垢积聚", "en": "Kitchen exhaust duct not cleaned on schedule, grease built up"]),
                category: ["kitchen", "fire", "electrical", "stage"][index % 4], severity: [.minor, .major, .critical][index % 3], status: .open,
                foundAt: stationTime.startOfDay(CivilDate(year: 2026, month: 5, day: 1)!), deadline: stationTime.endOfDay(CivilDate(year: 2026, month: 5, day: 20)!),
                daysOverdue: 39 - index / 2, extensions: index % 2,
                grid: AreaReference(code: String(format: "G%02d", index % 48 + 1), name: "滨江音乐节临时演出场地第\(index % 48 + 1)号综合网格", follower: "网格员 欧阳晓燕"),
                policeGrid: AreaReference(code: "P01", name: "滨江第一警格", follower: "民警 司马浩然"))
        }
        return ReportDocument(report: report, rollUps: rollUps, trend: trend, overdue: OverdueList(entries), generatedAt: asOf)
    }
}
