import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SafeGridCore

/// A value bound to a statement's parameter (`$1`, `$2`, …): the few types the store's columns use.
enum SQLValue: Equatable {
    case text(String)
    case int(Int64)
    case bytes([UInt8])
    case texts([String])
    case bool(Bool)
    case null

    static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
}

/// The parameters of a statement as it is written: binding a value gives its placeholder.
final class SQLParameters {
    private(set) var values: [SQLValue] = []

    func bind(_ value: SQLValue) -> String {
        values.append(value)
        return "$\(values.count)"
    }
}

/// One connection to the server, used by one session at a time. The store's seam is
/// synchronous, so each statement is sent on the connection's event loop and waited for on the
/// calling thread (the CLI's, or the web app's thread pool: never an event loop).
final class PostgresLink {
    let connection: PostgresConnection
    let logger: Logger
    /// Whether the server or the network closed the connection: it goes back to no pool.
    private(set) var broken = false

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects to `location`.
    static func connect(_ location: PostgresLocation, id: Int, logger: Logger) throws -> PostgresLink {
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: location.configuration, id: id, logger: logger
            ).wait()
            return PostgresLink(connection: connection, logger: logger)
        } catch {
            throw PostgresFailure.from(error, location: location).storeError(unavailable: true)
        }
    }

    /// Rows waiting for a `COPY` (``queueCopy(into:columns:_:)``), a table at a time.
    var queued: [(table: String, columns: [String], rows: CopyRows)] = []

    /// Forgets the rows queued for copies: their transaction is rolled back.
    func dropQueued() { queued.removeAll() }

    /// Runs a statement and returns every row.
    @discardableResult
    func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [PostgresRow] {
        try sendQueued()
        try settle()
        return try Array(answer(connection.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(values)), logger: logger)))
    }

    /// Statements sent and not yet waited for: each waits for its answer and checks it.
    private var unsettled: [() throws -> Void] = []

    /// Sends a statement without waiting for its answer: the server runs the statements of a
    /// connection in the order sent, and the next statement that waits (``rows(_:_:)``,
    /// ``copy(into:columns:rows:)``, the transaction's end) first waits for this one and runs
    /// `check` on its rows.
    func send(_ sql: String, _ values: [SQLValue], then check: @escaping ([PostgresRow]) throws -> Void = { _ in }) throws {
        try sendQueued()
        try checkOpen()
        let answer = connection.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(values)), logger: logger)
        unsettled.append { [unowned self] in try check(Array(try self.answer(answer))) }
    }

    /// Adds a statement already on its way (a `COPY`) to those the next wait waits for.
    func sent(_ finished: EventLoopFuture<Void>) {
        unsettled.append { [unowned self] in try self.answer(finished) }
    }

    /// Waits for every statement sent and not yet waited for, in order; throws the first failure.
    func settle() throws {
        guard !unsettled.isEmpty else { return }
        let sent = unsettled
        unsettled.removeAll()
        var failure: (any Error)?
        for wait in sent {
            do {
                try wait()
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }

    /// Waits for the answer to a statement the connection was handed, noting a connection lost.
    func answer<T>(_ future: @autoclosure () -> EventLoopFuture<T>) throws -> T {
        try checkOpen()
        do {
            let future = future()
            let answered = DispatchSemaphore(value: 0)
            future.whenComplete { _ in answered.signal() }
            try wait(for: answered)
            return try future.wait()
        } catch {
            // A connection the server ended (or lost) takes no more statements, not even ROLLBACK.
            if connection.isClosed || PostgresFailure.from(error).connectionLost { broken = true }
            throw error
        }
    }

    /// Throws when the server or the network closed the connection: a statement sent on it
    /// would wait for ever.
    func checkOpen() throws {
        guard connection.isClosed else { return }
        broken = true
        throw PostgresFailure.lost
    }

    /// Waits for `signal`, looking at the connection every second: when the server dies in the
    /// middle of a statement, the statement's answer may never come, but the connection is seen
    /// closed.
    func wait(for signal: DispatchSemaphore) throws {
        while signal.wait(timeout: .now() + 1) == .timedOut { try checkOpen() }
    }

    /// Runs a statement for its effect.
    func execute(_ sql: String, _ values: [SQLValue] = []) throws {
        try rows(sql, values)
    }

    /// Runs a query through a cursor, `batch` rows at a time, so that a city's rows never sit
    /// in memory at once; `body` returns `false` to stop. Must run inside a transaction.
    func stream(_ sql: String, _ values: [SQLValue] = [], batch: Int = 2_000, _ body: (PostgresRow) throws -> Bool) throws {
        let name = "safegrid_cursor_\(Self.cursorNumber())"
        try execute("DECLARE \(name) NO SCROLL CURSOR FOR \(sql)", values)
        defer { _ = try? execute("CLOSE \(name)") }
        while true {
            let rows = try rows("FETCH \(batch) FROM \(name)")
            for row in rows where try !body(row) { return }
            if rows.count < batch { return }
        }
    }

    private nonisolated(unsafe) static var cursors = 0
    private static let cursorLock = NSLock()
    private static func cursorNumber() -> Int {
        cursorLock.withLock {
            cursors += 1
            return cursors
        }
    }

    /// Closes the connection: waits for a healthy one to say goodbye, not for a broken one.
    func close() {
        if broken {
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
        } else {
            _ = try? connection.close().wait()
        }
    }

    private static func bindings(_ values: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let text): bindings.append(text)
            case .int(let number): bindings.append(number)
            case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .texts(let texts): bindings.append(texts)
            case .bool(let flag): bindings.append(flag)
            case .null: bindings.appendNull()
            }
        }
        return bindings
    }
}

/// Reading a row's columns by position, as the store's statements list them.
extension PostgresRow {
    func cells() -> [PostgresCell] { Array(self) }

    func text(_ index: Int) throws -> String { try cells()[index].decode(String.self) }
    func optionalText(_ index: Int) throws -> String? { try cells()[index].decode(String?.self) }
    func int(_ index: Int) throws -> Int64 { try cells()[index].decode(Int64.self) }
    func bytes(_ index: Int) throws -> [UInt8] {
        var buffer = try cells()[index].decode(ByteBuffer.self)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

/// What went wrong talking to the server, classified for retrying and for the message a
/// person reads.
struct PostgresFailure: Error {
    /// The server's SQLSTATE, when the server answered (`40001` serialization failure).
    var sqlState: String?
    /// Whether the connection was lost (the server stopped, the network dropped).
    var connectionLost: Bool
    var message: String

    static let lost = PostgresFailure(sqlState: nil, connectionLost: true, message: "the connection to the PostgreSQL server was lost")

    /// A transaction that may succeed if run again: a serialization failure, a deadlock, a key
    /// another writer took first (a notice's number), or a connection lost (the work was rolled
    /// back with it).
    var isRetryable: Bool { connectionLost || ["40001", "40P01", "23505"].contains(sqlState ?? "") }

    static func from(_ error: any Error, location: PostgresLocation? = nil) -> PostgresFailure {
        if let failure = error as? PostgresFailure { return failure }
        guard let error = error as? PSQLError else {
            return PostgresFailure(sqlState: nil, connectionLost: error is ChannelError, message: "\(error)")
        }
        let place = location.map { " (\($0.description))" } ?? ""
        switch error.code {
        case .server:
            let info = error.serverInfo
            var message = info?[.message] ?? "the server refused the statement"
            if let detail = info?[.detail] { message += ": \(detail)" }
            // Class 57 (the server shutting down or starting) and 08 (the connection failing):
            // the connection is gone, and the work with it.
            let state = info?[.sqlState]
            let lost = state.map { $0.hasPrefix("57") || $0.hasPrefix("08") } ?? false
            return PostgresFailure(sqlState: state, connectionLost: lost, message: message + place)
        case .connectionError:
            let cause = error.underlying.map { ": \($0)" } ?? ""
            return PostgresFailure(sqlState: nil, connectionLost: true, message: "cannot connect to the PostgreSQL server\(place)\(cause)")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return PostgresFailure(sqlState: nil, connectionLost: true, message: "the connection to the PostgreSQL server was lost\(place)")
        default:
            return PostgresFailure(sqlState: nil, connectionLost: false, message: "\(error.code)\(place)")
        }
    }

    func storeError(unavailable: Bool = false) -> SafeGridError {
        SafeGridError.storeFailure(message, unavailable: unavailable)
    }
}
