import Dispatch
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format: the fastest way to hand the
/// server many rows (an ingest's events and new hazards), a tab between columns, a newline
/// after each row.
struct CopyRows {
    private(set) var buffer: [UInt8] = []
    private(set) var count = 0
    private var columnsInRow = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ value: SQLValue) {
        if columnsInRow > 0 { buffer.append(UInt8(ascii: "\t")) }
        columnsInRow += 1
        switch value {
        case .text(let text): appendEscaped(text)
        case .int(let number): buffer.append(contentsOf: String(number).utf8)
        case .bool(let flag): buffer.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .null: buffer.append(contentsOf: #"\N"#.utf8)
        case .bytes(let bytes):
            // bytea's hex form, its backslash escaped as the text format wants.
            buffer.append(contentsOf: #"\\x"#.utf8)
            buffer.reserveCapacity(buffer.count + bytes.count * 2)
            for byte in bytes {
                buffer.append(Self.hexDigits[Int(byte >> 4)])
                buffer.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        case .texts(let texts):
            // An array literal; not used by the store's copies, but written correctly.
            let elements = texts.map { text in
                "\"" + text.flatMap { $0 == "\\" || $0 == "\"" ? ["\\", $0] : [$0] } + "\""
            }
            appendEscaped("{" + elements.joined(separator: ",") + "}")
        }
    }

    mutating func append(_ row: [SQLValue]) {
        for value in row { append(value) }
        endRow()
    }

    mutating func endRow() {
        buffer.append(UInt8(ascii: "\n"))
        columnsInRow = 0
        count += 1
    }

    mutating func removeAll() {
        buffer.removeAll(keepingCapacity: true)
        count = 0
        columnsInRow = 0
    }

    /// The text format's escapes: a backslash, and the characters that end a column or a row.
    private mutating func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension PostgresLink {
    /// Copies `rows` into `table`'s `columns` with one `COPY … FROM STDIN`, inside the
    /// transaction of the statements around it, and waits for it.
    func copy(into table: String, columns: [String], rows: CopyRows) throws {
        try sendCopy(into: table, columns: columns, rows: rows)
        try settle()
    }

    /// Starts the copy without waiting for the server to store the rows: returns once the
    /// server is taking them, so that the statements sent after it run after it, and the next
    /// statement that waits waits for it (as ``send(_:_:then:)`` does). The caller goes on
    /// with its work while the server stores the rows.
    func sendCopy(into table: String, columns: [String], rows: CopyRows) throws {
        try sendQueued()
        try startCopy(into: table, columns: columns, rows: rows)
    }

    /// Queues a row for a `COPY` into `table`, sent before the next statement on this link
    /// (or once many rows wait): the server takes it where an `INSERT` in its place would have
    /// been, for what the transaction reads next. Rows of different tables may be sent in
    /// another order than queued.
    func queueCopy(into table: String, columns: [String], _ row: [SQLValue]) throws {
        if let index = queued.firstIndex(where: { $0.table == table }) {
            queued[index].rows.append(row)
            if queued[index].rows.count >= 2_000 { try sendQueued() }
        } else {
            var rows = CopyRows()
            rows.append(row)
            queued.append((table, columns, rows))
        }
    }

    /// Sends the rows queued for copies.
    func sendQueued() throws {
        guard !queued.isEmpty else { return }
        let waiting = queued
        queued.removeAll()
        for (table, columns, rows) in waiting { try startCopy(into: table, columns: columns, rows: rows) }
    }

    private func startCopy(into table: String, columns: [String], rows: CopyRows) throws {
        guard !rows.isEmpty else { return }
        try checkOpen()
        let taking = DispatchSemaphore(value: 0)
        let finished = Self.startCopy(
            ByteBuffer(bytes: rows.buffer), into: table, columns: columns, connection: connection, logger: logger, taking: taking)
        finished.whenComplete { _ in taking.signal() }
        sent(finished)
        try wait(for: taking)
    }

    /// The copy as a future, run on the copy's own threads: never on Swift's cooperative
    /// threads, as the caller may be blocking one of them right now. `taking` is signalled when
    /// the server starts taking the rows.
    private static func startCopy(
        _ data: ByteBuffer, into table: String, columns: [String], connection: PostgresConnection, logger: Logger,
        taking: DispatchSemaphore
    ) -> EventLoopFuture<Void> {
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Void.self)
        Task(executorPreference: CopyExecutor.shared) {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    taking.signal()
                    // In slices, so that the server starts on the first rows while the rest travel.
                    var offset = 0
                    while offset < data.readableBytes {
                        let length = min(1 << 20, data.readableBytes - offset)
                        try await writer.write(data.getSlice(at: data.readerIndex + offset, length: length)!)
                        offset += length
                    }
                }
                promise.succeed(())
            } catch {
                promise.fail(error)
            }
        }
        return promise.futureResult
    }
}

/// Runs the async work of a `COPY` on threads of its own. The store's seam is synchronous: its
/// callers block the thread they call from, which may be one of the few cooperative threads
/// Swift's tasks run on (a test, the web app); a copy that waited for one of them could wait
/// for ever.
final class CopyExecutor: TaskExecutor {
    static let shared = CopyExecutor()
    private let queue = DispatchQueue(label: "safegrid.postgres.copy", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
