public import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// A venue's safety file (平安档案) as of `asOf`: everything recorded of it up to then, its
    /// colour under the store's rule, and when it is next due for inspection under the store's
    /// `InspectionFrequency`. A read.
    ///
    /// ```swift
    /// let file = try engine.venueFile(venueID: "V1", asOf: DomainExample.endOf(6, 30))
    /// ```
    /// - Throws: `SafeGridError` `not-found` when there is no such venue; `invalid-input` when
    ///   the store names a risk rule this program does not have.
    public func venueFile(venueID: String, asOf: Date) throws -> VenueFile {
        let settings = try self.settings()
        let rule = try riskRule(settings: settings.values)
        return try store.read { reader in
            guard let venue = try reader.venue(id: venueID) else { throw SafeGridError.notFound("venue", venueID) }
            var checklists = ChecklistCache()
            var record: VenueRecord?
            try reader.venueRecords(VenueRecordQuery(asOf: asOf, venueID: venueID)) { record = $0 }
            guard let record else { throw SafeGridError.notFound("venue", venueID) }
            // The file shows the whole record, whatever the rule reads of it.
            let facts = try riskFacts(record, asOf: asOf, reader, &checklists)
            let rating = rule.rate(facts)
            let directory = try reader.areaDirectory()
            var titles: [String: LocalizedText?] = [:]
            let inspections = try facts.inspections.map { scored in
                let inspection = scored.inspection
                let key = inspection.checklistID + "\n" + inspection.checklistVersion
                if titles[key] == nil {
                    titles[key] = .some(try reader.checklist(id: inspection.checklistID, version: inspection.checklistVersion)?.title)
                }
                return VenueFile.InspectionEntry(
                    id: inspection.id, at: inspection.at, checklistID: inspection.checklistID,
                    checklistVersion: inspection.checklistVersion, checklistTitle: titles[key] ?? nil, inspectors: inspection.inspectors,
                    source: inspection.source, score: scored.score, failed: inspection.responses.filter { $0.outcome == .fail }.count)
            }
            let recurrences = Dictionary(facts.recurrences.map { ($0.hazardID, $0.earlierHazardID) }, uniquingKeysWith: { first, _ in first })
            let hazards = try facts.hazards.compactMap { hazard -> VenueFile.HazardEntry? in
                let events = try reader.events(hazardID: hazard.id)
                guard let state = HazardState.replay(events, asOf: asOf) else { return nil }
                return VenueFile.HazardEntry(state: state, events: events.filter { $0.at <= asOf }, recurrenceOf: recurrences[hazard.id])
            }
            func stationName(_ code: String) -> String { directory.area(.station, code)?.name ?? code }
            let notices = try reader.notices(venueID: venueID).filter { $0.issuedAt <= asOf }.map {
                VenueFile.DocumentEntry(
                    number: RectificationNotice.number(issuer: stationName($0.issuer), year: $0.year, sequence: $0.sequence),
                    issuedAt: $0.issuedAt, hazardIDs: $0.hazardIDs)
            }
            let records = try reader.reinspectionRecords(venueID: venueID).filter { $0.issuedAt <= asOf }.map {
                VenueFile.DocumentEntry(
                    number: ReinspectionRecord.number(issuer: stationName($0.issuer), year: $0.year, sequence: $0.sequence),
                    issuedAt: $0.issuedAt, hazardIDs: $0.entries.map(\.hazardID))
            }
            let frequency = settings.inspectionFrequency.days(for: rating.colour)
            let next = nextInspection(facts, colour: rating.colour, settings.inspectionFrequency, today: stationTime.day(of: asOf))
            return VenueFile(
                asOf: asOf, venue: venue, grid: directory.area(.grid, venue.gridCode), policeGrid: directory.area(.policeGrid, venue.policeGridCode),
                rating: rating, ruleSummary: rule.summary, inspections: inspections, hazards: hazards, notices: notices,
                reinspectionRecords: records, frequencyDays: frequency, nextInspectionDue: next)
        }
    }
}
