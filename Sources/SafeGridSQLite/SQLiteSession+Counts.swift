import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import SafeGridCore

// Lists and counts, computed in the database from the hazard table and its indexes.
extension SQLiteSession {
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
            conditions.append("\(SQLStatus.mayBeOverdue) AND deadline < ?")
            arguments += [overdueAt.epochSeconds]
        }
        if let grid = filter.gridCode { conditions.append("grid = ?"); arguments += [grid] }
        if let policeGrid = filter.policeGridCode { conditions.append("police_grid = ?"); arguments += [policeGrid] }
        if let venue = filter.venueID { conditions.append("venue = ?"); arguments += [venue] }
        if let source = filter.source { conditions.append("source = ?"); arguments += [source.rawValue] }
        if let campaign = filter.campaign { conditions.append("campaign = ?"); arguments += [campaign] }
        if let department = filter.department { conditions.append("department = ?"); arguments += [department] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let ids = try String.fetchAll(db, sql: "SELECT id FROM hazard \(whereClause) ORDER BY recorded_seq", arguments: arguments)
        for id in ids {
            if let state = HazardState.replay(try events(hazardID: id)), filter.matches(state) { try body(state) }
        }
    }

    func overdue(_ query: CountQuery, _ body: (OverdueHazard) throws -> Void) throws {
        try flush()
        let cutOff = Self.cutOff(query)
        let (settled, closed, cancelled) = (cutOff.settled, cutOff.closed, cutOff.cancelled)
        var (scope, arguments) = (cutOff.scope, cutOff.arguments)
        if let area = Self.areaScope(query) {
            scope += " AND " + area.condition
            arguments.merge(area.arguments) { _, new in new }
        }
        // Hazards that changed after the cut-off are few: they are merged, in deadline order,
        // into the stream of the settled ones.
        let unsettled = try unsettledHazards(query).filter { $0.isOverdue(asOf: query.asOf) }
            .sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        var next = unsettled.startIndex
        // Settled hazards stand at the cut-off where their row says (deadline, grids, deferral).
        // The rest of their state at the cut-off (open or awaiting re-inspection, the
        // extensions so far) is the row's too when no event came after the cut-off; those with
        // one (a report or re-inspection since), and those with conflicts or resolutions, are folded.
        let resolved = Set(try String.fetchAll(db, sql: "SELECT DISTINCT hazard FROM event WHERE kind = 'resolve'"))
        let t = query.asOf.epochSeconds
        // Past every event (a report as of now), each row is the hazard at the cut-off: the
        // running ones are read from the index of those due, not picked from every hazard.
        let running = try isPastEveryEventRecorded(query) ? "(status = 'open' OR status = 'awaiting') AND" : ""
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, deadline, status, found_at, extensions, grid, police_grid, last_event_at, conflicts, recorded_seq FROM hazard
            WHERE \(running) \(scope) AND NOT \(closed) AND NOT \(cancelled) AND NOT parked AND deadline < :t AND \(settled)
            ORDER BY deadline, id
            """, arguments: StatementArguments(arguments))
        let recorded = try RecordedEvents(db, frozen: query.asRecordedAt != nil)
        while let row = try rows.next() {
            let id: String = row[0]
            let deadline: Int64 = row[1]
            while next < unsettled.endIndex, (unsettled[next].deadline, unsettled[next].id) < (Date(epochSeconds: deadline), id) {
                try body(OverdueHazard(unsettled[next]))
                next += 1
            }
            let lastEventAt: Int64 = row[7]
            let conflicts: Int64 = row[8]
            if lastEventAt <= t, conflicts == 0, !resolved.contains(id), let found = try recorded.event(of: id, sequence: row[9]),
               query.asRecordedAt.map({ found.lastRecordedAt <= $0.epochSeconds }) ?? true {
                let status: String = row[2]
                guard let status = HazardStatus(rawValue: status), case .recorded(let record) = found.event.kind else {
                    throw SafeGridError.storeFailure(
                        "hazard \(id) has an unknown status '\(status)' in the hazard table, or an event of another kind at its recorded_seq; `safegrid verify` checks the store")
                }
                try body(OverdueHazard(
                    id: id, record: record, status: status, foundAt: found.event.at, deadline: Date(epochSeconds: deadline),
                    extensionCount: row[4], gridCode: row[5], policeGridCode: row[6]))
            } else if let state = try replay(id, query), state.isOverdue(asOf: query.asOf) {
                try body(OverdueHazard(state))
            }
        }
        for state in unsettled[next...] { try body(OverdueHazard(state)) }
    }

    private func replay(_ id: String, _ query: CountQuery) throws -> HazardState? {
        HazardState.replay(try events(hazardID: id), asOf: query.asOf, asRecordedAt: query.asRecordedAt)
    }

    /// The SQL conditions of a query's cut-offs over the hazard table, with their arguments:
    /// the hazards in scope, those settled (their deadline, grid, police grid and deferral at
    /// the cut-off are the ones stored now, as every event that changed them happened and was
    /// recorded by then), and whether one was closed or cancelled by the cut-off. Without a
    /// recording cut-off the recorded times never exclude anything: leaving them out lets a
    /// count read the covering index alone.
    static func cutOff(_ query: CountQuery) -> (
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
        if let campaign = query.campaign {
            scope += " AND campaign = :campaign"
            arguments["campaign"] = campaign
        }
        return (
            scope,
            frozen ? "history_at <= :t AND history_recorded_at <= :r" : "history_at <= :t",
            frozen ? "(closed_at <= :t AND closed_recorded_at <= :r)" : "(closed_at <= :t)",
            frozen ? "(cancelled_at <= :t AND cancelled_recorded_at <= :r)" : "(cancelled_at <= :t)",
            arguments
        )
    }

    /// The SQL condition of a query's area scope over the hazard table (its grid or police
    /// grid one of the scope's), with its arguments: the scope's codes bound as two JSON arrays
    /// that `json_each` reads, however many there are; `nil` without a scope. The columns say
    /// where a hazard stands now, which is where it stood at the cut-off only for the settled
    /// hazards: those that changed after it are folded and checked by `CountQuery.includes(_:)`.
    ///
    /// `table` names the table whose `grid` and `police_grid` are read (`venue.`), if not the
    /// hazard table alone.
    static func areaScope(
        _ query: CountQuery, table: String = ""
    ) -> (condition: String, arguments: [String: (any DatabaseValueConvertible)?])? {
        guard let scope = query.scope else { return nil }
        func json(_ codes: Set<String>) -> String {
            String(decoding: (try? JSONEncoder().encode(codes.sorted())) ?? Data("[]".utf8), as: UTF8.self)
        }
        return (
            """
            (\(table)grid IN (SELECT value FROM json_each(:scopeGrids))
                OR \(table)police_grid IN (SELECT value FROM json_each(:scopePoliceGrids)))
            """,
            ["scopeGrids": json(scope.grids), "scopePoliceGrids": json(scope.policeGrids)]
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
        case .source: "source"
        case .campaign: "coalesce(campaign, '')"
        case .department: "department"
        }
        // The running and the closed hazards are read from their own indexes (see the
        // schema); for grids and police grids the index that lists them in the group's order.
        func index(_ part: String) -> String {
            switch query.dimension {
            case .grid: "INDEXED BY hazard_\(part)_by_grid"
            case .policeGrid: "INDEXED BY hazard_\(part)_by_police_grid"
            case .category, .severity, .venue, .source, .campaign, .department: ""
            }
        }
        // Each row is one hazard as it stood at the cut-off: its group, whether it was closed,
        // whether on time, its deadline and whether it was deferred; GroupCounter adds it up.
        let running = SQLStatus.running
        var counter = GroupCounter(asOf: query.asOf.epochSeconds)
        let sql: String
        let arguments: [String: (any DatabaseValueConvertible)?]
        if let scope = query.scope {
            guard !scope.isEmpty else { return [:] }
            (sql, arguments) = try scopedCountSQL(query, column: column, running: running)
        } else if try isPastEveryEvent(query) {
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
            case .category, .severity, .venue, .source, .campaign, .department:
                closedRows = "SELECT \(column), 1, closed_on_time, 0, 0 FROM hazard WHERE \(SQLStatus.closed) UNION ALL "
            }
            sql = closedRows + "SELECT \(column), 0, 0, deadline, parked FROM hazard \(index("running")) WHERE \(running)"
            arguments = [:]
        } else {
            let cutOff = Self.cutOff(query)
            let (scope, settled, closed) = (cutOff.scope, cutOff.settled, cutOff.closed)
            // Closed now, or cancelled after the cut-off: either may still have been running then.
            sql = """
                SELECT \(column), \(closed), closed_on_time, deadline, parked FROM hazard \(index("closed"))
                WHERE \(SQLStatus.closed) AND \(scope) AND \(settled)
                UNION ALL
                SELECT \(column), 0, 0, deadline, parked FROM hazard \(index("running"))
                WHERE \(running) AND \(scope) AND \(settled)
                UNION ALL
                SELECT \(column), \(closed), closed_on_time, deadline, parked FROM hazard INDEXED BY hazard_cancelled
                WHERE \(SQLStatus.cancelled) AND NOT \(cutOff.cancelled) AND \(scope) AND \(settled)
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

    /// The rows of `counts` for a query restricted to areas, as `counts` reads them without one
    /// but from the index of each line the scope names: the hazards of its grids from the grid
    /// indexes, then those of its police grids in none of its grids from the police grid
    /// indexes, so that a grid worker's report reads their grids' entries alone and none twice.
    /// The tallies count every area, so the closed hazards are read one by one.
    private func scopedCountSQL(
        _ query: CountQuery, column: String, running: String
    ) throws -> (sql: String, arguments: [String: (any DatabaseValueConvertible)?]) {
        guard let scope = query.scope, let area = Self.areaScope(query) else { return ("", [:]) }
        var parts: [(line: String, condition: String)] = []
        if !scope.grids.isEmpty { parts.append(("grid", "grid IN (SELECT value FROM json_each(:scopeGrids))")) }
        if !scope.policeGrids.isEmpty {
            parts.append((
                "police_grid",
                "police_grid IN (SELECT value FROM json_each(:scopePoliceGrids)) AND grid NOT IN (SELECT value FROM json_each(:scopeGrids))"
            ))
        }
        var selects: [String] = []
        if try isPastEveryEvent(query) {
            // Every hazard is found and stands at the cut-off as it stands now.
            for part in parts {
                selects.append("""
                    SELECT \(column), 1, closed_on_time, 0, 0 FROM hazard INDEXED BY hazard_closed_by_\(part.line)
                    WHERE \(SQLStatus.closed) AND \(part.condition)
                    """)
                selects.append("""
                    SELECT \(column), 0, 0, deadline, parked FROM hazard INDEXED BY hazard_running_by_\(part.line)
                    WHERE \(running) AND \(part.condition)
                    """)
            }
            return (selects.joined(separator: "\nUNION ALL\n"), area.arguments)
        }
        let cutOff = Self.cutOff(query)
        let (inScope, settled, closed) = (cutOff.scope, cutOff.settled, cutOff.closed)
        for part in parts {
            selects.append("""
                SELECT \(column), \(closed), closed_on_time, deadline, parked FROM hazard INDEXED BY hazard_closed_by_\(part.line)
                WHERE \(SQLStatus.closed) AND \(part.condition) AND \(inScope) AND \(settled)
                """)
            selects.append("""
                SELECT \(column), 0, 0, deadline, parked FROM hazard INDEXED BY hazard_running_by_\(part.line)
                WHERE \(running) AND \(part.condition) AND \(inScope) AND \(settled)
                """)
        }
        // Closed now, or cancelled after the cut-off: either may still have been running then.
        selects.append("""
            SELECT \(column), \(closed), closed_on_time, deadline, parked FROM hazard INDEXED BY hazard_cancelled
            WHERE \(SQLStatus.cancelled) AND NOT \(cutOff.cancelled) AND \(area.condition) AND \(inScope) AND \(settled)
            """)
        return (selects.joined(separator: "\nUNION ALL\n"), cutOff.arguments.merging(area.arguments) { _, new in new })
    }

    /// Steps through a statement with SQLite's own calls: a count reads up to a row per hazard,
    /// and decoding them into GRDB rows would cost more than SQLite's reading of them.
    func eachRow(of statement: Statement, _ body: (OpaquePointer) -> Void) throws {
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
    /// query's cut-off, with no discovery period and no campaign: then each hazard stands at the cut-off as its
    /// row says now, and nothing needs folding.
    func isPastEveryEvent(_ query: CountQuery) throws -> Bool {
        guard query.discoveredIn == nil, query.campaign == nil else { return false }
        return try isPastEveryEventRecorded(query)
    }

    /// Whether every event happened (and, for a frozen report, was recorded) at or before the
    /// query's cut-off, whatever its discovery period or campaign.
    private func isPastEveryEventRecorded(_ query: CountQuery) throws -> Bool {
        guard let extent = try Row.fetchOne(db, sql: "SELECT latest_at, latest_recorded_at FROM event_extent") else { return true }
        let latestAt: Int64 = extent[0]
        let latestRecordedAt: Int64 = extent[1]
        return latestAt <= query.asOf.epochSeconds && query.asRecordedAt.map { latestRecordedAt <= $0.epochSeconds } ?? true
    }

    /// The hazards in the query's scope whose deadline, grid, police grid or deferral changed
    /// after its cut-off (so the stored row does not say how they stood then), each folded to
    /// the cut-off; cancelled ones left out. The area scope is checked on the folded hazard
    /// (where it stood then), never on the row.
    func unsettledHazards(_ query: CountQuery) throws -> [HazardState] {
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
/// its deadline and whether it was deferred (see `HazardState/counts(asOf:)`, the same
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

/// Reads a hazard's `recorded` event (what was found: the facts an overdue entry shows besides
/// where the hazard stands) by its sequence (the row's `recorded_seq`) without its other
/// events, and, for a frozen report, when the last of its events was recorded. The body is
/// decoded from SQLite's buffer, not copied first.
private struct RecordedEvents {
    private let body: Statement
    private let lastRecorded: Statement?

    init(_ db: Database, frozen: Bool) throws {
        body = try db.makeStatement(sql: "SELECT body FROM event WHERE seq = ? AND kind = 'recorded'")
        lastRecorded = frozen ? try db.makeStatement(sql: "SELECT max(recorded_at) FROM event WHERE hazard = ?") : nil
    }

    /// The hazard's `recorded` event and when its last event was recorded (0 unless frozen).
    func event(of id: String, sequence: Int64) throws -> (event: HazardEvent, lastRecordedAt: Int64)? {
        let event = try Self.first(body, [sequence]) { handle in
            try HazardEvent(canonicalForm: UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, 0), count: Int(sqlite3_column_bytes(handle, 0))))
        }
        guard let event, event.hazardID == id else { return nil }
        let last = try lastRecorded.map { statement in try Self.first(statement, [id]) { sqlite3_column_int64($0, 0) } ?? 0 } ?? 0
        return (event, last)
    }

    /// The first row of a statement, read by `read` straight from SQLite's buffers.
    private static func first<T>(_ statement: Statement, _ arguments: StatementArguments, _ read: (OpaquePointer) throws -> T) throws -> T? {
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else {
            if code == SQLITE_DONE { return nil }
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
        }
        return try read(handle)
    }
}
