import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// Venue files and colours: a venue's inspections are exactly those of the venue among every
    /// inspection, in time order; colours come out the same on every store.
    static let venueChecks: [Check] = [
        Check(name: "a venue's inspections are those of the venue, in time order, then id; the example's colours as of 06-15") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 30))
            let all = try engine.store.read { reader in
                var found: [Inspection] = []
                try reader.inspections { _, inspection in found.append(inspection) }
                return found
            }
            for venue in DomainExample.venues.map(\.id) + ["V9"] {
                let listed = try engine.store.read { try $0.inspections(venueID: venue) }
                let reference = all.filter { $0.venueID == venue }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
                try expect(listed == reference, "inspections of \(venue)", listed.map(\.id))
            }
            // As of 06-15 (DOMAIN-EXAMPLE.md): V1's H1 and H2 are closed and H8 not yet found;
            // V2's H3 passed its re-inspection on 06-13 and H4 runs to 06-20; V3's H5 is overdue.
            let asOf = DomainExample.endOf(6, 15)
            let colours = try DomainExample.venues.map { try engine.venueRating(venueID: $0.id, asOf: asOf) }
                .map { "\($0.venueID) \($0.colour.rawValue): " + $0.reasons.map { $0.resolved(for: .english) }.joined(separator: "; ") }
            try expect(colours == [
                "V1 green: no unfixed hazard and no recurrence within 90 days",
                "V2 yellow: 1 hazard not fixed yet",
                "V3 red: hazard H-000005 is overdue (deadline 2026-06-11); 2 hazards not fixed yet",
            ], "colours as of 06-15", colours)
        },
        Check(name: "areas and venues asked for by id are those of the directory and the venue list, written ones too") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            let ids = ["grid/G1", "police/P1", "grid/P1", "grid/G9", "police/G2", "grid/C1", "grid/G3"]
            try engine.store.read { reader in
                let directory = try reader.areaDirectory()
                let found = try reader.areas(ids: ids).sorted { $0.id < $1.id }
                let reference = ids.compactMap { directory.areas[$0] }.sorted { $0.id < $1.id }
                try expect(found == reference, "areas by id", found.map(\.id))
                let venues = try reader.venues(ids: ["V3", "V9", "V1"]).sorted { $0.id < $1.id }
                try expect(venues == (try reader.venues()).filter { ["V1", "V3"].contains($0.id) }, "venues by id", venues.map(\.id))
            }
            let moved = Area(code: "G9", name: "新网格", level: .grid, parentCode: "C1")
            try engine.store.write { writer in
                try writer.put(areas: [moved], links: [])
                let found = try writer.areas(ids: ["grid/G9"])
                try expect(found == [moved], "an area written in the same transaction", found.map(\.id))
            }
            let stored = try engine.store.read { try $0.areas(ids: ["grid/G9"]) }
            try expect(stored == [moved], "an area written before", stored.map(\.id))
        },
    ]
}
