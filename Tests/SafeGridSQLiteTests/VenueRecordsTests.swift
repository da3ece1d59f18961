import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import Testing

/// SQLite reads venue records from its hazard rows and indexes (v18-venue-risk), folding only the
/// hazards that changed after the moment or had conflicts: every record must equal the one that
/// folds every hazard of the venue, for any moment, reach and scope.
@Suite("SQLite venue records: against folding on the demo's six weeks, and after migrating")
struct VenueRecordsTests {
    @Test("as of every other week and now, every reach, the whole store, a grid, a police grid and one venue")
    func demoRecords() throws {
        let engine = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: try temporaryStorePath()), buildDemo: true)
        let station = StationTime.shanghai
        let now = SQLiteDemoCountTests.now
        let firstDay = station.day(of: now).adding(days: -42)
        var moments = stride(from: 0, through: 42, by: 14).map { station.endOfDay(firstDay.adding(days: $0)) }
        moments.append(now)
        let reaches = [VenueRiskReach.everything, OpenHazardsRule().reach, ScoreBandsRule().reach, VenueRiskReach(hazards: 7 * 86_400, inspections: 2)]
        var compared = (records: 0, hazards: 0, reworks: 0, inspections: 0, closeOuts: 0)
        try engine.store.read { reader in
            let someVenue = try reader.venues().first { venue in
                var count = 0
                try reader.hazards(HazardFilter(venueID: venue.id)) { _ in count += 1 }
                return count > 3
            }!
            let scopes: [(String?, String?, String?)] = [(nil, nil, nil), (nil, "G04", nil), (nil, nil, someVenue.policeGridCode), (someVenue.id, nil, nil)]
            for asOf in moments {
                for reach in reaches {
                    for (venue, grid, policeGrid) in scopes {
                        let query = VenueRecordQuery(asOf: asOf, venueID: venue, gridCode: grid, policeGridCode: policeGrid, reach: reach)
                        var indexed: [VenueRecord] = []
                        var folded: [VenueRecord] = []
                        try reader.venueRecords(query) { indexed.append($0) }
                        try reader.foldedVenueRecords(query) { folded.append($0) }
                        #expect(indexed.map(\.venueID) == folded.map(\.venueID), "venues of \(query)")
                        for (a, b) in zip(indexed, folded) where a != b {
                            Issue.record("\(a.venueID) as of \(asOf), reach \(reach): \(a) != \(b)")
                        }
                        compared.records += folded.count
                        compared.hazards += folded.reduce(0) { $0 + $1.hazards.count }
                        compared.reworks += folded.reduce(0) { $0 + $1.reworks.count }
                        compared.inspections += folded.reduce(0) { $0 + $1.inspections.count }
                        // Close-outs before the reach, held because a hazard of their item was found within it.
                        if let from = query.reachFrom {
                            compared.closeOuts += folded.reduce(0) { $0 + $1.hazards.filter { $0.status == .closed && $0.closedAt! < from }.count }
                        }
                    }
                }
            }
        }
        // The comparison covered records with hazards, reworks, inspections and held close-outs in them.
        #expect(compared.hazards > 1_000 && compared.reworks > 20 && compared.inspections > 1_000 && compared.closeOuts > 20, "\(compared)")
    }

    @Test("a store made before v18-venue-risk migrates: each hazard's item from its events, the same plan and colours, intact")
    func migrationV18() throws {
        let path = try temporaryStorePath()
        let now = SQLiteDemoCountTests.now
        let today = StationTime.shanghai.day(of: now)
        func figures(_ engine: SafeGridEngine) throws -> (InspectionPlan, VenueColourReport, VenueColourReport) {
            (try engine.plan(PlanRequest(date: today, asOf: now)), try engine.venueColours(ReportRequest(asOf: now, by: .grid)),
             try engine.venueColours(ReportRequest(asOf: now.addingTimeInterval(-20 * 86_400), by: .policeGrid)))
        }
        let expected = try figures(try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: path), buildDemo: true))
        #expect(expected.0.dueCount > 0 && expected.1.total.red > 0 && expected.1.total.yellow > 0 && expected.1.total.green > 0)
        // Back to the schema before v18-venue-risk, as an earlier SafeGrid has it.
        let downgrade = Process()
        downgrade.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        downgrade.arguments = [path, """
            DROP INDEX hazard_unfixed_by_venue; DROP INDEX event_reworks; DROP INDEX event_resolutions; DROP INDEX hazard_close_outs;
            ALTER TABLE hazard DROP COLUMN checklist; ALTER TABLE hazard DROP COLUMN checklist_version; ALTER TABLE hazard DROP COLUMN item;
            DELETE FROM grdb_migrations WHERE identifier IN ('v18-venue-risk', 'v20-close-outs');
            """]
        try downgrade.run()
        downgrade.waitUntilExit()
        #expect(downgrade.terminationStatus == 0)

        let engine = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: path), buildDemo: false)
        let migrated = try figures(engine)
        #expect(migrated.0 == expected.0)
        #expect(migrated.1 == expected.1 && migrated.2 == expected.2)
        let verification = try engine.verify()
        #expect(verification.isIntact, "\(verification.integrityProblems)")
    }
}
