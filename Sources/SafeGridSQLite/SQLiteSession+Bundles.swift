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
        try Row.fetchAll(db, sql: "SELECT * FROM trusted_key ORDER BY trusted_at, fingerprint").map { row in
            let key: Data = row["public_key"]
            let revoked: Int64? = row["revoked_at"]
            return TrustedKey(
                publicKey: Array(key), name: row["name"], trustedAt: Date(epochSeconds: row["trusted_at"]), trustedBy: row["trusted_by"],
                revokedAt: revoked.map { Date(epochSeconds: $0) })
        }
    }

    func put(trustedKey: TrustedKey) throws {
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
        let sql = "SELECT * FROM history_segment \(signer == nil ? "" : "WHERE signer = ?") ORDER BY rowid"
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(signer.map { [$0] } ?? [])).map { row in
            HistorySegment(
                signer: row["signer"],
                before: HistoryPoint(events: row["before_events"], hash: SHA256Digest(bytes: Array(row["before_hash"] as Data))),
                after: HistoryPoint(events: row["after_events"], hash: SHA256Digest(bytes: Array(row["after_hash"] as Data))))
        }
    }

    func put(historySegment segment: HistorySegment) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO history_segment (signer, before_events, before_hash, after_events, after_hash)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [segment.signer, segment.before.events, Data(segment.before.hash.bytes), segment.after.events, Data(segment.after.hash.bytes)])
        if db.changesCount > 0 { try ledger(.historySegment, key: [segment.signer, segment.before.events, segment.after.events]) }
    }
}
