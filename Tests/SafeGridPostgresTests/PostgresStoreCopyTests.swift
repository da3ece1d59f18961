import Foundation
import PostgresTesting
import SafeGridCore
import SafeGridEngine
import SafeGridPostgres
import SafeGridTesting
import Testing

/// The URL of a store, and a store copied into PostgreSQL through the seam (`StoreCopy`).
@Suite struct PostgresStoreCopyTests {
    @Test("a postgres:// URL: its parts, shown without the password; a malformed one says what is missing")
    func location() throws {
        let location = try PostgresLocation("postgres://safegrid@127.0.0.1:5432/safegrid")
        #expect(location.user == "safegrid" && location.host == "127.0.0.1" && location.port == 5432 && location.database == "safegrid")
        let secret = try PostgresLocation("postgresql://city:s3cret@db.internal/reports", environment: [:])
        #expect(secret.password == "s3cret" && secret.port == 5432)
        #expect(!secret.description.contains("s3cret"))
        #expect(try PostgresLocation("postgres://city@db.internal/reports", environment: ["PGPASSWORD": "pw"]).password == "pw")
        for (url, missing) in [("postgres://db.internal/reports", "no user"), ("postgres://city@db.internal/", "no database")] {
            #expect { try PostgresLocation(url) } throws: { "\($0)".contains(missing) }
        }
    }

    @Test("the worked example copied from the in-memory store: every report the same, and a second copy adds nothing")
    func workedExampleCopied() throws {
        let (engine, clock) = try HazardStoreCompatibilitySuite(makeStore: { InMemoryHazardStore() }).makeEngine()
        _ = try DomainExample.build(engine: engine, clock: clock)
        let station = engine.store
        let city = try PostgresHazardStore(url: try TestCluster.shared().newDatabase())
        let copied = try StoreCopy(from: station, to: city).run { print($0.stage, $0.done) }
        #expect(copied.copied["events"] == (try station.read { try $0.chainHeads()[""]?.sequence }).map(Int.init))
        let copy = SafeGridEngine(store: city, clock: clock, calendar: HolidayCalendar(), stationTime: engine.stationTime)
        for grouping in ReportGrouping.allCases {
            let request = ReportRequest(asOf: DomainExample.endOf(6, 15), by: grouping)
            #expect(try engine.report(request) == copy.report(request), "\(grouping)")
        }
        #expect(try copy.verify().isIntact)
        #expect(try StoreCopy(from: station, to: city).run().copied.isEmpty)
    }
}
