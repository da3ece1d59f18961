import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import SafeGridCore

// The totals of many cut-offs (a report's weekly trend) in one pass over the hazards.
extension SQLiteSession {
    /// The total of each query. Queries past every event are counted as `counts` does (from
    /// the tallies and the running hazards); the past cut-offs of queries that differ only in
    /// their cut-off share one read of the closed, running and cancelled indexes, each hazard
    /// weighed against every cut-off in Swift, the same definition `counts` applies row by row.
    /// Frozen and area-restricted queries are counted one by one.
    func totals(_ queries: [CountQuery]) throws -> [HazardCounts] {
        try flush()
        var totals = Array(repeating: HazardCounts(), count: queries.count)
        var past: [Int] = []
        for (index, query) in queries.enumerated() {
            let shared = try query.asRecordedAt == nil && query.scope == nil && !isPastEveryEvent(query)
                && (past.first.map { Self.sameButCutOff(queries[$0], query) } ?? true)
            if shared {
                past.append(index)
            } else {
                for value in try counts(query).values { totals[index] += value }
            }
        }
        guard !past.isEmpty else { return totals }
        if past.count == 1 {
            for value in try counts(queries[past[0]]).values { totals[past[0]] += value }
            return totals
        }
        let cutOffs = past.map { queries[$0].asOf.epochSeconds }
        // The latest cut-off bounds the scan; each row is then weighed against every cut-off.
        let latest = past.max { queries[$0].asOf < queries[$1].asOf }!
        let bounds = Self.cutOff(queries[latest])
        let sql = """
            SELECT found_at, history_at, closed_at, closed_on_time, deadline, parked, 0, 0 FROM hazard INDEXED BY hazard_closed_by_grid
            WHERE \(SQLStatus.closed) AND \(bounds.scope)
            UNION ALL
            SELECT found_at, history_at, 0, 0, deadline, parked, 1, 0 FROM hazard INDEXED BY hazard_running_by_grid
            WHERE \(SQLStatus.running) AND \(bounds.scope)
            UNION ALL
            SELECT found_at, history_at, closed_at, closed_on_time, deadline, parked, 2, cancelled_at FROM hazard INDEXED BY hazard_cancelled
            WHERE \(SQLStatus.cancelled) AND cancelled_at > :earliest AND \(bounds.scope)
            """
        var arguments = bounds.arguments
        arguments["earliest"] = cutOffs.min()!
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(StatementArguments(arguments))
        var counters = cutOffs.map { CutOffTotal(asOf: $0) }
        try eachRow(of: statement) { row in
            let found = sqlite3_column_int64(row, 0)
            let history = sqlite3_column_int64(row, 1)
            let closedAt = sqlite3_column_int64(row, 2)
            let onTime = sqlite3_column_int64(row, 3) != 0
            let deadline = sqlite3_column_int64(row, 4)
            let parked = sqlite3_column_int64(row, 5) != 0
            // Which index: 0 closed now, 1 running now, 2 cancelled now (at `cancelledAt`).
            let part = sqlite3_column_int64(row, 6)
            let cancelledAt = sqlite3_column_int64(row, 7)
            for index in counters.indices {
                let t = counters[index].asOf
                // Found and settled by the cut-off; a cancelled one only if cancelled after it.
                guard found <= t, history <= t, part != 2 || cancelledAt > t else { continue }
                counters[index].count(closed: part != 1 && closedAt <= t, onTime: onTime, deadline: deadline, parked: parked)
            }
        }
        for (slot, index) in past.enumerated() { totals[index] += counters[slot].counts }
        // The rest changed after a cut-off: their events folded up to it, as in `counts`
        // (`unsettledHazards`), each hazard's events read once for every cut-off it is unsettled at.
        var unsettledAtSome: [String] = []
        for (slot, cutOff) in cutOffs.enumerated() {
            unsettledAtSome.append("(found_at <= :cutOff\(slot) AND history_at > :cutOff\(slot))")
            arguments["cutOff\(slot)"] = cutOff
        }
        let changed = try Row.fetchAll(
            db, sql: """
                SELECT id, history_at, found_at FROM hazard
                WHERE history_at > :earliest AND \(bounds.scope) AND (\(unsettledAtSome.joined(separator: " OR ")))
                """,
            arguments: StatementArguments(arguments))
        for row in changed {
            let id: String = row[0]
            let history: Int64 = row[1]
            let found: Int64 = row[2]
            let events = try events(hazardID: id)
            for (slot, index) in past.enumerated() where history > cutOffs[slot] && found <= cutOffs[slot] {
                let query = queries[index]
                guard let state = HazardState.replay(events, asOf: query.asOf, asRecordedAt: nil), state.status != .cancelled,
                      query.includes(state)
                else { continue }
                totals[index] += state.counts(asOf: query.asOf)
            }
        }
        return totals
    }

    /// Whether two queries count the same hazards but for their cut-off.
    private static func sameButCutOff(_ a: CountQuery, _ b: CountQuery) -> Bool {
        var b = b
        b.asOf = a.asOf
        return a == b
    }
}

/// One cut-off's total, a hazard at a time (`GroupCounter/count(_:)` without the groups).
private struct CutOffTotal {
    let asOf: Int64
    var counts = HazardCounts()

    init(asOf: Int64) { self.asOf = asOf }

    mutating func count(closed: Bool, onTime: Bool, deadline: Int64, parked: Bool) {
        counts.found += 1
        if closed {
            counts.closed += 1
            counts.due += 1
            if onTime { counts.onTime += 1 }
            return
        }
        if deadline <= asOf { counts.due += 1 }
        if parked {
            counts.deferred += 1
        } else if deadline < asOf {
            counts.overdue += 1
        }
    }
}
