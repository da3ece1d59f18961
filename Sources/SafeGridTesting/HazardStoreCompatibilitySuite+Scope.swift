import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// Reports restricted to areas (`AreaScope`): the worked example within a grid, a community
    /// and a police grid, every part of the report, and the counts and overdue lists of a scope
    /// against the definitions folded from the events, across a hazard moved to another grid.
    static let scopeChecks: [Check] = [
        Check(name: "a report within areas counts only the hazards inside, in every part of the report") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            let directory = try engine.store.read { try $0.areaDirectory() }
            func request(_ by: ReportGrouping, within areas: [(AreaLevel, String)]) -> ReportRequest {
                var request = ReportRequest(asOf: DomainExample.endOf(6, 15), by: by)
                request.restrict(to: areas.map { directory.area($0.0, $0.1)! }, in: directory)
                return request
            }
            let g1 = HazardCounts(found: 2, closed: 2, due: 2, onTime: 2, overdue: 0, deferred: 0)
            let c1 = HazardCounts(found: 4, closed: 3, due: 3, onTime: 2, overdue: 0, deferred: 0)
            let p2 = HazardCounts(found: 2, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0)
            // Within one grid: that grid's row of the report of every grid, and no other grid.
            let withinG1 = try engine.report(request(.grid, within: [(.grid, "G1")]))
            try expect(withinG1.total == g1 && withinG1.groups.map(\.key) == ["G1"] && withinG1.groups[0].counts == g1, "within G1 by grid", withinG1)
            try expect(
                withinG1.within == [RectificationReport.ScopeArea(level: .grid, code: "G1", name: "G1")], "within G1 names it", withinG1.within as Any)
            // Within a community: the sum of its grids, its grids alone, its roll-ups alone.
            var sum: [HazardCounts] = []
            for grid in ["G1", "G2"] {
                try engine.withReport(request(.grid, within: [(.grid, grid)])) { part in
                    let trend = try part.trend
                    sum = sum.isEmpty ? trend.map(\.counts) : zip(sum, trend).map { var total = $0; total += $1.counts; return total }
                }
            }
            try engine.withReport(request(.grid, within: [(.community, "C1")])) { document in
                try expect(document.report.total == c1, "within C1: total", document.report.total)
                try expect(document.report.groups.map(\.key) == ["G1", "G2"], "within C1: its grids", document.report.groups.map(\.key))
                try expect(
                    document.rollUps.map { $0.groups.map(\.key) } == [["C1"], ["S1"]] && document.rollUps.allSatisfy { $0.groups[0].counts == c1 },
                    "within C1: roll-ups", document.rollUps)
                try expect(try document.overdue.prefix(10).isEmpty, "within C1: nothing overdue", document.overdue.count)
                let trend = try document.trend
                try expect(trend.map(\.counts) == sum, "within C1: the trend is the sum of its grids' trends", trend)
                try expect(trend.last?.counts == c1, "within C1: the trend ends at the total", trend.last as Any)
            }
            // Within a police grid: its row, its hazards' grids, its overdue hazard.
            let withinP2 = try engine.report(request(.policeGrid, within: [(.policeGrid, "P2")]))
            try expect(withinP2.total == p2 && withinP2.groups.map(\.key) == ["P2"], "within P2 by police grid", withinP2)
            try engine.withReport(request(.grid, within: [(.policeGrid, "P2")])) { document in
                try expect(document.report.total == p2 && document.report.groups.map(\.key) == ["G3"], "within P2 by grid", document.report)
                try expect(try document.overdue.prefix(10).map(\.hazardID) == ["H-000005"], "within P2: overdue", document.overdue.count)
            }
            // A station holds every police grid: the whole report, named by the station.
            let station = try engine.report(request(.grid, within: [(.station, "ST1")]))
            let whole = try engine.report(ReportRequest(asOf: DomainExample.endOf(6, 15), by: .grid))
            try expect(station.total == whole.total && station.groups == whole.groups, "within ST1 = the whole report", station)
            try expect(whole.within == nil, "a report of every area names none", whole.within as Any)
        },
        Check(name: "counts and overdue lists within areas agree with folding each hazard's events, across a move to another grid") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 16, hour: 21))
            try engine.update(
                "H-000005", .reassigned(gridCode: "G1", policeGridCode: "P1", reason: "边界调整"), at: DomainExample.day(6, 16, hour: 20),
                actor: "所长")
            clock.set(DomainExample.day(6, 30))
            let scopes = [
                AreaScope(grids: ["G1"]), AreaScope(grids: ["G3"]), AreaScope(policeGrids: ["P2"]),
                AreaScope(grids: ["G2"], policeGrids: ["P2"]), AreaScope(), AreaScope(grids: ["不存在"]),
            ]
            try engine.store.read { reader in
                for day in [10, 15, 16, 17, 30] {
                    for recorded in [nil, DomainExample.endOf(6, day)] {
                        for scope in scopes {
                            for dimension in [CountDimension.grid, .policeGrid, .severity] {
                                let query = CountQuery(asOf: DomainExample.endOf(6, day), asRecordedAt: recorded, dimension: dimension, scope: scope)
                                let counts = try reader.counts(query)
                                try expect(counts == (try referenceCounts(reader, query)), "\(dimension.rawValue) within \(scope) as of 06-\(day)", counts)
                            }
                            let query = CountQuery(asOf: DomainExample.endOf(6, day), asRecordedAt: recorded, dimension: .grid, scope: scope)
                            var listed: [OverdueHazard] = []
                            try reader.overdue(query) { listed.append($0) }
                            try expect(listed == (try referenceOverdue(reader, query)), "overdue within \(scope) as of 06-\(day)", listed.map(\.id))
                        }
                    }
                }
                // H5 stood in G3 on 06-15 and in G1 from 06-16 20:00.
                let june15 = try reader.counts(CountQuery(asOf: DomainExample.endOf(6, 15), dimension: .grid, scope: AreaScope(grids: ["G3"])))
                try expect(june15 == ["G3": HazardCounts(found: 2, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0)], "within G3 on 06-15", june15)
                let june16 = try reader.counts(CountQuery(asOf: DomainExample.endOf(6, 16), dimension: .grid, scope: AreaScope(grids: ["G3"])))
                try expect(june16["G3"]?.found == 1 && june16["G1"] == nil, "within G3 on 06-16", june16)
            }
        },
        Check(name: "joint checks and venue colours within areas count only the venues inside") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 17, hour: 20))
            let joint = InspectionSource(kind: .jointCheck, departments: ["market-supervision", "fire-rescue"])
            var responses: [String: AnswerInput] = [:]
            for item in ["A", "B", "C", "D"] { responses[item] = .verdict(item == "A" || item == "C" ? .fail : .pass) }
            try engine.recordInspection(
                InspectionInput(venueID: "V2", inspectors: ["民警甲"], at: DomainExample.day(6, 17), responses: responses, source: joint),
                checklist: DomainExample.checklist)
            let both = [
                JointCheckRow(department: "market-supervision", inspections: 1, hazardsFound: 2),
                JointCheckRow(department: "fire-rescue", inspections: 1, hazardsFound: 2),
            ]
            try engine.store.read { reader in
                for (scope, expected) in [
                    (AreaScope(grids: ["G2"]), both), (AreaScope(policeGrids: ["P1"]), both), (AreaScope(grids: ["G1"]), []),
                    (AreaScope(policeGrids: ["P2"]), []),
                ] {
                    let rows = try reader.jointChecks(CountQuery(asOf: DomainExample.endOf(6, 21), dimension: .grid, scope: scope))
                    try expect(rows == expected, "joint checks within \(scope)", rows)
                }
            }
            let directory = try engine.store.read { try $0.areaDirectory() }
            var request = ReportRequest(asOf: DomainExample.endOf(6, 21), by: .grid, colours: true)
            request.restrict(to: [directory.area(.community, "C1")!], in: directory)
            let colours = try engine.venueColours(request)
            try expect(colours.total.venues == 2 && colours.groups.map(\.key) == ["G1", "G2"], "venue colours within C1", colours)
        },
    ]
}
