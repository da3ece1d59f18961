import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import SafeGridCore

/// A time that has not happened, in the hazard table.
let never = Int64.max
/// A history that has not begun, in the hazard table.
let noHistory = Int64.min

/// Reading and writing inside one GRDB access (a transaction for writes).
final class SQLiteSession: HazardStoreWriter {
    let db: Database
    /// Hazards touched in this transaction, as they now stand (saves re-reading in batches).
    var states: [String: HazardState] = [:]
    private var lastLink: (sequence: Int64, hash: SHA256Digest)?
    /// Whether this transaction appended events or ledger entries (and so is signed).
    var chainsGrew = false
    /// The ledger's last entry once this transaction has read or appended it; written to
    /// `ledger_head` by ``flush()``.
    var ledgerLink: (sequence: Int64, hash: SHA256Digest)?
    var ledgerHeadPending = false
    /// The areas, read once per transaction (a batch may check thousands of reassignments).
    var directory: AreaDirectory?

    init(_ db: Database) { self.db = db }

    // MARK: - Events

    /// In time order, as every store folds them: by `at`, then origin (merged laptops' events
    /// that happened in the same second come in the same order whatever order their bundles
    /// were merged in), then the order stored.
    func events(hazardID: String) throws -> [HazardEvent] {
        let sql = "SELECT body FROM event WHERE hazard = ? ORDER BY at, origin, seq"
        return try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: [hazardID]).map { row in
            let body: Data = row["body"]
            return try HazardEvent(canonicalForm: body)
        }
    }

    func eventOrigins(hazardID: String) throws -> [String: String] {
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT id, origin FROM event WHERE hazard = ? AND origin != ''"), arguments: [hazardID])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
    }

    func conflictedHazards() throws -> [String] {
        try flush()
        return try String.fetchAll(db, sql: "SELECT id FROM hazard WHERE conflicts > 0 ORDER BY recorded_seq")
    }

    func chainedEvents(after sequence: Int64, _ body: (ChainedEvent) throws -> Bool) throws {
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash FROM event WHERE seq > ? ORDER BY seq",
            arguments: [sequence])
        while let row = try cursor.next() {
            let bytes: Data = row["body"]
            let previous: Data = row["prev_hash"]
            let hash: Data = row["hash"]
            let id: String = row["id"], hazard: String = row["hazard"], kind: String = row["kind"]
            let at: Int64 = row["at"], recordedAt: Int64 = row["recorded_at"]
            let decoded = try? HazardEvent(canonicalForm: bytes)
            // The body must be exactly the event's canonical form, and the queried columns must
            // repeat it; a row where they disagree was edited, and is made to fail the chain check.
            let consistent = decoded.map {
                $0.canonicalForm == Array(bytes) && $0.id == id && $0.hazardID == hazard && $0.kind.name == kind
                    && $0.at.epochSeconds == at && $0.recordedAt.epochSeconds == recordedAt
            } ?? false
            // A row that does not agree with itself is named by its own columns.
            let event = consistent ? decoded! : HazardEvent(
                id: id, hazardID: hazard, kind: .rectificationReported, at: Date(epochSeconds: at),
                recordedAt: Date(epochSeconds: recordedAt), actor: "")
            let chained = ChainedEvent(
                sequence: row["seq"], event: event, previousHash: SHA256Digest(bytes: Self.digestBytes(previous)),
                hash: consistent ? SHA256Digest(bytes: Self.digestBytes(hash)) : SHA256Digest(bytes: [UInt8](repeating: 0, count: 32)))
            if try !body(chained) { return }
        }
    }

    private static func digestBytes(_ data: Data) -> [UInt8] {
        data.count == 32 ? Array(data) : [UInt8](repeating: 0xFF, count: 32)
    }

    func chainHead() throws -> (sequence: Int64, eventID: String, hash: SHA256Digest)? {
        try flush()
        return try Row.fetchOne(db, sql: "SELECT seq, event, hash FROM chain_head WHERE id = 1").map { row in
            let hash: Data = row["hash"]
            return (row["seq"], row["event"], SHA256Digest(bytes: Self.digestBytes(hash)))
        }
    }

    func append(_ events: [HazardEvent]) throws -> [ChainedEvent] {
        try insert(events.map(CanonicalEvent.init), origin: "")
    }

    func merge(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent] {
        // Which of them the store has, and which hazards it has that they record, looked up
        // in batches rather than one query per event.
        var known = try present(events.map(\.event.id), sql: "SELECT id FROM event WHERE id IN")
        var fresh: [CanonicalEvent] = []
        for event in events where known.insert(event.event.id).inserted { fresh.append(event) }
        let recorded = fresh.compactMap { if case .recorded = $0.event.kind { $0.event.hazardID } else { nil } }
        let storedHazards = try present(recorded, sql: "SELECT DISTINCT hazard FROM event WHERE hazard IN")
        let added = try insert(fresh, origin: origin, storedHazards: storedHazards)
        if let first = added.first, let last = added.last { try ledgerMerged(first: first.sequence, last: last.sequence, origin: origin) }
        return added
    }

    /// Those of `values` that `sql` (a query ending in `IN`) finds, 500 at a time.
    private func present(_ values: [String], sql: String) throws -> Set<String> {
        var found: Set<String> = []
        let distinct = Array(Set(values))
        for start in stride(from: 0, to: distinct.count, by: 500) {
            let chunk = Array(distinct[start..<min(start + 500, distinct.count)])
            let query = "\(sql) (\(Array(repeating: "?", count: chunk.count).joined(separator: ",")))"
            found.formUnion(try String.fetchAll(try db.cachedStatement(sql: query), arguments: StatementArguments(chunk)))
        }
        return found
    }

    /// Chains and stores events. Each folds into its hazard's state as it comes where that is
    /// the same as folding the hazard's events in time order (``foldsAsItComes(_:origin:storedHazards:)``);
    /// otherwise the hazard is folded again whole at ``flush()``.
    /// - Parameter storedHazards: for merged events, those of the hazards their `recorded`
    ///   events name that the store had before.
    private func insert(_ events: [CanonicalEvent], origin: String, storedHazards: Set<String> = []) throws -> [ChainedEvent] {
        if lastLink == nil {
            if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1") {
                let hash: Data = row["hash"]
                lastLink = (row["seq"], SHA256Digest(bytes: Self.digestBytes(hash)))
            } else {
                lastLink = (0, ChainedEvent.genesis)
            }
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO event (seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var chained: [ChainedEvent] = []
        chained.reserveCapacity(events.count)
        for canonical in events {
            let (event, body) = (canonical.event, canonical.canonicalForm)
            let (sequence, previous) = lastLink!
            var hasher = SHA256()
            hasher.update(previous.bytes)
            hasher.update(body)
            let link = ChainedEvent(sequence: sequence + 1, event: event, previousHash: previous, hash: hasher.finalize())

            // Bound straight through SQLite: boxing ten values into GRDB's arguments cost more
            // than the insert itself when a batch appends thousands of events.
            let row = SQLiteBindings(insert)
            row.bind(1, link.sequence)
            row.bind(2, event.id)
            row.bind(3, event.hazardID)
            row.bind(4, event.kind.name)
            row.bind(5, event.at.epochSeconds)
            row.bind(6, event.recordedAt.epochSeconds)
            row.bind(7, bytes: body)
            row.bind(8, bytes: previous.bytes)
            row.bind(9, bytes: link.hash.bytes)
            row.bind(10, origin)
            if try foldsAsItComes(event, origin: origin, storedHazards: storedHazards) {
                // The hazard's state first: it folds the event into the state before it.
                try updateHazard(with: event, sequence: link.sequence)
            } else {
                states[event.hazardID] = nil
                refold.insert(event.hazardID)
            }
            try insert.execute()
            lastLink = (link.sequence, link.hash)
            chained.append(link)
            if states.count > Self.cachedStatesLimit {
                // A bundle of a city's night merges in one transaction: write what is pending
                // and forget the cached states, so memory stays flat (they are read back as needed).
                try flush()
                states.removeAll()
            }
        }
        if let last = chained.last {
            pendingHead = last
            chainsGrew = true
        }
        for link in chained {
            pendingExtent.at = max(pendingExtent.at, link.event.at.epochSeconds)
            pendingExtent.recordedAt = max(pendingExtent.recordedAt, link.event.recordedAt.epochSeconds)
        }
        return chained
    }

    /// How many hazards' states a transaction keeps at most before writing them out.
    static let cachedStatesLimit = 5_000

    /// Whether `event` folds into its hazard's state as it comes, or the hazard must be folded
    /// again whole at ``flush()``. Events recorded here always fold as they come (the engine
    /// checked them). So do a bundle's events for a hazard the bundle itself brings new to the
    /// store, while they arrive in time order and the lifecycle allows them: the usual merge,
    /// as fast as recording. Anything else (a hazard the store had, an event out of order or
    /// refused, a resolution) is folded again whole.
    private func foldsAsItComes(_ event: HazardEvent, origin: String, storedHazards: Set<String>) throws -> Bool {
        if case .conflictResolved = event.kind { return false }
        if refold.contains(event.hazardID) { return false }
        if origin.isEmpty { return true }
        if case .recorded = event.kind {
            guard mergedHazards[event.hazardID] == nil, !storedHazards.contains(event.hazardID) else { return false }
            mergedHazards[event.hazardID] = origin
            return true
        }
        guard mergedHazards[event.hazardID] == origin, let state = try hazard(id: event.hazardID), event.at >= state.lastEventAt
        else { return false }
        return (try? state.applying(event)) != nil
    }

    // MARK: - The hazard table

    /// What this transaction changed in one hazard's row, written once by ``flush()``: a batch
    /// that records a hazard and follows it up in one transaction writes its row once, not once
    /// per event (and every write of the row rewrites its index entries).
    private struct PendingRow {
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

    private var pendingRows: [String: PendingRow] = [:]
    var pendingOrder: [String] = []
    /// Hazards to fold again whole from their events at ``flush()`` (merged events, resolutions).
    var refold: Set<String> = []
    /// Hazards that merged events of this transaction brought new to the store, by origin.
    private var mergedHazards: [String: String] = [:]
    /// The latest `at` and `recordedAt` of the events this transaction appended.
    private var pendingExtent = (at: noHistory, recordedAt: noHistory)
    /// The last event this transaction appended: the chain's new head.
    private var pendingHead: ChainedEvent?

    /// Folds an event into the hazard's state and notes what its row must say; nothing is
    /// written until ``flush()``.
    private func updateHazard(with event: HazardEvent, sequence: Int64) throws {
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

    /// Writes the rows of the hazards this transaction changed. Runs before anything reads the
    /// hazard table and at the end of every write transaction.
    func flush() throws {
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
        if !refold.isEmpty {
            for id in refold { pendingRows[id] = nil }
            pendingOrder.removeAll { refold.contains($0) }
            try refoldHazards()
        }
        guard !pendingOrder.isEmpty else { return }
        try tallyClosedHazards()
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

}

/// Binds values to a prepared statement's parameters directly through SQLite, for the inserts a
/// batch runs thousands of times. Text and blobs are copied by SQLite (`SQLITE_TRANSIENT`).
struct SQLiteBindings {
    private let statement: Statement

    /// Starts a fresh set of bindings for `statement` (GRDB then executes it as bound).
    init(_ statement: Statement) {
        statement.setUncheckedArguments([])
        self.statement = statement
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ index: CInt, _ value: Int64) {
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    func bindNull(_ index: CInt) {
        sqlite3_bind_null(statement.sqliteStatement, index)
    }

    func bind(_ index: CInt, _ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            _ = sqlite3_bind_text(
                statement.sqliteStatement, index, UnsafeRawPointer(utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self),
                CInt(utf8.count), Self.transient)
        }
    }

    /// UTF-8 bytes bound as text.
    func bind(_ index: CInt, text: [UInt8]) {
        text.withUnsafeBytes { raw in
            let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            _ = sqlite3_bind_text(statement.sqliteStatement, index, base.assumingMemoryBound(to: CChar.self), CInt(raw.count), Self.transient)
        }
    }

    func bind(_ index: CInt, bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(statement.sqliteStatement, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, CInt(raw.count), Self.transient)
        }
    }
}
