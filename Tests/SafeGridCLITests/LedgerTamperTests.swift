import Foundation
import Testing

/// Every table a report, a notice or a merge reads, edited with the sqlite3 tool one column at
/// a time (triggers dropped): `verify` exits 1 and names the table, the row and the column (or,
/// for a column that names the row, that a row was added and another deleted outside SafeGrid).
@Suite("Tampering with every table and column")
struct LedgerTamperTests {
    static let now = "2026-06-03T09:00"

    /// A station that merged a laptop's bundle (an event, an inspection and a photo) and a
    /// reference bundle with a plan (signed by the same key), recorded
    /// its own inspections (one a joint check) and follow-ups, printed a notice and a re-inspection record, imported a
    /// calendar and trusts a key.
    // Built once, read by the parallel cases (each edits a copy).
    nonisolated(unsafe) static let base: Result<EngineWorkspace, any Error> = Result {
        let world = try BundleRefusalTests().world()
        let station = world.station
        try station.ok(["bundle", "merge", world.bundle.path], now: BundleRefusalTests.now)
        // A row in carried_plan: the laptop's key is trusted, so its reference bundle will do.
        let reference = world.laptop.url("reference.sgb")
        try world.laptop.ok(["bundle", "export", "--reference", "--grid", "G1", "--output", reference.path], now: BundleRefusalTests.now)
        try station.ok(["bundle", "merge", reference.path], now: BundleRefusalTests.now)
        world.laptop.remove()
        let all = EngineFixtures.exampleItems
        let v2 = try station.responses("v2.json", items: all, failing: ["A", "C"], fixedOnSpot: ["C"])
        let found = try station.ok(
            ["inspect", "--venue", "V2", "--checklist", "example", "--inspector", "Zhang", "--at", "2026-06-02T21:00",
             "--responses", v2.path, "--format", "json"], now: "2026-06-02T21:30")
        guard let hazard = try EngineWorkspace.hazardIDs(found)["A"] else { throw EngineTestError("no hazard A: \(found)") }
        // A joint check of two departments: its rows in joint_check.
        let joint = try station.responses("joint.json", items: all, failing: [])
        try station.ok(
            ["inspect", "--venue", "V2", "--checklist", "example", "--inspector", "Zhang", "--at", "2026-06-02T22:00",
             "--responses", joint.path, "--source", "joint-check", "--department", "fire-rescue", "--department", "market-supervision"],
            now: "2026-06-02T22:30")
        // The notice first: once reported fixed the hazard is no longer on one.
        try station.ok(["notice", "V2", "--format", "md"], now: now)
        try station.ok(["hazard", "rectify", hazard, "--at", "2026-06-03T08:00"], now: now)
        // Re-inspected and failed: its re-inspection record follows the notice.
        try station.ok(["hazard", "reinspect", hazard, "--fail", "--at", "2026-06-03T08:30"], now: now)
        try station.ok(["hazard", "reinspection-record", hazard, "--format", "md"], now: now)
        try station.ok(["calendar", "import", try station.write("2027.txt", "year 2027 测试\n2027-01-01 holiday 元旦\n").path], now: now)
        try station.ok(["config", "set", "province", "重庆"], now: now)
        try station.ok(["verify"], now: now)
        return station
    }

    /// Changes one column of one row: integers by one, texts by a letter, blobs to random bytes,
    /// NULL to a text.
    static func edit(_ table: String, _ column: String, rowCondition: String) -> String {
        """
        UPDATE \(table) SET \(column) = CASE
            WHEN typeof(\(column)) = 'integer' THEN (CASE WHEN \(column) = 9223372036854775807 THEN \(column) - 1 ELSE \(column) + 1 END)
            WHEN typeof(\(column)) = 'text' THEN \(column) || 'x' WHEN typeof(\(column)) = 'blob' THEN randomblob(length(\(column)))
            ELSE 'x' END WHERE \(rowCondition);
        """
    }

    static let dropTriggers = """
        DROP TRIGGER event_is_append_only_update; DROP TRIGGER event_is_append_only_delete;
        DROP TRIGGER ledger_is_append_only_update; DROP TRIGGER ledger_is_append_only_delete;
        """

    /// The tables, the columns that name a row (whose edit reads as a row added and one deleted).
    static let tables: [(table: String, keys: Set<String>)] = [
        ("hazard", ["id"]), ("inspection", ["id"]), ("checklist", ["seq"]), ("venue", ["id"]), ("area", ["line", "code"]),
        ("grid_link", ["grid", "police_grid"]), ("notice", ["issuer", "year", "seq"]), ("joint_check", ["department", "inspection"]), ("reinspection_record", ["issuer", "year", "seq"]),
        ("calendar_file", ["seq"]), ("carried_plan", ["grid", "day"]),
        ("trusted_key", ["fingerprint"]), ("setting", ["key"]), ("closed_tally", []), ("event_extent", []), ("ledger", []), ("ledger_head", []),
        ("chain_head", []), ("event", []),
    ]

    static let singleRow: Set = ["event_extent", "ledger_head", "chain_head"]

    @Test("each column of each table, edited, makes verify exit 1 and name it", arguments: tables.map(\.table))
    func everyColumn(_ table: String) throws {
        let base = try Self.base.get()
        let keys = Self.tables.first { $0.table == table }!.keys
        // Read from a copy: the cases run at once, and sqlite3 does not wait for another's lock.
        let probe = try EngineWorkspace("tamper-probe")
        defer { probe.remove() }
        try base.copyStore(to: probe)
        let columns = try probe.rows("SELECT name FROM pragma_table_info('\(table)')").compactMap { EngineJSON.string($0["name"]) }
        #expect(!columns.isEmpty)
        let rowCount = EngineJSON.int(try probe.rows("SELECT count(*) AS n FROM \(table)").first?["n"]) ?? 0
        #expect(rowCount > 0, "the base store has no \(table) rows to edit")
        // A single-row table's id is held to 1 by a CHECK; an event's seq is the chain's order.
        for column in columns where !(column == "id" && Self.singleRow.contains(table)) && !(table == "event" && column == "seq") {
            let work = try EngineWorkspace("tamper-\(table)")
            defer { work.remove() }
            try base.copyStore(to: work)
            try FileManager.default.copyItem(atPath: base.store.path + ".evidence", toPath: work.store.path + ".evidence")
            // The last row; tables without a rowid, their first by key.
            let sql = ["hazard", "closed_tally", "joint_check"].contains(table)
                ? Self.firstRowEdit(table, column) : Self.edit(table, column, rowCondition: "rowid = (SELECT max(rowid) FROM \(table))")
            let edited = try work.sqlite(Self.dropTriggers + sql)
            #expect(edited.status == 0, "\(table).\(column): sqlite3 refused the edit: \(edited)")
            let outcome = try work.run(["verify", "--lang", "en"], now: Self.now)
            #expect(outcome.status == 1, "\(table).\(column) edited, verify says: \(outcome)")
            let said = outcome.stderr
            if table == "event" || table == "chain_head" {
                #expect(said.contains("event #") || said.contains("table event"), "\(table).\(column): \(said)")
            } else if table == "ledger" || table == "ledger_head" {
                #expect(said.contains("table ledger"), "\(table).\(column): \(said)")
            } else if table == "event_extent" {
                #expect(said.contains("table event_extent"), "\(table).\(column): \(said)")
            } else if keys.contains(column) {
                #expect(said.contains("table \(table), row") && said.contains("outside SafeGrid"), "\(table).\(column): \(said)")
            } else if table == "closed_tally" {
                #expect(said.contains("table closed_tally, row"), "\(table).\(column): \(said)")
            } else {
                #expect(said.contains("table \(table), row") && said.contains("column \(column):"), "\(table).\(column): \(said)")
            }
        }
    }

    /// Edits a column of the first row of a table without a rowid (by its primary key).
    static func firstRowEdit(_ table: String, _ column: String) -> String {
        let key = switch table {
        case "hazard": "id"
        case "joint_check": "department || '/' || inspection"
        default: "line || '/' || code"
        }
        return edit(table, column, rowCondition: "\(key) = (SELECT min(\(key)) FROM \(table))")
    }

    @Test("a merged event marked as recorded here, or a local one as merged, is named")
    func eventOrigin() throws {
        let base = try Self.base.get()
        for (label, sql) in [
            ("merged → here", "UPDATE event SET origin = '' WHERE origin != '';"),
            ("here → merged", "UPDATE event SET origin = 'ab12-cd34-ef56-7890' WHERE seq = (SELECT max(seq) FROM event WHERE origin = '');"),
        ] {
            let work = try EngineWorkspace("tamper-origin")
            defer { work.remove() }
            try base.copyStore(to: work)
            #expect(try work.sqlite(Self.dropTriggers + sql).status == 0)
            let outcome = try work.run(["verify", "--lang", "en"], now: Self.now)
            #expect(outcome.status == 1 && outcome.stderr.contains("column origin"), "\(label): \(outcome)")
        }
    }
}
