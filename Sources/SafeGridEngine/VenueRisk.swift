public import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// A venue's record as it stood at `asOf`, as a `VenueRiskRule` reads it: its
    /// hazards as they stood then, the re-inspections it failed, its recurrences (反弹) and its
    /// inspections with their scores, as far back as `reach` (the whole record by default). A
    /// read: computed from the events each time.
    /// - Throws: `SafeGridError` `not-found` when there is no such venue.
    public func venueRiskFacts(venueID: String, asOf: Date, reach: VenueRiskReach = .everything) throws -> VenueRiskFacts {
        try store.read { reader in
            guard try reader.venue(id: venueID) != nil else { throw SafeGridError.notFound("venue", venueID) }
            var facts: VenueRiskFacts?
            var weights = ChecklistCache()
            try reader.venueRecords(VenueRecordQuery(asOf: asOf, venueID: venueID, reach: reach)) { record in
                facts = try riskFacts(record, asOf: asOf, reader, &weights)
            }
            guard let facts else { throw SafeGridError.notFound("venue", venueID) }
            return facts
        }
    }

    /// A venue's colour as of `asOf`, under the store's rule (``riskRule()``), with the reasons.
    /// - Throws: `SafeGridError` `not-found` when there is no such venue.
    public func venueRating(venueID: String, asOf: Date) throws -> VenueRating {
        let rule = try riskRule()
        return rule.rate(try venueRiskFacts(venueID: venueID, asOf: asOf, reach: rule.reach))
    }

    /// The facts of a venue's record: its inspections scored, its recurrences found.
    func riskFacts(_ record: VenueRecord, asOf: Date, _ reader: any HazardStoreReader, _ weights: inout ChecklistCache) throws -> VenueRiskFacts {
        let inspections = try record.inspections.map { inspection in
            ScoredInspection(inspection: inspection, score: try weights.score(of: inspection, reader))
        }
        return VenueRiskFacts(
            venueID: record.venueID, asOf: asOf, hazards: record.hazards, reworks: record.reworks,
            recurrences: VenueRiskFacts.recurrences(among: record.hazards), inspections: inspections,
            lastInspectedAt: record.lastInspectedAt, time: stationTime)
    }
}

/// The checklist versions read so far, for inspection scores and the titles of hazards.
struct ChecklistCache {
    private var known: [String: Checklist?] = [:]
    private var weights: [String: [String: Double]] = [:]

    /// A stored checklist version, read once.
    mutating func checklist(_ id: String, _ version: String, _ reader: any HazardStoreReader) throws -> Checklist? {
        let key = id + "\n" + version
        if let checklist = known[key] { return checklist }
        let checklist = try reader.checklist(id: id, version: version)
        known[key] = .some(checklist)
        weights[key] = checklist.map { Dictionary($0.items.map { ($0.id, $0.weight) }, uniquingKeysWith: { first, _ in first }) }
        return checklist
    }

    /// What a hazard is about: its item's prompt in the checklist version it was found with;
    /// the hazard's own record when that version is not stored.
    mutating func title(of hazard: VenueHazard, _ reader: any HazardStoreReader) throws -> LocalizedText {
        if let item = try checklist(hazard.checklistID, hazard.checklistVersion, reader)?.items.first(where: { $0.id == hazard.itemID }) {
            return item.prompt
        }
        return try reader.hazard(id: hazard.id)?.record.title ?? LocalizedText(["en": hazard.itemID])
    }

    /// The inspection's score under the weights of the checklist version it used; `nil` when
    /// that version is not stored or no item applied.
    mutating func score(of inspection: Inspection, _ reader: any HazardStoreReader) throws -> Double? {
        guard try checklist(inspection.checklistID, inspection.checklistVersion, reader) != nil,
              let weights = weights[inspection.checklistID + "\n" + inspection.checklistVersion]
        else { return nil }
        return inspection.score(weights: weights)
    }
}
