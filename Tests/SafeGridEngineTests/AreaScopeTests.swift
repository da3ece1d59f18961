import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

/// `AreaScope` and reports within areas on the worked example (docs/DOMAIN.md), as of
/// 2026-06-15: G1 2 found 2 closed, G2 2 found 1 closed, G3 2 found 1 overdue; P1 = G1 + G2,
/// P2 = G3.
@Suite("Reports within areas (AreaScope)")
struct AreaScopeTests {
    static let directory = AreaDirectory(areas: DomainExample.areas, links: DomainExample.links)

    @Test("a scope of chosen areas: every grid under the community line's, every police grid under the police line's")
    func scopeOfAreas() {
        let d = Self.directory
        #expect(d.scope(covering: [d.area(.street, "S1")!]) == AreaScope(grids: ["G1", "G2", "G3"]))
        #expect(d.scope(covering: [d.area(.community, "C2")!]) == AreaScope(grids: ["G3"]))
        #expect(d.scope(covering: [d.area(.grid, "G2")!]) == AreaScope(grids: ["G2"]))
        #expect(d.scope(covering: [d.area(.beat, "B1")!, d.area(.grid, "G3")!]) == AreaScope(grids: ["G3"], policeGrids: ["P1"]))
        #expect(d.scope(covering: [d.area(.station, "ST1")!]) == AreaScope(policeGrids: ["P1", "P2"]))
        #expect(d.scope(covering: []).isEmpty)
        // A grid the directory does not know is still inside when chosen itself.
        #expect(d.scope(covering: [Area(code: "G9", name: "G9", level: .grid)]) == AreaScope(grids: ["G9"]))
    }

    @Test("includes: the grid or the police grid; intersection field by field")
    func includesAndIntersection() {
        let scope = AreaScope(grids: ["G1"], policeGrids: ["P2"])
        #expect(scope.includes(gridCode: "G1", policeGridCode: "P1"))
        #expect(scope.includes(gridCode: "G3", policeGridCode: "P2"))
        #expect(!scope.includes(gridCode: "G2", policeGridCode: "P1"))
        #expect(scope.intersection(AreaScope(grids: ["G1", "G2"])) == AreaScope(grids: ["G1"]))
        #expect(AreaScope(grids: ["G1", "G2"]).intersection(AreaScope(grids: ["G2", "G3"])) == AreaScope(grids: ["G2"]))
        #expect(AreaScope(grids: ["G1"]).intersection(AreaScope(policeGrids: ["P1"])).isEmpty)
    }

    @Test("the worked example within G2, C1, P1 and G3 + P1, by grid and by police grid, with the numbers written out")
    func workedExample() throws {
        let engine = try DomainExample.engine()
        let asOf = DomainExample.endOf(6, 15)
        func report(_ by: ReportGrouping, _ scope: AreaScope) throws -> RectificationReport {
            try engine.report(ReportRequest(asOf: asOf, by: by, scope: scope))
        }
        let g2 = HazardCounts(found: 2, closed: 1, due: 1, onTime: 0, overdue: 0, deferred: 0)
        let p1 = HazardCounts(found: 4, closed: 3, due: 3, onTime: 2, overdue: 0, deferred: 0)
        let all = HazardCounts(found: 6, closed: 3, due: 4, onTime: 2, overdue: 1, deferred: 0)

        let withinG2 = try report(.grid, AreaScope(grids: ["G2"]))
        #expect(withinG2.total == g2 && withinG2.groups.map(\.key) == ["G2"])
        // Named by its grids and police grids when no areas are given.
        #expect(withinG2.within == [RectificationReport.ScopeArea(level: .grid, code: "G2", name: "G2")])
        // By police grid within G2: its hazards' police grid P1, and nothing of P2.
        let g2ByPolice = try report(.policeGrid, AreaScope(grids: ["G2"]))
        #expect(g2ByPolice.groups.map(\.key) == ["P1"] && g2ByPolice.groups[0].counts == g2)

        // C1 = G1 + G2 = P1.
        let c1 = try report(.community, Self.directory.scope(covering: [Self.directory.area(.community, "C1")!]))
        #expect(c1.total == p1 && c1.groups.map(\.key) == ["C1"])
        let withinP1 = try report(.grid, AreaScope(policeGrids: ["P1"]))
        #expect(withinP1.total == p1 && withinP1.groups.map(\.key) == ["G1", "G2"])

        // G3 or P1: every hazard, every grid.
        let both = try report(.grid, AreaScope(grids: ["G3"], policeGrids: ["P1"]))
        #expect(both.total == all && both.groups.map(\.key) == ["G1", "G2", "G3"])

        // Nothing inside: zero counts and no groups.
        let none = try report(.grid, AreaScope())
        #expect(none.total == HazardCounts() && none.groups.isEmpty)
        #expect(try engine.jointChecks(ReportRequest(asOf: asOf, scope: AreaScope())).isEmpty)

        // With no scope, exactly as before: every grid, no within.
        let whole = try engine.report(ReportRequest(asOf: asOf, by: .grid))
        #expect(whole.total == all && whole.within == nil && whole.groups.map(\.key) == ["G1", "G2", "G3"])
    }
}
