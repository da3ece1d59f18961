import Foundation
import SafeGridCore
@testable import SafeGridSQLite
import Testing

/// The status conditions the store builds its SQL from: each reads as the hand-written SQL did
/// before them, and each that a partial index serves ends that index's definition word for word
/// (SQLite uses a partial index only for a query that repeats its WHERE clause).
@Suite("SQL status conditions")
struct SQLStatusTests {
    @Test("each condition reads as the SQL written by hand before it")
    func spelledAsBefore() {
        #expect(SQLStatus.literal(.awaitingReinspection) == "'awaiting'")
        #expect(SQLStatus.closed == "status = 'closed'")
        #expect(SQLStatus.cancelled == "status = 'cancelled'")
        #expect(SQLStatus.awaiting == "status = 'awaiting'")
        #expect(SQLStatus.running == "status != 'closed' AND status != 'cancelled'")
        #expect(SQLStatus.remindable == "status = 'open' OR status = 'awaiting'")
        #expect(SQLStatus.mayBeOverdue == "status IN ('open', 'awaiting')")
        #expect(SQLStatus.unfixed == "status IN ('open', 'awaiting', 'deferred')")
        #expect(SQLStatus.closedOrCancelled == "status NOT IN ('open', 'awaiting', 'deferred')")
    }

    @Test("each condition a partial index serves is that index's WHERE clause")
    func matchesItsIndexes() throws {
        let path = try temporaryStorePath()
        _ = try SQLiteHazardStore(path: path)
        let served = [
            "hazard_running_by_grid": SQLStatus.running, "hazard_running_by_police_grid": SQLStatus.running,
            "hazard_closed_by_grid": SQLStatus.closed, "hazard_closed_by_police_grid": SQLStatus.closed,
            "hazard_close_outs": SQLStatus.closed, "hazard_cancelled": SQLStatus.cancelled,
            "hazard_remindable": SQLStatus.remindable, "hazard_awaiting_by_report": SQLStatus.awaiting,
            "hazard_unfixed_by_venue": SQLStatus.unfixed,
        ]
        for (index, condition) in served {
            let definition = try StoreFormatTests.sqlite(path, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '\(index)'")
            #expect(definition.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("WHERE \(condition)"), "\(index): \(definition)")
        }
    }
}
