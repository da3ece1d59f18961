import Foundation
import Testing

/// A laptop's events bundles say where their events lie in the laptop's own history; the
/// station keeps each part and refuses a bundle that rewrites what the laptop had sent, even
/// though the laptop holds its key.
@Suite("Bundles: the laptop's own history")
struct BundleHistoryTests {
    static let now = BundleRefusalTests.now

    @Test("bundles that continue the history merge; one from a laptop that started its history again is refused")
    func rewrittenHistory() throws {
        let world = try BundleRefusalTests().world()
        defer { world.remove() }
        let station = world.station, laptop = world.laptop
        try station.ok(["bundle", "merge", world.bundle.path], now: Self.now)

        // The laptop's next night continues its history.
        let v2 = try laptop.responses("v2.json", items: EngineFixtures.exampleItems, failing: ["C"])
        try laptop.ok(["inspect", "--venue", "V2", "--checklist", "example", "--inspector", "李网格员", "--responses", v2.path,
                       "--at", "2026-06-02T20:30"], now: Self.now)
        let second = laptop.url("second.sgb")
        try laptop.ok(["bundle", "export", "--output", second.path], now: Self.now)
        let header = try #require(try BundleFile.lines(second).dropFirst().first)
        #expect(header.contains(#""history":{"after":{"events":2"#), "\(header)")
        #expect(header.contains(#""before":{"events":1"#), "\(header)")
        try station.ok(["bundle", "merge", second.path], now: Self.now)
        let kept = try station.rows("SELECT before_events, after_events FROM history_segment ORDER BY before_events")
        #expect(kept.map { [EngineJSON.int($0["before_events"]), EngineJSON.int($0["after_events"])] } == [[0, 1], [1, 2]])
        // The whole history again (--all) agrees with both parts.
        let all = laptop.url("all.sgb")
        try laptop.ok(["bundle", "export", "--all", "--output", all.path], now: Self.now)
        try station.ok(["bundle", "merge", all.path], now: Self.now)

        // The same key on a store whose history starts again: its first event is another one.
        let restarted = try EngineWorkspace("bundle-restarted")
        defer { restarted.remove() }
        try restarted.setUpExample()
        try FileManager.default.createDirectory(at: restarted.keyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: laptop.keyFile, to: restarted.keyFile)
        let v1 = try restarted.responses("v1.json", items: EngineFixtures.exampleItems, failing: [])
        try restarted.ok(["inspect", "--venue", "V1", "--checklist", "example", "--inspector", "李网格员", "--responses", v1.path,
                          "--at", "2026-06-02T20:00"], now: Self.now)
        let v1again = try restarted.responses("v1b.json", items: EngineFixtures.exampleItems, failing: ["B"])
        try restarted.ok(["inspect", "--venue", "V1", "--checklist", "example", "--inspector", "李网格员", "--responses", v1again.path,
                          "--at", "2026-06-02T20:05"], now: Self.now)
        let rewritten = restarted.url("rewritten.sgb")
        try restarted.ok(["bundle", "export", "--output", rewritten.path], now: Self.now)
        let dump = try station.dump()
        let refused = try station.run(["bundle", "merge", rewritten.path, "--lang", "en"], now: Self.now)
        #expect(refused.status == 1 && refused.stderr.contains("rewrites history \(world.fingerprint) had already sent"), "\(refused)")
        #expect(try station.dump() == dump)
        try station.ok(["verify"], now: Self.now)
    }

    @Test("a bundle exported with the actor unset, or only in the store's setting: no crash, the header names whom it can")
    func actorUnset() throws {
        let world = try BundleRefusalTests().world()
        defer { world.remove() }
        let laptop = world.laptop
        let unset = ["SAFEGRID_ACTOR": ""]
        let anonymous = laptop.url("anonymous.sgb")
        let first = try laptop.run(["bundle", "export", "--all", "--output", anonymous.path], now: Self.now, extra: unset)
        #expect(first.succeeded, "\(first)")
        try laptop.ok(["config", "set", "actor", "网格员李"], now: Self.now)
        let named = laptop.url("named.sgb")
        let second = try laptop.run(["bundle", "export", "--all", "--output", named.path], now: Self.now, extra: unset)
        #expect(second.succeeded, "\(second)")
        let header = try #require(try BundleFile.lines(named).dropFirst().first)
        #expect(header.contains("网格员李"), "\(header)")
    }
}
