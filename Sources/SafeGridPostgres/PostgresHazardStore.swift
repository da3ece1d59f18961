import Foundation
import Logging
import NIOCore
import PostgresNIO
public import SafeGridCore

/// The store for a city: one PostgreSQL database that many stations, laptops' bundles and the
/// web app write at once, behind the same seam as the embedded SQLite store.
///
/// Every `write` is one `REPEATABLE READ` transaction that takes the head of each event chain it
/// appends to (a chain per station): writers of one station take turns, and one that finds the
/// head moved since its snapshot is run again, as is one that meets a deadlock, a duplicate key
/// another writer made first, or a lost connection (up to ``retries`` times). Every `read` is one
/// `REPEATABLE READ` snapshot, never run again (its body may have written out what it read).
/// Connections come from a pool.
/// Events are append-only in the database itself: a trigger refuses any `UPDATE`, `DELETE` or
/// `TRUNCATE` of them, and `verify` names an event a superuser changed. Reports are counted in
/// SQL from the hazard table's indexes.
///
/// With `url` a `postgres://` URL (``PostgresLocation``):
///
/// ```swift
/// let store = try PostgresHazardStore(url: url)
/// ```
public final class PostgresHazardStore: HazardStore, Sendable {
    /// Where the store is.
    public let location: PostgresLocation
    /// How many times a write is run again after a serialization failure, a deadlock, a
    /// duplicate key or a lost connection, before its error is reported.
    public let retries: Int
    private let pool: PostgresPool
    private let directories = PostgresDirectoryCache()

    /// Connects to the database at `url` and brings its schema up to date (creating the tables
    /// in an empty database).
    ///
    /// Safe when several processes open the same database at once: one migrates while the others
    /// wait on an advisory lock.
    /// - Parameters:
    ///   - url: a `postgres://` URL (``PostgresLocation``).
    ///   - connections: the most connections the pool opens.
    ///   - retries: how many times a write is run again when it may succeed the next time.
    /// - Throws: `SafeGridError` `store-unavailable` when the server cannot be reached or the
    ///   database was written by a newer SafeGrid; `invalid-input` for a malformed URL.
    public init(url: String, connections: Int = 4, retries: Int = 8) throws {
        location = try PostgresLocation(url)
        self.retries = retries
        var logger = Logger(label: "safegrid.postgres")
        logger.logLevel = .critical
        pool = PostgresPool(location: location, size: max(1, connections), logger: logger)
        try pool.withLink { link in try PostgresMigrator(link: link, location: location).bringUpToDate() }
    }

    public func read<T>(_ body: (any HazardStoreReader) throws -> T) throws -> T {
        // Never run again: a read's body may already have written out what it read (an export).
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", retrying: false) { session in try body(session) }
    }

    public func write<T>(_ body: (any HazardStoreWriter) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", retrying: true) { session in
            let result = try body(session)
            try session.flush()
            return result
        }
    }

    /// The server's plan for the counts of `query` (`EXPLAIN`), for checking that a report
    /// reads the indexes meant for it.
    func countsPlan(_ query: CountQuery) throws -> String {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", retrying: false) { session in
            let (sql, values) = session.countsSQL(query, fromTallies: try session.isPastEveryEvent(query))
            return try session.link.rows("EXPLAIN " + sql, values).map { try $0.text(0) }.joined(separator: "\n")
        }
    }

    /// Closes the pool's connections. The store is not used after.
    public func close() { pool.close() }

    deinit { pool.close() }

    /// Runs `body` in a transaction on a pooled connection, again after a failure that a new
    /// attempt may not meet.
    func transaction<T>(_ begin: String, retrying: Bool, _ body: (PostgresSession) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try pool.withLink { link in
                    try link.execute(begin)
                    do {
                        let result = try body(PostgresSession(link, directories: directories))
                        try link.execute("COMMIT")
                        return result
                    } catch {
                        // What was sent and not waited for is let go: its failure, if any, is
                        // the same transaction's. What was queued is never sent.
                        link.dropQueued()
                        _ = try? link.settle()
                        if !link.broken { _ = try? link.execute("ROLLBACK") }
                        throw error
                    }
                }
            } catch {
                // The body's own errors go through as they are; the server's are translated.
                guard error is PSQLError || error is PostgresFailure || error is ChannelError else { throw error }
                let failure = PostgresFailure.from(error, location: location)
                if retrying, failure.isRetryable, attempt <= retries {
                    // A little longer each time, and not in step with the writer it collided with.
                    Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.02) * Double(attempt))
                    continue
                }
                throw SafeGridError.storeFailure("\(location): \(failure.message)", unavailable: failure.connectionLost)
            }
        }
    }
}

/// The store's connections: at most `size`, opened as needed, each used by one transaction at
/// a time; a connection the server dropped is closed and replaced.
final class PostgresPool: @unchecked Sendable {
    private let location: PostgresLocation
    private let size: Int
    private let logger: Logger
    private let condition = NSCondition()
    private var idle: [PostgresLink] = []
    private var open = 0
    private var nextID = 0

    init(location: PostgresLocation, size: Int, logger: Logger) {
        self.location = location
        self.size = size
        self.logger = logger
    }

    func withLink<T>(_ body: (PostgresLink) throws -> T) throws -> T {
        let link = try take()
        defer { give(link) }
        return try body(link)
    }

    private func take() throws -> PostgresLink {
        condition.lock()
        while idle.isEmpty && open >= size { condition.wait() }
        if let link = idle.popLast() {
            condition.unlock()
            return link
        }
        open += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        do {
            return try PostgresLink.connect(location, id: id, logger: logger)
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func give(_ link: PostgresLink) {
        condition.lock()
        if link.broken || link.connection.isClosed {
            open -= 1
            link.close()
        } else {
            idle.append(link)
        }
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        let links = idle
        idle.removeAll()
        open -= links.count
        condition.unlock()
        for link in links { link.close() }
    }
}
