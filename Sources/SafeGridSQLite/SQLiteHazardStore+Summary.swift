import Foundation
import GRDB

/// What a store holds, for `safegrid store`: where it is, how large, how many of each record,
/// and its schema version.
public struct StoreSummary: Sendable, Hashable, Codable {
    /// The database file.
    public var path: String
    /// Bytes of the database file and its write-ahead log.
    public var bytes: Int64
    /// The evidence folder beside it.
    public var evidenceFolder: String
    /// How many files are kept in the evidence folder.
    public var evidenceFiles: Int
    /// Their bytes.
    public var evidenceBytes: Int64
    /// The store's schema version (`PRAGMA user_version`: its number of migrations).
    public var schemaVersion: Int
    /// The highest schema version this SafeGrid knows (a store with less is migrated on open).
    public var latestSchemaVersion: Int
    /// How many rows of each kind of record, by name: `areas`, `venues`, `checklistVersions`,
    /// `inspections`, `hazards`, `events`, `notices`, `calendarFiles`, `trustedKeys`.
    public var counts: [String: Int]

    /// The names of ``counts`` in the order they are shown.
    public static let countNames = [
        "areas", "venues", "checklistVersions", "inspections", "hazards", "events", "notices", "calendarFiles", "trustedKeys",
    ]
}

extension SQLiteHazardStore {
    /// The tables behind ``StoreSummary/counts``.
    private static let countedTables = [
        "areas": "area", "venues": "venue", "checklistVersions": "checklist", "inspections": "inspection",
        "hazards": "hazard", "events": "event", "notices": "notice", "calendarFiles": "calendar_file",
        "trustedKeys": "trusted_key",
    ]

    /// Where the store is, its size, its counts and its schema version, read in one
    /// transaction.
    /// - Throws: `SafeGridError` `store-failure` when the store cannot be read.
    public func summary() throws -> StoreSummary {
        let (version, counts) = try translatingErrors {
            try queue.read { db in
                var counts: [String: Int] = [:]
                for (name, table) in Self.countedTables {
                    counts[name] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
                }
                return (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, counts)
            }
        }
        func size(_ path: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        var evidenceFiles = 0
        var evidenceBytes: Int64 = 0
        if let walker = FileManager.default.enumerator(atPath: evidenceFolder) {
            while let name = walker.nextObject() as? String {
                guard walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
                evidenceFiles += 1
                evidenceBytes += size(evidenceFolder + "/" + name)
            }
        }
        return StoreSummary(
            path: path, bytes: size(path) + size(path + "-wal"), evidenceFolder: evidenceFolder, evidenceFiles: evidenceFiles,
            evidenceBytes: evidenceBytes, schemaVersion: version, latestSchemaVersion: Schema.migrator.version, counts: counts)
    }
}
