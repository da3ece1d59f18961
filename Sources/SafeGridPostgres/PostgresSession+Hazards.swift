import Foundation
import SafeGridCore

/// A time that has not happened, in the hazard table.
let never = Int64.max
/// A history that has not begun, in the hazard table.
let noHistory = Int64.min

// The hazard table: each hazard's row as the fold of its events (`HazardFold`), written again
// for every hazard a transaction's events touched, at the end of the transaction.
extension PostgresSession {
    static let hazardColumns = [
        "id", "chain", "venue", "category", "severity", "grid", "police_grid", "status", "found_at", "found_recorded_at", "deadline",
        "closed_at", "closed_recorded_at", "closed_on_time", "cancelled_at", "cancelled_recorded_at", "parked", "history_at",
        "history_recorded_at", "conflicts", "source", "campaign", "department", "joint_check",
    ]

    /// What a hazard's row must hold, one value per column of ``hazardColumns``; `nil` when no
    /// event records the hazard. A hazard with a conflict or a resolution is noted as changed
    /// at its last event, so that a report as of any earlier moment folds its events again.
    static func foldedRow(_ events: [HazardEvent], chain: String) -> [SQLValue]? {
        let fold = HazardFold(events)
        guard let state = fold.state else { return nil }
        let resolved = events.contains { if case .conflictResolved = $0.kind { true } else { false } }
        let history = !fold.conflicts.isEmpty || resolved ? events.last : fold.lastHistoryChange
        return [
            .text(state.id), .text(chain), .text(state.record.venueID), .text(state.record.category), .text(state.record.severity.rawValue),
            .text(state.gridCode), .text(state.policeGridCode), .text(state.status.rawValue), .int(state.foundAt.epochSeconds),
            .int(state.foundRecordedAt.epochSeconds), .int(state.deadline.epochSeconds),
            .int(fold.closing?.at.epochSeconds ?? never), .int(fold.closing?.recordedAt.epochSeconds ?? never),
            .bool(state.closedOnTime), .int(fold.cancelling?.at.epochSeconds ?? never),
            .int(fold.cancelling?.recordedAt.epochSeconds ?? never), .bool(state.isParked),
            .int(history?.at.epochSeconds ?? noHistory), .int(history?.recordedAt.epochSeconds ?? noHistory),
            .int(Int64(fold.conflicts.count)), .text(state.record.source.rawValue), .optional(state.record.campaign),
            .text(state.actingDepartment), .optional(state.jointCheckInspection),
        ]
    }

    /// Writes the events not yet sent and the rows of the hazards this transaction's events
    /// touched: a hazard it recorded with `COPY` the first time, the others over their rows.
    /// Runs before anything reads the hazard table and at the end of every write.
    func flush() throws {
        try flushEvents()
        guard !touched.isEmpty else { return }
        let columns = Self.hazardColumns
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        var newRows = CopyRows()
        for start in stride(from: 0, to: touched.count, by: 2_000) {
            let ids = Array(touched[start..<min(start + 2_000, touched.count)])
            let (events, chains) = try eventsAndChains(hazardIDs: ids)
            var values: [SQLValue] = []
            for id in ids {
                guard let row = Self.foldedRow(events[id] ?? [], chain: chains[id] ?? "") else { continue }
                if freshEvents[id] != nil, freshRowsWritten.insert(id).inserted {
                    newRows.append(row)
                } else {
                    values += row
                }
            }
            guard !values.isEmpty else { continue }
            try insertRows(
                into: "hazard (\(columns.joined(separator: ", ")))", columns: columns.count, values: values,
                onConflict: "ON CONFLICT (id) DO UPDATE SET \(updates)")
        }
        try link.copy(into: "hazard", columns: columns, rows: newRows)
        touched.removeAll()
        touchedSet.removeAll()
    }

    /// The hazard as it stands now, by folding its events.
    func hazard(id: String) throws -> HazardState? {
        HazardState.replay(try events(hazardID: id))
    }

    func hazards(_ filter: HazardFilter, _ body: (HazardState) throws -> Void) throws {
        try flush()
        var conditions: [String] = []
        let parameters = SQLParameters()
        if let statuses = filter.statuses {
            conditions.append("status = ANY(\(parameters.bind(.texts(statuses.map(\.rawValue).sorted()))))")
        }
        if let overdueAt = filter.overdueAt {
            conditions.append("\(SQLStatus.isIn([.open, .awaitingReinspection])) AND deadline < \(parameters.bind(.int(overdueAt.epochSeconds)))")
        }
        if let grid = filter.gridCode { conditions.append("grid = \(parameters.bind(.text(grid)))") }
        if let policeGrid = filter.policeGridCode { conditions.append("police_grid = \(parameters.bind(.text(policeGrid)))") }
        if let venue = filter.venueID { conditions.append("venue = \(parameters.bind(.text(venue)))") }
        if let source = filter.source { conditions.append("source = \(parameters.bind(.text(source.rawValue)))") }
        if let campaign = filter.campaign { conditions.append("campaign = \(parameters.bind(.text(campaign)))") }
        if let department = filter.department { conditions.append("department = \(parameters.bind(.text(department)))") }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        try foldEach("SELECT id FROM hazard \(whereClause) ORDER BY pos", parameters.values) { state in
            if filter.matches(state) { try body(state) }
        }
    }

    /// Folds each hazard whose id `sql` lists (its first column), a batch of ids at a time, and
    /// hands each to `body` in the query's order.
    func foldEach(
        _ sql: String, _ values: [SQLValue], asOf: Date? = nil, asRecordedAt: Date? = nil, _ body: (HazardState) throws -> Void
    ) throws {
        var batch: [String] = []
        func fold() throws {
            let events = try eventsAndChains(hazardIDs: batch).events
            for id in batch {
                if let state = HazardState.replay(events[id] ?? [], asOf: asOf, asRecordedAt: asRecordedAt) { try body(state) }
            }
            batch.removeAll(keepingCapacity: true)
        }
        // Folded as the cursor hands the ids over (a fetch is over before the next statement).
        try link.stream(sql, values) { row in
            batch.append(try row.text(0))
            if batch.count == 1_000 { try fold() }
            return true
        }
        if !batch.isEmpty { try fold() }
    }
}

/// The hazard statuses as SQL writes them: from the Swift enum, in one place.
enum SQLStatus {
    static func literal(_ status: HazardStatus) -> String { "'\(status.rawValue)'" }

    /// `status IN (…)` for these statuses.
    static func isIn(_ statuses: [HazardStatus]) -> String {
        "status IN (\(statuses.map(literal).joined(separator: ", ")))"
    }

    /// Neither closed nor cancelled: as the running-hazard indexes say it.
    static let running = "status NOT IN (\(literal(.closed)), \(literal(.cancelled)))"
}
