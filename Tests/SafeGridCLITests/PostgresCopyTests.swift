import Foundation
import PostgresTesting
import Testing

/// `safegrid store copy`: the demo station's SQLite store into PostgreSQL, proven complete, and
/// the server killed in the middle of a copy and of a bundle merge.
@Suite("PostgreSQL: store copy, and the server killed mid-way")
struct PostgresCopyTests {
    static let now = "2026-06-30T23:00"

    /// The demo store, made in `work` (its folder `demo`).
    static func demo(_ work: EngineWorkspace) throws -> URL {
        let folder = work.url("demo")
        try work.ok(["demo", "--output", folder.path, "--lang", "en"], now: now)
        return folder.appendingPathComponent("demo.sqlite")
    }

    static func copyJSON(_ outcome: EngineOutcome) throws -> [String: Any] {
        EngineJSON.object(try EngineJSON.parse(outcome.stdout))
    }

    @Test("the demo store copied: both verify, every grouping's report is the same, JSON reports byte for byte; run again, nothing is copied")
    func demoCopied() throws {
        let work = try EngineWorkspace("copy")
        defer { work.remove() }
        let demo = try Self.demo(work)
        let url = try TestCluster.shared().newDatabase()
        work.environment["SAFEGRID_EVIDENCE"] = work.url("city-evidence").path

        let copy = try work.ok(["store", "copy", "--from", demo.path, "--to", url, "--format", "json", "--lang", "en"], now: Self.now)
        let result = try Self.copyJSON(copy)
        #expect(result["complete"] as? Bool == true, "\(result)")
        #expect((result["reportsDiffering"] as? [Any])?.isEmpty == true)
        #expect(EngineJSON.int(EngineJSON.object(result["copied"])["events"]) == EngineJSON.int(result["sourceEvents"]))
        #expect(copy.stderr.contains("copy: events"), "progress on standard error: \(copy.stderr)")

        for by in ["grid", "police-grid", "street", "station", "category", "source"] {
            let sqlite = try work.ok(["report", "--by", by, "--format", "json", "--store", demo.path], now: Self.now)
            let postgres = try work.ok(["report", "--by", by, "--format", "json", "--store", url], now: Self.now)
            #expect(sqlite.stdout == postgres.stdout, "report --by \(by) differs")
            #expect(sqlite.stdout.count > 1_000)
        }
        // Each hazard's events are in one chain, even those recorded and followed up in one batch.
        let database = String(url.split(separator: "/").last!)
        let split = try TestCluster.shared().psql(database, "SELECT count(*) FROM (SELECT hazard FROM event GROUP BY hazard HAVING count(DISTINCT chain) > 1) AS s")
        #expect(split.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let chains = try TestCluster.shared().psql(database, "SELECT count(DISTINCT chain) FROM event")
        #expect(chains.trimmingCharacters(in: .whitespacesAndNewlines) != "0")
        let again = try Self.copyJSON(try work.ok(["store", "copy", "--from", demo.path, "--to", url, "--format", "json"], now: Self.now))
        #expect(EngineJSON.object(again["copied"]).isEmpty, "\(again)")
        #expect(EngineJSON.int(again["evidenceFiles"]) == 0)
        #expect(again["complete"] as? Bool == true)
    }

    /// Waits until `condition` holds (polled), at most `seconds`.
    static func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    @Test("the server killed in the middle of a store copy: whole batches only, and the same command completes it")
    func copyKilled() throws {
        let cluster = try TestCluster.start()
        defer { try? cluster.stop() }
        let work = try EngineWorkspace("copy-killed")
        defer { work.remove() }
        let demo = try Self.demo(work)
        let url = try cluster.newDatabase()
        let database = String(url.split(separator: "/").last!)
        work.environment["SAFEGRID_EVIDENCE"] = work.url("city-evidence").path
        let batch = 100

        let running = try work.start(["store", "copy", "--from", demo.path, "--to", url, "--batch", "\(batch)", "--lang", "en"], now: Self.now)
        let midway = Self.waitUntil(60) {
            // Before the copy has made the tables, there is nothing to count.
            let count = (try? cluster.psql(database, "SELECT count(*) FROM event")) ?? ""
            return (Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 2 * batch
        }
        try #require(midway, "the copy never got going")
        try cluster.kill()
        let cut = running.wait()
        #expect(!cut.succeeded, "the copy finished before the server was killed: \(cut)")
        #expect(cut.stderr.contains(url.replacingOccurrences(of: "postgres://", with: "").split(separator: "/").first.map(String.init) ?? "?"),
                "the error names the server: \(cut.stderr)")

        try cluster.restart()
        let kept = Int(try cluster.psql(database, "SELECT count(*) FROM event").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(kept > 0 && kept % batch == 0, "only whole batches were committed (\(kept) events)")
        let verify = try work.run(["verify", "--store", url, "--lang", "en"], now: Self.now)
        #expect(verify.succeeded, "what was committed verifies: \(verify)")

        let rerun = try Self.copyJSON(try work.ok(["store", "copy", "--from", demo.path, "--to", url, "--format", "json"], now: Self.now))
        #expect(rerun["complete"] as? Bool == true, "\(rerun)")
        #expect(EngineJSON.int(rerun["targetEvents"]) == EngineJSON.int(rerun["sourceEvents"]))
    }

    @Test("the server killed in the middle of a bundle merge: nothing half-merged, and the same command completes it")
    func mergeKilled() throws {
        let cluster = try TestCluster.start()
        defer { try? cluster.stop() }
        let station = try EngineWorkspace("merge-killed")
        let laptop = try EngineWorkspace("merge-killed-laptop")
        defer { station.remove(); laptop.remove() }
        let url = try cluster.newDatabase()
        let database = String(url.split(separator: "/").last!)
        station.environment["SAFEGRID_STORE"] = url
        station.environment["SAFEGRID_EVIDENCE"] = station.url("evidence").path
        let checklist = EngineFixtures.bulkChecklist(count: PostgresCityTests.items)
        let key = try PostgresCityTests.record(laptop, "laptop", station: 1, checklist: checklist)
        let now = "2026-06-02T09:00"
        try station.ok(["area", "import", try station.write("areas.csv", PostgresCityTests.areasCSV).path], now: now)
        try station.ok(["venue", "import", try station.write("venues.csv", PostgresCityTests.venuesCSV).path], now: now)
        try station.ok(["checklist", "import", try station.write("bulk.xml", checklist.xml).path], now: now)
        try station.ok(["key", "trust", key, "--name", "laptop"], now: now)
        let bundle = laptop.url("laptop.sgb")

        let running = try station.start(["bundle", "merge", bundle.path, "--lang", "en"], now: now)
        // The merge's transaction is open once it has written its first rows.
        let open = Self.waitUntil(60) {
            let active = (try? cluster.psql(
                "postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(database)' AND backend_xid IS NOT NULL")) ?? ""
            return (Int(active.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0
        }
        try #require(open, "the merge never began writing")
        try cluster.kill()
        let cut = running.wait()
        #expect(!cut.succeeded, "the merge finished before the server was killed: \(cut)")

        try cluster.restart()
        #expect(try cluster.psql(database, "SELECT count(*) FROM event").trimmingCharacters(in: .whitespacesAndNewlines) == "0",
                "nothing of the bundle is kept")
        #expect(try cluster.psql(database, "SELECT count(*) FROM inspection").trimmingCharacters(in: .whitespacesAndNewlines) == "0")

        try station.ok(["bundle", "merge", bundle.path], now: now)
        let expected = PostgresCityTests.inspections * PostgresCityTests.items
        #expect(try cluster.psql(database, "SELECT count(*) FROM hazard").trimmingCharacters(in: .whitespacesAndNewlines) == "\(expected)")
        #expect(try PostgresCityTests.counts(station, now: now) == PostgresCityTests.counts(laptop, now: now))
        try station.ok(["verify"], now: now)
    }
}
