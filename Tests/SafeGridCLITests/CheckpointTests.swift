import Foundation
import Testing

/// Signed checkpoints through the binary: a station with a key signs every write; cutting the
/// last event with every derived row repaired, or appending a well-formed event with SafeGrid
/// itself on a machine without the key, is found by `verify` through the last checkpoint.
@Suite("Signed checkpoints")
struct CheckpointTests {
    static let now = "2026-06-03T09:00"

    /// A station with a key: V1 inspected (A fails), then the store copied (`before`), then A
    /// rectified. Returns the station, the copy and the hazard.
    func station() throws -> (station: EngineWorkspace, before: EngineWorkspace, hazard: String, key: String) {
        let station = try EngineWorkspace("checkpoint-station")
        try station.setUpExample()
        let key = try station.initKey(now: Self.now)
        let all = EngineFixtures.exampleItems
        let v1 = try station.responses("v1.json", items: all, failing: ["A"])
        let found = try station.ok(
            ["inspect", "--venue", "V1", "--checklist", "example", "--inspector", "Zhang", "--at", "2026-06-02T10:00",
             "--responses", v1.path, "--format", "json"], now: "2026-06-02T10:30")
        guard let hazard = try EngineWorkspace.hazardIDs(found)["A"] else { throw EngineTestError("no hazard A: \(found)") }
        let before = try EngineWorkspace("checkpoint-before")
        try station.copyStore(to: before)
        try station.ok(["hazard", "rectify", hazard, "--at", "2026-06-03T08:00"], now: Self.now)
        let verified = try station.ok(["verify", "--lang", "en"], now: Self.now)
        #expect(verified.stdout.contains("Signed: the chains end at the last checkpoint"), "\(verified)")
        return (station, before, hazard, key)
    }

    static let dropCheckpointTriggers = "DROP TRIGGER checkpoint_is_append_only_update; DROP TRIGGER checkpoint_is_append_only_delete;"

    @Test("the last event cut and every derived row repaired: found through the signed checkpoint")
    func cutTail() throws {
        let (station, before, _, _) = try station()
        defer { station.remove(); before.remove() }
        // The copy from before the rectification is that store with its last event cut and every
        // row derived from it (hazard, tallies, extent, chain head, ledger) exactly as it was:
        // a perfect repair. Only the checkpoints, which the forger cannot sign, are the station's.
        let signed = try station.rows("SELECT count(*) AS n FROM checkpoint").first.flatMap { EngineJSON.int($0["n"]) } ?? 0
        #expect(signed >= 2)
        let cut = try before.sqlite(Self.dropCheckpointTriggers + """
            ATTACH '\(station.store.path)' AS signed;
            DELETE FROM checkpoint;
            INSERT INTO checkpoint SELECT * FROM signed.checkpoint;
            """)
        #expect(cut.status == 0, "\(cut)")
        let outcome = try before.run(["verify", "--lang", "en", "--format", "json"], now: Self.now,
                                     extra: ["XDG_DATA_HOME": station.directory.appendingPathComponent("xdg").path])
        #expect(outcome.status == 1, "\(outcome)")
        let result = EngineJSON.object(try EngineJSON.parse(outcome.stdout))
        #expect(result["problem"] is NSNull || result["problem"] == nil, "the chain itself holds: \(result)")
        #expect(EngineJSON.array(result["integrity"]).isEmpty, "every derived row agrees: \(result)")
        let checkpoint = EngineJSON.object(result["checkpoint"])
        #expect(EngineJSON.string(checkpoint["status"]) == "broken", "\(checkpoint)")
        #expect(EngineJSON.string(checkpoint["message"])?.contains("cut or rewritten") == true, "\(checkpoint)")
    }

    @Test("an event appended by SafeGrid on a machine without the key, or with another key: found")
    func forgedAppend() throws {
        let (station, before, hazard, key) = try station()
        defer { station.remove(); before.remove() }
        for (label, forgerHasKey) in [("no key", false), ("another key", true)] {
            let forger = try EngineWorkspace("checkpoint-forger")
            defer { forger.remove() }
            try station.copyStore(to: forger)
            if forgerHasKey { _ = try forger.initKey(now: Self.now) }
            // Every hash, row and ledger entry of this event is made by SafeGrid itself.
            try forger.ok(["hazard", "reinspect", hazard, "--pass", "--at", "2026-06-03T08:30"], now: Self.now)
            // On the forger's machine, its own key's checkpoint holds; without a key, even there
            // the event is past the station's last checkpoint.
            let own = try forger.run(["verify", "--lang", "en"], now: Self.now)
            #expect(own.status == (forgerHasKey ? 0 : 1), "\(label), the forger's own verify: \(own)")
            // At the station, with its key:
            let work = try EngineWorkspace("checkpoint-check")
            defer { work.remove() }
            try forger.copyStore(to: work)
            let outcome = try work.run(["verify", "--lang", "en"], now: Self.now,
                                       extra: ["XDG_DATA_HOME": station.directory.appendingPathComponent("xdg").path])
            #expect(outcome.status == 1, "\(label): \(outcome)")
            let expected = forgerHasKey ? "not by" : "come after the last signed checkpoint"
            #expect(outcome.stderr.contains(expected), "\(label): \(outcome)")
            // Anywhere else, given the station's public key:
            let elsewhere = try work.run(["verify", "--lang", "en", "--key", key], now: Self.now)
            #expect(elsewhere.status == 1 && elsewhere.stderr.contains(expected), "\(label), --key: \(elsewhere)")
        }
    }

    @Test("a checkpoint's signature edited, or every checkpoint removed (with --require-signed): found")
    func editedCheckpoint() throws {
        let (station, before, _, key) = try station()
        defer { station.remove(); before.remove() }
        for (label, sql, arguments, expected) in [
            ("signature edited", "UPDATE checkpoint SET signature = randomblob(64) WHERE seq = (SELECT max(seq) FROM checkpoint);", [String](),
             "does not have a valid signature"),
            ("all removed", "DELETE FROM checkpoint;", ["--require-signed"], "no signed checkpoint"),
        ] {
            let work = try EngineWorkspace("checkpoint-edit")
            defer { work.remove() }
            try station.copyStore(to: work)
            #expect(try work.sqlite(Self.dropCheckpointTriggers + sql).status == 0)
            let outcome = try work.run(["verify", "--lang", "en", "--key", key] + arguments, now: Self.now)
            #expect(outcome.status == 1 && outcome.stderr.contains(expected), "\(label): \(outcome)")
        }
        // Without --require-signed, a store written without a key is reported unsigned, not failed.
        let plain = try EngineWorkspace("checkpoint-plain")
        defer { plain.remove() }
        try plain.setUpExample()
        let unsigned = try plain.run(["verify", "--lang", "zh-CN"], now: Self.now)
        #expect(unsigned.status == 0 && unsigned.stdout.contains("未签名"), "\(unsigned)")
    }
}
