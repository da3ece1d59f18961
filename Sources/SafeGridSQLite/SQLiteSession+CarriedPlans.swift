import Foundation
import GRDB
import SafeGridCore

// Plans carried by reference bundles (migration v19-carried-plans), one per grid and day.
extension SQLiteSession {
    func carriedPlan(gridCode: String, date: CivilDate) throws -> CarriedPlan? {
        let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT plan, made_by, store, carried_at FROM carried_plan WHERE grid = ? AND day = ?"),
            arguments: [gridCode, date.description])
        return try row.map { row in
            let text: String = row[0]
            return CarriedPlan(
                plan: try JSONDecoder().decode(InspectionPlan.self, from: Data(text.utf8)), madeBy: row[1], store: row[2],
                carriedAt: Date(epochSeconds: row[3]))
        }
    }

    func put(carriedPlan carried: CarriedPlan) throws {
        let (grid, day) = (carried.gridCode, carried.plan.date.description)
        // Only the time is needed to decide: a plan kept is not decoded again.
        let keptAt = try Int64.fetchOne(db, sql: "SELECT carried_at FROM carried_plan WHERE grid = ? AND day = ?", arguments: [grid, day])
        guard keptAt.map({ carried.carriedAt.epochSeconds >= $0 }) ?? true else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try db.execute(
            sql: """
                INSERT INTO carried_plan (grid, day, plan, made_by, store, carried_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (grid, day) DO UPDATE SET
                    plan = excluded.plan, made_by = excluded.made_by, store = excluded.store, carried_at = excluded.carried_at
                """,
            arguments: [
                grid, day, String(decoding: try encoder.encode(carried.plan), as: UTF8.self), carried.madeBy, carried.store,
                carried.carriedAt.epochSeconds,
            ])
        try ledger(.carriedPlan, key: [grid, day])
    }
}
