import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import SafeGridCore

// Venue records for colours and the night's plan, from the hazard table's columns and the
// indexes of v18-venue-risk and v20-close-outs: a station's 50,000 venues are rated without
// folding the history of each of their hazards.
extension SQLiteSession {
    func venueRecords(_ query: VenueRecordQuery, _ body: (VenueRecord) throws -> Void) throws {
        try flush()
        var venueConditions: [String] = []
        var venueArguments: [(any DatabaseValueConvertible)?] = []
        if let id = query.venueID { venueConditions.append("id = ?"); venueArguments.append(id) }
        if let grid = query.gridCode { venueConditions.append("grid = ?"); venueArguments.append(grid) }
        if let policeGrid = query.policeGridCode { venueConditions.append("police_grid = ?"); venueArguments.append(policeGrid) }
        let venueWhere = venueConditions.isEmpty ? nil : venueConditions.joined(separator: " AND ")
        // The hazards' and inspections' own condition on their venue, when the scope is not the whole store.
        let inScope = venueWhere.map { "AND venue IN (SELECT id FROM venue WHERE \($0))" } ?? ""
        let venues = try venues(where: venueWhere, venueArguments)
        // Rows are gathered by the venue's position: one hash of its id per row, none per venue.
        var scope = VenueScope(venues)
        try venueHazards(query, inScope: inScope, venueArguments, into: &scope)
        try venueReworks(query, into: &scope)
        try venueInspections(query, inScope: inScope, venueArguments, into: &scope)
        for (index, venue) in venues.enumerated() {
            try body(VenueRecord(
                venue: venue, hazards: scope.hazards[index], reworks: scope.reworks[index], inspections: scope.inspections[index], lastInspectedAt: scope.lastInspectedAt[index].map { Date(epochSeconds: $0) }))
        }
    }

    /// What is gathered of the venues in scope, by their position in id order.
    private struct VenueScope {
        let position: [String: Int]
        var hazards: [[VenueHazard]]
        var reworks: [[VenueRework]]
        var inspections: [[Inspection]]
        var lastInspectedAt: [Int64?]
        /// The venue of each hazard ever reworked (where a rework found by time is filed).
        var reworkedVenue: [String: Int] = [:]
        /// The events of the hazards folded again, with their venue.
        var folded: [String: (venue: Int, events: [HazardEvent])] = [:]

        init(_ venues: [Venue]) {
            position = Dictionary(venues.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            hazards = Array(repeating: [], count: venues.count)
            reworks = Array(repeating: [], count: venues.count)
            inspections = Array(repeating: [], count: venues.count)
            lastInspectedAt = Array(repeating: nil, count: venues.count)
        }
    }

    /// The hazards the query holds (``VenueRecordQuery/holds(_:lastEventAt:itemsFoundInReach:)``),
    /// each as it stood at the moment: those not fixed now, those whose last event lies within
    /// the reach, and the close-outs before it that a hazard found within it may follow (the
    /// whole table without a reach). A hazard changed after the moment, or with conflicts or
    /// resolutions, is folded as of the moment and held or not once every other is read; the
    /// others stand as their row says.
    private func venueHazards(
        _ query: VenueRecordQuery, inScope: String, _ venueArguments: [(any DatabaseValueConvertible)?], into scope: inout VenueScope
    ) throws {
        let columns = """
            id, venue, checklist, checklist_version, item, category, severity, status, found_at, deadline, closed_at,
            rectified_at, rework, last_event_at, conflicts
            """
        let t = query.asOf.epochSeconds
        var selects: [(String, [(any DatabaseValueConvertible)?])] = []
        if let reachFrom = query.reachFrom?.epochSeconds, let closeOutsFrom = query.closeOutsFrom?.epochSeconds {
            // Not fixed now; then the others with an event within the reach (no hazard twice);
            // the close-outs before it that a recurrence may follow come after.
            selects.append(("""
                SELECT \(columns) FROM hazard INDEXED BY hazard_unfixed_by_venue
                WHERE \(SQLStatus.unfixed) AND found_at <= ? \(inScope)
                """, [t] + venueArguments))
            selects.append(("""
                SELECT \(columns) FROM hazard
                WHERE last_event_at >= ? AND found_at <= ? AND \(SQLStatus.closedOrCancelled) \(inScope)
                """, [reachFrom, t] + venueArguments))
        } else {
            selects.append(("SELECT \(columns) FROM hazard WHERE found_at <= ? \(inScope)", [t] + venueArguments))
        }
        let resolved = Set(try String.fetchAll(db, sql: "SELECT DISTINCT hazard FROM event WHERE kind = 'resolve'"))
        var pending: [(venue: Int, hazard: VenueHazard, lastEventAt: Date, events: [HazardEvent])] = []
        // One row of the hazard table: as it stands, or folded as of the moment when it changed
        // after it or had conflicts (held or not once every other hazard is read).
        func gather(_ row: SQLiteColumns) throws {
            let id = row.text(0)
            guard let venue = scope.position[row.text(1)] else { return }
            if row.int(13) > t || row.int(14) > 0 || resolved.contains(id) {
                let events = try events(hazardID: id)
                guard let state = HazardState.replay(events, asOf: query.asOf) else { return }
                pending.append((venue, VenueHazard(state), state.lastEventAt, events))
                return
            }
            let (status, severity) = (row.text(7), row.text(6))
            let (closedAt, rectifiedAt, reworks) = (row.int(10), row.int(11), Int(row.int(12)))
            guard let status = HazardStatus(rawValue: status), let severity = Severity(rawValue: severity) else {
                throw SafeGridError.storeFailure(
                    "hazard \(id) has an unknown status '\(status)' or severity '\(severity)' in the hazard table; `safegrid verify` checks the store")
            }
            if reworks > 0 { scope.reworkedVenue[id] = venue }
            scope.hazards[venue].append(VenueHazard(
                id: id, checklistID: row.text(2), checklistVersion: row.text(3), itemID: row.text(4), category: row.text(5), severity: severity,
                status: status, foundAt: Date(epochSeconds: row.int(8)), deadline: Date(epochSeconds: row.int(9)),
                closedAt: closedAt == never ? nil : Date(epochSeconds: closedAt),
                rectificationReportedAt: rectifiedAt == never ? nil : Date(epochSeconds: rectifiedAt), reworkCount: reworks))
        }
        for (sql, arguments) in selects {
            let statement = try db.makeStatement(sql: sql)
            let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
            // Columns read straight from the statement: hundreds of thousands of rows for a station.
            let row = SQLiteColumns(statement)
            while try cursor.next() != nil { try gather(row) }
        }
        // Every hazard found within the reach is read now: the items each venue failed there.
        var itemsFoundInReach: [Int: Set<String>] = [:]
        if let reachFrom = query.reachFrom, let closeOutsFrom = query.closeOutsFrom {
            for (venue, hazards) in scope.hazards.enumerated() {
                for hazard in hazards where hazard.foundAt >= reachFrom { itemsFoundInReach[venue, default: []].insert(hazard.itemID) }
            }
            for entry in pending where entry.hazard.foundAt >= reachFrom { itemsFoundInReach[entry.venue, default: []].insert(entry.hazard.itemID) }
            // The close-outs before the reach whose item the venue failed again within it, picked
            // from the index (venue and item) and then read whole: a few among many.
            let closeOuts = try db.makeStatement(sql: """
                SELECT id, venue, item FROM hazard INDEXED BY hazard_close_outs
                WHERE \(SQLStatus.closed) AND last_event_at >= ? AND last_event_at < ? AND closed_at >= ? \(inScope)
                """)
            var followed: [String] = []
            let candidates = try Row.fetchCursor(
                closeOuts, arguments: StatementArguments([closeOutsFrom.epochSeconds, reachFrom.epochSeconds, closeOutsFrom.epochSeconds] + venueArguments))
            let candidate = SQLiteColumns(closeOuts)
            while try candidates.next() != nil {
                guard let venue = scope.position[candidate.text(1)], itemsFoundInReach[venue]?.contains(candidate.text(2)) == true else { continue }
                followed.append(candidate.text(0))
            }
            let one = try db.makeStatement(sql: "SELECT \(columns) FROM hazard WHERE id = ? AND found_at <= ?")
            let row = SQLiteColumns(one)
            for id in followed {
                let cursor = try Row.fetchCursor(one, arguments: [id, t])
                while try cursor.next() != nil { try gather(row) }
            }
        }
        // The folded ones, now that every hazard found within the reach is known.
        for entry in pending where query.holds(entry.hazard, lastEventAt: entry.lastEventAt, itemsFoundInReach: itemsFoundInReach[entry.venue] ?? []) {
            scope.hazards[entry.venue].append(entry.hazard)
            scope.folded[entry.hazard.id] = (entry.venue, entry.events)
        }
    }

    /// The failed re-inspections within the reach, by venue: from the events index for hazards
    /// that stand as their row says, from their events for those folded again.
    private func venueReworks(_ query: VenueRecordQuery, into scope: inout VenueScope) throws {
        for (id, (venue, events)) in scope.folded {
            for event in events where event.at >= query.reachFrom ?? .distantPast && event.at <= query.asOf {
                if case .reinspectionFailed = event.kind { scope.reworks[venue].append(VenueRework(hazardID: id, at: event.at)) }
            }
        }
        let (from, to) = (query.reachFrom.map(\.epochSeconds) ?? Int64.min, query.asOf.epochSeconds)
        if scope.reworkedVenue.count < 1_000 {
            // A venue or a grid: each reworked hazard's events, by hazard.
            let statement = try db.cachedStatement(sql: "SELECT at FROM event WHERE hazard = ? AND kind = 'reinspect-fail' AND at >= ? AND at <= ?")
            for (id, venue) in scope.reworkedVenue {
                for at in try Int64.fetchAll(statement, arguments: [id, from, to]) {
                    scope.reworks[venue].append(VenueRework(hazardID: id, at: Date(epochSeconds: at)))
                }
            }
            return
        }
        // A station: every rework of the reach, by time.
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT hazard, at FROM event WHERE kind = 'reinspect-fail' AND at >= ? AND at <= ?", arguments: [from, to])
        while let row = try cursor.next() {
            let id: String = row[0]
            // A hazard reworked within the reach has its last event there too: it is among the
            // hazards reached when its venue is in scope.
            guard let venue = scope.reworkedVenue[id] else { continue }
            scope.reworks[venue].append(VenueRework(hazardID: id, at: Date(epochSeconds: row[1])))
        }
    }

    /// Each venue's last inspection by the moment, and its latest inspections as many as the reach asks.
    private func venueInspections(
        _ query: VenueRecordQuery, inScope: String, _ venueArguments: [(any DatabaseValueConvertible)?], into scope: inout VenueScope
    ) throws {
        let t = query.asOf.epochSeconds
        let rows = try Row.fetchCursor(
            db, sql: "SELECT venue, max(at) FROM inspection WHERE at <= ? \(inScope) GROUP BY venue",
            arguments: StatementArguments([t] + venueArguments))
        while let row = try rows.next() {
            if let venue = scope.position[row[0]] { scope.lastInspectedAt[venue] = row[1] }
        }
        guard query.reach.inspections != 0 else { return }
        let limit = query.reach.inspections.map(Int64.init) ?? Int64.max
        let bodies = try Row.fetchCursor(db, sql: """
            SELECT venue, body FROM (
                SELECT venue, body, at, id, row_number() OVER (PARTITION BY venue ORDER BY at DESC, id DESC) AS n
                FROM inspection WHERE at <= ? \(inScope))
            WHERE n <= ? ORDER BY venue, at, id
            """, arguments: StatementArguments([t] + venueArguments + [limit]))
        while let row = try bodies.next() {
            guard let venue = scope.position[row[0]] else { continue }
            let text: String = row[1]
            scope.inspections[venue].append(try JSONDecoder().decode(Inspection.self, from: Data(text.utf8)))
        }
    }
}

/// The current row of a stepped statement, read column by column with SQLite's own calls.
private struct SQLiteColumns {
    let statement: Statement

    init(_ statement: Statement) { self.statement = statement }

    func int(_ column: CInt) -> Int64 { sqlite3_column_int64(statement.sqliteStatement, column) }

    func text(_ column: CInt) -> String {
        guard let bytes = sqlite3_column_text(statement.sqliteStatement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement.sqliteStatement, column))), as: UTF8.self)
    }
}
