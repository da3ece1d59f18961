import Foundation
import Testing

/// A laptop's bundle merged at the station, and every way a bundle is refused: exit 1 with
/// what and where, the station's store byte-for-byte unchanged (sqlite3 .dump and the file's
/// bytes) and no evidence kept.
@Suite("Bundles: merge and refusals through the binary")
struct BundleRefusalTests {
    static let now = "2026-06-02T21:00"

    /// A station and a laptop with the example's world; the laptop inspected V1 (A fails, with
    /// a photo) and exported its bundle; the station trusts the laptop's key.
    struct World {
        let station: EngineWorkspace
        let laptop: EngineWorkspace
        let bundle: URL
        let fingerprint: String

        func remove() {
            station.remove()
            laptop.remove()
        }
    }

    func world() throws -> World {
        let station = try EngineWorkspace("bundle-station"), laptop = try EngineWorkspace("bundle-laptop")
        try station.setUpExample()
        try laptop.setUpExample()
        let key = try laptop.initKey(now: Self.now)
        try Data("photo: boxes in the exit".utf8).write(to: laptop.url("exit.jpg"))
        let responses = try JSONSerialization.data(withJSONObject: [
            "A": ["result": "fail", "note": "安全出口堆物", "evidence": ["exit.jpg"]], "B": "pass", "C": "pass", "D": "pass",
        ])
        try responses.write(to: laptop.url("v1.json"))
        try laptop.ok(["inspect", "--venue", "V1", "--checklist", "example", "--inspector", "李网格员", "--responses", laptop.url("v1.json").path,
                       "--at", "2026-06-02T20:00"], now: Self.now)
        let bundle = laptop.url("laptop.sgb")
        let exported = try laptop.ok(["bundle", "export", "--output", bundle.path, "--lang", "en"], now: Self.now)
        #expect(exported.stderr.contains("1 events, 1 inspections, 1 checklists, 1 evidence files"), "\(exported)")
        try station.ok(["key", "trust", key, "--name", "laptop-1"], now: Self.now)
        let fingerprint = EngineJSON.string(EngineJSON.object(try laptop.json(["key", "show"], now: Self.now))["fingerprint"])!
        return World(station: station, laptop: laptop, bundle: bundle, fingerprint: fingerprint)
    }

    @Test("merging carries the events, inspection, checklist and photo; merging again changes nothing")
    func mergeAndIdempotence() throws {
        let world = try world()
        defer { world.remove() }
        let station = world.station
        let merged = try station.ok(["bundle", "merge", world.bundle.path, "--lang", "en"], now: Self.now)
        #expect(merged.stdout.contains("1 events added, 0 already known; 1 inspections added"), "\(merged)")
        let events = try station.rows("SELECT origin, kind FROM event WHERE kind = 'recorded'")
        #expect(events.count == 1 && EngineJSON.string(events[0]["origin"]) == world.fingerprint)
        let hazards = EngineJSON.array(try station.json(["hazard", "list"], now: Self.now)).map(EngineJSON.object)
        #expect(hazards.count == 1 && EngineJSON.string(hazards[0]["venue"]) == "V1")
        let shown = try station.ok(["hazard", "show", EngineJSON.string(hazards[0]["id"])!, "--lang", "en"], now: Self.now).stdout
        #expect(shown.contains("安全出口堆物"), "\(shown)")
        try station.ok(["verify"], now: Self.now)
        let sha = StoreBytes.sha256(world.laptop.url("exit.jpg").path)
        #expect(FileManager.default.fileExists(atPath: station.store.path + ".evidence/\(sha.prefix(2))/\(sha)"))

        let before = try station.dump()
        let again = try station.ok(["bundle", "merge", world.bundle.path, "--lang", "en", "--format", "json"], now: Self.now)
        let summary = EngineJSON.object(EngineJSON.object(EngineJSON.array(try EngineJSON.parse(again.stdout)).first)["summary"])
        #expect(EngineJSON.int(summary["events"]) == 0 && EngineJSON.int(summary["knownEvents"]) == 1 && EngineJSON.int(summary["inspections"]) == 0)
        #expect(try station.dump() == before)

        // The laptop's next export sends nothing new; --all sends its event again.
        let next = try world.laptop.ok(["bundle", "export", "--output", world.laptop.url("next.sgb").path, "--lang", "en"], now: Self.now)
        #expect(next.stderr.contains("0 events"), "\(next)")
        let all = try world.laptop.ok(["bundle", "export", "--all", "--output", world.laptop.url("all.sgb").path, "--lang", "en"], now: Self.now)
        #expect(all.stderr.contains("1 events"), "\(all)")
    }

    @Test("refused: a changed byte, truncated, unsigned, untrusted, revoked, unknown version, invalid JSON, oversized")
    func refusals() throws {
        let world = try world()
        defer { world.remove() }
        let station = world.station, laptop = world.laptop
        let original = try Data(contentsOf: world.bundle)
        let lines = try BundleFile.lines(world.bundle)
        var cases: [(label: String, file: URL, extra: [String: String], message: String)] = []
        func file(_ name: String, _ data: Data) throws -> URL {
            let url = station.url(name)
            try data.write(to: url)
            return url
        }

        let n = original.count
        for offset in [0, 5, 16, 40, n / 4, n / 2, 3 * n / 4, n - 100, n - 20, n - 2, n - 1] {
            var bytes = [UInt8](original)
            bytes[offset] ^= 0x01
            cases.append(("byte \(offset) changed", try file("flip-\(offset).sgb", Data(bytes)), [:], "bundle"))
        }
        for length in [n - 1, n / 2, 18] {
            cases.append(("truncated to \(length)", try file("cut-\(length).sgb", original.prefix(length)), [:], "truncated"))
        }
        let body = lines.dropLast().map { $0 + "\n" }.joined()
        cases.append(("no trailer", try file("no-trailer.sgb", Data(body.utf8)), [:], "truncated or was never signed"))
        let emptySignature = lines.last!.replacingOccurrences(of: #""signature":"[^"]*""#, with: #""signature":"""#, options: .regularExpression)
        cases.append(("empty signature", try file("unsigned.sgb", Data((body + emptySignature + "\n").utf8)), [:], "is not signed"))

        let stranger = try EngineWorkspace("bundle-stranger")
        defer { stranger.remove() }
        _ = try stranger.initKey(now: Self.now)
        let strangerFile = station.url("stranger.sgb")
        try BundleFile.writeSigned(Array(lines.dropLast()).map { $0.contains("\"part\":\"header\"") ? Self.header($0, stranger) : $0 },
                                   keyFile: stranger.keyFile, to: strangerFile)
        cases.append(("untrusted key", strangerFile, [:], "does not trust"))

        let revoked = try EngineWorkspace("bundle-revoked")
        defer { revoked.remove() }
        let revokedKey = try revoked.initKey(now: Self.now)
        try station.ok(["key", "trust", revokedKey, "--name", "lost laptop"], now: Self.now)
        try station.ok(["key", "revoke", "lost laptop"], now: Self.now)
        let revokedFile = station.url("revoked.sgb")
        try BundleFile.writeSigned(Array(lines.dropLast()).map { $0.contains("\"part\":\"header\"") ? Self.header($0, revoked) : $0 },
                                   keyFile: revoked.keyFile, to: revokedFile)
        cases.append(("revoked key", revokedFile, [:], "revoked"))

        // Signed properly, so that the format check itself is what refuses them.
        let version2 = station.url("version2.sgb")
        try BundleFile.writeSigned(["SAFEGRID-BUNDLE 2"] + lines.dropFirst().dropLast(), keyFile: laptop.keyFile, to: version2)
        cases.append(("format version 2", version2, [:], "format version '2'"))
        let broken = station.url("broken.sgb")
        var brokenLines = Array(lines.dropLast())
        let eventLine = try #require(brokenLines.lastIndex { $0.hasPrefix("{\"part\":\"event\"") })
        brokenLines[eventLine] = "{\"part\":\"event\",\"value\":{\"id\":\"e-1\",}"
        try BundleFile.writeSigned(brokenLines, keyFile: laptop.keyFile, to: broken)
        cases.append(("invalid JSON", broken, [:], "line \(eventLine + 1) is not a valid event"))
        let notJSON = station.url("not-json.sgb")
        brokenLines[eventLine] = "not json at all"
        try BundleFile.writeSigned(brokenLines, keyFile: laptop.keyFile, to: notJSON)
        cases.append(("not JSON", notJSON, [:], "line \(eventLine + 1) is not valid JSON"))
        cases.append(("oversized", world.bundle, ["SAFEGRID_BUNDLE_MAX_BYTES": "1000"], "over the limit of 1000 bytes"))

        // A damaged or unsigned file is refused before anything is written; a signed one with a
        // bad part while it is applied (after its photo was kept), and the merge rolls back.
        // Either way the store and the evidence folder stay as they were.
        try station.ok(["hazard", "list"], now: Self.now)
        let dump = try station.dump()
        let bytes = StoreBytes(station.store)
        for item in cases {
            // The good bundle with the other files, so nothing of a batch is merged when one file is bad.
            let outcome = try station.run(["bundle", "merge", world.bundle.path, item.file.path, "--lang", "en"], now: Self.now, extra: item.extra)
            #expect(outcome.status == 1, "\(item.label): \(outcome)")
            #expect(outcome.stderr.contains(item.message), "\(item.label): \(outcome)")
            #expect(outcome.stderr.contains(item.file.path) || item.extra.isEmpty == false, "\(item.label) names the file: \(outcome)")
            #expect(outcome.stdout.isEmpty, "\(item.label): \(outcome)")
            #expect(StoreBytes(station.store) == bytes, "\(item.label) changed the store")
            #expect(try station.dump() == dump, "\(item.label) changed the store")
        }
        #expect(!FileManager.default.fileExists(atPath: station.store.path + ".evidence"), "a refused bundle kept evidence")
        try station.ok(["bundle", "merge", world.bundle.path], now: Self.now)
    }

    /// A header line naming another machine as the signer.
    static func header(_ line: String, _ machine: EngineWorkspace) -> String {
        let shown = EngineJSON.object(try? machine.json(["key", "show"], now: now))
        return line
            .replacingOccurrences(of: #""fingerprint":"[^"]*""#, with: "\"fingerprint\":\"\(EngineJSON.string(shown["fingerprint"])!)\"", options: .regularExpression)
            .replacingOccurrences(of: #""publicKey":"[^"]*""#, with: "\"publicKey\":\"\(EngineJSON.string(shown["publicKey"])!)\"", options: .regularExpression)
    }
}
