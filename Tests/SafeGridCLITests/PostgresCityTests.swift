import Foundation
import PostgresTesting
import Testing

/// A city on one PostgreSQL store: four stations, two laptops each, every laptop's night merged
/// by a `safegrid bundle merge` process of its own, all eight at once.
@Suite("PostgreSQL: a city's stations writing at once")
struct PostgresCityTests {
    static let stations = 4
    static let laptopsPerStation = 2
    /// 10 inspections × 200 failing items: 2,000 hazards a laptop.
    static let inspections = 10
    static let items = 200

    /// Four stations, each with a beat, a police grid (P1…P4), a grid (G1…G4) and a venue (V1…V4).
    static let areasCSV: String = {
        var lines = ["line,level,code,name,parent", "grid,street,S1,S1,", "grid,community,C1,C1,S1"]
        for n in 1...stations {
            lines += ["grid,grid,G\(n),G\(n),C1", "police,station,ST\(n),ST\(n),", "police,beat,B\(n),B\(n),ST\(n)",
                      "police,police-grid,P\(n),P\(n),B\(n)", "link,,G\(n),,P\(n)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static let venuesCSV: String = {
        ["id,name,kind,grid,police_grid,tags,address,contact"] + (1...stations).map { "V\($0),V\($0),stall,G\($0),P\($0),,," }
    }().joined(separator: "\n") + "\n"

    /// A laptop of station `station`: the station's areas, venues and checklist, its own key,
    /// and `inspections` inspections of the station's venue, each failing every item; its night
    /// exported as a bundle (`NAME.sgb` in the workspace). Returns the laptop's public key.
    static func record(_ laptop: EngineWorkspace, _ name: String, station: Int, checklist: (xml: String, items: [String])) throws -> String {
        let now = "2026-06-01T08:00"
        try laptop.ok(["area", "import", try laptop.write("areas.csv", areasCSV).path], now: now)
        try laptop.ok(["venue", "import", try laptop.write("venues.csv", venuesCSV).path], now: now)
        try laptop.ok(["checklist", "import", try laptop.write("bulk.xml", checklist.xml).path], now: now)
        let key = try laptop.initKey(now: now)
        let responses = try laptop.responses("all.json", items: checklist.items, failing: Set(checklist.items))
        for index in 0..<inspections {
            let at = String(format: "2026-06-01T%02d:%02d", 18 + index / 6, (index % 6) * 10)
            try laptop.ok(
                ["inspect", "--venue", "V\(station)", "--checklist", "bulk", "--inspector", name, "--at", at, "--responses", responses.path],
                now: at)
        }
        try laptop.ok(["bundle", "export", "--output", laptop.url("\(name).sgb").path], now: "2026-06-01T23:00")
        return key
    }

    /// The counts of `report --by police-grid --format json`, by police grid.
    static func counts(_ workspace: EngineWorkspace, now: String) throws -> [String: [String: Int]] {
        let report = EngineJSON.object(try workspace.json(["report", "--by", "police-grid", "--as-of", "2026-06-02"], now: now))
        var result: [String: [String: Int]] = [:]
        for group in EngineJSON.array(report["groups"]).map(EngineJSON.object) {
            let key = EngineJSON.string(group["key"]) ?? "?"
            for field in ["found", "closed", "due", "onTime", "overdue"] {
                result[key, default: [:]][field] = EngineJSON.int(group[field]) ?? -1
            }
        }
        return result
    }

    @Test("8 bundle merges at once × 2,000 hazards (4 stations × 2 laptops): nothing lost, every chain verifies, the report is the sum")
    func eightWriters() throws {
        let cluster = try TestCluster.shared()
        let station = try EngineWorkspace("city")
        defer { station.remove() }
        station.environment["SAFEGRID_STORE"] = try cluster.newDatabase()
        station.environment["SAFEGRID_EVIDENCE"] = station.url("evidence").path
        let checklist = EngineFixtures.bulkChecklist(count: Self.items)

        // The eight laptops' nights, recorded side by side.
        let names = (1...Self.stations).flatMap { s in (1...Self.laptopsPerStation).map { (name: "st\(s)-laptop\($0)", station: s) } }
        let side = SideBySide(laptops: try names.map { try EngineWorkspace($0.name) })
        let laptops = side.laptops
        defer { for laptop in laptops { laptop.remove() } }
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let (name, number) = names[index]
            do {
                let key = try Self.record(side.laptops[index], name, station: number, checklist: checklist)
                side.lock.withLock { side.keys[name] = key }
            } catch {
                side.lock.withLock { side.failures.append("\(name): \(error)") }
            }
        }
        let keys = side.keys
        try #require(side.failures.isEmpty, "\(side.failures)")

        let now = "2026-06-02T09:00"
        try station.ok(["area", "import", try station.write("areas.csv", Self.areasCSV).path], now: now)
        try station.ok(["venue", "import", try station.write("venues.csv", Self.venuesCSV).path], now: now)
        try station.ok(["checklist", "import", try station.write("bulk.xml", checklist.xml).path], now: now)
        for (name, key) in keys.sorted(by: { $0.key < $1.key }) {
            try station.ok(["key", "trust", key, "--name", name], now: now)
        }
        // All eight at once, each its own process.
        let running = try zip(names, laptops).map { name, laptop in
            try station.start(["bundle", "merge", laptop.url("\(name.name).sgb").path], now: now)
        }
        let outcomes = running.map { $0.wait() }
        for outcome in outcomes { #expect(outcome.succeeded, "\(outcome)") }

        // Nothing lost: the city's report is the sum of the laptops' own.
        var expected: [String: [String: Int]] = [:]
        for laptop in laptops {
            for (group, counts) in try Self.counts(laptop, now: now) {
                for (field, value) in counts { expected[group, default: [:]][field, default: 0] += value }
            }
        }
        let merged = try Self.counts(station, now: now)
        #expect(merged == expected)
        #expect(merged.values.reduce(0) { $0 + ($1["found"] ?? 0) } == Self.stations * Self.laptopsPerStation * Self.inspections * Self.items)

        // A chain per station, each whole.
        let database = String(station.environment["SAFEGRID_STORE"]!.split(separator: "/").last!)
        let chains = try cluster.psql(database, "SELECT chain || ':' || count(*) FROM event GROUP BY chain ORDER BY chain")
        #expect(chains.split(separator: "\n").map(String.init) == (1...Self.stations).map {
            "ST\($0):\(Self.laptopsPerStation * Self.inspections * Self.items)"
        })
        let verify = try station.run(["verify", "--lang", "en"], now: now)
        #expect(verify.succeeded, "\(verify)")
    }
}

/// The laptops recording side by side, and what each gave back (under `lock`).
private final class SideBySide: @unchecked Sendable {
    let laptops: [EngineWorkspace]
    let lock = NSLock()
    var keys: [String: String] = [:]
    var failures: [String] = []

    init(laptops: [EngineWorkspace]) { self.laptops = laptops }
}
