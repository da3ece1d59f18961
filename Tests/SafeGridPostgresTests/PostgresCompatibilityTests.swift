import Foundation
import PostgresTesting
import SafeGridPostgres
import SafeGridTesting
import Testing

/// The store compatibility suite, on a real PostgreSQL server: exactly as SQLite and the
/// in-memory store pass it.
@Suite struct PostgresCompatibilityTests {
    @Test(arguments: HazardStoreCompatibilitySuite.checks)
    func compatibility(_ check: HazardStoreCompatibilitySuite.Check) throws {
        let cluster = try TestCluster.shared()
        try HazardStoreCompatibilitySuite(makeStore: { try PostgresHazardStore(url: try cluster.newDatabase()) }).run(check)
    }
}
