public import Foundation
public import SafeGridCore

/// What plan to make (`safegrid plan`).
public struct PlanRequest: Sendable, Hashable {
    /// The day planned.
    public var date: CivilDate
    /// The moment colours and hazards are taken at (the end of the day, or now when planning today).
    public var asOf: Date
    /// Only this grid's venues.
    public var gridCode: String?
    /// Only this police grid's venues.
    public var policeGridCode: String?
    /// At most this many venues (`nil`: all that are due).
    public var limit: Int?

    /// Creates a request.
    public init(date: CivilDate, asOf: Date, gridCode: String? = nil, policeGridCode: String? = nil, limit: Int? = nil) {
        self.date = date
        self.asOf = asOf
        self.gridCode = gridCode
        self.policeGridCode = policeGridCode
        self.limit = limit
    }
}

extension SafeGridEngine {
    /// The inspection plan for a day (docs/DOMAIN.md, "Tonight's plan"): every venue of the scope
    /// whose inspection is due on or before the day under the store's frequency for its colour,
    /// or with a re-inspection due by then, most urgent first, each with the hazards to check.
    /// A read.
    ///
    /// - Parameters:
    ///   - request: the day, the moment and the scope.
    ///   - progress: told now and then how many of the scope's venues are rated, and of how
    ///     many (a station's plan rates every venue).
    /// - Throws: `SafeGridError` `not-found` for a grid or police grid the store does not have;
    ///   `invalid-input` when the store names a risk rule this program does not have.
    public func plan(_ request: PlanRequest, progress: ((_ rated: Int, _ of: Int) -> Void)? = nil) throws -> InspectionPlan {
        let settings = try self.settings()
        let rule = try riskRule(settings: settings.values)
        let frequency = settings.inspectionFrequency
        return try store.read { reader in
            let directory = try reader.areaDirectory()
            var scope: AreaReference?
            var scopeLine: AreaLine?
            for (code, level) in [(request.gridCode, AreaLevel.grid), (request.policeGridCode, .policeGrid)] {
                guard let code else { continue }
                guard let area = directory.area(level, code) else { throw SafeGridError.notFound("area", code) }
                scope = AreaReference(code: code, name: area.name, follower: area.follower)
                scopeLine = level.line
            }
            let query = VenueRecordQuery(asOf: request.asOf, gridCode: request.gridCode, policeGridCode: request.policeGridCode, reach: rule.reach)
            // How many venues the progress counts out of: read only when someone is told.
            let total = progress == nil ? 0 : try reader.venues().filter(query.covers).count
            var checklists = ChecklistCache()
            var entries: [InspectionPlan.Entry] = []
            var rated = 0
            try reader.venueRecords(query) { record in
                defer { rated += 1 }
                if rated % 1_000 == 0 { progress?(rated, total) }
                let facts = try riskFacts(record, asOf: request.asOf, reader, &checklists)
                let rating = rule.rate(facts)
                let due = nextInspection(facts, colour: rating.colour, frequency, today: request.date)
                let unfixed = facts.unfixed.map { ($0, $0.status == .awaitingReinspection ? reinspectionDay(for: $0) : nil) }
                let reinspections = unfixed.filter { $0.1.map { $0 <= request.date } ?? false }.count
                guard due <= request.date || reinspections > 0 else { return }
                // Only the venues in the plan need what to check: titles come from their checklists.
                let checks = try unfixed.map { hazard, reinspectionDue in
                    InspectionPlan.Check(
                        hazardID: hazard.id, checklistID: hazard.checklistID, itemID: hazard.itemID,
                        title: try checklists.title(of: hazard, reader), severity: hazard.severity, status: hazard.status,
                        deadline: hazard.deadline, overdue: hazard.isOverdue(asOf: request.asOf), reinspectionDue: reinspectionDue)
                }.sorted { a, b in
                    let aDue = a.reinspectionDue.map { $0 <= request.date } ?? false
                    let bDue = b.reinspectionDue.map { $0 <= request.date } ?? false
                    return (aDue ? 0 : 1, a.deadline, a.hazardID) < (bDue ? 0 : 1, b.deadline, b.hazardID)
                }
                entries.append(InspectionPlan.Entry(
                    venue: record.venue, rating: rating, lastInspectedAt: facts.lastInspectedAt, inspectionDue: due,
                    daysOverdue: max(0, request.date.daysSinceEpoch - due.daysSinceEpoch), reinspectionsDue: reinspections, checks: checks))
            }
            progress?(rated, rated)
            // Indices sorted: a station's plan would otherwise move tens of thousands of entries.
            entries = entries.indices.map { (entries[$0].urgency, $0) }.sorted { $0.0 < $1.0 }.map { entries[$0.1] }
            let due = entries.count
            if let limit = request.limit { entries = Array(entries.prefix(max(0, limit))) }
            return InspectionPlan(
                date: request.date, asOf: request.asOf, scope: scope, scopeLine: scopeLine, entries: entries, dueCount: due,
                venueCount: rated, rule: rule.name, frequency: frequency)
        }
    }

    /// The plan a reference bundle carried for a grid and day, if the store keeps one. A laptop
    /// shows it rather than ``plan(_:progress:)``: it holds the grid's venues and running
    /// hazards but not their inspection history, so every venue would look never inspected.
    /// - Parameters:
    ///   - gridCode: the grid.
    ///   - date: the day planned.
    public func carriedPlan(gridCode: String, date: CivilDate) throws -> CarriedPlan? {
        try store.read { try $0.carriedPlan(gridCode: gridCode, date: date) }
    }

    /// The day a venue is next due for inspection: its last inspection's day plus its colour's
    /// days; `today` when it was never inspected.
    func nextInspection(_ facts: VenueRiskFacts, colour: VenueColour, _ frequency: InspectionFrequency, today: CivilDate) -> CivilDate {
        facts.lastInspectedAt.map { stationTime.day(of: $0).adding(days: frequency.days(for: colour)) } ?? today
    }
}
