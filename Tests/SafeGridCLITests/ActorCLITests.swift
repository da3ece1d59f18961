import Foundation
import Testing

/// The tamper-evident history names a person: `--actor`, `SAFEGRID_ACTOR` or the store's
/// `actor` setting, never the login name or "safegrid".
@Suite("The recording actor")
struct ActorCLITests {
    @Test("an unset actor is refused with the fix, whatever USER is; each of the three sources is recorded")
    func refusedAndRecorded() throws {
        let work = try EngineWorkspace("actor")
        defer { work.remove() }
        try work.setUpExample()
        let now = "2026-06-01T20:00"
        let later = "2026-06-02T10:00"
        let responses = try work.responses("r.json", items: EngineFixtures.exampleItems, failing: ["A"])
        let hazard = try #require(EngineJSON.string(EngineJSON.object(EngineJSON.array(EngineJSON.object(try work.json(
            ["inspect", "--venue", "V1", "--checklist", "example", "--responses", responses.path, "--inspector", "张三"], now: now))["hazards"]).first)["id"]))

        let unset = ["SAFEGRID_ACTOR": "", "USER": "bob", "LOGNAME": "bob"]
        let before = StoreBytes(work.store)
        let refused = try work.run(["hazard", "rectify", hazard, "--at", "2026-06-01T20:30", "--lang", "en"], now: later, extra: unset)
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("give --actor NAME, set SAFEGRID_ACTOR=NAME, or run `safegrid config set actor NAME`"), "\(refused.stderr)")
        #expect(refused.stderr.contains("[actor-required]"))
        let chinese = try work.run(["hazard", "rectify", hazard, "--at", "2026-06-01T20:30"], now: later, extra: unset)
        #expect(chinese.status == 2 && chinese.stderr.contains("未设置记录人") && chinese.stderr.contains("safegrid config set actor 姓名"), "\(chinese.stderr)")
        let inspect = try work.run(["inspect", "--venue", "V2", "--checklist", "example", "--responses", responses.path, "--lang", "en"], now: now, extra: unset)
        #expect(inspect.status == 2 && inspect.stderr.contains("give --inspector NAME"), "\(inspect.stderr)")
        let trust = try work.run(["key", "trust", String(repeating: "A", count: 43) + "=", "--name", "laptop"], now: now, extra: unset)
        #expect(trust.status == 2, "\(trust)")
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store)

        // --actor, then SAFEGRID_ACTOR, then the setting.
        try work.ok(["config", "set", "actor", "所长王"], now: now)
        let events = { () throws -> [String?] in
            EngineJSON.array(EngineJSON.object(try work.json(["hazard", "show", hazard], now: now))["events"]).map { EngineJSON.string(EngineJSON.object($0)["actor"]) }
        }
        #expect(try work.run(["hazard", "rectify", hazard, "--at", "2026-06-01T20:30", "--actor", "商户李"], now: later, extra: unset).succeeded)
        #expect(try work.run(["hazard", "reinspect", hazard, "--fail", "--at", "2026-06-01T20:40"], now: later, extra: ["SAFEGRID_ACTOR": "民警马"]).succeeded)
        #expect(try work.run(["hazard", "rectify", hazard, "--at", "2026-06-01T20:50"], now: later, extra: unset).succeeded)
        #expect(try events() == ["张三", "商户李", "民警马", "所长王"])
    }
}
