import Foundation
import Testing

/// Opening a store through the binary: many processes creating or migrating one store at the
/// same moment all succeed; a store from a newer SafeGrid, a missing path and an empty file are
/// refused with exit 3 and left exactly as they were.
@Suite("Store opening: concurrency, newer stores, missing and empty files")
struct StoreOpeningTests {
    static let now = "2026-06-01T10:00"

    /// Areas of their own for process `index`: a street, community and grid, a station, beat and police grid.
    static func areas(_ index: Int) -> String {
        """
        line,level,code,name,parent
        grid,street,S\(index),S\(index),
        grid,community,C\(index),C\(index),S\(index)
        grid,grid,G\(index),G\(index),C\(index)
        police,station,ST\(index),ST\(index),
        police,beat,B\(index),B\(index),ST\(index)
        police,police-grid,P\(index),P\(index),B\(index)

        """
    }

    /// Starts `safegrid ARGUMENTS` for each argument list so that all of them exec at the same
    /// instant: each waits in bash until a common wall-clock moment (well after the last is
    /// launched), then execs the binary. Returns every outcome.
    static func atOnce(_ work: EngineWorkspace, _ commands: [[String]], store: URL) throws -> [EngineOutcome] {
        let gate = try work.write("gate.sh", """
            #!/bin/bash
            # Sleep until $1 (microseconds since the epoch), then become safegrid with the other arguments.
            target="$1"; shift
            now="${EPOCHREALTIME/./}"
            wait=$((target - now))
            if [ "$wait" -gt 0 ]; then sleep "$(printf '%d.%06d' $((wait / 1000000)) $((wait % 1000000)))"; fi
            exec "$@"

            """)
        let start = Int64((Date().timeIntervalSince1970 + 0.5) * 1_000_000)
        let running = try commands.map { arguments in
            try EngineRunning(
                executable: URL(fileURLWithPath: "/bin/bash"), arguments: [gate.path, String(start), SafegridProcess.binary.path] + arguments,
                environment: work.processEnvironment(now: now, store: store), directory: work.directory)
        }
        return running.map { $0.wait() }
    }

    /// The schema of a store made by one process alone: what every store must end up with.
    static func reference() throws -> (schema: String, migrations: String, version: String) {
        let work = try EngineWorkspace("store-reference")
        defer { work.remove() }
        try work.write("areas.csv", areas(0))
        try work.ok(["area", "import", "areas.csv"], now: now)
        return try shape(work, work.store)
    }

    static func shape(_ work: EngineWorkspace, _ store: URL) throws -> (schema: String, migrations: String, version: String) {
        (try work.sqlite(".schema", store: store).stdout,
         try work.sqlite("SELECT identifier FROM grdb_migrations ORDER BY identifier", store: store).stdout,
         try work.sqlite("PRAGMA user_version", store: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("16 processes create one new store at the same moment, 10 times over: all succeed, the store is complete, verify passes")
    func sixteenCreateAtOnce() throws {
        let reference = try Self.reference()
        let work = try EngineWorkspace("store-create")
        defer { work.remove() }
        for index in 1...16 { try work.write("areas-\(index).csv", Self.areas(index)) }
        let started = Date()
        for round in 1...10 {
            let store = work.url("round-\(round).sqlite")
            let outcomes = try Self.atOnce(work, (1...16).map { ["area", "import", "areas-\($0).csv", "--lang", "en"] }, store: store)
            // Exactly one process made the store, and only it says so.
            let announced = "created a new store at \(store.path)\n"
            for outcome in outcomes {
                #expect(outcome.succeeded && [announced, ""].contains(outcome.stderr) && outcome.stdout.hasPrefix("Imported 6 areas"), "round \(round): \(outcome)")
            }
            #expect(outcomes.filter { $0.stderr == announced }.count == 1, "round \(round): \(outcomes.map(\.stderr))")
            let shape = try Self.shape(work, store)
            #expect(shape.schema == reference.schema, "round \(round): the schema differs from a store made by one process")
            #expect(shape.migrations == reference.migrations && shape.version == reference.version, "round \(round): \(shape.migrations) \(shape.version)")
            let areas = try work.rows("SELECT count(*) AS n, count(DISTINCT code) AS codes FROM area", store: store).first ?? [:]
            #expect(EngineJSON.int(areas["n"]) == 96 && EngineJSON.int(areas["codes"]) == 96, "round \(round): \(areas)")
            let mode = try work.sqlite("PRAGMA journal_mode", store: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(mode == "wal", "round \(round): journal mode \(mode)")
            let verify = try work.run(["verify", "--lang", "en"], now: Self.now, store: store)
            #expect(verify.succeeded && verify.stdout.hasPrefix("Intact"), "round \(round): \(verify)")
        }
        // The stores were built under temporary names and linked into place: none is left over.
        let names = try FileManager.default.contentsOfDirectory(atPath: work.directory.path)
        #expect(names.filter { $0.hasPrefix(".") }.isEmpty, "left over: \(names.sorted())")
        print("StoreOpeningTests: 10 rounds of 16 processes creating a store in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    @Test("16 processes open a store of the previous release at the same moment: one migrates, all succeed, verify passes")
    func sixteenMigrateAtOnce() throws {
        let reference = try Self.reference()
        let work = try EngineWorkspace("store-migrate")
        defer { work.remove() }
        try work.setUpExample()
        for round in 1...3 {
            // What a store of the release before v9-inspection-origin looks like.
            let downgrade = try work.sqlite("""
                ALTER TABLE inspection DROP COLUMN origin; ALTER TABLE bundle_export DROP COLUMN last_inspection;
                DELETE FROM grdb_migrations WHERE identifier = 'v9-inspection-origin'; PRAGMA user_version = 0;
                """)
            #expect(downgrade.status == 0, "\(downgrade)")
            let outcomes = try Self.atOnce(work, (1...16).map {
                ["venue", "add", "--id", "R\(round)-\($0)", "--name", "stall \($0)", "--kind", "stall", "--grid", "G1", "--police-grid", "P1"]
            }, store: work.store)
            for outcome in outcomes { #expect(outcome.succeeded && outcome.stderr.isEmpty, "round \(round): \(outcome)") }
            let shape = try Self.shape(work, work.store)
            #expect(shape.schema == reference.schema && shape.migrations == reference.migrations && shape.version == reference.version,
                    "round \(round): \(shape.migrations) \(shape.version)")
            let venues = try work.rows("SELECT count(*) AS n FROM venue WHERE id LIKE 'R\(round)-%'").first ?? [:]
            #expect(EngineJSON.int(venues["n"]) == 16, "round \(round): \(venues)")
            try work.ok(["verify"], now: Self.now)
        }
    }

    /// Commands that only read, and commands that write; a refused store is refused by all.
    static let readingCommands: [[String]] = [
        ["verify"], ["hazard", "list"], ["hazard", "show", "H-0000000000"], ["report", "--by", "grid"], ["venue", "list"],
        ["venue", "find", "x"], ["notice", "V1"], ["evidence", "path", "abcdef01"], ["key", "list"], ["hazard", "conflicts"],
        ["inspect", "--drafts"], ["checklist", "list"], ["calendar", "show"],
    ]
    static let writingCommands: [[String]] = [
        ["area", "import", "areas.csv"], ["venue", "add", "--id", "V9", "--name", "n", "--kind", "stall", "--grid", "G1", "--police-grid", "P1"],
        ["hazard", "rectify", "H-0000000000"],
    ]

    @Test("a store from a newer SafeGrid (higher user_version, or a migration unknown here): exit 3 naming both versions, file unchanged",
          arguments: ["user_version", "migration"])
    func newerStore(kind: String) throws {
        let work = try EngineWorkspace("store-newer")
        defer { work.remove() }
        try work.setUpExample()
        let ours = Int(try Self.shape(work, work.store).version)!
        let change = kind == "user_version"
            ? "PRAGMA user_version = \(ours + 1)"
            : "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future'); PRAGMA user_version = \(ours + 1)"
        #expect(try work.sqlite(change).status == 0)
        let dump = try work.sqlite(".dump").stdout
        let before = StoreBytes(work.store)
        for arguments in Self.readingCommands + Self.writingCommands {
            let outcome = try work.run(arguments + ["--lang", "en"], now: Self.now)
            EngineStoreErrorTests.expectStoreError(
                outcome, path: work.store.path,
                reason: "was written by a newer SafeGrid (schema version \(ours + 1)" + (kind == "migration" ? ", with migrations this safegrid does not know: v99-from-the-future" : "")
                    + "); this safegrid knows schema version \(ours) at most")
            #expect(StoreBytes(work.store) == before, "\(arguments) changed the store file")
        }
        let chinese = try work.run(["venue", "list", "--lang", "zh-CN"], now: Self.now)
        #expect(chinese.status == 3 && chinese.stderr.contains("由更新版本的 SafeGrid 写入（存储结构版本 \(ours + 1)") && chinese.stderr.contains("最高只支持存储结构版本 \(ours)"),
                "\(chinese)")
        #expect(try work.sqlite(".dump").stdout == dump)
        #expect(StoreBytes(work.store) == before)
    }

    @Test("a read-only command on a missing path: exit 3 naming the command that creates a store; nothing created")
    func missingPath() throws {
        let work = try EngineWorkspace("store-missing")
        defer { work.remove() }
        let store = work.url("mistyped.sqlite")
        let named = Self.readingCommands + [["hazard", "rectify", "H-0000000000"], ["inspect", "--venue", "V1", "--checklist", "fire-exits", "--responses", "r.json"]]
        for arguments in named {
            let outcome = try work.run(arguments + ["--lang", "en"], now: Self.now, store: store)
            EngineStoreErrorTests.expectStoreError(
                outcome, path: store.path, reason: "no store at \(store.path); create one with `safegrid area import AREAS.csv` (or `safegrid bundle merge FILE.sgb`)")
        }
        let chinese = try work.run(["hazard", "list", "--lang", "zh-CN"], now: Self.now, store: store)
        #expect(chinese.status == 3 && chinese.stderr.contains("\(store.path) 处没有数据存储；请先用 safegrid area import"), "\(chinese)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.directory.path).sorted() == ["xdg"])

        // The default store (no --store, no SAFEGRID_STORE): not there, so not made either;
        // checklist list and calendar show work without it.
        let unset = ["SAFEGRID_STORE": ""]
        let listed = try work.run(["hazard", "list", "--lang", "en"], now: Self.now, extra: unset)
        #expect(listed.status == 3 && listed.stderr.contains("no store at \(work.url("xdg").path)/safegrid/safegrid.sqlite"), "\(listed)")
        for arguments in [["checklist", "list"], ["calendar", "show", "2026"]] {
            let outcome = try work.run(arguments, now: Self.now, extra: unset)
            #expect(outcome.succeeded, "\(outcome)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.url("xdg").path).isEmpty)
        // A command that brings data in creates the default store, folder and all.
        try work.write("areas.csv", EngineFixtures.areasCSV)
        #expect(try work.run(["area", "import", "areas.csv"], now: Self.now, extra: unset).succeeded)
        #expect(FileManager.default.fileExists(atPath: work.url("xdg/safegrid/safegrid.sqlite").path))
        #expect(try work.run(["hazard", "list"], now: Self.now, extra: unset).succeeded)
    }

    @Test("an empty (0-byte) file is refused like any file that is not a store, by every command; it stays empty")
    func emptyFile() throws {
        let work = try EngineWorkspace("store-empty")
        defer { work.remove() }
        try work.write("areas.csv", EngineFixtures.areasCSV)
        let store = try work.write("empty.sqlite", "")
        for arguments in Self.readingCommands + Self.writingCommands {
            let outcome = try work.run(arguments + ["--lang", "en"], now: Self.now, store: store)
            EngineStoreErrorTests.expectStoreError(outcome, path: store.path, reason: "is an empty file (0 bytes), not a SafeGrid store")
            #expect(try Data(contentsOf: store).isEmpty, "\(arguments) wrote to the empty file")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: work.directory.path).sorted()
        #expect(names == ["areas.csv", "empty.sqlite", "xdg"], "\(names)")
    }

    @Test("a store file cut short is called damaged by every command, with what to do; exit 3, the file unchanged")
    func truncatedFile() throws {
        let work = try EngineWorkspace("store-truncated")
        defer { work.remove() }
        try work.setUpExample()
        try work.write("areas.csv", EngineFixtures.areasCSV)
        // Checkpointed into the file, then cut after its first two pages: the schema's page
        // stays, the tables it points to are gone.
        try work.sqlite("PRAGMA wal_checkpoint(TRUNCATE)")
        let handle = try FileHandle(forWritingTo: work.store)
        try handle.truncate(atOffset: 8192)
        try handle.close()
        let before = try Data(contentsOf: work.store)
        for arguments in Self.readingCommands + Self.writingCommands {
            let outcome = try work.run(arguments + ["--lang", "en"], now: Self.now)
            EngineStoreErrorTests.expectStoreError(outcome, path: work.store.path, reason: "is damaged")
            #expect(outcome.stderr.contains("restore it from a backup"), "\(outcome.stderr)")
            #expect(try Data(contentsOf: work.store) == before, "\(arguments) wrote to the damaged file")
        }
        let chinese = try work.run(["report", "--by", "grid"], now: Self.now)
        #expect(chinese.status == 3 && chinese.stderr.contains("已损坏") && chinese.stderr.contains("请从备份恢复"), "\(chinese.stderr)")
    }
}
