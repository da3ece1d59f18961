import Foundation
import PostgresNIO
import SafeGridCore

// What verify checks besides the event chain: every hazard row against the fold of its events,
// and the tallies of closed hazards against the rows. The chain itself is walked by the engine (`chainedEvents`).
extension PostgresSession {
    /// The problems found, at most a few dozen, each naming the table, the row and the column.
    func integrityProblems() throws -> [String] {
        try flush()
        var problems: [String] = []
        let columns = Self.hazardColumns
        var rows: [String: [SQLValue]] = [:]
        var order: [String] = []
        func check() throws {
            let (events, chains) = try eventsAndChains(hazardIDs: order)
            for id in order where problems.count < Self.reportedProblems {
                guard let expected = Self.foldedRow(events[id] ?? [], chain: chains[id] ?? "") else {
                    problems.append("table hazard, row \(id): no event records this hazard (added outside SafeGrid)")
                    continue
                }
                if let index = expected.indices.first(where: { expected[$0] != rows[id]![$0] }) {
                    problems.append("table hazard, row \(id), column \(columns[index]): it differs from the hazard's events")
                }
            }
            rows.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
        }
        // Each batch is checked as it is fetched: a city's rows never sit in memory at once.
        try link.stream("SELECT \(columns.joined(separator: ", ")) FROM hazard ORDER BY pos") { row in
            let id = try row.text(0)
            rows[id] = try Self.storedRow(row)
            order.append(id)
            if order.count == 1_000 { try check() }
            return problems.count < Self.reportedProblems
        }
        if !order.isEmpty { try check() }
        let missing = try link.rows("""
            SELECT DISTINCT hazard FROM event WHERE kind = 'recorded' AND hazard NOT IN (SELECT id FROM hazard) ORDER BY hazard LIMIT 10
            """)
        for row in missing { problems.append("table hazard, row \(try row.text(0)): deleted outside SafeGrid (its events record it)") }
        problems += try tallyProblems()
        return Array(problems.prefix(Self.reportedProblems))
    }

    /// Reports as of now trust the tallies of closed hazards: each must equal the closed rows of
    /// its grid or police grid.
    private func tallyProblems() throws -> [String] {
        let differing = try link.rows("""
            SELECT coalesce(k.line, c.line), coalesce(k.code, c.code), coalesce(k.closed, 0), coalesce(k.on_time, 0),
                coalesce(c.closed, 0), coalesce(c.on_time, 0)
            FROM closed_tally AS k
            FULL JOIN (
                SELECT 'grid' AS line, grid AS code, count(*) AS closed, count(*) FILTER (WHERE closed_on_time) AS on_time
                FROM hazard WHERE \(SQLStatus.isIn([.closed])) GROUP BY grid
                UNION ALL
                SELECT 'police_grid', police_grid, count(*), count(*) FILTER (WHERE closed_on_time)
                FROM hazard WHERE \(SQLStatus.isIn([.closed])) GROUP BY police_grid
            ) AS c ON c.line = k.line AND c.code = k.code
            WHERE coalesce(k.closed, 0) <> coalesce(c.closed, 0) OR coalesce(k.on_time, 0) <> coalesce(c.on_time, 0)
            ORDER BY 1, 2 LIMIT 10
            """)
        return try differing.map { row in
            "table closed_tally, row \(try row.text(0))/\(try row.text(1)): it says \(try row.int(2)) closed, \(try row.int(3)) on time, "
                + "the hazards say \(try row.int(4)) closed, \(try row.int(5)) on time"
        }
    }

    /// The limit on problems reported: the first ones say what happened.
    private static var reportedProblems: Int { 40 }

    /// A stored hazard row as the values ``foldedRow(_:)`` gives, column by column.
    private static func storedRow(_ row: PostgresRow) throws -> [SQLValue] {
        let cells = row.cells()
        return try hazardColumns.indices.map { index in
            switch hazardColumns[index] {
            case "closed_on_time", "parked": .bool(try cells[index].decode(Bool.self))
            case "campaign", "joint_check": .optional(try cells[index].decode(String?.self))
            case "found_at", "found_recorded_at", "deadline", "closed_at", "closed_recorded_at", "cancelled_at", "cancelled_recorded_at",
                 "history_at", "history_recorded_at":
                .int(try cells[index].decode(Int64.self))
            case "conflicts": .int(Int64(try cells[index].decode(Int32.self)))
            default: .text(try cells[index].decode(String.self))
            }
        }
    }
}
