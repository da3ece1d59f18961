import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import Testing

/// SQLite reads venue records from its hazard rows and indexes (v18-venue-risk), folding only the
/// hazards that changed after the moment or had conflicts: every record must equal the one that
/// folds every hazard of the venue, for any moment, reach and scope.
@Suite("SQLite venue records against folding, on the demo's six weeks")
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
}
