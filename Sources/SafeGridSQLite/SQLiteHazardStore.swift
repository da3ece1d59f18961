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
    let queue: DatabaseQueue
    /// The database file's path.
    public let path: String
    /// The folder where this store's evidence files are kept: `PATH.evidence` beside the file,
    /// so that copying or backing up the store's folder takes both.
    public var evidenceFolder: String { path + ".evidence" }
    /// What signs a checkpoint at the end of each transaction that added events or ledger
    /// entries (`Checkpoint`); `nil`: none are written.
    public let signer: (any CheckpointSigner)?
    /// Whether opening created the store (no file was at `path`, and no other process created
    /// one in the same instant): `safegrid` then says where the new store is.
    public let created: Bool

    /// What to do when no file is at the store's path.
    public enum IfMissing: Sendable {
        /// Create a new, empty store (for work that brings data in).
        case create
        /// Throw `store-unavailable` and create nothing (for work that only reads what is there).
        case refuse
    }

    /// Opens the store at `path`, bringing its schema up to date, or creates it.
    ///
    /// Safe when several processes open the same store at once: a new store appears at its
    /// path complete (built under a temporary name, then linked), and a store that lacks
    /// migrations is migrated by one process while the others wait on SQLite's lock. Opening a
    /// store that is up to date writes nothing; a store refused writes nothing either.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - ifMissing: whether to create a store when no file is at `path`.
    ///   - busyTimeout: how long to wait for another process's write (or migration) to finish.
    ///   - signer: signs checkpoints (this machine's key), or `nil`.
    /// - Throws: `SafeGridError` `store-unavailable` when there is no store at `path` (and
    ///   `ifMissing` is `.refuse`), when the file cannot be opened, is empty, is not a SafeGrid
    ///   store, or was written by a newer SafeGrid (its schema version is higher, or it has a
    ///   migration this one does not know).
    public init(path: String, ifMissing: IfMissing = .create, busyTimeout: TimeInterval = 30, signer: (any CheckpointSigner)? = nil) throws {
        self.path = path
        self.signer = signer
        var configuration = Configuration()
        // WAL is switched on once, when the store is created, and stays on in the file; asking
        // for it on every open would make GRDB write to the file each time.
        configuration.journalMode = .default
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "SafeGrid"
        func refused(_ english: String, _ chinese: String) -> SafeGridError {
            SafeGridError(
                .storeUnavailable, chinese: "无法打开数据存储：\(path) \(chinese)", english: "cannot open the store: \(path) \(english)",
                context: ["store": path])
        }
        var created = false
        do {
            switch StoreFile.kind(at: path) {
            case .missing:
                guard ifMissing == .create else { throw refused("does not exist (no store there)", "不存在（此处没有数据存储）") }
                created = try StoreFile.create(at: path, configuration: configuration)
            case .directory:
                throw refused("is a folder, not a SafeGrid store", "是文件夹，不是 SafeGrid 数据存储")
            case .empty:
                throw refused("is an empty file (0 bytes), not a SafeGrid store", "是空文件（0 字节），不是 SafeGrid 数据存储")
            case .file:
                StoreFileAccess.repairJournal(of: path)
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.bringUpToDate(queue, path: path, refused: refused)
            self.created = created
        } catch let error as SafeGridError {
            throw error
        } catch {
            if let full = StoreDiskSpace.fullError(error, path: path, unavailable: true) { throw full }
            if let readOnly = Self.readOnly(error, path) { throw readOnly }
            if let damaged = Self.damaged(error, path, unavailable: true) { throw damaged }
            throw SafeGridError.storeFailure("\(path): \(SQLiteHazardStore.describe(error))", unavailable: true)
        }
    }

    /// Refuses a file that is not a SafeGrid store or is newer than this SafeGrid (before
    /// writing anything), and runs the migrations it lacks.
    private static func bringUpToDate(
        _ queue: DatabaseQueue, path: String, refused: (String, String) -> SafeGridError
    ) throws {
        let timeline = Schema.migrator
        let (tables, state) = try queue.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"), try timeline.state(db))
        }
        guard Set(tables).isSuperset(of: ["grdb_migrations", "event", "hazard"]) else {
            throw refused("is a database of another program, not a SafeGrid store", "是其他程序的数据库，不是 SafeGrid 数据存储")
        }
        func newer(_ state: SchemaTimeline.State) -> SafeGridError {
            let theirs = max(state.userVersion, state.applied.count)
            let unknown = timeline.unknown(in: state)
            let named = unknown.isEmpty ? "" : ", with migrations this safegrid does not know: " + unknown.joined(separator: ", ")
            let namedChinese = unknown.isEmpty ? "" : "，含本程序不认识的迁移：" + unknown.joined(separator: "、")
            return refused(
                "was written by a newer SafeGrid (schema version \(theirs)\(named)); this safegrid knows schema version \(timeline.version) at most. Open it with a newer safegrid; nothing was changed",
                "由更新版本的 SafeGrid 写入（存储结构版本 \(theirs)\(namedChinese)）；本程序最高只支持存储结构版本 \(timeline.version)。请用更新版本的 safegrid 打开；未作任何修改")
        }
        if timeline.isNewer(state) { throw newer(state) }
        if timeline.isComplete(state) { return }
        try queue.writeWithoutTransaction { db in
            // Stores made before WAL was the rule; a store made now has it from the start.
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try timeline.migrate(db) { state in throw newer(state) }
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

    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreDiskSpace.fullError(error, path: path, unavailable: false) ?? Self.readOnly(error, path)
                ?? Self.damaged(error, path, unavailable: false)
                ?? SafeGridError.storeFailure("\(path): \(SQLiteHazardStore.describe(error))")
        }
    }

    /// A file SQLite finds damaged (truncated, overwritten): said so, with what to do.
    private static func damaged(_ error: any Error, _ path: String, unavailable: Bool) -> SafeGridError? {
        guard let error = error as? DatabaseError, [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode.primaryResultCode) else {
            return nil
        }
        let detail = describe(error)
        return SafeGridError(
            unavailable ? .storeUnavailable : .storeFailure,
            chinese: "数据存储文件 \(path) 已损坏（\(detail)：文件被截断或被改写）。本次未作任何修改；请从备份恢复，或把各笔记本的数据包合并到新的数据存储",
            english: "the store file \(path) is damaged (\(detail): cut short or overwritten). Nothing was changed; restore it from a backup, or merge the laptops' bundles into a new store",
            context: ["store": path])
    }

    /// The file, journal or folder that refused a write, when that is what SQLite's error was.
    private static func readOnly(_ error: any Error, _ path: String) -> SafeGridError? {
        guard let error = error as? DatabaseError,
              [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode.primaryResultCode)
        else { return nil }
        return StoreFileAccess.readOnlyError(path)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
