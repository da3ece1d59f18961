public import Foundation
import Synchronization

/// The PostgreSQL server the tests run against: a throwaway cluster that `scripts/pg-cluster`
/// starts in a folder of its own, so that no test needs a server started by hand.
///
/// `scripts/test` starts one for the whole run and names its folder in
/// `SAFEGRID_TEST_POSTGRES_DIR`; without it (`swift test` by hand) the first test starts one in a
/// temporary folder, stopped when the test process ends. Each test gets a database of its own.
/// When no server can be started the tests fail and say why; they never skip.
public final class TestCluster: Sendable {
    /// The cluster's folder (`scripts/pg-cluster` keeps its data, socket, port and log there).
    public let folder: String
    public let port: Int
    /// Whether this process started it (and stops it at exit).
    public let owned: Bool

    private init(folder: String, owned: Bool) throws {
        self.folder = folder
        self.owned = owned
        port = Int(try String(contentsOfFile: folder + "/port", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let script = repository + "/scripts/pg-cluster"

    private static let started = Mutex<Result<TestCluster, ClusterError>?>(nil)

    /// The run's shared cluster, started on first use.
    public static func shared() throws -> TestCluster {
        try started.withLock { state in
            if let state { return try state.get() }
            let result: Result<TestCluster, ClusterError>
            do {
                result = .success(try startShared())
            } catch let error as ClusterError {
                result = .failure(error)
            } catch {
                result = .failure(ClusterError(message: "\(error)"))
            }
            state = result
            return try result.get()
        }
    }

    private static func startShared() throws -> TestCluster {
        if let folder = ProcessInfo.processInfo.environment["SAFEGRID_TEST_POSTGRES_DIR"], !folder.isEmpty {
            return try TestCluster(folder: folder, owned: false)
        }
        let cluster = try start()
        atexit {
            guard let folder = TestCluster.ownedFolder.withLock({ $0 }) else { return }
            _ = try? TestCluster.run(["stop", folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
        ownedFolder.withLock { $0 = cluster.folder }
        return cluster
    }

    private static let ownedFolder = Mutex<String?>(nil)

    /// A new cluster of the test's own (for tests that stop the server), in a temporary folder.
    public static func start() throws -> TestCluster {
        let folder = NSTemporaryDirectory() + "safegrid-pg-\(UUID().uuidString.prefix(8))"
        try run(["start", folder])
        return try TestCluster(folder: folder, owned: true)
    }

    /// A new, empty database owned by the application's role; its `postgres://` URL.
    public func newDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try psql("postgres", "CREATE DATABASE \(name) OWNER safegrid")
        return "postgres://safegrid@127.0.0.1:\(port)/\(name)"
    }

    /// Runs SQL in `database` as `user` (the superuser unless named); its output, unaligned.
    @discardableResult
    public func psql(_ database: String, _ sql: String, user: String = "postgres") throws -> String {
        try Self.run(["psql", folder, "-U", user, "-d", database, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    /// `pg_ctl stop -m immediate`: the server dies as in a crash.
    public func kill() throws { try Self.run(["kill", folder]) }
    public func restart() throws { try Self.run(["restart", folder]) }
    public func stop() throws { try Self.run(["stop", folder]) }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ClusterError(message: "cannot run \(script): \(error)")
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            var message = "`scripts/pg-cluster \(arguments.joined(separator: " "))` failed (exit \(process.terminationStatus)): "
                + String(decoding: err, as: UTF8.self)
            if arguments.first == "start" {
                message = "the PostgreSQL tests need a server, and " + message
                    + " Install Debian's postgresql (scripts/bootstrap does), or name a running cluster's folder in SAFEGRID_TEST_POSTGRES_DIR."
            }
            throw ClusterError(message: message)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

public struct ClusterError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
