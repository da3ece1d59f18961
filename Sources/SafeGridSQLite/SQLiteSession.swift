import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import SafeGridCore

/// A time that has not happened, in the hazard table.
private let never = Int64.max
/// A history that has not begun, in the hazard table.
private let noHistory = Int64.min

/// Reading and writing inside one GRDB access (a transaction for writes).
final class SQLiteSession: HazardStoreWriter {
    private let db: Database
    /// Hazards touched in this transaction, as they now stand (saves re-reading in batches).
    private var states: [String: HazardState] = [:]
    private var lastLink: (sequence: Int64, hash: SHA256Digest)?
    /// The areas, read once per transaction (a batch may check thousands of reassignments).
    private var directory: AreaDirectory?
    /// One encoder per transaction: making a JSONEncoder per row is a large part of its cost.
    private lazy var inspectionEncoder = JSONEncoder()

    init(_ db: Database) { self.db = db }

    // MARK: - Areas, venues, checklists, inspections

    func areaDirectory() throws -> AreaDirectory {
        if let directory { return directory }
        let areas = try Row.fetchAll(db, sql: "SELECT code, name, level, parent, follower FROM area").compactMap { row -> Area? in
            guard let level = AreaLevel(rawValue: row["level"]) else { return nil }
            return Area(code: row["code"], name: row["name"], level: level, parentCode: row["parent"], follower: row["follower"])
        }
        let links = try Row.fetchAll(db, sql: "SELECT grid, police_grid FROM grid_link").map {
            GridLink(gridCode: $0["grid"], policeGridCode: $0["police_grid"])
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
        }
        let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO grid_link (grid, police_grid) VALUES (?, ?)")
        for item in links { try link.execute(arguments: [item.gridCode, item.policeGridCode]) }
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
    }

    func inspection(id: String) throws -> Inspection? {
        try String.fetchOne(db, sql: "SELECT body FROM inspection WHERE id = ?", arguments: [id])
            .map { try JSONDecoder().decode(Inspection.self, from: Data($0.utf8)) }
    }

    func insert(_ inspection: Inspection) throws {
        let body = String(decoding: try inspectionEncoder.encode(inspection), as: UTF8.self)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO inspection (id, venue, checklist, checklist_version, checklist_hash, at, recorded_at, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            inspection.id, inspection.venueID, inspection.checklistID, inspection.checklistVersion, inspection.checklistHash.hex,
            inspection.at.epochSeconds, inspection.recordedAt.epochSeconds, body,
        ])
    }

    // MARK: - Events

    func events(hazardID: String) throws -> [HazardEvent] {
        try Row.fetchAll(try db.cachedStatement(sql: "SELECT body FROM event WHERE hazard = ? ORDER BY seq"), arguments: [hazardID]).map { row in
            let body: Data = row["body"]
            return try HazardEvent(canonicalForm: body)
        }
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
        try Row.fetchOne(db, sql: "SELECT seq, event, hash FROM chain_head WHERE id = 1").map { row in
            let hash: Data = row["hash"]
            return (row["seq"], row["event"], SHA256Digest(bytes: Self.digestBytes(hash)))
        }
    }

    /// SQLite's own integrity check, then the hazard table (which reports are computed from)
    /// against the events: every row must be what its hazard's events fold to.
    func integrityProblems() throws -> [String] {
        try flush()
        var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        guard problems.isEmpty else { return problems }
        let orphans = try String.fetchAll(db, sql: "SELECT DISTINCT hazard FROM event WHERE hazard NOT IN (SELECT id FROM hazard)")
        for hazard in orphans.prefix(10) { problems.append("hazard \(hazard) has events but no row in the hazard table") }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, status, deadline, grid, police_grid, closed_at, closed_on_time, cancelled_at, parked, event_count, found_at
            FROM hazard ORDER BY recorded_seq
            """)
        while let row = try rows.next(), problems.count < 20 {
            let id: String = row["id"]
            guard let state = HazardState.replay(try events(hazardID: id)) else {
                problems.append("hazard \(id) is in the hazard table but has no recorded event")
                continue
            }
            func text(_ column: String) -> String { (row[column] as DatabaseValue).description }
            let stored: [String: String] = [
                "status": text("status"), "deadline": text("deadline"), "grid": text("grid"), "police grid": text("police_grid"),
                "closed at": text("closed_at"), "closed on time": text("closed_on_time"), "deferred": text("parked"),
                "events": text("event_count"), "found at": text("found_at"), "cancelled": String(text("cancelled_at") != String(never)),
            ]
            let folded: [String: String] = [
                "status": "\"\(state.status.rawValue)\"", "deadline": String(state.deadline.epochSeconds),
                "grid": "\"\(state.gridCode)\"", "police grid": "\"\(state.policeGridCode)\"",
                "closed at": String(state.closedAt?.epochSeconds ?? never), "closed on time": state.closedOnTime ? "1" : "0",
                "deferred": state.isParked ? "1" : "0", "events": String(state.eventCount),
                "found at": String(state.foundAt.epochSeconds), "cancelled": String(state.status == .cancelled),
            ]
            for key in folded.keys.sorted() where folded[key] != stored[key] {
                problems.append(
                    "hazard \(id): the hazard table says \(key) \(stored[key] ?? "?"), its events say \(folded[key] ?? "?") (an event or the row was changed)")
            }
        }
        return problems
    }

    func append(_ events: [HazardEvent]) throws -> [ChainedEvent] {
        if lastLink == nil {
            if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1") {
                let hash: Data = row["hash"]
                lastLink = (row["seq"], SHA256Digest(bytes: Self.digestBytes(hash)))
            } else {
                lastLink = (0, ChainedEvent.genesis)
            }
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO event (seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var chained: [ChainedEvent] = []
        chained.reserveCapacity(events.count)
        for event in events {
            let (sequence, previous) = lastLink!
            let body = event.canonicalForm
            var hasher = SHA256()
            hasher.update(previous.bytes)
            hasher.update(body)
            let link = ChainedEvent(sequence: sequence + 1, event: event, previousHash: previous, hash: hasher.finalize())

            // Bound straight through SQLite: boxing nine values into GRDB's arguments cost more
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
            // The hazard's state first: it folds the event into the state before it.
            try updateHazard(with: event, sequence: link.sequence)
            try insert.execute()
            lastLink = (link.sequence, link.hash)
            chained.append(link)
        }
        if let last = chained.last {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO chain_head (id, seq, event, hash) VALUES (1, ?, ?, ?)")
                .execute(arguments: [last.sequence, last.event.id, Data(last.hash.bytes)])
        }
        return chained
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
    private var pendingOrder: [String] = []

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
        guard !pendingOrder.isEmpty else { return }
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
        return issued
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
        let (scope, settled, closed, cancelled, arguments) = Self.cutOff(query)
        let sql = """
            SELECT \(column) AS key,
                count(*) AS found,
                sum(\(closed)) AS closed,
                sum(\(closed) OR deadline <= :t) AS due,
                sum(\(closed) AND closed_on_time) AS on_time,
                sum(NOT \(closed) AND NOT parked AND deadline < :t) AS overdue,
                sum(NOT \(closed) AND parked) AS deferred
            FROM hazard
            WHERE \(scope) AND NOT \(cancelled) AND \(settled)
            GROUP BY \(column)
            """
        var result: [String: HazardCounts] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            result[row["key"]] = HazardCounts(
                found: row["found"], closed: row["closed"], due: row["due"], onTime: row["on_time"], overdue: row["overdue"],
                deferred: row["deferred"])
        }
        // The rest changed after the cut-off: their events folded up to it, as the definition says.
        for state in try unsettledHazards(query) {
            result[query.key(of: state), default: HazardCounts()] += state.counts(asOf: query.asOf)
        }
        return result
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

    func bind(_ index: CInt, bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(statement.sqliteStatement, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, CInt(raw.count), Self.transient)
        }
    }
}
