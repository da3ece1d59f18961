import Foundation
import GRDB
import SafeGridCore

// Walk drafts (migration v6-walk-drafts): saved answer by answer, deleted with the recording.
extension SQLiteSession {
    private static let draftColumns = "id, venue, checklist, checklist_version, answered, total, started_at, updated_at, body"

    private static func draft(_ row: Row) -> WalkDraftRecord {
        WalkDraftRecord(
            id: row[0], venueID: row[1], checklistID: row[2], checklistVersion: row[3], answered: row[4], total: row[5],
            startedAt: Date(epochSeconds: row[6]), updatedAt: Date(epochSeconds: row[7]), body: row[8])
    }

    func walkDrafts() throws -> [WalkDraftRecord] {
        try Row.fetchAll(db, sql: "SELECT \(Self.draftColumns) FROM walk_draft ORDER BY updated_at DESC, id DESC").map(Self.draft)
    }

    func walkDraft(id: String) throws -> WalkDraftRecord? {
        try Row.fetchOne(db, sql: "SELECT \(Self.draftColumns) FROM walk_draft WHERE id = ?", arguments: [id]).map(Self.draft)
    }

    func put(walkDraft draft: WalkDraftRecord) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO walk_draft (\(Self.draftColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [draft.id, draft.venueID, draft.checklistID, draft.checklistVersion, draft.answered, draft.total,
                        draft.startedAt.epochSeconds, draft.updatedAt.epochSeconds, draft.body])
    }

    func removeWalkDraft(id: String) throws {
        try db.execute(sql: "DELETE FROM walk_draft WHERE id = ?", arguments: [id])
    }
}
