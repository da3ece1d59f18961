import Foundation
import PostgresTesting
import SafeGridCore
import SafeGridEngine
import SafeGridPostgres
import SafeGridTesting
import Testing

/// Append-only in the database itself: the application's role cannot change or remove events;
/// a superuser who gets around the triggers is named by `verify`.
@Suite struct PostgresTamperTests {
    /// The worked example recorded into a new database; the engine and the database's name.
    static func example() throws -> (engine: SafeGridEngine, database: String, cluster: TestCluster) {
        let cluster = try TestCluster.shared()
        let url = try cluster.newDatabase()
        let (engine, clock) = try HazardStoreCompatibilitySuite(makeStore: { try PostgresHazardStore(url: url) }).makeEngine()
        _ = try DomainExample.build(engine: engine, clock: clock)
        return (engine, String(url.split(separator: "/").last!), cluster)
    }

    @Test("UPDATE, DELETE and TRUNCATE of events by the application's role are refused, and nothing changes")
    func applicationRoleRefused() throws {
        let (engine, database, cluster) = try Self.example()
        let before = try cluster.psql(database, "SELECT count(*), sum(at) FROM event")
        for sql in ["UPDATE event SET at = at + 1 WHERE seq = 3", "DELETE FROM event WHERE seq = 3", "TRUNCATE event CASCADE"] {
            #expect(throws: ClusterError.self, "\(sql) was allowed") { try cluster.psql(database, sql, user: "safegrid") }
        }
        #expect(try cluster.psql(database, "SELECT count(*), sum(at) FROM event") == before)
        #expect(try engine.verify().isIntact)
    }

    @Test("an event changed by a superuser around the triggers: verify names it")
    func superuserChangeFound() throws {
        let (engine, database, cluster) = try Self.example()
        #expect(try engine.verify().isIntact)
        try cluster.psql(database, """
            ALTER TABLE event DISABLE TRIGGER event_append_only;
            UPDATE event SET at = at + 3600 WHERE seq = 5;
            ALTER TABLE event ENABLE TRIGGER event_append_only;
            """)
        let verification = try engine.verify()
        #expect(!verification.isIntact)
        #expect(verification.problem?.sequence == 5, "\(String(describing: verification.problem))")
    }

    @Test("an event deleted by a superuser: verify names the gap")
    func superuserDeletionFound() throws {
        let (engine, database, cluster) = try Self.example()
        try cluster.psql(database, """
            ALTER TABLE event DISABLE TRIGGER event_append_only;
            DELETE FROM event WHERE seq = 4;
            ALTER TABLE event ENABLE TRIGGER event_append_only;
            """)
        let verification = try engine.verify()
        #expect(!verification.isIntact)
        #expect(verification.problem?.sequence == 5, "\(String(describing: verification.problem))")
    }

    @Test("a hazard row edited by a superuser: verify names the row and the column")
    func hazardRowChangeFound() throws {
        let (engine, database, cluster) = try Self.example()
        let id = try cluster.psql(database, "SELECT id FROM hazard ORDER BY pos LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines)
        try cluster.psql(database, "UPDATE hazard SET grid = 'G9' WHERE id = '\(id)'")
        let verification = try engine.verify()
        #expect(verification.integrityProblems.contains { $0.contains(id) && $0.contains("grid") }, "\(verification.integrityProblems)")
    }
}
