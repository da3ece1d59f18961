import GRDB

/// The store's migrations in the order they run, and how a store is brought up to date.
///
/// The same bookkeeping as GRDB's `DatabaseMigrator` (the applied identifiers in
/// `grdb_migrations`, so stores written before keep working), but every migration a store
/// lacks runs in **one** `BEGIN EXCLUSIVE` transaction: when several processes open a store
/// at once, one migrates and the others wait on SQLite's lock (the busy timeout), then find it
/// done. GRDB's migrator creates its table outside any transaction and runs each migration in
/// a transaction of its own, so two processes could both decide to run the same migration.
///
/// `PRAGMA user_version` holds the schema version: the number of migrations this timeline
/// had when it last migrated the store. A store with a higher version, or with a migration
/// this timeline does not know, was written by a newer SafeGrid and is never written to.
struct SchemaTimeline {
    struct Migration {
        let identifier: String
        let body: (Database) throws -> Void
    }

    private(set) var migrations: [Migration] = []

    /// Appends a migration; migrations run in the order registered.
    mutating func registerMigration(_ identifier: String, _ body: @escaping (Database) throws -> Void) {
        precondition(!migrations.contains { $0.identifier == identifier }, "migration \(identifier) registered twice")
        migrations.append(Migration(identifier: identifier, body: body))
    }

    /// The schema version this timeline writes: one per migration.
    var version: Int { migrations.count }

    /// The migration identifiers, in order.
    var identifiers: [String] { migrations.map(\.identifier) }

    /// Where a store's schema stands, read without writing anything.
    struct State {
        /// Every identifier in `grdb_migrations`, known here or not.
        var applied: Set<String>
        /// `PRAGMA user_version` (0 for stores migrated before it was kept).
        var userVersion: Int
    }

    func state(_ db: Database) throws -> State {
        let hasTable = try db.tableExists("grdb_migrations")
        let applied = hasTable ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
        return State(applied: applied, userVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
    }

    /// The applied migrations this timeline does not know, sorted (empty unless the store is newer).
    func unknown(in state: State) -> [String] {
        state.applied.subtracting(identifiers).sorted()
    }

    /// Whether a newer SafeGrid wrote the store.
    func isNewer(_ state: State) -> Bool {
        state.userVersion > version || !unknown(in: state).isEmpty
    }

    /// Whether every migration here has been applied.
    func isComplete(_ state: State) -> Bool {
        Set(identifiers).isSubset(of: state.applied)
    }

    /// Runs the missing migrations in one exclusive transaction, after reading the state again
    /// under the lock (another process may have migrated, or a newer SafeGrid, meanwhile).
    /// - Parameter refuse: called with the state read under the lock when the store is newer;
    ///   it throws, and nothing is written.
    func migrate(_ db: Database, refuse: (State) throws -> Void) throws {
        try db.inTransaction(.exclusive) {
            let state = try state(db)
            if isNewer(state) { try refuse(state) }
            if isComplete(state) { return .commit }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in migrations where !state.applied.contains(migration.identifier) {
                try migration.body(db)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
            }
            try db.execute(sql: "PRAGMA user_version = \(version)")
            return .commit
        }
    }
}
