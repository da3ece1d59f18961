import Foundation
import SafeGridCore

/// Brings a database's schema up to the timeline (``PostgresSchema/timeline``): refuses a
/// database that is not a SafeGrid store or was written by a newer SafeGrid, before changing
/// anything, and applies the migrations it lacks, each in its own transaction.
struct PostgresMigrator {
    let link: PostgresLink
    let location: PostgresLocation

    /// An arbitrary constant: the advisory lock every SafeGrid process migrating takes.
    private static let lockKey: Int64 = 0x5AFE_6121

    func bringUpToDate() throws {
        do {
            try link.execute("BEGIN")
            try link.execute("SELECT pg_advisory_xact_lock($1)", [.int(Self.lockKey)])
            let applied = try appliedMigrations()
            let known = PostgresSchema.timeline.map(\.id)
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else {
                try link.execute("ROLLBACK")
                throw SafeGridError(
                    .storeUnavailable,
                    chinese: "无法打开数据存储：\(location) 由更新版本的 SafeGrid 写入（含本程序不认识的迁移：\(unknown.joined(separator: "、"))）；请用更新版本的 safegrid 打开；未作任何修改",
                    english: "cannot open the store: \(location) was written by a newer SafeGrid (with migrations this safegrid does not know: \(unknown.joined(separator: ", "))); open it with a newer safegrid; nothing was changed",
                    context: ["store": location.description])
            }
            for migration in PostgresSchema.timeline where !applied.contains(migration.id) {
                for statement in Self.statements(of: migration.sql) { try link.execute(statement) }
                try link.execute("INSERT INTO safegrid_migration (id) VALUES ($1)", [.text(migration.id)])
            }
            try link.execute("COMMIT")
        } catch let error as SafeGridError {
            throw error
        } catch {
            if !link.broken { _ = try? link.execute("ROLLBACK") }
            throw SafeGridError.storeFailure("\(location): \(PostgresFailure.from(error, location: location).message)", unavailable: true)
        }
    }

    /// A migration's statements, one by one (the extended protocol takes one at a time): each
    /// ends with a line ending in `;`, except inside a `$$` body.
    static func statements(of sql: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        var inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            current.append(line)
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !inBody, trimmed.hasSuffix(";"), !trimmed.hasPrefix("--") {
                statements.append(current.joined(separator: "\n"))
                current.removeAll()
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    /// The migrations applied so far; creates the table that lists them in a database that
    /// has no tables at all, and refuses one that has tables of another program.
    private func appliedMigrations() throws -> [String] {
        let tables = try link.rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").map { try $0.text(0) }
        if tables.contains("safegrid_migration") {
            return try link.rows("SELECT id FROM safegrid_migration ORDER BY applied_at, id").map { try $0.text(0) }
        }
        guard tables.isEmpty else {
            throw SafeGridError(
                .storeUnavailable,
                chinese: "无法打开数据存储：\(location) 是其他程序的数据库（已有其他表），不是 SafeGrid 数据存储",
                english: "cannot open the store: \(location) is a database of another program (it has tables of its own), not a SafeGrid store",
                context: ["store": location.description])
        }
        try link.execute("CREATE TABLE safegrid_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())")
        return []
    }
}
