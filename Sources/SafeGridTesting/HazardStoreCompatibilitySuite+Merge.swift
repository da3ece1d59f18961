import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// Merging what laptops recorded: in any order, twice, and equal to one store that recorded
    /// everything itself; conflicts kept, counted once and settled by a person.
    static let mergeChecks: [Check] = [
        Check(name: "the worked example recorded on three laptops merges to the same counts in all 6 orders, twice, as recorded directly") { suite in
            let (direct, clock) = try suite.makeEngine()
            try DomainExample.build(engine: direct, clock: clock)
            // Each laptop records one venue's inspections and follow-ups.
            let laptops = try ["V1", "V2", "V3"].map { try LaptopRecords(from: direct, venue: $0) }
            let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
            let queries = (1...20).flatMap { day in
                CountDimension.allCases.flatMap { dimension in
                    [nil, DomainExample.endOf(6, day)].map { CountQuery(asOf: DomainExample.endOf(6, day), asRecordedAt: $0, dimension: dimension) }
                }
            }
            let expected = try direct.store.read { reader in try queries.map { try reader.counts($0) } }
            for order in orders {
                let (station, _) = try suite.makeEngine()
                try station.importAreas(DomainExample.areas, links: DomainExample.links)
                try station.putVenues(DomainExample.venues)
                for _ in 0..<2 {
                    for index in order { try laptops[index].merge(into: station, origin: "laptop-\(index)") }
                }
                let counts = try station.store.read { reader in try queries.map { try reader.counts($0) } }
                try expect(counts == expected, "counts after merging in the order \(order)", order)
                try expect(try station.conflicts().isEmpty, "no conflicts in order \(order)", try station.conflicts().map(\.event.id))
                let events = try station.store.read { reader in
                    var count = 0
                    try reader.chainedEvents(after: 0) { _ in count += 1; return true }
                    return count
                }
                try expect(events == laptops.reduce(0) { $0 + $1.events.count }, "each event stored once", events)
            }
        },
        Check(name: "two laptops acting on one hazard: interleaved events fold in time order; a refused one is a conflict until resolved") { suite in
            let (source, clock) = try suite.makeEngine()
            try DomainExample.build(engine: source, clock: clock)
            // H-000005 (V3, due 06-11, overdue on 06-15): laptop A reports it fixed, laptop B passes it,
            // laptop C (offline, later) fails a re-inspection of it.
            let hazard = "H-000005"
            func event(_ id: String, _ kind: HazardEvent.Kind, _ day: Int) -> HazardEvent {
                HazardEvent(id: id, hazardID: hazard, kind: kind, at: DomainExample.day(6, day, hour: 15),
                            recordedAt: DomainExample.day(6, day, hour: 20), actor: id)
            }
            let a = [event("a-rectify", .rectificationReported, 12)]
            let b = [event("b-pass", .reinspectionPassed, 13)]
            let c = [event("c-fail", .reinspectionFailed, 14)]
            let base = try LaptopRecords(from: source, venue: nil)
            var states: [HazardState] = []
            for order in [[a, b, c], [c, b, a], [b, c, a]] {
                // Random ids here: the source store's sequential event ids are merged in.
                let stationClock = ManualWallClock(DomainExample.day(5, 31))
                let station = SafeGridEngine(
                    store: try suite.makeStore(), clock: stationClock, calendar: HolidayCalendar(), stationTime: DomainExample.stationTime)
                try station.importAreas(DomainExample.areas, links: DomainExample.links)
                try station.putVenues(DomainExample.venues)
                try base.merge(into: station, origin: "station")
                for (index, events) in order.enumerated() {
                    _ = try station.merge(origin: "laptop-\(events[0].id.prefix(1))-\(index)") { try $0.add(events) }
                }
                let state = try station.store.read { try $0.hazard(id: hazard) }
                states.append(try unwrap(state, "the hazard after merging"))
                let conflicts = try station.conflicts()
                try expect(conflicts.map(\.event.id) == ["c-fail"] && conflicts.first?.rival?.id == "b-pass", "the conflict", conflicts.map(\.event.id))
                let june15 = try station.store.read { try $0.counts(CountQuery(asOf: DomainExample.endOf(6, 15), dimension: .grid)) }
                try expect(june15["G3"]?.closed == 1 && june15["G3"]?.found == 2, "closed once as of 06-15", june15["G3"] as Any)
                if states.count == 3 {
                    stationClock.set(DomainExample.day(6, 20))
                    let kept = try station.resolveConflict(hazardID: hazard, keep: "c-fail", actor: "所长", note: "复查不合格为准")
                    try expect(kept.status == .open && kept.reworkCount == 1 && kept.closedAt == nil, "keeping the failed re-inspection", kept)
                    try expect(try station.conflicts().isEmpty, "settled", try station.conflicts().count)
                    let after = try station.store.read { try $0.counts(CountQuery(asOf: DomainExample.endOf(6, 20), dimension: .grid)) }
                    try expect(after["G3"]?.closed == 0, "no longer closed", after["G3"] as Any)
                    let reference = try station.store.read {
                        try referenceCounts($0, CountQuery(asOf: DomainExample.endOf(6, 20), dimension: .grid))
                    }
                    try expect(after == reference, "the store's counts after resolving agree with folding", after)
                }
            }
            try expect(Set(states).count == 1 && states[0].status == .closed, "the same state in every order", states.map(\.status))
        },
        Check(name: "what bundles keep in the store: trusted keys, events and inspections by origin, the export marks") { suite in
            let (source, clock) = try suite.makeEngine()
            try DomainExample.build(engine: source, clock: clock)
            // Random ids here: the source store's sequential ids are merged in.
            let station = SafeGridEngine(
                store: try suite.makeStore(), clock: ManualWallClock(DomainExample.day(6, 20, hour: 18)), calendar: HolidayCalendar(),
                stationTime: DomainExample.stationTime)
            try station.importAreas(DomainExample.areas, links: DomainExample.links)
            try station.putVenues(DomainExample.venues)
            let laptop = try LaptopRecords(from: source, venue: "V1")
            try laptop.merge(into: station, origin: "ab12-cd34-ef56-7890")
            // The station then records one inspection of its own.
            let own = try station.recordInspection(
                InspectionInput(venueID: "V2", inspectors: ["所长"], at: DomainExample.day(6, 20), responses: [
                    "A": .verdict(.pass), "B": .verdict(.pass), "C": .verdict(.pass), "D": .verdict(.pass),
                ]), checklist: DomainExample.checklist)
            try station.store.write { writer in
                var merged: [Int64] = [], local: [Int64] = []
                try writer.chainedEvents(after: 0, origin: "ab12-cd34-ef56-7890") { merged.append($0.sequence); return true }
                try writer.chainedEvents(after: 0, origin: "") { local.append($0.sequence); return true }
                try expect(merged.count == laptop.events.count && local.isEmpty, "events by origin", (merged.count, local.count))
                var inspections: [String] = []
                try writer.localInspections(after: 0) { _, inspection in inspections.append(inspection.id) }
                try expect(inspections == [own.inspection.id], "only the store's own inspections are local", inspections)
                try expect(try writer.lastExportedSequence() == 0 && writer.lastExportedInspection() == 0, "no export yet", 0)
                try writer.setLastExportedSequence(7)
                try writer.setLastExportedInspection(3)
                try expect(try writer.lastExportedSequence() == 7 && writer.lastExportedInspection() == 3, "the marks kept", 0)
                let key = TrustedKey(publicKey: Array(repeating: 7, count: 32), name: "笔记本", trustedAt: DomainExample.day(6, 1), trustedBy: "所长")
                try writer.put(trustedKey: key)
                var revoked = key
                revoked.revokedAt = DomainExample.day(6, 2)
                try writer.put(trustedKey: revoked)
                let keys = try writer.trustedKeys()
                try expect(keys.count == 1 && keys[0].fingerprint == key.fingerprint && keys[0].revokedAt == revoked.revokedAt,
                           "one key, revoked in place", keys)
            }
        },
    ]
}

/// What one laptop recorded: the inspections and events of one venue (or all), in the order
/// recorded, with the checklists they used.
struct LaptopRecords {
    var checklists: [Checklist] = []
    var inspections: [Inspection] = []
    var events: [HazardEvent] = []

    init(from engine: SafeGridEngine, venue: String?) throws {
        try engine.store.read { reader in
            var venues: [String: String] = [:]
            try reader.chainedEvents(after: 0) { chained in
                let event = chained.event
                if case .recorded(let record) = event.kind { venues[event.hazardID] = record.venueID }
                if venue == nil || venues[event.hazardID] == venue { events.append(event) }
                return true
            }
            var seen: Set<String> = []
            for event in events {
                guard case .recorded(let record) = event.kind, seen.insert(record.inspectionID).inserted,
                      let inspection = try reader.inspection(id: record.inspectionID) else { continue }
                inspections.append(inspection)
                if let checklist = try reader.checklist(id: record.checklistID, version: record.checklistVersion),
                   !checklists.contains(where: { $0.id == checklist.id && $0.version == checklist.version }) {
                    checklists.append(checklist)
                }
            }
        }
    }

    func merge(into engine: SafeGridEngine, origin: String) throws {
        _ = try engine.merge(origin: origin) { merger in
            for checklist in checklists { try merger.add(checklist) }
            for inspection in inspections { try merger.add(inspection) }
            try merger.add(events)
        }
    }
}

func unwrap<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw SafeGridError.storeFailure("compatibility check failed: \(what) is missing") }
    return value
}
