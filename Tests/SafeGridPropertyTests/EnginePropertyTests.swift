import Foundation
import PostgresTesting
import PropertyBased
import SafeGridCore
import SafeGridEngine
import SafeGridPostgres
import SafeGridSQLite
import SafeGridTesting
import Testing

/// Property tests of the engine and the stores (issue 17): random scripts of legal and illegal
/// actions on random hazards, grids and cut-offs (``Script``), and the invariants of the counts
/// after each (``Invariants``). A failure prints the script and the seed that reproduces it
/// (`.fixedSeed(…)` on the test).
///
/// `swift test` runs 500 scripts in memory, 60 on SQLite and 15 on PostgreSQL, a minute or two;
/// `SAFEGRID_PROPERTY_SCALE=N` runs N times as many (README, "Tests and benchmarks", gives a long run).
@Suite("Properties of the engine and the stores")
struct EnginePropertyTests {
    /// Scripts of 1 to 40 steps of five numbers.
    static let scripts = Gen.int(in: 0...999).array(of: 5).array(of: 1...40).map(Script.init)

    /// How many scripts a test plays: `count`, times `SAFEGRID_PROPERTY_SCALE` when set.
    static func cases(_ count: Int) -> Int {
        count * max(1, Int(ProcessInfo.processInfo.environment["SAFEGRID_PROPERTY_SCALE"] ?? "") ?? 1)
    }

    @Test("in memory: closed ≤ found, rates in [0, 1], groups add up, roll-ups, frozen reports, the fold, refusals change nothing, a replay is byte-identical")
    func inMemory() async {
        await propertyCheck(count: Self.cases(500), input: Self.scripts) { script in
            let (engine, clock) = try Script.engine(InMemoryHazardStore())
            let played = try script.play(on: [(engine, clock)])
            try Invariants.check(engine, played)
            try Invariants.checkReplay(engine, into: InMemoryHazardStore(), asOf: played.end)
        }
    }

    @Test("SQLite and in memory, in lockstep: the same refusals and every report byte-identical; the invariants on SQLite; a replay into SQLite")
    func sqliteAgrees() async {
        await propertyCheck(count: Self.cases(60), input: Self.scripts) { script in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-property-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let memory = try Script.engine(InMemoryHazardStore())
            let sqlite = try Script.engine(try SQLiteHazardStore(path: path))
            let played = try script.play(on: [memory, sqlite])
            #expect(try Invariants.reports(sqlite.0, asOf: played.end) == Invariants.reports(memory.0, asOf: played.end))
            try Invariants.check(sqlite.0, played)
            let replay = path + "-replay"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: replay + suffix) } }
            try Invariants.checkReplay(memory.0, into: try SQLiteHazardStore(path: replay), asOf: played.end)
        }
    }

    /// A new database per script, on the test cluster (scripts/pg-cluster; CI starts one).
    @Test("PostgreSQL and in memory, in lockstep: the same refusals and every report byte-identical; the invariants on PostgreSQL")
    func postgresAgrees() async throws {
        let cluster = try TestCluster.shared()
        await propertyCheck(count: Self.cases(15), input: Self.scripts) { script in
            let memory = try Script.engine(InMemoryHazardStore())
            let postgres = try Script.engine(try PostgresHazardStore(url: try cluster.newDatabase()))
            let played = try script.play(on: [memory, postgres])
            #expect(try Invariants.reports(postgres.0, asOf: played.end) == Invariants.reports(memory.0, asOf: played.end))
            try Invariants.check(postgres.0, played)
        }
    }
}
