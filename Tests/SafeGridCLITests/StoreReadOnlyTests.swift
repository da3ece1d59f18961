import Foundation
import Testing

/// A store that cannot be written: the message names the file, the journal or the folder that
/// refused, the exit code is 3, nothing changes, and the store works again once it is writable.
/// The commands run as another user (`nobody`, through `setpriv`) when the tests run as root,
/// for whom permissions refuse nothing.
@Suite("A read-only store, journal or folder")
struct StoreReadOnlyTests {
    static let now = "2026-06-01T20:00"

    /// Runs `safegrid ARGUMENTS` as a user that permissions apply to.
    static func run(_ work: EngineWorkspace, _ arguments: [String]) throws -> EngineOutcome {
        let environment = work.processEnvironment(now: now)
        guard geteuid() == 0 else { return try work.run(arguments, now: now) }
        let running = try EngineRunning(
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"),
            arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", SafegridProcess.binary.path] + arguments,
            environment: environment, directory: work.directory)
        return running.wait()
    }

    /// Hands the workspace to the other user.
    static func handOver(_ work: EngineWorkspace) throws {
        guard geteuid() == 0 else { return }
        for path in [work.directory.path, work.url("xdg").path] { chmod(path, 0o777) }
        for suffix in ["", "-wal", "-shm"] { chown(work.store.path + suffix, 65534, 65534) }
    }

    @Test("a read-only file, then its journal left read-only, then a read-only folder: exit 3 naming each; writable again, it works")
    func readOnly() throws {
        let work = try EngineWorkspace("read-only")
        defer {
            chmod(work.directory.path, 0o755)
            work.remove()
        }
        try work.setUpExample()
        try Self.handOver(work)
        let store = work.store.path

        chmod(store, 0o444)
        let before = StoreBytes(work.store)
        let refused = try Self.run(work, ["config", "set", "actor", "所长王", "--lang", "en"])
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("the store file \(store) is read-only (r--r--r--)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("chmod u+w \(store)") && refused.stderr.contains("[store-read-only]"), "\(refused.stderr)")
        let chinese = try Self.run(work, ["config", "set", "actor", "所长王"])
        #expect(chinese.status == 3 && chinese.stderr.contains("数据存储文件 \(store) 是只读的"), "\(chinese.stderr)")
        // The file is as it was; SQLite may have opened an empty journal beside it.
        let after = StoreBytes(work.store)
        #expect(after.mainSHA == before.mainSHA && (after.wal ?? Data()).isEmpty, "store changed: \(before.mainSHA) → \(after.mainSHA)")

        // Read while read-only, SQLite leaves its journal read-only too; once the file is
        // writable again, the store is.
        let report = try Self.run(work, ["report", "--by", "grid"])
        #expect(report.status == 0, "\(report)")
        chmod(store, 0o644)
        let writable = try Self.run(work, ["config", "set", "actor", "所长王"])
        #expect(writable.status == 0, "\(writable)")

        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        chmod(work.directory.path, 0o555)
        let folder = try Self.run(work, ["config", "set", "actor", "民警马", "--lang", "en"])
        #expect(folder.status == 3, "\(folder)")
        #expect(folder.stderr.contains("the folder \(work.directory.path) is read-only"), "\(folder.stderr)")
        #expect(folder.stderr.contains("x.sqlite-wal, x.sqlite-shm") && folder.stderr.contains("[store-read-only]"), "\(folder.stderr)")
        chmod(work.directory.path, 0o777)
        let again = try Self.run(work, ["config", "get", "actor"])
        #expect(again.status == 0 && again.stdout.contains("所长王"), "\(again)")
    }
}
