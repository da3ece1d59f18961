import Foundation
import GRDB
import SafeGridCore

// Walk drafts (migration v6-walk-drafts): saved answer by answer, deleted with the recording.
extension SQLiteSession {
    func walkDrafts() throws -> [WalkDraftRecord] {
        try WalkDraftRow.order(Column("updated_at").desc, Column("id").desc).fetchAll(db).map(\.record)
    }

    func walkDraft(id: String) throws -> WalkDraftRecord? {
        try WalkDraftRow.fetchOne(db, key: id)?.record
    }

    func put(walkDraft draft: WalkDraftRecord) throws {
        try WalkDraftRow(draft).insert(db, onConflict: .replace)
    }

    func removeWalkDraft(id: String) throws {
        try WalkDraftRow.deleteOne(db, key: id)
    }
}

/// A `walk_draft` row.
private struct WalkDraftRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "walk_draft"
    var id: String
    var venue: String
    var checklist: String
    var checklist_version: String
    var answered: Int
    var total: Int
    var started_at: Int64
    var updated_at: Int64
    var body: String

    init(_ draft: WalkDraftRecord) {
        id = draft.id
        venue = draft.venueID
        checklist = draft.checklistID
        checklist_version = draft.checklistVersion
        answered = draft.answered
        total = draft.total
        started_at = draft.startedAt.epochSeconds
        updated_at = draft.updatedAt.epochSeconds
        body = draft.body
    }

    var record: WalkDraftRecord {
        WalkDraftRecord(
            id: id, venueID: venue, checklistID: checklist, checklistVersion: checklist_version, answered: answered, total: total,
            startedAt: Date(epochSeconds: started_at), updatedAt: Date(epochSeconds: updated_at), body: body)
    }
}
