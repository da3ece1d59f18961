import Foundation
import GRDB
import SafeGridCore

// The hazard table: each hazard's row as its events leave it, kept in the same transaction as
// the events. Appended events are folded into ``SQLiteSession/states`` and noted as pending;
// ``SQLiteSession/flush()`` writes the rows (and the chain heads and tallies) once.
extension SQLiteSession {
    /// What this transaction changed in one hazard's row, written once by ``flush()``: a batch
    /// that records a hazard and follows it up in one transaction writes its row once, not once
    /// per event (and every write of the row rewrites its index entries).
    struct PendingRow {
        /// Recorded in this transaction: the row is inserted, else updated.
        var isNew: Bool
        /// The sequence of the `recorded` event (new rows only).
        var recordedSequence: Int64 = 0
        /// Events added in this transaction.
        var events = 0
        var closed: (at: Int64, recordedAt: Int64, onTime: Bool)?
        var cancelled: (at: Int64, recordedAt: Int64)?
        var history: (at: Int64, recordedAt: Int64)?
    }

    /// Folds an event into the hazard's state and notes what its row must say; nothing is
    /// written until ``flush()``.
    func updateHazard(with event: HazardEvent, sequence: Int64) throws {
        if case .recorded = event.kind {
            guard let state = HazardState(recorded: event) else { return }
            states[event.hazardID] = state
            if pendingRows[event.hazardID] == nil { pendingOrder.append(event.hazardID) }
            pendingRows[event.hazardID] = PendingRow(isNew: true, recordedSequence: sequence, events: 1)
            return
        }
        guard let current = try hazard(id: event.hazardID) else {
            throw SafeGridError.storeFailure("an event names hazard \(event.hazardID), which was never recorded")
        }
        let next = try current.applying(event)
        states[event.hazardID] = next
        var row = pendingRows[event.hazardID] ?? {
            pendingOrder.append(event.hazardID)
            return PendingRow(isNew: false)
        }()
        row.events += 1
        if next.closedAt != nil && current.closedAt == nil {
            row.closed = (event.at.epochSeconds, event.recordedAt.epochSeconds, next.closedOnTime)
        }
        if next.status == .cancelled {
            row.cancelled = (event.at.epochSeconds, event.recordedAt.epochSeconds)
        }
        if next.deadline != current.deadline || next.gridCode != current.gridCode || next.policeGridCode != current.policeGridCode
            || parked(next) != parked(current) || next.department != current.department {
            row.history = (event.at.epochSeconds, event.recordedAt.epochSeconds)
        }
        pendingRows[event.hazardID] = row
    }

    /// Writes what this transaction has pending: the chain heads, then the rows of the hazards
    /// it changed (folding again those it must) and the tallies of those it closed. Runs before
    /// anything reads the hazard table and at the end of every write transaction.
    func flush() throws {
        try writeHeads()
        if !refold.isEmpty {
            for id in refold { pendingRows[id] = nil }
            pendingOrder.removeAll { refold.contains($0) }
            try refoldHazards()
        }
        guard !pendingOrder.isEmpty else { return }
        try tallyClosedHazards()
        try writePendingRows()
    }

    /// Writes the ledger's and the chain's new heads and the events' new extent, once a
    /// transaction rather than once an entry.
    private func writeHeads() throws {
        if ledgerHeadPending, let link = ledgerLink {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO ledger_head (id, seq, hash) VALUES (1, ?, ?)")
                .execute(arguments: [link.sequence, Data(link.hash.bytes)])
            ledgerHeadPending = false
        }
        if let head = pendingHead {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO chain_head (id, seq, event, hash) VALUES (1, ?, ?, ?)")
                .execute(arguments: [head.sequence, head.event.id, Data(head.hash.bytes)])
            pendingHead = nil
        }
        if pendingExtent.at != noHistory {
            try db.cachedStatement(sql: """
                INSERT INTO event_extent (id, latest_at, latest_recorded_at) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET latest_at = max(latest_at, excluded.latest_at),
                    latest_recorded_at = max(latest_recorded_at, excluded.latest_recorded_at)
                """).execute(arguments: [pendingExtent.at, pendingExtent.recordedAt])
            pendingExtent = (noHistory, noHistory)
        }
    }

    /// Inserts the rows of the hazards recorded in this transaction and updates the others.
    private func writePendingRows() throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO hazard (id, recorded_seq, venue, category, severity, grid, police_grid, status, found_at,
                found_recorded_at, deadline, closed_at, closed_recorded_at, closed_on_time, cancelled_at, cancelled_recorded_at,
                parked, history_at, history_recorded_at, rectified_at, rework, extensions, last_event_at, event_count,
                source, campaign, department, joint_check, checklist, checklist_version, item)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for id in pendingOrder {
            guard let row = pendingRows[id], let state = states[id] else { continue }
            if row.isNew {
                // Columns in the order of the INSERT: id, recorded_seq, then six texts, then sixteen numbers.
                let values = SQLiteBindings(insert)
                values.bind(1, state.id)
                values.bind(2, row.recordedSequence)
                for (index, text) in [
                    state.record.venueID, state.record.category, state.record.severity.rawValue, state.gridCode, state.policeGridCode,
                    state.status.rawValue,
                ].enumerated() {
                    values.bind(CInt(index + 3), text)
                }
                for (index, number) in [
                    state.foundAt.epochSeconds, state.foundRecordedAt.epochSeconds, state.deadline.epochSeconds, row.closed?.at ?? never,
                    row.closed?.recordedAt ?? never, row.closed?.onTime == true ? 1 : 0, row.cancelled?.at ?? never,
                    row.cancelled?.recordedAt ?? never, parked(state) ? 1 : 0, row.history?.at ?? noHistory,
                    row.history?.recordedAt ?? noHistory, state.rectificationReportedAt?.epochSeconds ?? never,
                    Int64(state.reworkCount), Int64(state.extensionCount), state.lastEventAt.epochSeconds, Int64(row.events),
                ].enumerated() {
                    values.bind(CInt(index + 9), number)
                }
                // Then the source, the campaign (NULL when none) and the department acting.
                values.bind(25, state.record.source.rawValue)
                if let campaign = state.record.campaign { values.bind(26, campaign) } else { values.bindNull(26) }
                values.bind(27, state.actingDepartment)
                if let inspection = state.jointCheckInspection { values.bind(28, inspection) } else { values.bindNull(28) }
                // Then the checklist version and item it failed.
                for (index, text) in [state.record.checklistID, state.record.checklistVersion, state.record.itemID].enumerated() {
                    values.bind(CInt(index + 29), text)
                }
                try insert.execute()
                continue
            }
            var assignments = """
                status = ?, deadline = ?, grid = ?, police_grid = ?, department = ?, parked = ?, rectified_at = ?, rework = ?,
                extensions = ?, last_event_at = ?, event_count = event_count + ?
                """
            var arguments: StatementArguments = [
                state.status.rawValue, state.deadline.epochSeconds, state.gridCode, state.policeGridCode, state.actingDepartment,
                parked(state) ? 1 : 0,
                state.rectificationReportedAt?.epochSeconds ?? never, state.reworkCount, state.extensionCount,
                state.lastEventAt.epochSeconds, row.events,
            ]
            if let closed = row.closed {
                assignments += ", closed_at = ?, closed_recorded_at = ?, closed_on_time = ?"
                arguments += [closed.at, closed.recordedAt, closed.onTime ? 1 : 0]
            }
            if let cancelled = row.cancelled {
                assignments += ", cancelled_at = ?, cancelled_recorded_at = ?"
                arguments += [cancelled.at, cancelled.recordedAt]
            }
            if let history = row.history {
                assignments += ", history_at = ?, history_recorded_at = ?"
                arguments += [history.at, history.recordedAt]
            }
            arguments += [id]
            // Few distinct shapes of this statement exist, so each is prepared once per connection.
            try db.cachedStatement(sql: "UPDATE hazard SET \(assignments) WHERE id = ?").execute(arguments: arguments)
        }
        pendingRows.removeAll(keepingCapacity: true)
        pendingOrder.removeAll(keepingCapacity: true)
    }

    private func parked(_ state: HazardState) -> Bool { state.isParked }

    /// Adds the hazards this transaction closed to the tallies of their grid and police grid.
    private func tallyClosedHazards() throws {
        var tallies: [TallyKey: Tally] = [:]
        for id in pendingOrder {
            guard let closed = pendingRows[id]?.closed, let state = states[id] else { continue }
            for key in [TallyKey(line: "grid", code: state.gridCode), TallyKey(line: "police_grid", code: state.policeGridCode)] {
                tallies[key, default: Tally()].closed += 1
                tallies[key, default: Tally()].onTime += closed.onTime ? 1 : 0
            }
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO closed_tally (line, code, closed, on_time) VALUES (?, ?, ?, ?)
            ON CONFLICT (line, code) DO UPDATE SET closed = closed + excluded.closed, on_time = on_time + excluded.on_time
            """)
        for (key, tally) in tallies {
            try upsert.execute(arguments: [key.line, key.code, tally.closed, tally.onTime])
        }
    }

    /// A row of `closed_tally`: the line is the hazard column it counts by.
    struct TallyKey: Hashable {
        var line: String
        var code: String
    }

    struct Tally: Equatable {
        var closed = 0
        var onTime = 0
    }

    /// The hazard as it stands now: from this transaction's cache, else by folding its events.
    func hazard(id: String) throws -> HazardState? {
        if let cached = states[id] { return cached }
        let state = HazardState.replay(try events(hazardID: id))
        states[id] = state
        return state
    }

    func conflictedHazards() throws -> [String] {
        try flush()
        return try String.fetchAll(db, sql: "SELECT id FROM hazard WHERE conflicts > 0 ORDER BY recorded_seq")
    }
}
