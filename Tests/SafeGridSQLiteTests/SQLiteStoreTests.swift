import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import SafeGridXML
import Testing

/// A fresh SQLite file in a temporary directory.
func temporaryStorePath() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-sqlite-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("store.sqlite").path
}

@Suite("SQLite store compatibility")
struct SQLiteStoreTests {
    @Test(arguments: HazardStoreCompatibilitySuite.checks)
    func compatibility(_ check: HazardStoreCompatibilitySuite.Check) throws {
        try HazardStoreCompatibilitySuite(makeStore: { try SQLiteHazardStore(path: try temporaryStorePath()) }).run(check)
    }
}

/// The demo's six weeks (hundreds of hazards: rectified, reworked, extended, deferred,
/// cancelled, recorded late) in an SQLite store and in the in-memory store, which folds every
/// hazard's events for each count: SQLite's counts (from its rows, tallies and indexes, or from
/// the fold for hazards that changed after the cut-off) must be the same for every grouping.
@Suite("SQLite counts against folding, on the demo's six weeks")
struct SQLiteDemoCountTests {
    /// The demo's clock: its six weeks end here.
    static let now = StationTime.shanghai.endOfDay(CivilDate("2026-06-30")!).addingTimeInterval(-3 * 3600)

    /// An engine over `store` at the demo's clock; `buildDemo` fills the store first.
    static func engine(_ store: any HazardStore, buildDemo: Bool) throws -> SafeGridEngine {
        let engine = SafeGridEngine(store: store, clock: FixedWallClock(now), calendar: .chinaMainland, identifiers: SequentialIdentifiers())
        if buildDemo { _ = try DemoScenario.build(engine: engine, checklists: try ChecklistImporter().builtinChecklists()) }
        return engine
    }

    @Test("every grouping, as of each third day and now, live and frozen, with and without a period")
    func demoCounts() throws {
        let now = Self.now
        let sqlite = try Self.engine(try SQLiteHazardStore(path: try temporaryStorePath()), buildDemo: true)
        let folded = try Self.engine(InMemoryHazardStore(), buildDemo: true)
        let summary = try sqlite.store.read { reader in
            var statuses: [HazardStatus: Int] = [:]
            try reader.hazards(HazardFilter()) { statuses[$0.status, default: 0] += 1 }
            return statuses
        }
        #expect(HazardStatus.allCases.allSatisfy { (summary[$0] ?? 0) > 0 }, "the demo has hazards in every status: \(summary)")

        let station = StationTime.shanghai
        let firstDay = station.day(of: now).adding(days: -42)
        var moments = stride(from: 0, through: 42, by: 3).map { station.endOfDay(firstDay.adding(days: $0)) }
        moments.append(now.addingTimeInterval(3600))
        let wholeSpan = station.startOfDay(firstDay)...now
        var compared = 0
        for asOf in moments {
            for recorded in [nil, asOf.addingTimeInterval(-86_400)] {
                for period in [nil, wholeSpan] {
                    for dimension in CountDimension.allCases {
                        let query = CountQuery(asOf: asOf, asRecordedAt: recorded, discoveredIn: period, dimension: dimension)
                        let stored = try sqlite.store.read { try $0.counts(query) }
                        let reference = try folded.store.read { try $0.counts(query) }
                        #expect(stored == reference, "\(dimension.rawValue) as of \(asOf) recorded \(recorded.map { "\($0)" } ?? "now") period \(period != nil)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == moments.count * 2 * 2 * CountDimension.allCases.count)
    }

    /// SQLite reads most overdue hazards from their rows (and recorded event), folding only
    /// those changed after the cut-off; the in-memory store folds every one.
    @Test("the overdue lists of reports, as of each third day and now, live and frozen, with and without a period")
    func demoOverdue() throws {
        let now = Self.now
        let sqlite = try Self.engine(try SQLiteHazardStore(path: try temporaryStorePath()), buildDemo: true)
        let folded = try Self.engine(InMemoryHazardStore(), buildDemo: true)
        let station = StationTime.shanghai
        let firstDay = station.day(of: now).adding(days: -42)
        var days = stride(from: 0, through: 42, by: 3).map { firstDay.adding(days: $0) }
        days.append(station.day(of: now))
        var listed = 0
        for day in days {
            let asOf = day == station.day(of: now) ? now.addingTimeInterval(3600) : station.endOfDay(day)
            for recorded in [nil, asOf.addingTimeInterval(-86_400)] {
                for from in [nil, firstDay.adding(days: 7)] {
                    let request = ReportRequest(asOf: asOf, asRecordedAt: recorded, by: .grid, from: from)
                    let stored = try sqlite.withReport(request) { try $0.overdue.prefix(10_000) }
                    let reference = try folded.withReport(request) { try $0.overdue.prefix(10_000) }
                    #expect(stored == reference, "as of \(asOf) recorded \(recorded.map { "\($0)" } ?? "now") from \(from.map { "\($0)" } ?? "the start")")
                    listed += stored.count
                }
            }
        }
        #expect(listed > 100, "the demo's reports list overdue hazards: \(listed)")
    }

    @Test("a store written before migration v3 is brought up to date: same counts, tallies and extent from its rows, intact")
    func migrationV3() throws {
        let path = try temporaryStorePath()
        let queries = [Self.now.addingTimeInterval(3600), StationTime.shanghai.endOfDay(CivilDate("2026-06-10")!)].flatMap { asOf in
            [CountDimension.grid, .policeGrid, .category].map { CountQuery(asOf: asOf, dimension: $0) }
        }
        let expected = try {
            let engine = try Self.engine(try SQLiteHazardStore(path: path), buildDemo: true)
            return try queries.map { query in try engine.store.read { try $0.counts(query) } }
        }()
        // Back to the schema of v2, as a store written by an earlier SafeGrid has it.
        let downgrade = Process()
        downgrade.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        downgrade.arguments = [path, """
            DROP TABLE event_extent; DROP TABLE closed_tally;
            DROP INDEX hazard_running_by_grid; DROP INDEX hazard_running_by_police_grid;
            DROP INDEX hazard_closed_by_grid; DROP INDEX hazard_closed_by_police_grid; DROP INDEX hazard_cancelled;
            CREATE INDEX hazard_by_grid ON hazard
                (grid, found_at, closed_at, cancelled_at, deadline, closed_on_time, parked, history_at);
            CREATE INDEX hazard_by_police_grid ON hazard
                (police_grid, found_at, closed_at, cancelled_at, deadline, closed_on_time, parked, history_at);
            DELETE FROM grdb_migrations WHERE identifier = 'v3';
            """]
        try downgrade.run()
        downgrade.waitUntilExit()
        #expect(downgrade.terminationStatus == 0)

        let engine = try Self.engine(try SQLiteHazardStore(path: path), buildDemo: false)
        let migrated = try queries.map { query in try engine.store.read { try $0.counts(query) } }
        #expect(migrated == expected)
        let verification = try engine.verify()
        #expect(verification.isIntact, "\(verification.integrityProblems)")
    }
}
