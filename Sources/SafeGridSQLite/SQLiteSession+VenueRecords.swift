import Foundation
import GRDB
import SafeGridCore

// Venue records for colours and the night's plan, from the hazard table's columns and the
// indexes of v18-venue-risk: a station's 50,000 venues are rated without folding the history of
// each of their hazards.
extension SQLiteSession {
    func venueRecords(_ query: VenueRecordQuery, _ body: (VenueRecord) throws -> Void) throws {
        try flush()
        var venueConditions: [String] = []
        var venueArguments: [(any DatabaseValueConvertible)?] = []
        if let id = query.venueID { venueConditions.append("id = ?"); venueArguments.append(id) }
        if let grid = query.gridCode { venueConditions.append("grid = ?"); venueArguments.append(grid) }
        if let policeGrid = query.policeGridCode { venueConditions.append("police_grid = ?"); venueArguments.append(policeGrid) }
        let venueWhere = venueConditions.isEmpty ? "" : "WHERE " + venueConditions.joined(separator: " AND ")
        // The hazards' and inspections' own condition on their venue, when the scope is not the whole store.
        let inScope = venueConditions.isEmpty ? "" : "AND venue IN (SELECT id FROM venue \(venueWhere))"
        let venueIDs = try String.fetchAll(db, sql: "SELECT id FROM venue \(venueWhere) ORDER BY id", arguments: StatementArguments(venueArguments))

        let hazards = try venueHazards(query, inScope: inScope, venueArguments)
        let reworks = try venueReworks(query, hazards)
        let (latest, inspections) = try venueInspections(query, inScope: inScope, venueArguments)
        for id in venueIDs {
            try body(VenueRecord(
                venueID: id, hazards: (hazards.byVenue[id] ?? []).sorted { ($0.foundAt, $0.id) < ($1.foundAt, $1.id) },
                reworks: (reworks[id] ?? []).sorted { ($0.at, $0.hazardID) < ($1.at, $1.hazardID) },
                inspections: inspections[id] ?? [], lastInspectedAt: latest[id].map { Date(epochSeconds: $0) }))
        }
    }

    /// What ``venueHazards(_:inScope:_:)`` finds: the hazards by venue; the venue of each hazard
    /// ever reworked (where a rework's venue is looked up); the events of those folded again.
    private struct ReachedHazards {
        var byVenue: [String: [VenueHazard]] = [:]
        var reworkedVenue: [String: String] = [:]
        var folded: [String: (venue: String, events: [HazardEvent])] = [:]
    }

    /// The hazards a query reaches: every one found by its moment and not fixed then, and (with
    /// a reach) the others whose last event lies within it. A hazard changed after the moment, or
    /// with conflicts or resolutions, is folded as of the moment; the others stand as their row
    /// says.
    private func venueHazards(
        _ query: VenueRecordQuery, inScope: String, _ venueArguments: [(any DatabaseValueConvertible)?]
    ) throws -> ReachedHazards {
        let columns = """
            id, venue, checklist, checklist_version, item, category, severity, status, found_at, deadline, closed_at,
            rectified_at, rework, last_event_at, conflicts
            """
        let t = query.asOf.epochSeconds
        var selects: [(String, [(any DatabaseValueConvertible)?])] = []
        if let from = query.hazardsFrom {
            // Not fixed now, then the others within the reach: no hazard is read twice.
            selects.append(("""
                SELECT \(columns) FROM hazard INDEXED BY hazard_unfixed_by_venue
                WHERE status IN ('open', 'awaiting', 'deferred') AND found_at <= ? \(inScope)
                """, [t] + venueArguments))
            selects.append(("""
                SELECT \(columns) FROM hazard
                WHERE last_event_at >= ? AND found_at <= ? AND status NOT IN ('open', 'awaiting', 'deferred') \(inScope)
                """, [from.epochSeconds, t] + venueArguments))
        } else {
            selects.append(("SELECT \(columns) FROM hazard WHERE found_at <= ? \(inScope)", [t] + venueArguments))
        }
        let resolved = Set(try String.fetchAll(db, sql: "SELECT DISTINCT hazard FROM event WHERE kind = 'resolve'"))
        var reached = ReachedHazards()
        for (sql, arguments) in selects {
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let row = try cursor.next() {
                let id: String = row[0]
                let venue: String = row[1]
                let lastEventAt: Int64 = row[13]
                let conflicts: Int64 = row[14]
                if lastEventAt > t || conflicts > 0 || resolved.contains(id) {
                    let events = try events(hazardID: id)
                    guard let state = HazardState.replay(events, asOf: query.asOf) else { continue }
                    let hazard = VenueHazard(state)
                    if let from = query.hazardsFrom, !hazard.isUnfixed, state.lastEventAt < from { continue }
                    reached.folded[id] = (venue, events)
                    reached.byVenue[venue, default: []].append(hazard)
                    continue
                }
                let status: String = row[7]
                let severity: String = row[6]
                let closedAt: Int64 = row[10]
                let rectifiedAt: Int64 = row[11]
                let reworks: Int = row[12]
                guard let status = HazardStatus(rawValue: status), let severity = Severity(rawValue: severity) else {
                    throw SafeGridError.storeFailure(
                        "hazard \(id) has an unknown status '\(status)' or severity '\(severity)' in the hazard table; `safegrid verify` checks the store")
                }
                if reworks > 0 { reached.reworkedVenue[id] = venue }
                reached.byVenue[venue, default: []].append(VenueHazard(
                    id: id, checklistID: row[2], checklistVersion: row[3], itemID: row[4], category: row[5], severity: severity,
                    status: status, foundAt: Date(epochSeconds: row[8]), deadline: Date(epochSeconds: row[9]),
                    closedAt: closedAt == never ? nil : Date(epochSeconds: closedAt),
                    rectificationReportedAt: rectifiedAt == never ? nil : Date(epochSeconds: rectifiedAt), reworkCount: reworks))
            }
        }
        return reached
    }

    /// The failed re-inspections within the reach, by venue: from the events index for hazards
    /// that stand as their row says, from their events for those folded again.
    private func venueReworks(_ query: VenueRecordQuery, _ hazards: ReachedHazards) throws -> [String: [VenueRework]] {
        var reworks: [String: [VenueRework]] = [:]
        for (id, (venue, events)) in hazards.folded {
            for event in events where event.at >= query.reworksFrom ?? .distantPast && event.at <= query.asOf {
                if case .reinspectionFailed = event.kind { reworks[venue, default: []].append(VenueRework(hazardID: id, at: event.at)) }
            }
        }
        let (from, to) = (query.reworksFrom.map(\.epochSeconds) ?? Int64.min, query.asOf.epochSeconds)
        if hazards.reworkedVenue.count < 1_000 {
            // A venue or a grid: each reworked hazard's events, by hazard.
            let statement = try db.cachedStatement(sql: "SELECT at FROM event WHERE hazard = ? AND kind = 'reinspect-fail' AND at >= ? AND at <= ?")
            for (id, venue) in hazards.reworkedVenue {
                for at in try Int64.fetchAll(statement, arguments: [id, from, to]) {
                    reworks[venue, default: []].append(VenueRework(hazardID: id, at: Date(epochSeconds: at)))
                }
            }
            return reworks
        }
        // A station: every rework of the reach, by time.
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT hazard, at FROM event WHERE kind = 'reinspect-fail' AND at >= ? AND at <= ?", arguments: [from, to])
        while let row = try cursor.next() {
            let id: String = row[0]
            // A hazard reworked within the reach has its last event there too: it is among the
            // hazards reached when its venue is in scope.
            guard let venue = hazards.reworkedVenue[id] else { continue }
            reworks[venue, default: []].append(VenueRework(hazardID: id, at: Date(epochSeconds: row[1])))
        }
        return reworks
    }

    /// Each venue's last inspection by the moment, and its latest inspections as many as the reach asks.
    private func venueInspections(
        _ query: VenueRecordQuery, inScope: String, _ venueArguments: [(any DatabaseValueConvertible)?]
    ) throws -> (latest: [String: Int64], inspections: [String: [Inspection]]) {
        let t = query.asOf.epochSeconds
        var latest: [String: Int64] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT venue, max(at) FROM inspection WHERE at <= ? \(inScope) GROUP BY venue",
            arguments: StatementArguments([t] + venueArguments))
        while let row = try rows.next() { latest[row[0]] = row[1] }
        var inspections: [String: [Inspection]] = [:]
        guard query.reach.inspections != 0 else { return (latest, inspections) }
        let limit = query.reach.inspections.map(Int64.init) ?? Int64.max
        let bodies = try Row.fetchCursor(db, sql: """
            SELECT venue, body FROM (
                SELECT venue, body, at, id, row_number() OVER (PARTITION BY venue ORDER BY at DESC, id DESC) AS n
                FROM inspection WHERE at <= ? \(inScope))
            WHERE n <= ? ORDER BY venue, at, id
            """, arguments: StatementArguments([t] + venueArguments + [limit]))
        while let row = try bodies.next() {
            let text: String = row[1]
            inspections[row[0], default: []].append(try JSONDecoder().decode(Inspection.self, from: Data(text.utf8)))
        }
        return (latest, inspections)
    }
}
