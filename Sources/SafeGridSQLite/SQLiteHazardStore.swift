public import Foundation
import GRDB
public import SafeGridCore

/// The embedded default store: one SQLite file (through GRDB), in WAL mode with foreign keys,
/// a busy timeout so two processes recording at once wait for each other instead of failing,
/// frozen migrations, and triggers that refuse to update or delete events.
///
/// Every `write` is one transaction (`BEGIN IMMEDIATE`). Reports are computed in the database.
///
/// ```swift
/// let store = try SQLiteHazardStore(path: "safegrid.sqlite")
/// let engine = SafeGridEngine(store: store, calendar: calendar)
/// ```
public final class SQLiteHazardStore: HazardStore {
    private let queue: DatabaseQueue
    /// The database file's path.
    public let path: String
    /// The folder where this store's evidence files are kept: `PATH.evidence` beside the file,
    /// so that copying or backing up the store's folder takes both.
    public var evidenceFolder: String { path + ".evidence" }
    /// What signs a checkpoint at the end of each transaction that added events or ledger
    /// entries (``Checkpoint``); `nil`: none are written.
    public let signer: (any CheckpointSigner)?

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - busyTimeout: how long to wait for another process's write to finish.
    ///   - signer: signs checkpoints (this machine's key), or `nil`.
    /// - Throws: ``SafeGridError`` `store-unavailable` when the file cannot be opened or is not
    ///   a SafeGrid store.
    public init(path: String, busyTimeout: TimeInterval = 30, signer: (any CheckpointSigner)? = nil) throws {
        self.path = path
        self.signer = signer
        var configuration = Configuration()
        // WAL is switched on once, when the store is created, and stays on in the file; asking
        // for it on every open would make GRDB write to the file each time.
        configuration.journalMode = .default
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "SafeGrid"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let tables = try queue.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            guard tables.isEmpty || Set(tables).isSuperset(of: ["grdb_migrations", "event", "hazard"]) else {
                throw SafeGridError.storeFailure("\(path) is a database of another program, not a SafeGrid store", unavailable: true)
            }
            let current = try queue.read { db in try Schema.migrator.hasCompletedMigrations(db) }
            if !current {
                try queue.writeWithoutTransaction { db in
                    if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                        try db.execute(sql: "PRAGMA journal_mode = WAL")
                    }
                }
                try Schema.migrator.migrate(queue)
            }
        } catch let error as SafeGridError {
            throw error
        } catch {
            throw SafeGridError.storeFailure("\(path): \(SQLiteHazardStore.describe(error))", unavailable: true)
        }
    }

    public func read<T>(_ body: (any HazardStoreReader) throws -> T) throws -> T {
        try translatingErrors { try queue.read { db in try body(SQLiteSession(db)) } }
    }

    public func write<T>(_ body: (any HazardStoreWriter) throws -> T) throws -> T {
        try translatingErrors {
            try queue.write { db in
                // 64 MiB of page cache instead of SQLite's 2 MiB once the store is written to:
                // a batch over a large store updates index pages all over the file. Reads keep
                // the small cache: a report reads each page once, and filling a large cache
                // costs more than it saves.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                let session = SQLiteSession(db)
                let result = try body(session)
                try session.flush()
                if let signer { try session.signCheckpoint(with: signer) }
                return result
            }
        }
    }

    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw SafeGridError.storeFailure("\(path): \(SQLiteHazardStore.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
