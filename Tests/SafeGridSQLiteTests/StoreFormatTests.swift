import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import Testing

/// The file a store writes, pinned: the demo's six weeks written into a new store, with a row or
/// two in each small table, must give the schema and, table by table, the rows that the goldens
/// in `Golden/` hold. The goldens were
/// written by the store before its code was split by concern (issue 16), so a change to how the
/// store is written that changes what it writes fails here. A deliberate change of format is a
/// new migration, and new goldens: `SAFEGRID_WRITE_GOLDEN=1 swift test --filter StoreFormatTests`.
@Suite("SQLite store file format")
struct StoreFormatTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test("the demo's store has the golden schema and, table by table, the golden rows")
    func demoStoreMatchesGolden() throws {
        let path = try temporaryStorePath()
        let store = try SQLiteHazardStore(path: path)
        _ = try SQLiteDemoCountTests.engine(store, buildDemo: true)
        try store.write(Self.smallTables)
        try store.read { reader in
            // And they read back as written.
            let day = Date(epochSeconds: 1_780_000_000)
            #expect(try reader.settings() == ["province": "31"])
            #expect(try reader.calendarFiles().map(\.name) == ["2027.txt"])
            let keys = try reader.trustedKeys()
            #expect(keys.map(\.trustedBy) == ["golden"] && keys.map(\.trustedAt) == [day] && keys.map(\.revokedAt) == [day.addingTimeInterval(3600)])
            #expect(try reader.historySegments(signer: nil).map(\.after.events) == [3])
            #expect(try reader.historySegments(signer: "another").isEmpty)
            #expect(try reader.walkDrafts().map(\.id) == ["W-1"] && reader.walkDraft(id: "W-1")?.updatedAt == day.addingTimeInterval(60))
            #expect(try reader.walkDraft(id: "W-2") == nil)
            #expect(try reader.lastExportedSequence() == 12 && reader.lastExportedInspection() == 3)
        }
        let schema = try Self.sqlite(path, ".schema")
        let tables = try Self.sqlite(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .split(separator: "\n").map(String.init)
        // One line a table: its name, its row count and the SHA-256 of its rows as `.dump` writes
        // them, or as `varying` reads them.
        let contents = try tables.map { table in
            let rows = if let query = Self.varying[table] {
                try Self.sqlite(path, query, quoted: true).split(separator: "\n")
            } else {
                try Self.sqlite(path, ".dump \(table)").split(separator: "\n").filter { $0.hasPrefix("INSERT INTO") }
            }
            var digest = SHA256()
            for row in rows { digest.update(Array((row + "\n").utf8)) }
            return "\(table) \(rows.count) \(digest.finalize().hex)"
        }.joined(separator: "\n") + "\n"

        if ProcessInfo.processInfo.environment["SAFEGRID_WRITE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try schema.write(to: Self.golden.appendingPathComponent("store-schema.sql"), atomically: true, encoding: .utf8)
            try contents.write(to: Self.golden.appendingPathComponent("store-contents.txt"), atomically: true, encoding: .utf8)
        }
        let expectedSchema = try String(contentsOf: Self.golden.appendingPathComponent("store-schema.sql"), encoding: .utf8)
        let expectedContents = try String(contentsOf: Self.golden.appendingPathComponent("store-contents.txt"), encoding: .utf8)
        #expect(schema == expectedSchema, "the schema differs from Golden/store-schema.sql")
        let differing = zip(contents.split(separator: "\n"), expectedContents.split(separator: "\n")).filter { $0 != $1 }
        #expect(contents == expectedContents, "tables whose rows differ from Golden/store-contents.txt: \(differing.map(\.0))")
    }

    /// The rows of the tables whose bytes differ from run to run, without what differs: a
    /// checklist's body is JSON whose keys come in the order of Swift's per-process hashing, and
    /// the ledger keeps (and chains) those bodies.
    static let varying = [
        "checklist": "SELECT seq, id, version, hash FROM checklist ORDER BY seq",
        "ledger": "SELECT seq, tbl, key, CASE tbl WHEN 'checklist' THEN NULL ELSE body END FROM ledger ORDER BY seq",
        "ledger_head": "SELECT id, seq FROM ledger_head",
    ]

    /// A row or two in each small table the demo leaves empty, written as the store writes them.
    static func smallTables(_ writer: any HazardStoreWriter) throws {
        let day = Date(epochSeconds: 1_780_000_000)
        try writer.setSetting("province", to: "31")
        try writer.add(calendarFile: StoredCalendarFile(name: "2027.txt", text: "2027-01-01 holiday\n", importedAt: day, importedBy: "golden"))
        let key = TrustedKey(publicKey: [UInt8](repeating: 7, count: 32), name: "laptop-1", trustedAt: day, trustedBy: "golden")
        try writer.put(trustedKey: key)
        try writer.put(trustedKey: TrustedKey(
            publicKey: key.publicKey, name: key.name, trustedAt: day.addingTimeInterval(60), trustedBy: "someone else",
            revokedAt: day.addingTimeInterval(3600)))
        let segment = HistorySegment(signer: key.fingerprint, before: .start, after: HistoryPoint(events: 3, hash: ChainedEvent.genesis))
        try writer.put(historySegment: segment)
        try writer.put(historySegment: segment)
        for id in ["W-1", "W-2"] {
            try writer.put(walkDraft: WalkDraftRecord(
                id: id, venueID: "V001", checklistID: "fire", checklistVersion: "1", answered: 2, total: 9, startedAt: day,
                updatedAt: day.addingTimeInterval(60), body: "{}"))
        }
        try writer.removeWalkDraft(id: "W-2")
        try writer.setLastExportedSequence(12)
        try writer.setLastExportedInspection(3)
    }

    /// What the `sqlite3` shell prints for `command` on the store at `path`.
    /// - Parameters:
    ///   - path: the store.
    ///   - command: an SQL statement or a dot-command.
    ///   - quoted: values as SQL literals (blobs in hex), else as the shell's list mode prints them.
    static func sqlite(_ path: String, _ command: String, quoted: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = (quoted ? ["-cmd", ".mode quote"] : []) + [path, command]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 \(command)")
        return String(decoding: data, as: UTF8.self)
    }
}
