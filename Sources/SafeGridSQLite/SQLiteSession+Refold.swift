import Foundation
import GRDB
import SafeGridCore

extension SQLiteSession {
    /// The hazard table's columns, in the order ``foldedRow(_:)`` gives their values.
    static let hazardColumns = [
        "id", "recorded_seq", "venue", "category", "severity", "grid", "police_grid", "status", "found_at", "found_recorded_at",
        "deadline", "closed_at", "closed_recorded_at", "closed_on_time", "cancelled_at", "cancelled_recorded_at", "parked",
        "history_at", "history_recorded_at", "rectified_at", "rework", "extensions", "last_event_at", "event_count", "conflicts",
        "source", "campaign", "department", "joint_check", "checklist", "checklist_version", "item",
    ]

    /// What a hazard's row must hold: its events folded again in time order (`HazardFold`),
    /// one value per column of ``hazardColumns``; `nil` when no event records the hazard. A
    /// hazard with a conflict or a resolution is noted as changed at its last event, so that a
    /// report as of any earlier moment folds its events again. Refolding writes it, and verify
    /// checks every stored row against it.
    func foldedRow(_ id: String) throws -> (state: HazardState, values: [DatabaseValue])? {
        let events = try events(hazardID: id)
        let fold = HazardFold(events)
        guard let state = fold.state else { return nil }
        let recordedSequence = try Int64.fetchOne(
            db, sql: "SELECT min(seq) FROM event WHERE hazard = ? AND kind = 'recorded'", arguments: [id]) ?? 0
        let resolved = events.contains { if case .conflictResolved = $0.kind { true } else { false } }
        let history = !fold.conflicts.isEmpty || resolved ? events.last : fold.lastHistoryChange
        let values: [any DatabaseValueConvertible] = [
            state.id, recordedSequence, state.record.venueID, state.record.category, state.record.severity.rawValue,
            state.gridCode, state.policeGridCode, state.status.rawValue, state.foundAt.epochSeconds,
            state.foundRecordedAt.epochSeconds, state.deadline.epochSeconds,
            fold.closing?.at.epochSeconds ?? never, fold.closing?.recordedAt.epochSeconds ?? never, state.closedOnTime ? 1 : 0,
            fold.cancelling?.at.epochSeconds ?? never, fold.cancelling?.recordedAt.epochSeconds ?? never,
            state.isParked ? 1 : 0, history?.at.epochSeconds ?? noHistory, history?.recordedAt.epochSeconds ?? noHistory,
            state.rectificationReportedAt?.epochSeconds ?? never, state.reworkCount, state.extensionCount,
            state.lastEventAt.epochSeconds, state.eventCount, fold.conflicts.count,
            state.record.source.rawValue, state.record.campaign, state.actingDepartment, state.jointCheckInspection,
            state.record.checklistID, state.record.checklistVersion, state.record.itemID,
        ]
        return (state, values.map(\.databaseValue))
    }

    /// Writes the rows of the hazards that merged events or resolutions touched, each as
    /// ``foldedRow(_:)`` gives it, and moves their close-outs between the tallies.
    func refoldHazards() throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO hazard (\(Self.hazardColumns.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: Self.hazardColumns.count).joined(separator: ", ")))
            """)
        let tally = try db.cachedStatement(sql: """
            INSERT INTO closed_tally (line, code, closed, on_time) VALUES (?, ?, ?, ?)
            ON CONFLICT (line, code) DO UPDATE SET closed = closed + excluded.closed, on_time = on_time + excluded.on_time
            """)
        func count(_ grid: String, _ policeGrid: String, _ onTime: Bool, _ sign: Int) throws {
            try tally.execute(arguments: ["grid", grid, sign, onTime ? sign : 0])
            try tally.execute(arguments: ["police_grid", policeGrid, sign, onTime ? sign : 0])
        }
        for id in refold.sorted() {
            if let old = try Row.fetchOne(db, sql: "SELECT grid, police_grid, closed_on_time FROM hazard WHERE id = ? AND \(SQLStatus.closed)",
                                          arguments: [id]) {
                try count(old[0], old[1], (old[2] as Int) != 0, -1)
            }
            try db.execute(sql: "DELETE FROM hazard WHERE id = ?", arguments: [id])
            let folded = try foldedRow(id)
            states[id] = folded?.state
            guard let (state, values) = folded else { continue }
            try insert.execute(arguments: StatementArguments(values))
            if state.status == .closed { try count(state.gridCode, state.policeGridCode, state.closedOnTime, 1) }
        }
        refold.removeAll()
    }
}
