import Foundation
import Testing

/// SHA-256 moved from SafeGrid's own implementation to swift-crypto: a store written by the
/// earlier binary (Fixtures/pre-crypto.sqlite: three hazards, evidence hashes, a rectification,
/// a close-out and an extension) must verify, event by event, and read the same.
@Suite("Hash continuity across the SHA-256 implementations")
struct HashContinuityTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pre-crypto.sqlite")

    @Test("a store written with the hand-written SHA-256 verifies intact and keeps its digests")
    func preCryptoStoreVerifies() throws {
        let work = try EngineWorkspace("hashes")
        defer { work.remove() }
        try FileManager.default.copyItem(at: Self.fixture, to: work.store)
        let verified = try work.run(["verify", "--lang", "en"], now: "2026-11-05")
        #expect(verified.status == 0 && verified.stdout.contains("7 events"), "\(verified)")
        // The stored chain links, recomputed by the new implementation, are the ones written then.
        let head = try work.rows("SELECT hex(hash) AS hash FROM chain_head")
        #expect(head.first?["hash"] as? String == "33E22207582FC933E50576E5BCE960C4B55614348A1609335E45EF03942901B8")
        // Evidence hashes recorded then equal sha256sum of the same bytes now.
        let history = EngineJSON.object(try work.json(["hazard", "show", "H-YS5DK2X9VX"], now: "2026-11-05"))
        let evidence = EngineJSON.array(history["events"]).flatMap { EngineJSON.array(EngineJSON.object($0)["evidence"]) }
        let files = [("before.jpg", "photo-before\n"), ("after.jpg", "photo-after\n")]
        var expected: [String] = []
        for (name, text) in files {
            let file = try work.write(name, text)
            expected.append(StoreBytes.sha256(file.path))
        }
        #expect(evidence.compactMap { $0 as? String } == expected, "\(history)")
        // The checklist's content hash is recomputed on import: the same file imports as the same version.
        let checklist = Self.fixture.deletingLastPathComponent().appendingPathComponent("pre-crypto-checklist.xml")
        let again = try work.ok(["checklist", "import", checklist.path], now: "2026-11-05")
        #expect(try work.rows("SELECT count(*) AS n FROM checklist").first?["n"] as? Int == 1, "\(again)")
    }
}
