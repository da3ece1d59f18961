import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import SafeGridXML
import Testing

/// The demo tells the story stations publish (DemoScenario): most grids between 85% and 100%,
/// the lagging few on the 黑榜, a 红榜 that is not empty. Each grid's rate is worked out here
/// from the hazards themselves, by DOMAIN.md's definition (closed ÷ found, cancelled ones not
/// counted), and must be the report's; the story is then read from those rates.
@Suite("The demo's story, on the SQLite store")
struct DemoStoryTests {
    @Test("most grids between 85% and 100%, the lagging grids on the 黑榜, the 红榜 not empty")
    func story() throws {
        let engine = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: try temporaryStorePath()), buildDemo: true)
        let now = SQLiteDemoCountTests.now

        // found and closed per grid, from each hazard's state (the demo reassigns nothing and
        // records nothing after now, so a hazard's grid and status now are those of the report).
        var found: [String: Int] = [:]
        var closed: [String: Int] = [:]
        for hazard in try engine.hazards(HazardFilter()) where hazard.status != .cancelled && hazard.foundAt <= now {
            found[hazard.gridCode, default: 0] += 1
            if hazard.status == .closed { closed[hazard.gridCode, default: 0] += 1 }
        }
        let report = try engine.report(ReportRequest(asOf: now, by: .grid))
        #expect(report.groups.count == 12)
        for group in report.groups {
            #expect(group.counts.found == found[group.key, default: 0], "\(group.key) found")
            #expect(group.counts.closed == closed[group.key, default: 0], "\(group.key) closed")
        }

        let rates = Dictionary(uniqueKeysWithValues: found.map { key, count in (key, Double(closed[key, default: 0]) / Double(count)) })
        #expect(rates.count == 12, "every grid found something: \(rates)")
        let thresholds = RateThresholds.standard
        let keepingUp = rates.filter { !DemoScenario.laggingGrids.contains($0.key) }
        let outside = keepingUp.filter { !(0.85...1.0).contains($0.value) }
        #expect(outside.isEmpty, "grids that keep up are between 85% and 100%: \(outside)")
        let black = Set(rates.filter { thresholds.standing(of: $0.value) == .warning }.keys)
        #expect(black == DemoScenario.laggingGrids, "the 黑榜 is the lagging grids: \(black)")
        let red = rates.filter { thresholds.standing(of: $0.value) == .honour }
        #expect(red.count >= 6, "at least half the grids on the 红榜: \(red)")
    }
}
