import Foundation
import PostgresTesting
import SafeGridCore
@testable import SafeGridPostgres
import Testing

/// The reports read the indexes chosen for them: the server's own plan, on a table of 200,000
/// hazards (nine in ten closed) after VACUUM ANALYZE, as a station's would be.
@Suite struct PostgresPlanTests {
    @Test("the report by grid, as of now and as of a past date, reads the running and the cancelled hazards through their partial indexes")
    func reportByGridPlan() throws {
        let cluster = try TestCluster.shared()
        let url = try cluster.newDatabase()
        let store = try PostgresHazardStore(url: url)
        let database = String(url.split(separator: "/").last!)
        try cluster.psql(database, """
            INSERT INTO hazard (id, chain, venue, category, severity, grid, police_grid, status, found_at, found_recorded_at, deadline,
                closed_at, closed_recorded_at, closed_on_time, cancelled_at, cancelled_recorded_at, parked, history_at,
                history_recorded_at, conflicts, source, campaign, department, joint_check)
            SELECT 'H-' || i, 'ST1', 'V' || (i % 5000), 'fire', 'major', 'G' || (i % 500), 'P' || (i % 50),
                CASE WHEN i % 10 = 0 THEN 'open' WHEN i % 97 = 0 THEN 'cancelled' ELSE 'closed' END,
                1700000000 + i * 60, 1700000000 + i * 60, 1700600000 + i * 60,
                CASE WHEN i % 10 = 0 OR i % 97 = 0 THEN 9223372036854775807 ELSE 1700300000 + i * 60 END,
                CASE WHEN i % 10 = 0 OR i % 97 = 0 THEN 9223372036854775807 ELSE 1700300000 + i * 60 END,
                i % 3 = 0,
                CASE WHEN i % 97 = 0 THEN 1700300000 + i * 60 ELSE 9223372036854775807 END,
                CASE WHEN i % 97 = 0 THEN 1700300000 + i * 60 ELSE 9223372036854775807 END,
                false, -9223372036854775808, -9223372036854775808, 0, 'routine', NULL, 'police', NULL
            FROM generate_series(1, 200000) AS i
            """)
        try cluster.psql(database, "VACUUM ANALYZE hazard")
        let now = Date(epochSeconds: 1_800_000_000)
        let past = Date(epochSeconds: 1_700_000_000 + 100_000 * 60)
        for asOf in [now, past] {
            let plan = try store.countsPlan(CountQuery(asOf: asOf, dimension: .grid))
            #expect(plan.contains("hazard_running_by_grid"), "\(plan)")
            #expect(plan.contains("hazard_cancelled"), "\(plan)")
            // The closed hazards, nine in ten, are read whole: the server picks a parallel scan
            // of the table or of hazard_closed_by_grid, whichever costs less.
            #expect(plan.contains("hazard_closed_by_grid") || plan.contains("Seq Scan on hazard"), "\(plan)")
        }
        let byPoliceGrid = try store.countsPlan(CountQuery(asOf: now, dimension: .policeGrid))
        // Either running-hazard index serves: the scan's condition is on when found and changed.
        #expect(byPoliceGrid.contains("hazard_running_by_"), "\(byPoliceGrid)")
    }
}
