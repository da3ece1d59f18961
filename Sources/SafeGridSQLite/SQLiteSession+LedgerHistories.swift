import Foundation
import GRDB
import SafeGridCore

// The hazard ledger's rows: a cursor over the hazard table, never every id at once.
extension SQLiteSession {
    /// The hazards in scope in the order found (found time, then the order recorded), each with its events.
    /// The hazard table has no index in found order, so SQLite sorts the ids it selects; its
    /// sorter spills to temporary files past its cache, so memory stays flat in the number of
    /// hazards.
    func ledgerHistories(_ query: LedgerQuery, _ body: ([HazardEvent]) throws -> Void) throws {
        try flush()
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        func among(_ column: String, _ values: Set<String>) {
            conditions.append(values.isEmpty ? "0" : "\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            arguments += values.sorted() as [any DatabaseValueConvertible]
        }
        if let period = query.foundIn {
            conditions.append("found_at BETWEEN ? AND ?")
            arguments += [period.lowerBound.clampedEpochSeconds, period.upperBound.clampedEpochSeconds]
        }
        if let grids = query.gridCodes { among("grid", grids) }
        if let policeGrids = query.policeGridCodes { among("police_grid", policeGrids) }
        if let statuses = query.statuses { among("status", Set(statuses.map(\.rawValue))) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let ids = try String.fetchCursor(
            db, sql: "SELECT id FROM hazard \(whereClause) ORDER BY found_at, recorded_seq", arguments: StatementArguments(arguments))
        while let id = try ids.next() {
            try body(try events(hazardID: id))
        }
    }
}

extension Date {
    /// Whole epoch seconds, within what SQLite's integers hold (`distantPast` and
    /// `distantFuture` included).
    fileprivate var clampedEpochSeconds: Int64 {
        let seconds = timeIntervalSince1970.rounded(.down)
        if seconds <= -9.2e18 { return Int64.min }
        if seconds >= 9.2e18 { return Int64.max }
        return Int64(seconds)
    }
}
