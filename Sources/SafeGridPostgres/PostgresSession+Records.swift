import Foundation
import PostgresNIO
import SafeGridCore

// The low-volume rows: notices, re-inspection records, calendar files, walk drafts, keys,
// settings, history segments, carried plans and the export marks. Each domain value is kept
// as its JSON, with the columns it is looked up by beside it.
extension PostgresSession {
    // MARK: - Notices and re-inspection records

    func notice(issuer: String, venueID: String, hazardIDs: [String]) throws -> NoticeRecord? {
        try link.rows(
            "SELECT body FROM notice WHERE issuer = $1 AND venue = $2 AND hazards = $3 ORDER BY pos LIMIT 1",
            [.text(issuer), .text(venueID), .text(hazardIDs.sorted().joined(separator: "\n"))]
        ).first.map { try Self.decode(NoticeRecord.self, try $0.text(0)) }
    }

    func issue(_ notice: NoticeRecord) throws -> NoticeRecord {
        var issued = notice
        issued.sequence = try nextNumber(in: "notice", issuer: notice.issuer, year: notice.year)
        try link.execute(
            "INSERT INTO notice (issuer, year, seq, venue, hazards, body) VALUES ($1, $2, $3, $4, $5, $6)",
            [.text(issued.issuer), .int(Int64(issued.year)), .int(Int64(issued.sequence)), .text(issued.venueID),
             .text(issued.hazardIDs.sorted().joined(separator: "\n")), .text(try Self.encode(issued))])
        return issued
    }

    func notices(venueID: String) throws -> [NoticeRecord] {
        try link.rows("SELECT body FROM notice WHERE venue = $1 ORDER BY pos", [.text(venueID)])
            .map { try Self.decode(NoticeRecord.self, try $0.text(0)) }
            .sorted { $0.issuedAt < $1.issuedAt }
    }

    func reinspectionRecords(venueID: String) throws -> [StoredReinspectionRecord] {
        try link.rows("SELECT body FROM reinspection_record WHERE venue = $1 ORDER BY pos", [.text(venueID)])
            .map { try Self.decode(StoredReinspectionRecord.self, try $0.text(0)) }
    }

    func issue(_ record: StoredReinspectionRecord) throws -> StoredReinspectionRecord {
        var issued = record
        issued.sequence = try nextNumber(in: "reinspection_record", issuer: record.issuer, year: record.year)
        try link.execute(
            "INSERT INTO reinspection_record (issuer, year, seq, venue, body) VALUES ($1, $2, $3, $4, $5)",
            [.text(issued.issuer), .int(Int64(issued.year)), .int(Int64(issued.sequence)), .text(issued.venueID),
             .text(try Self.encode(issued))])
        return issued
    }

    /// The next number of an issuer's year. Two stations never share an issuer; two writers of
    /// one issuer that race for a number collide on the primary key, and the one that loses is
    /// run again by the store.
    private func nextNumber(in table: String, issuer: String, year: Int) throws -> Int {
        let last = try link.rows("SELECT coalesce(max(seq), 0)::bigint FROM \(table) WHERE issuer = $1 AND year = $2",
                                 [.text(issuer), .int(Int64(year))])
        return Int(try last[0].int(0)) + 1
    }

    // MARK: - Holiday calendars

    func calendarFiles() throws -> [StoredCalendarFile] {
        try link.rows("SELECT name, text, imported_at, imported_by FROM calendar_file ORDER BY seq").map { row in
            StoredCalendarFile(
                name: try row.text(0), text: try row.text(1), importedAt: Date(epochSeconds: try row.int(2)), importedBy: try row.text(3))
        }
    }

    func add(calendarFile file: StoredCalendarFile) throws {
        try link.execute(
            "INSERT INTO calendar_file (name, text, imported_at, imported_by) VALUES ($1, $2, $3, $4)",
            [.text(file.name), .text(file.text), .int(file.importedAt.epochSeconds), .text(file.importedBy)])
    }

    // MARK: - Walk drafts

    func walkDrafts() throws -> [WalkDraftRecord] {
        try link.rows("""
            SELECT id, venue, checklist, checklist_version, answered, total, started_at, updated_at, body
            FROM walk_draft ORDER BY updated_at DESC, id DESC
            """).map(Self.walkDraft)
    }

    func walkDraft(id: String) throws -> WalkDraftRecord? {
        try link.rows("""
            SELECT id, venue, checklist, checklist_version, answered, total, started_at, updated_at, body
            FROM walk_draft WHERE id = $1
            """, [.text(id)]).first.map(Self.walkDraft)
    }

    private static func walkDraft(_ row: PostgresRow) throws -> WalkDraftRecord {
        WalkDraftRecord(
            id: try row.text(0), venueID: try row.text(1), checklistID: try row.text(2), checklistVersion: try row.text(3),
            answered: Int(try row.int(4)), total: Int(try row.int(5)), startedAt: Date(epochSeconds: try row.int(6)),
            updatedAt: Date(epochSeconds: try row.int(7)), body: try row.text(8))
    }

    func put(walkDraft draft: WalkDraftRecord) throws {
        try link.execute("""
            INSERT INTO walk_draft (id, venue, checklist, checklist_version, answered, total, started_at, updated_at, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET venue = excluded.venue, checklist = excluded.checklist,
                checklist_version = excluded.checklist_version, answered = excluded.answered, total = excluded.total,
                started_at = excluded.started_at, updated_at = excluded.updated_at, body = excluded.body
            """, [.text(draft.id), .text(draft.venueID), .text(draft.checklistID), .text(draft.checklistVersion),
                  .int(Int64(draft.answered)), .int(Int64(draft.total)), .int(draft.startedAt.epochSeconds),
                  .int(draft.updatedAt.epochSeconds), .text(draft.body)])
    }

    func removeWalkDraft(id: String) throws {
        try link.execute("DELETE FROM walk_draft WHERE id = $1", [.text(id)])
    }

    // MARK: - Keys, settings, history segments, carried plans

    func trustedKeys() throws -> [TrustedKey] {
        try link.rows("SELECT body FROM trusted_key ORDER BY seq").map { try Self.decode(TrustedKey.self, try $0.text(0)) }
    }

    func put(trustedKey key: TrustedKey) throws {
        try link.execute(
            "INSERT INTO trusted_key (public_key, body) VALUES ($1, $2) ON CONFLICT (public_key) DO UPDATE SET body = excluded.body",
            [.bytes(key.publicKey), .text(try Self.encode(key))])
    }

    func settings() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try link.rows("SELECT key, value FROM setting").map { (try $0.text(0), try $0.text(1)) })
    }

    func setSetting(_ key: String, to value: String?) throws {
        if let value {
            try link.execute(
                "INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(value)])
        } else {
            try link.execute("DELETE FROM setting WHERE key = $1", [.text(key)])
        }
    }

    func historySegments(signer: String?) throws -> [HistorySegment] {
        let columns = "signer, before_events, before_hash, after_events, after_hash"
        let rows = if let signer {
            try link.rows("SELECT \(columns) FROM history_segment WHERE signer = $1 ORDER BY seq", [.text(signer)])
        } else {
            try link.rows("SELECT \(columns) FROM history_segment ORDER BY seq")
        }
        return try rows.map { row in
            HistorySegment(
                signer: try row.text(0), before: HistoryPoint(events: try row.int(1), hash: SHA256Digest(bytes: try row.bytes(2))),
                after: HistoryPoint(events: try row.int(3), hash: SHA256Digest(bytes: try row.bytes(4))))
        }
    }

    func put(historySegment segment: HistorySegment) throws {
        try link.execute("""
            INSERT INTO history_segment (signer, before_events, before_hash, after_events, after_hash) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            """, [.text(segment.signer), .int(segment.before.events), .bytes(segment.before.hash.bytes), .int(segment.after.events),
                  .bytes(segment.after.hash.bytes)])
    }

    func carriedPlan(gridCode: String, date: CivilDate) throws -> CarriedPlan? {
        try link.rows("SELECT body FROM carried_plan WHERE grid = $1 AND day = $2", [.text(gridCode), .text(date.description)])
            .first.map { try Self.decode(CarriedPlan.self, try $0.text(0)) }
    }

    func put(carriedPlan plan: CarriedPlan) throws {
        guard plan.replaces(try carriedPlan(gridCode: plan.gridCode, date: plan.plan.date)) else { return }
        try link.execute(
            "INSERT INTO carried_plan (grid, day, body) VALUES ($1, $2, $3) ON CONFLICT (grid, day) DO UPDATE SET body = excluded.body",
            [.text(plan.gridCode), .text(plan.plan.date.description), .text(try Self.encode(plan))])
    }

    // MARK: - Export marks

    func lastExportedSequence() throws -> Int64 {
        try link.rows("SELECT last_sequence FROM export_mark").first?.int(0) ?? 0
    }

    func lastExportedInspection() throws -> Int64 {
        try link.rows("SELECT last_inspection FROM export_mark").first?.int(0) ?? 0
    }

    func setLastExportedSequence(_ sequence: Int64) throws {
        try link.execute("""
            INSERT INTO export_mark (id, last_sequence, last_inspection) VALUES (1, $1, 0)
            ON CONFLICT (id) DO UPDATE SET last_sequence = excluded.last_sequence
            """, [.int(sequence)])
    }

    func setLastExportedInspection(_ position: Int64) throws {
        try link.execute("""
            INSERT INTO export_mark (id, last_sequence, last_inspection) VALUES (1, 0, $1)
            ON CONFLICT (id) DO UPDATE SET last_inspection = excluded.last_inspection
            """, [.int(position)])
    }
}
