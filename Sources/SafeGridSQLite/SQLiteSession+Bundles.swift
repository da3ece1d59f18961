import Foundation
import GRDB
import SafeGridCore

// What bundles need of the store: events by origin, the trusted keys, the export mark
// (migration v8-bundles).
extension SQLiteSession {
    func chainedEvents(after sequence: Int64, origin: String, _ body: (ChainedEvent) throws -> Bool) throws {
        // The sequences first (from the origin index), then each event through the checked
        // reader, so a bundle never carries an event that does not agree with its row.
        let sequences = try Int64.fetchCursor(
            db, sql: "SELECT seq FROM event WHERE origin = ? AND seq > ? ORDER BY seq", arguments: [origin, sequence])
        var stop = false
        while !stop, let next = try sequences.next() {
            try chainedEvents(after: next - 1) { chained in
                stop = try !body(chained)
                return false
            }
        }
    }

    func settings() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM setting").map { ($0[0], $0[1]) })
    }

    func setSetting(_ key: String, to value: String?) throws {
        if let value {
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
        }
        try ledger(.setting, key: [key])
    }

    func trustedKeys() throws -> [TrustedKey] {
        try TrustedKeyRow.order(Column("trusted_at"), Column("fingerprint")).fetchAll(db).map(\.trustedKey)
    }

    func put(trustedKey: TrustedKey) throws {
        // A key put again (to revoke it) keeps when and by whom it was first trusted: an upsert
        // by hand, as a record's would overwrite every column.
        try db.execute(
            sql: """
                INSERT INTO trusted_key (fingerprint, public_key, name, trusted_at, trusted_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (fingerprint) DO UPDATE SET name = excluded.name, revoked_at = excluded.revoked_at
                """,
            arguments: [
                trustedKey.fingerprint, Data(trustedKey.publicKey), trustedKey.name, trustedKey.trustedAt.epochSeconds, trustedKey.trustedBy,
                trustedKey.revokedAt?.epochSeconds,
            ])
        try ledger(.trustedKey, key: [trustedKey.fingerprint])
    }

    func lastExportedSequence() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT last_seq FROM bundle_export WHERE id = 1") ?? 0
    }

    func setLastExportedSequence(_ sequence: Int64) throws {
        try db.execute(
            sql: "INSERT INTO bundle_export (id, last_seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq",
            arguments: [sequence])
    }

    func lastExportedInspection() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT last_inspection FROM bundle_export WHERE id = 1") ?? 0
    }

    func setLastExportedInspection(_ position: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO bundle_export (id, last_seq, last_inspection) VALUES (1, 0, ?)
                ON CONFLICT (id) DO UPDATE SET last_inspection = excluded.last_inspection
                """,
            arguments: [position])
    }

    func localInspections(after position: Int64, _ body: (Int64, Inspection) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT rowid, id FROM inspection WHERE origin = '' AND rowid > ? ORDER BY rowid", arguments: [position])
        while let row = try rows.next() {
            let id: String = row[1]
            if let inspection = try inspection(id: id) { try body(row[0], inspection) }
        }
    }

    func startMerge() throws {
        // A merge appends a bundle's records in order and folds new hazards as they come: it
        // gains little from the 64 MiB cache a write starts with, which would make its memory
        // grow with the bundle. 8 MiB, for this transaction only (the next write sets 64 again).
        try db.execute(sql: "PRAGMA cache_size = -8192")
    }
}

extension SQLiteSession {
    func historySegments(signer: String?) throws -> [HistorySegment] {
        var segments = HistorySegmentRow.order(Column.rowID)
        if let signer { segments = segments.filter(Column("signer") == signer) }
        return try segments.fetchAll(db).map(\.segment)
    }

    func put(historySegment segment: HistorySegment) throws {
        try HistorySegmentRow(segment).insert(db, onConflict: .ignore)
        if db.changesCount > 0 { try ledger(.historySegment, key: [segment.signer, segment.before.events, segment.after.events]) }
    }
}

/// A `trusted_key` row.
private struct TrustedKeyRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "trusted_key"
    var fingerprint: String
    var public_key: Data
    var name: String
    var trusted_at: Int64
    var trusted_by: String
    var revoked_at: Int64?

    init(_ key: TrustedKey) {
        fingerprint = key.fingerprint
        public_key = Data(key.publicKey)
        name = key.name
        trusted_at = key.trustedAt.epochSeconds
        trusted_by = key.trustedBy
        revoked_at = key.revokedAt?.epochSeconds
    }

    var trustedKey: TrustedKey {
        TrustedKey(
            publicKey: Array(public_key), name: name, trustedAt: Date(epochSeconds: trusted_at), trustedBy: trusted_by,
            revokedAt: revoked_at.map { Date(epochSeconds: $0) })
    }
}

/// A `history_segment` row.
private struct HistorySegmentRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "history_segment"
    var signer: String
    var before_events: Int64
    var before_hash: Data
    var after_events: Int64
    var after_hash: Data

    init(_ segment: HistorySegment) {
        signer = segment.signer
        before_events = segment.before.events
        before_hash = Data(segment.before.hash.bytes)
        after_events = segment.after.events
        after_hash = Data(segment.after.hash.bytes)
    }

    var segment: HistorySegment {
        HistorySegment(
            signer: signer, before: HistoryPoint(events: before_events, hash: SHA256Digest(bytes: Array(before_hash))),
            after: HistoryPoint(events: after_events, hash: SHA256Digest(bytes: Array(after_hash))))
    }
}
