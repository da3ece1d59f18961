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
    private var directory: AreaDirectory?

    init(_ db: Database) { self.db = db }

    // MARK: - Areas, venues, checklists, inspections

    func areaDirectory() throws -> AreaDirectory {
        if let directory { return directory }
        // Columns by position: a city has thousands of areas, and every report reads them all.
        let areas = try Row.fetchAll(db, sql: "SELECT code, name, level, parent, follower FROM area").compactMap { row -> Area? in
            guard let level = AreaLevel(rawValue: row[2]) else { return nil }
            return Area(code: row[0], name: row[1], level: level, parentCode: row[3], follower: row[4])
        }
        let links = try Row.fetchAll(db, sql: "SELECT grid, police_grid FROM grid_link").map {
            GridLink(gridCode: $0[0], policeGridCode: $0[1])
        }
        let loaded = AreaDirectory(areas: areas, links: links)
        directory = loaded
        return loaded
    }

    func put(areas: [Area], links: [GridLink]) throws {
        directory = nil
        let area = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO area (line, code, level, name, parent, follower) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for item in areas {
            try area.execute(arguments: [item.level.line.rawValue, item.code, item.level.rawValue, item.name, item.parentCode, item.follower])
            try ledger(.area, key: [item.level.line.rawValue, item.code])
        }
        let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO grid_link (grid, police_grid) VALUES (?, ?)")
        for item in links {
            try link.execute(arguments: [item.gridCode, item.policeGridCode])
            if db.changesCount > 0 { try ledger(.gridLink, key: [item.gridCode, item.policeGridCode]) }
        }
    }

    func venue(id: String) throws -> Venue? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM venue WHERE id = ?"), arguments: [id]).map(Self.venue)
    }

    func venues() throws -> [Venue] {
        try Row.fetchAll(db, sql: "SELECT * FROM venue ORDER BY id").map(Self.venue)
    }

    private static func venue(_ row: Row) -> Venue {
        let tags: String = row["tags"]
        return Venue(
            id: row["id"], name: row["name"], kind: row["kind"], tags: tags.split(separator: ";").map(String.init),
            gridCode: row["grid"], policeGridCode: row["police_grid"], address: row["address"], contact: row["contact"])
    }

    func put(venues: [Venue]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO venue (id, name, kind, tags, grid, police_grid, address, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for venue in venues {
            try statement.execute(arguments: [
                venue.id, venue.name, venue.kind, venue.tags.joined(separator: ";"), venue.gridCode, venue.policeGridCode,
                venue.address, venue.contact,
            ])
            try ledger(.venue, key: [venue.id])
        }
    }

    func checklist(id: String, version: String?) throws -> Checklist? {
        let body: String? = if let version {
            try String.fetchOne(db, sql: "SELECT body FROM checklist WHERE id = ? AND version = ? ORDER BY seq DESC LIMIT 1", arguments: [id, version])
        } else {
            try String.fetchOne(db, sql: "SELECT body FROM checklist WHERE id = ? ORDER BY seq DESC LIMIT 1", arguments: [id])
        }
        return try body.map { try JSONDecoder().decode(Checklist.self, from: Data($0.utf8)) }
    }

    func checklists() throws -> [Checklist] {
        try String.fetchAll(db, sql: """
            SELECT body FROM checklist WHERE seq IN (SELECT max(seq) FROM checklist GROUP BY id) ORDER BY id
            """).map { try JSONDecoder().decode(Checklist.self, from: Data($0.utf8)) }
    }

    func put(checklist: Checklist) throws {
        let hash = checklist.contentHash.hex
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM checklist WHERE id = ? AND version = ? AND hash = ?",
                                       arguments: [checklist.id, checklist.version, hash]) ?? false
        if exists { return }
        let body = String(decoding: try JSONEncoder().encode(checklist), as: UTF8.self)
        try db.execute(sql: "INSERT INTO checklist (id, version, hash, body) VALUES (?, ?, ?, ?)",
                       arguments: [checklist.id, checklist.version, hash, body])
        try ledger(.checklist, key: [db.lastInsertedRowID])
    }

    func inspection(id: String) throws -> Inspection? {
        try String.fetchOne(db, sql: "SELECT body FROM inspection WHERE id = ?", arguments: [id])
            .map { try JSONDecoder().decode(Inspection.self, from: Data($0.utf8)) }
    }

    func insert(_ inspection: Inspection, origin: String) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO inspection (id, venue, checklist, checklist_version, checklist_hash, at, recorded_at, body, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let row = SQLiteBindings(statement)
        for (index, text) in [
            inspection.id, inspection.venueID, inspection.checklistID, inspection.checklistVersion, inspection.checklistHash.hex,
        ].enumerated() {
            row.bind(CInt(index + 1), text)
        }
        row.bind(6, inspection.at.epochSeconds)
        row.bind(7, inspection.recordedAt.epochSeconds)
        row.bind(8, text: inspection.jsonBody)
        row.bind(9, origin)
        try statement.execute()
        try ledger(.inspection, key: [inspection.id], isNew: true)
    }

    func inspections(_ body: (Int64, Inspection) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT rowid, body FROM inspection ORDER BY rowid")
        while let row = try cursor.next() {
            let text: String = row["body"]
            try body(row["rowid"], try JSONDecoder().decode(Inspection.self, from: Data(text.utf8)))
        }
    }

    func evidenceKeptFrom() throws -> EvidenceKeptFrom {
        guard let row = try Row.fetchOne(db, sql: "SELECT from_event, from_inspection FROM evidence_kept WHERE id = 1") else {
            // Removed by hand: check every file rather than excuse any.
            return .always
        }
        return EvidenceKeptFrom(event: row["from_event"], inspection: row["from_inspection"])
    }

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
            || parked(next) != parked(current) {
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
                parked, history_at, history_recorded_at, rectified_at, rework, extensions, last_event_at, event_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                try insert.execute()
                continue
            }
            var assignments = """
                status = ?, deadline = ?, grid = ?, police_grid = ?, parked = ?, rectified_at = ?, rework = ?, extensions = ?,
                last_event_at = ?, event_count = event_count + ?
                """
            var arguments: StatementArguments = [
                state.status.rawValue, state.deadline.epochSeconds, state.gridCode, state.policeGridCode, parked(state) ? 1 : 0,
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

    // MARK: - Lists and counts

    func hazards(_ filter: HazardFilter, _ body: (HazardState) throws -> Void) throws {
        try flush()
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let statuses = filter.statuses {
            conditions.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(statuses.map(\.rawValue).sorted())
        }
        if let overdueAt = filter.overdueAt {
            conditions.append("status IN ('open', 'awaiting') AND deadline < ?")
            arguments += [overdueAt.epochSeconds]
        }
        if let grid = filter.gridCode { conditions.append("grid = ?"); arguments += [grid] }
        if let policeGrid = filter.policeGridCode { conditions.append("police_grid = ?"); arguments += [policeGrid] }
        if let venue = filter.venueID { conditions.append("venue = ?"); arguments += [venue] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let ids = try String.fetchAll(db, sql: "SELECT id FROM hazard \(whereClause) ORDER BY recorded_seq", arguments: arguments)
        for id in ids {
            if let state = HazardState.replay(try events(hazardID: id)), filter.matches(state) { try body(state) }
        }
    }

    func overdue(_ query: CountQuery, _ body: (HazardState) throws -> Void) throws {
        try flush()
        let (scope, settled, closed, cancelled, arguments) = Self.cutOff(query)
        // Hazards that changed after the cut-off are few: they are merged, in deadline order,
        // into the stream of the settled ones.
        let unsettled = try unsettledHazards(query).filter { $0.isOverdue(asOf: query.asOf) }
            .sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        var next = unsettled.startIndex
        // Settled hazards stand at the cut-off as stored now; the cut-off's own state (open or
        // awaiting re-inspection, the extensions so far) comes from folding their events.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, deadline FROM hazard
            WHERE \(scope) AND NOT \(closed) AND NOT \(cancelled) AND NOT parked AND deadline < :t AND \(settled)
            ORDER BY deadline, id
            """, arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            let id: String = row["id"]
            let deadline = Date(epochSeconds: row["deadline"])
            while next < unsettled.endIndex, (unsettled[next].deadline, unsettled[next].id) < (deadline, id) {
                try body(unsettled[next])
                next += 1
            }
            if let state = try replay(id, query), state.isOverdue(asOf: query.asOf) { try body(state) }
        }
        for state in unsettled[next...] { try body(state) }
    }

    private func replay(_ id: String, _ query: CountQuery) throws -> HazardState? {
        HazardState.replay(try events(hazardID: id), asOf: query.asOf, asRecordedAt: query.asRecordedAt)
    }

    // MARK: - Notices

    func notice(issuer: String, venueID: String, hazardIDs: [String]) throws -> NoticeRecord? {
        let row = try Row.fetchOne(
            db, sql: "SELECT * FROM notice WHERE issuer = ? AND venue = ? AND hazards = ?",
            arguments: [issuer, venueID, hazardIDs.sorted().joined(separator: "\n")])
        return row.map { row in
            let hazards: String = row["hazards"]
            return NoticeRecord(
                issuer: row["issuer"], year: row["year"], sequence: row["seq"], venueID: row["venue"], inspectionID: row["inspection"],
                hazardIDs: hazards.split(separator: "\n").map(String.init), issuedAt: Date(epochSeconds: row["issued_at"]))
        }
    }

    func issue(_ notice: NoticeRecord) throws -> NoticeRecord {
        var issued = notice
        let last = try Int.fetchOne(db, sql: "SELECT max(seq) FROM notice WHERE issuer = ? AND year = ?", arguments: [notice.issuer, notice.year])
        issued.sequence = (last ?? 0) + 1
        try db.execute(
            sql: "INSERT INTO notice (issuer, year, seq, venue, inspection, hazards, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [issued.issuer, issued.year, issued.sequence, issued.venueID, issued.inspectionID,
                        issued.hazardIDs.joined(separator: "\n"), issued.issuedAt.epochSeconds])
        try ledger(.notice, key: [issued.issuer, issued.year, issued.sequence])
        return issued
    }

    // MARK: - Holiday calendars

    func calendarFiles() throws -> [StoredCalendarFile] {
        try Row.fetchAll(db, sql: "SELECT name, body, imported_at, imported_by FROM calendar_file ORDER BY seq").map { row in
            StoredCalendarFile(name: row[0], text: row[1], importedAt: Date(epochSeconds: row[2]), importedBy: row[3])
        }
    }

    func add(calendarFile file: StoredCalendarFile) throws {
        try db.execute(
            sql: "INSERT INTO calendar_file (name, body, imported_at, imported_by) VALUES (?, ?, ?, ?)",
            arguments: [file.name, file.text, file.importedAt.epochSeconds, file.importedBy])
        try ledger(.calendarFile, key: [db.lastInsertedRowID])
    }

    /// The SQL conditions of a query's cut-offs over the hazard table, with their arguments:
    /// the hazards in scope, those settled (their deadline, grid, police grid and deferral at
    /// the cut-off are the ones stored now, as every event that changed them happened and was
    /// recorded by then), and whether one was closed or cancelled by the cut-off. Without a
    /// recording cut-off the recorded times never exclude anything: leaving them out lets a
    /// count read the covering index alone.
    private static func cutOff(_ query: CountQuery) -> (
        scope: String, settled: String, closed: String, cancelled: String, arguments: [String: (any DatabaseValueConvertible)?]
    ) {
        let frozen = query.asRecordedAt != nil
        var scope = frozen ? "found_at <= :t AND found_recorded_at <= :r" : "found_at <= :t"
        var arguments: [String: (any DatabaseValueConvertible)?] = ["t": query.asOf.epochSeconds, "r": query.asRecordedAt?.epochSeconds ?? never]
        if let period = query.discoveredIn {
            scope += " AND found_at BETWEEN :from AND :to"
            arguments["from"] = period.lowerBound.epochSeconds
            arguments["to"] = period.upperBound.epochSeconds
        }
        return (
            scope,
            frozen ? "history_at <= :t AND history_recorded_at <= :r" : "history_at <= :t",
            frozen ? "(closed_at <= :t AND closed_recorded_at <= :r)" : "(closed_at <= :t)",
            frozen ? "(cancelled_at <= :t AND cancelled_recorded_at <= :r)" : "(cancelled_at <= :t)",
            arguments
        )
    }

    func counts(_ query: CountQuery) throws -> [String: HazardCounts] {
        try flush()
        let column = switch query.dimension {
        case .grid: "grid"
        case .policeGrid: "police_grid"
        case .category: "category"
        case .severity: "severity"
        case .venue: "venue"
        }
        // The running and the closed hazards are read from their own indexes (see the
        // schema); for grids and police grids the index that lists them in the group's order.
        func index(_ part: String) -> String {
            switch query.dimension {
            case .grid: "INDEXED BY hazard_\(part)_by_grid"
            case .policeGrid: "INDEXED BY hazard_\(part)_by_police_grid"
            case .category, .severity, .venue: ""
            }
        }
        // Each row is one hazard as it stood at the cut-off: its group, whether it was closed,
        // whether on time, its deadline and whether it was deferred; GroupCounter adds it up.
        let running = "status != 'closed' AND status != 'cancelled'"  // as the indexes say it
        var counter = GroupCounter(asOf: query.asOf.epochSeconds)
        let sql: String
        let arguments: [String: (any DatabaseValueConvertible)?]
        if try isPastEveryEvent(query) {
            // Every hazard is found and stands at the cut-off as it stands now. The closed ones
            // of a grid or police grid are counted in its tally.
            var closedRows = ""
            switch query.dimension {
            case .grid, .policeGrid:
                let tallies = try Row.fetchCursor(
                    db, sql: "SELECT code, closed, on_time FROM closed_tally WHERE line = ?", arguments: [column])
                while let row = try tallies.next() {
                    let closed: Int = row[1]
                    counter.add(row[0], HazardCounts(found: closed, closed: closed, due: closed, onTime: row[2], overdue: 0, deferred: 0))
                }
            case .category, .severity, .venue:
                closedRows = "SELECT \(column), 1, closed_on_time, 0, 0 FROM hazard WHERE status = 'closed' UNION ALL "
            }
            sql = closedRows + "SELECT \(column), 0, 0, deadline, parked FROM hazard \(index("running")) WHERE \(running)"
            arguments = [:]
        } else {
            let cutOff = Self.cutOff(query)
            let (scope, settled, closed) = (cutOff.scope, cutOff.settled, cutOff.closed)
            // Closed now, or cancelled after the cut-off: either may still have been running then.
            sql = """
                SELECT \(column), \(closed), closed_on_time, deadline, parked FROM hazard \(index("closed"))
                WHERE status = 'closed' AND \(scope) AND \(settled)
                UNION ALL
                SELECT \(column), 0, 0, deadline, parked FROM hazard \(index("running"))
                WHERE \(running) AND \(scope) AND \(settled)
                UNION ALL
                SELECT \(column), \(closed), closed_on_time, deadline, parked FROM hazard INDEXED BY hazard_cancelled
                WHERE status = 'cancelled' AND NOT \(cutOff.cancelled) AND \(scope) AND \(settled)
                """
            arguments = cutOff.arguments
        }
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(StatementArguments(arguments))
        try eachRow(of: statement) { counter.count($0) }
        // The rest changed after the cut-off: their events folded up to it, as the definition says.
        for state in try unsettledHazards(query) {
            counter.add(query.key(of: state), state.counts(asOf: query.asOf))
        }
        return counter.finish()
    }

    /// Steps through a statement with SQLite's own calls: a count reads up to a row per hazard,
    /// and decoding them into GRDB rows would cost more than SQLite's reading of them.
    private func eachRow(of statement: Statement, _ body: (OpaquePointer) -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_ROW: body(handle)
            case SQLITE_DONE: return
            default:
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                    sql: statement.sql)
            }
        }
    }

    /// Whether every event happened (and, for a frozen report, was recorded) at or before the
    /// query's cut-off, with no discovery period: then each hazard stands at the cut-off as its
    /// row says now, and nothing needs folding.
    private func isPastEveryEvent(_ query: CountQuery) throws -> Bool {
        guard query.discoveredIn == nil else { return false }
        guard let extent = try Row.fetchOne(db, sql: "SELECT latest_at, latest_recorded_at FROM event_extent") else { return true }
        let latestAt: Int64 = extent[0]
        let latestRecordedAt: Int64 = extent[1]
        return latestAt <= query.asOf.epochSeconds && query.asRecordedAt.map { latestRecordedAt <= $0.epochSeconds } ?? true
    }

    /// The hazards in the query's scope whose deadline, grid, police grid or deferral changed
    /// after its cut-off (so the stored row does not say how they stood then), each folded to
    /// the cut-off; cancelled ones left out.
    private func unsettledHazards(_ query: CountQuery) throws -> [HazardState] {
        let (scope, _, _, _, arguments) = Self.cutOff(query)
        var sql = "SELECT id FROM hazard WHERE history_at > :t AND \(scope)"
        if query.asRecordedAt != nil { sql += " UNION SELECT id FROM hazard WHERE history_recorded_at > :r AND \(scope)" }
        return try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { id in
            guard let state = try replay(id, query), state.status != .cancelled, query.includes(state) else { return nil }
            return state
        }
    }
}

/// Adds hazards up by group, one row at a time as SQLite hands them over: a row's columns are
/// the group's key, whether the hazard was closed at the cut-off (0 or 1), whether on time,
/// its deadline and whether it was deferred (see ``HazardState/counts(asOf:)``, the same
/// definition for a folded hazard). The key becomes a String only when it changes from the
/// row before, as rows come in their group's order where an index gives it.
private struct GroupCounter {
    let asOf: Int64
    private var result: [String: HazardCounts] = [:]
    private var key: [UInt8] = []
    private var current: HazardCounts?

    init(asOf: Int64) { self.asOf = asOf }

    mutating func count(_ row: OpaquePointer) {
        let length = Int(sqlite3_column_bytes(row, 0))
        let text = UnsafeBufferPointer(start: sqlite3_column_text(row, 0), count: length)
        if current == nil || !key.elementsEqual(text) {
            finishGroup()
            key = Array(text)
            current = HazardCounts()
        }
        current!.found += 1
        if sqlite3_column_int64(row, 1) != 0 {
            current!.closed += 1
            current!.due += 1
            if sqlite3_column_int64(row, 2) != 0 { current!.onTime += 1 }
            return
        }
        let deadline = sqlite3_column_int64(row, 3)
        if deadline <= asOf { current!.due += 1 }
        if sqlite3_column_int64(row, 4) != 0 {
            current!.deferred += 1
        } else if deadline < asOf {
            current!.overdue += 1
        }
    }

    mutating func add(_ key: String, _ counts: HazardCounts) {
        result[key, default: HazardCounts()] += counts
    }

    private mutating func finishGroup() {
        if let current { add(String(decoding: key, as: UTF8.self), current) }
        current = nil
    }

    mutating func finish() -> [String: HazardCounts] {
        finishGroup()
        return result
    }
}

/// Binds values to a prepared statement's parameters directly through SQLite, for the inserts a
/// batch runs thousands of times. Text and blobs are copied by SQLite (`SQLITE_TRANSIENT`).
private struct SQLiteBindings {
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
