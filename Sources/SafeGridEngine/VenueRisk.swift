public import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// A venue's record as it stood at `asOf`, as a `VenueRiskRule` reads it: its
    /// hazards folded to the moment, the re-inspections it failed, its recurrences (反弹) and its
    /// inspections with their scores. A read: computed from the events each time.
    /// - Throws: `SafeGridError` `not-found` when there is no such venue.
    public func venueRiskFacts(venueID: String, asOf: Date) throws -> VenueRiskFacts {
        try store.read { reader in
            guard try reader.venue(id: venueID) != nil else { throw SafeGridError.notFound("venue", venueID) }
            var weights = ChecklistWeights()
            return try riskFacts(venueID: venueID, asOf: asOf, reader, &weights)
        }
    }

    /// A venue's colour as of `asOf`, under the store's rule (``riskRule()``), with the reasons.
    /// - Throws: `SafeGridError` `not-found` when there is no such venue.
    public func venueRating(venueID: String, asOf: Date) throws -> VenueRating {
        let rule = try riskRule()
        return rule.rate(try venueRiskFacts(venueID: venueID, asOf: asOf))
    }

    func riskFacts(venueID: String, asOf: Date, _ reader: any HazardStoreReader, _ weights: inout ChecklistWeights) throws -> VenueRiskFacts {
        var hazards: [HazardState] = []
        var reworks: [VenueRework] = []
        var stored: [HazardState] = []
        try reader.hazards(HazardFilter(venueID: venueID)) { stored.append($0) }
        for now in stored {
            // A hazard with nothing after the moment stands as stored, and one never re-inspected
            // and failed has no rework to list: only the others' events are read.
            guard now.lastEventAt > asOf || now.reworkCount > 0 else {
                hazards.append(now)
                continue
            }
            let events = try reader.events(hazardID: now.id)
            guard let state = HazardState.replay(events, asOf: asOf) else { continue }
            hazards.append(state)
            for event in events where event.at <= asOf {
                if case .reinspectionFailed = event.kind { reworks.append(VenueRework(hazardID: now.id, at: event.at)) }
            }
        }
        hazards.sort { ($0.foundAt, $0.id) < ($1.foundAt, $1.id) }
        let inspections = try reader.inspections(venueID: venueID).filter { $0.at <= asOf }.map { inspection in
            ScoredInspection(inspection: inspection, score: try weights.score(of: inspection, reader))
        }
        return VenueRiskFacts(
            venueID: venueID, asOf: asOf, hazards: hazards,
            reworks: reworks.sorted { ($0.at, $0.hazardID) < ($1.at, $1.hazardID) },
            recurrences: VenueRiskFacts.recurrences(among: hazards.filter { $0.status != .cancelled }),
            inspections: inspections, time: stationTime)
    }
}

/// The item weights of each checklist version read so far, for inspection scores.
struct ChecklistWeights {
    private var known: [String: [String: Double]?] = [:]

    /// The inspection's score under the weights of the checklist version it used; `nil` when
    /// that version is not stored or no item applied.
    mutating func score(of inspection: Inspection, _ reader: any HazardStoreReader) throws -> Double? {
        let key = inspection.checklistID + "\n" + inspection.checklistVersion
        if known[key] == nil {
            let checklist = try reader.checklist(id: inspection.checklistID, version: inspection.checklistVersion)
            known[key] = .some(checklist.map { Dictionary($0.items.map { ($0.id, $0.weight) }, uniquingKeysWith: { first, _ in first }) })
        }
        guard let weights = known[key] ?? nil else { return nil }
        return inspection.score(weights: weights)
    }
}
