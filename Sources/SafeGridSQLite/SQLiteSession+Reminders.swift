import Foundation
import GRDB
import SafeGridCore

// The hazards reminders are about, from the indexes of v14-people.
extension SQLiteSession {
    func remindable(_ query: ReminderQuery, _ body: (HazardState) throws -> Void) throws {
        try flush()
        let arguments: StatementArguments = [
            "t": query.asOf.epochSeconds, "d": query.deadlineBy.epochSeconds, "r": query.reportedBy.epochSeconds,
        ]
        // Hazards with events after the moment (none for reminders as of now) are folded again
        // to stand as they did then.
        let changed = try String.fetchAll(
            db, sql: "SELECT id FROM hazard WHERE last_event_at > :t AND found_at <= :t", arguments: arguments)
        let unsettled = try changed.compactMap { HazardState.replay(try events(hazardID: $0), asOf: query.asOf) }
            .filter(query.matches).sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        var next = unsettled.startIndex
        // The others stand as stored now: open or awaiting re-inspection, due by the deadline
        // bound, or awaiting re-inspection after an early enough report.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, deadline FROM hazard
            WHERE (\(SQLStatus.remindable)) AND deadline <= :d AND last_event_at <= :t
            UNION ALL
            SELECT id, deadline FROM hazard
            WHERE \(SQLStatus.awaiting) AND rectified_at <= :r AND deadline > :d AND last_event_at <= :t
            ORDER BY deadline, id
            """, arguments: arguments)
        while let row = try rows.next() {
            let id: String = row["id"]
            let deadline = Date(epochSeconds: row["deadline"])
            while next < unsettled.endIndex, (unsettled[next].deadline, unsettled[next].id) < (deadline, id) {
                try body(unsettled[next])
                next += 1
            }
            if let state = HazardState.replay(try events(hazardID: id)), query.matches(state) { try body(state) }
        }
        for state in unsettled[next...] { try body(state) }
    }
}
