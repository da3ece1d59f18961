import Foundation
import GRDB
import SafeGridCore

/// The tables whose rows the ledger keeps: what reports, notices, plans, bundles and merges read
/// besides the events. The hazard table, the tallies and the events' extent are not here: they
/// are what the events fold to, and verify folds them again. Walk drafts and export marks are
/// not here either: no report reads them.
enum LedgerTable: String, CaseIterable {
    case area, gridLink = "grid_link", venue, checklist, inspection, notice, calendarFile = "calendar_file", trustedKey = "trusted_key"
    case historySegment = "history_segment", setting, reinspectionRecord = "reinspection_record", carriedPlan = "carried_plan"

    /// The columns that name a row.
    var keyColumns: [String] {
        switch self {
        case .area: ["line", "code"]
        case .gridLink: ["grid", "police_grid"]
        case .venue, .inspection: ["id"]
        case .checklist, .calendarFile: ["seq"]
        case .notice, .reinspectionRecord: ["issuer", "year", "seq"]
        case .trustedKey: ["fingerprint"]
        case .setting: ["key"]
        case .historySegment: ["signer", "before_events", "after_events"]
        case .carriedPlan: ["grid", "day"]
        }
    }
}

/// A row as the ledger keeps it: every column, sorted by name, each as `NAME\tTAG LENGTH\tVALUE\n`
/// with TAG `i` (integer), `r` (real), `t` (text), `b` (blob) or `n` (null). Cheap to write for
/// every insert, and exact: two rows have the same bytes only if every column is the same.
///
/// A column added to a kept table after the ledger began (``addedColumns``) is left out while it
/// is NULL: a row written before the column existed keeps the bytes of its entry, so old stores
/// still verify, and a row that sets the column is kept with it.
enum LedgerRow {
    /// Columns added to ledger tables after v10-ledger, by v14-people (`area`: the follower's
    /// phone, the leader and the leader's phone).
    static let addedColumns: Set<String> = ["follower_phone", "leader", "leader_phone"]

    static func encode(_ row: Row) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in zip(row.columnNames, row.databaseValues).sorted(by: { $0.0 < $1.0 }) {
            if value.isNull && addedColumns.contains(name) { continue }
            let (tag, bytes): (String, [UInt8]) = switch value.storage {
            case .null: ("n", [])
            case .int64(let number): ("i", Array(String(number).utf8))
            case .double(let number): ("r", Array("\(number)".utf8))
            case .string(let text): ("t", Array(text.utf8))
            case .blob(let data): ("b", Array(data))
            }
            out += Array("\(name)\t\(tag)\(bytes.count)\t".utf8) + bytes + [0x0A]
        }
        return out
    }

    /// The columns of an encoded row, each as the text a person reads (`NULL`, `'text'`, `12`).
    static func decode(_ bytes: [UInt8]) -> [String: String] {
        var columns: [String: String] = [:]
        var index = 0
        func field(until byte: UInt8) -> String? {
            guard let end = bytes[index...].firstIndex(of: byte) else { return nil }
            defer { index = end + 1 }
            return String(decoding: bytes[index..<end], as: UTF8.self)
        }
        while index < bytes.count, let name = field(until: 0x09), let header = field(until: 0x09),
              let tag = header.first, let length = Int(header.dropFirst()), index + length <= bytes.count {
            let value = bytes[index..<index + length]
            index += length + 1
            columns[name] = switch tag {
            case "n": "NULL"
            case "t": "'\(String(decoding: value, as: UTF8.self))'"
            case "b": "x'\(value.map { String(format: "%02x", $0) }.joined())'"
            default: String(decoding: value, as: UTF8.self)
            }
        }
        return columns
    }
}

extension SQLiteSession {
    /// Appends the row of `table` named by `key` (its key columns' values) to the ledger as it
    /// now stands, or as removed when it is gone; nothing when its last entry says the same.
    /// - Parameter isNew: the ledger has no entry for the row yet (a store's first entries).
    func ledger(_ table: LedgerTable, key: [any DatabaseValueConvertible], isNew: Bool = false) throws {
        let condition = table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
        let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT * FROM \(table.rawValue) WHERE \(condition)"), arguments: StatementArguments(key))
        let keyText = Self.ledgerKey(key.map(\.databaseValue)), body = row.map(LedgerRow.encode) ?? []
        if !isNew {
            let last = try Data.fetchOne(
                try db.cachedStatement(sql: "SELECT body FROM ledger WHERE tbl = ? AND key = ? ORDER BY seq DESC LIMIT 1"),
                arguments: [table.rawValue, keyText])
            if let last, Array(last) == body { return }
        }
        try appendLedger(table.rawValue, key: keyText, body: body)
    }

    /// Notes that the events `first...last` were merged from `origin` (the `origin` column of
    /// the event table is not part of an event's hash).
    func ledgerMerged(first: Int64, last: Int64, origin: String) throws {
        let body = Array("origin\tt\(origin.utf8.count)\t\(origin)\n".utf8)
        try appendLedger(Self.mergedEvents, key: "\(first)-\(last)", body: body)
    }

    /// The ledger's name for the entries that say where merged events came from.
    static let mergedEvents = "event_origin"

    /// How a row's key reads in the ledger and in verify's messages: its values joined by `/`.
    static func ledgerKey(_ values: [DatabaseValue]) -> String {
        values.map { value in
            switch value.storage {
            case .string(let text): text
            case .int64(let number): String(number)
            default: value.description
            }
        }.joined(separator: "/")
    }

    /// The hash of a ledger entry after `previous`.
    static func ledgerHash(previous: SHA256Digest, table: String, key: String, body: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(previous.bytes)
        hasher.update(Array(table.utf8) + [0] + Array(key.utf8) + [0])
        hasher.update(body)
        return hasher.finalize()
    }

    private func appendLedger(_ table: String, key: String, body: [UInt8]) throws {
        let (sequence, previous) = try ledgerLink ?? ledgerHead()
        let hash = Self.ledgerHash(previous: previous, table: table, key: key, body: body)
        try db.cachedStatement(sql: "INSERT INTO ledger (seq, tbl, key, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [sequence + 1, table, key, Data(body), Data(previous.bytes), Data(hash.bytes)])
        ledgerLink = (sequence + 1, hash)
        ledgerHeadPending = true
        chainsGrew = true
    }

    func ledgerTail() throws -> (sequence: Int64, hash: SHA256Digest) { try ledgerHead() }

    /// The last ledger entry's sequence and hash (0 and the genesis hash before the first).
    func ledgerHead() throws -> (sequence: Int64, hash: SHA256Digest) {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1")) else {
            return (0, ChainedEvent.genesis)
        }
        let hash: Data = row[1]
        return (row[0], SHA256Digest(bytes: Array(hash)))
    }
}
