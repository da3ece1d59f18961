import Foundation
import Testing

/// `safegrid config`: settings kept in the store, checked when set, under the ledger.
@Suite("Store settings (config)")
struct ConfigCommandTests {
    static let now = "2026-06-03T09:00"

    @Test("province set by name is kept as its code; get, list (text and JSON) and unset; the store verifies")
    func setGetListUnset() throws {
        let work = try EngineWorkspace("config")
        defer { work.remove() }
        let set = try work.run(["config", "set", "province", "重庆", "--lang", "en"], now: Self.now)
        #expect(set.status == 0, "\(set)")
        #expect(set.stderr.contains("province = CN-CQ (Chongqing)"), "\(set)")
        #expect(try work.ok(["config", "get", "province"], now: Self.now).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "CN-CQ")
        try work.ok(["config", "set", "actor", "  网格员陈晓燕 "], now: Self.now)
        let listed = try work.ok(["config", "list", "--lang", "zh-CN"], now: Self.now).stdout
        #expect(listed.contains("CN-CQ (重庆市)") && listed.contains("网格员陈晓燕"), "\(listed)")
        let json = try JSONSerialization.jsonObject(with: Data(try work.ok(["config", "list", "--format", "json"], now: Self.now).stdout.utf8))
        #expect(json as? [String: String] == ["province": "CN-CQ", "actor": "网格员陈晓燕"])
        try work.ok(["config", "unset", "actor"], now: Self.now)
        let unsetGet = try work.run(["config", "get", "actor", "--lang", "en"], now: Self.now)
        #expect(unsetGet.status == 1 && unsetGet.stderr.contains("actor is not set; set it with safegrid config set actor VALUE"), "\(unsetGet)")
        try work.ok(["verify"], now: Self.now)
        // Each change is a ledger entry: the province once, the actor set and removed.
        let entries = try work.rows("SELECT key FROM ledger WHERE tbl = 'setting' ORDER BY seq").compactMap { EngineJSON.string($0["key"]) }
        #expect(entries == ["province", "actor", "actor"])
    }

    @Test("an unknown province or key, or an empty actor, is refused; no store is created, an existing one is unchanged")
    func refused() throws {
        let work = try EngineWorkspace("config-refused")
        defer { work.remove() }
        let unknown = try work.run(["config", "set", "province", "Atlantis", "--lang", "en"], now: Self.now)
        #expect(unknown.status == 1 && unknown.stderr.contains("province 'Atlantis' is not a provincial-level division of mainland China"), "\(unknown)")
        #expect(!FileManager.default.fileExists(atPath: work.store.path))
        try work.ok(["config", "set", "province", "CN-gd"], now: Self.now)
        let before = StoreBytes(work.store)
        let empty = try work.run(["config", "set", "actor", "  ", "--lang", "zh-CN"], now: Self.now)
        EngineLifecycleCLITests.expectRefusal(empty, code: "invalid-input", naming: ["操作人须为 1 到 64 个字符"], before: before, store: work.store)
        let badKey = try work.run(["config", "set", "colour", "red"], now: Self.now)
        #expect(badKey.status == 2, "\(badKey)")
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store)
        #expect(try work.ok(["config", "get", "province"], now: Self.now).stdout.contains("CN-GD"))
    }
}
