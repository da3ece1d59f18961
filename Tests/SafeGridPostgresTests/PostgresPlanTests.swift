import Foundation
import PostgresTesting
import SafeGridCore
@testable import SafeGridPostgres
import Testing

/// The reports read the indexes chosen for them: the server's own plan, on a table of 200,000
/// hazards (nine in ten closed) after VACUUM ANALYZE, as a station's would be.
@Suite struct PostgresPlanTests {
    @Test("the report by grid reads the running and the cancelled hazards through their partial indexes, and as of now the closed ones from the tallies")
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
        // The events' latest moment, as the chain's head keeps it (these rows have no events).
        try cluster.psql(database, """
            INSERT INTO chain_head (chain, seq, event, hash, latest_at, latest_recorded_at)
            VALUES ('ST1', 0, '', '\\x00', 1712000000, 1712000000)
            """)
        try cluster.psql(database, "VACUUM ANALYZE hazard")
        let now = Date(epochSeconds: 1_800_000_000)
        let past = Date(epochSeconds: 1_700_000_000 + 100_000 * 60)
        // As of a past date every hazard found by then is read, the running and the cancelled
        // through their indexes; the closed ones, nine in ten, whole: the server picks a
        // parallel scan of the table or of hazard_closed_by_grid, whichever costs less.
        let pastPlan = try store.countsPlan(CountQuery(asOf: past, dimension: .grid))
        #expect(pastPlan.contains("hazard_running_by_grid"), "\(pastPlan)")
        #expect(pastPlan.contains("hazard_cancelled"), "\(pastPlan)")
        #expect(pastPlan.contains("hazard_closed_by_grid") || pastPlan.contains("Seq Scan on hazard"), "\(pastPlan)")
        // As of now, after every event: the closed hazards from each grid's tally, the running
        // ones from their index, no hazard row read twice and no closed one read at all.
        let nowPlan = try store.countsPlan(CountQuery(asOf: now, dimension: .grid))
        #expect(nowPlan.contains("closed_tally") && nowPlan.contains("hazard_running_by_grid"), "\(nowPlan)")
        #expect(!nowPlan.contains("hazard_closed_by_grid") && !nowPlan.contains("Seq Scan on hazard"), "\(nowPlan)")
        let byPoliceGrid = try store.countsPlan(CountQuery(asOf: past, dimension: .policeGrid))
        // Either running-hazard index serves: the scan's condition is on when found and changed.
        #expect(byPoliceGrid.contains("hazard_running_by_"), "\(byPoliceGrid)")
    }
}
