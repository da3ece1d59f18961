import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import SafeGridCore

/// Binds values to a prepared statement's parameters directly through SQLite, for the inserts a
/// batch runs thousands of times. Text and blobs are copied by SQLite (`SQLITE_TRANSIENT`).
struct SQLiteBindings {
    private let statement: Statement

    /// Starts a fresh set of bindings for `statement` (GRDB then executes it as bound).
    init(_ statement: Statement) {
        statement.setUncheckedArguments([])
        self.statement = statement
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ index: CInt, _ value: Int64) {
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    func bindNull(_ index: CInt) {
        sqlite3_bind_null(statement.sqliteStatement, index)
    }

    func bind(_ index: CInt, _ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            _ = sqlite3_bind_text(
                statement.sqliteStatement, index, UnsafeRawPointer(utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self),
                CInt(utf8.count), Self.transient)
        }
    }

    /// UTF-8 bytes bound as text.
    func bind(_ index: CInt, text: [UInt8]) {
        text.withUnsafeBytes { raw in
            let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            _ = sqlite3_bind_text(statement.sqliteStatement, index, base.assumingMemoryBound(to: CChar.self), CInt(raw.count), Self.transient)
        }
    }

    func bind(_ index: CInt, bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(statement.sqliteStatement, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, CInt(raw.count), Self.transient)
        }
    }
}
