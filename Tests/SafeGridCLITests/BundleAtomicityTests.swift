import Foundation
import Testing

/// `bundle merge A B` is one transaction: a file that passes its signature check but fails while
/// being applied merges nothing, not even the files before it.
@Suite("Merging several bundles at once")
struct BundleAtomicityTests {
    @Test("a good reference bundle, then a laptop's follow-up of a hazard this store never had: nothing is merged")
    func allOrNothing() throws {
        let station = try EngineWorkspace("atomic-station")
        let laptop = try EngineWorkspace("atomic-laptop")
        let other = try EngineWorkspace("atomic-other")
        defer { station.remove(); laptop.remove(); other.remove() }
        let now = "2026-06-01T12:00"
        try station.setUpExample()
        let responses = try station.responses("v1.json", items: EngineFixtures.exampleItems, failing: ["A"])
        let found = EngineJSON.object(try station.json(
            ["inspect", "--venue", "V1", "--checklist", "example", "--responses", responses.path], now: now))
        let hazard = try #require(EngineJSON.string(EngineJSON.object(EngineJSON.array(found["hazards"]).first)["id"]))
        let stationKey = try station.initKey(now: now)
        let g1 = station.url("g1.sgb"), g2 = station.url("g2.sgb"), night = station.url("night.sgb")
        try station.ok(["bundle", "export", "--reference", "--grid", "G1", "--output", g1.path], now: now)
        try station.ok(["bundle", "export", "--reference", "--grid", "G2", "--output", g2.path], now: now)
        // A laptop follows up the hazard it got with G1's reference data.
        let laptopKey = try laptop.initKey(now: now)
        try laptop.ok(["key", "trust", stationKey, "--name", "station"], now: now)
        try laptop.ok(["bundle", "merge", g1.path], now: now)
        try laptop.ok(["hazard", "rectify", hazard, "--at", "2026-06-01T18:00"], now: "2026-06-01T18:05")
        try laptop.ok(["bundle", "export", "--output", night.path], now: "2026-06-01T19:00")

        // Another store that trusts both but never had G1's hazard: G2 is fine, the night is not.
        try other.ok(["key", "trust", stationKey, "--name", "station"], now: now)
        try other.ok(["key", "trust", laptopKey, "--name", "laptop"], now: now)
        let before = try other.dump()
        let refused = try other.run(["bundle", "merge", g2.path, night.path, "--lang", "en"], now: "2026-06-01T20:00")
        #expect(refused.status == 1 && refused.stderr.contains(hazard), "\(refused)")
        #expect(try other.dump() == before, "nothing of the good bundle was merged either")
        try other.ok(["bundle", "merge", g2.path], now: "2026-06-01T20:00")
        #expect(try other.dump() != before)
    }
}
