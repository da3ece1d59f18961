import Foundation
import Testing

/// A store that cannot be opened: exit 3 with a message naming the path, never a crash, and
/// nothing created or changed.
@Suite("Engine e2e: store errors exit 3")
struct EngineStoreErrorTests {
    static let commands: [[String]] = [
        ["verify"], ["hazard", "list"], ["report", "--by", "grid"], ["venue", "list"],
        ["area", "import", "areas.csv"], ["hazard", "rectify", "H-0000000000"],
    ]

    static func expectStoreError(_ outcome: EngineOutcome, path: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == 3 && !outcome.signalled, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains("[store-unavailable]"), "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(path), "the message does not name the store: \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(reason), "the message does not say '\(reason)': \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.split(separator: "\n").count <= 2, "more than a message: \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(!outcome.stderr.contains("Fatal error") && !outcome.stderr.contains("Stack dump"), sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "\(outcome)", sourceLocation: sourceLocation)
    }

    @Test("a store in a directory that does not exist", arguments: commands)
    func missingDirectory(arguments: [String]) throws {
        let workspace = try EngineWorkspace("store-missing")
        defer { workspace.remove() }
        try workspace.write("areas.csv", EngineFixtures.areasCSV)
        let folder = "/nonexistent-dir-\(UUID().uuidString)"
        let path = folder + "/x.sqlite"
        // Only a command that brings data in creates a store; the others need one to exist.
        let reason = arguments.starts(with: ["area", "import"])
            ? "cannot create the store \(path): the folder \(folder) does not exist" : "no store at \(path); create one with `safegrid area import"
        let viaOption = try workspace.run(arguments + ["--store", path, "--lang", "en"], now: "2026-06-01T10:00")
        Self.expectStoreError(viaOption, path: path, reason: reason)
        let viaEnvironment = try workspace.run(arguments + ["--lang", "en"], now: "2026-06-01T10:00", store: URL(fileURLWithPath: path))
        Self.expectStoreError(viaEnvironment, path: path, reason: reason)
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path))
    }

    @Test("a file that is not SQLite is refused and left untouched", arguments: commands)
    func notSQLite(arguments: [String]) throws {
        let workspace = try EngineWorkspace("store-text")
        defer { workspace.remove() }
        try workspace.write("areas.csv", EngineFixtures.areasCSV)
        let text = try workspace.write("notes.txt", "这不是数据库 — this is a text file, not a SafeGrid store.\n" + String(repeating: "x", count: 5000))
        let before = StoreBytes(text)
        let outcome = try workspace.run(arguments + ["--lang", "en"], now: "2026-06-01T10:00", store: text)
        Self.expectStoreError(outcome, path: text.path, reason: "file is not a database")
        let after = StoreBytes(text)
        #expect(after.mainSHA == before.mainSHA, "the text file was changed")
        #expect(!FileManager.default.fileExists(atPath: text.path + "-wal") && !FileManager.default.fileExists(atPath: text.path + "-journal"))
    }

    @Test("a directory given as the store")
    func directoryAsStore() throws {
        let workspace = try EngineWorkspace("store-dir")
        defer { workspace.remove() }
        let outcome = try workspace.run(["verify", "--store", workspace.directory.path, "--lang", "en"], now: "2026-06-01T10:00")
        #expect(outcome.status == 3, "\(outcome)")
        #expect(outcome.stderr.contains("[store-unavailable]") && outcome.stderr.contains(workspace.directory.path), "\(outcome)")
    }


    @Test("a SQLite database of another application is refused and left as it was", arguments: [
        ("users", "CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('someone else''s data');"),
        ("event", "CREATE TABLE event (x TEXT); INSERT INTO event VALUES ('someone else''s data');"),
    ])
    func foreignSQLite(table: String, sql: String) throws {
        let workspace = try EngineWorkspace("store-foreign")
        defer { workspace.remove() }
        let foreign = workspace.url("other.sqlite")
        let made = try EngineWorkspace.sqlite3(sql, store: foreign)
        #expect(made.status == 0, "\(made)")
        let before = StoreBytes(foreign)
        let outcome = try workspace.run(["verify", "--lang", "en"], now: "2026-06-01T10:00", store: foreign)
        #expect(!outcome.signalled)
        let tables = try workspace.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", store: foreign)
            .compactMap { EngineJSON.string($0["name"]) }
        let mode = try workspace.sqlite("PRAGMA journal_mode", store: foreign).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let rows = try workspace.rows("SELECT count(*) AS n FROM \(table)", store: foreign)
        #expect(EngineJSON.int(rows.first?["n"]) == 1, "the other application's row is gone")
        #expect(outcome.status == 3 && outcome.stderr.contains(foreign.path), "\(outcome)")
        #expect(tables == [table], "tables now \(tables)")
        #expect(mode == "delete", "journal mode now \(mode)")
        #expect(StoreBytes(foreign).mainSHA == before.mainSHA, "the file was changed")
    }
}
