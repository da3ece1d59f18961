import Crypto
import Foundation
import Testing

/// `safegrid key`: the key file (0600, never overwritten without --force), show in text and
/// JSON, and the store's trusted keys (trust, list, revoke).
@Suite("Keys through the binary")
struct KeyCLITests {
    static let now = "2026-06-01T09:00"

    @Test("init makes a 0600 key file, refuses to overwrite it without --force; show prints the key and fingerprint")
    func initAndShow() throws {
        let work = try EngineWorkspace("keys")
        defer { work.remove() }
        let missing = try work.run(["key", "show", "--lang", "en"], now: Self.now)
        #expect(missing.status == 1 && missing.stderr.contains("key init"), "\(missing)")

        let created = try work.ok(["key", "init"], now: Self.now)
        let attributes = try FileManager.default.attributesOfItem(atPath: work.keyFile.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let original = try Data(contentsOf: work.keyFile)

        let again = try work.run(["key", "init", "--lang", "en"], now: Self.now)
        #expect(again.status == 1 && again.stderr.contains("--force") && again.stderr.contains(work.keyFile.path), "\(again)")
        #expect(try Data(contentsOf: work.keyFile) == original)

        let shown = try work.ok(["key", "show", "--lang", "en"], now: Self.now)
        let publicKey = shown.stdout.trimmingCharacters(in: .newlines)
        #expect(shown.stdout == publicKey + "\n" && publicKey == created.stdout.trimmingCharacters(in: .newlines))
        let raw = try #require(Data(base64Encoded: publicKey))
        #expect(raw.count == 32)
        // The public key is the private key's, and the fingerprint is SHA-256's first 8 bytes in groups.
        let privateText = String(decoding: original, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(base64Encoded: privateText)!)
        #expect(privateKey.publicKey.rawRepresentation == raw)
        let hex = SHA256.hash(data: raw).prefix(8).map { String(format: "%02x", $0) }.joined()
        let fingerprint = stride(from: 0, to: 16, by: 4).map { String(Array(hex)[$0..<$0 + 4]) }.joined(separator: "-")
        #expect(shown.stderr == "fingerprint: \(fingerprint)\n", "\(shown)")

        let json = EngineJSON.object(try work.json(["key", "show"], now: Self.now))
        #expect(EngineJSON.string(json["publicKey"]) == publicKey && EngineJSON.string(json["fingerprint"]) == fingerprint)

        try work.ok(["key", "init", "--force"], now: Self.now)
        #expect(try Data(contentsOf: work.keyFile) != original)
        #expect((try FileManager.default.attributesOfItem(atPath: work.keyFile.path)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("trust checks the key, list shows name, fingerprint and status, revoke by name or fingerprint")
    func trustListRevoke() throws {
        let station = try EngineWorkspace("keys-station")
        let laptop = try EngineWorkspace("keys-laptop")
        let other = try EngineWorkspace("keys-other")
        defer { station.remove(); laptop.remove(); other.remove() }
        let laptopKey = try laptop.initKey(now: Self.now)
        let otherKey = try other.initKey(now: Self.now)
        let fingerprint = EngineJSON.string(EngineJSON.object(try laptop.json(["key", "show"], now: Self.now))["fingerprint"])!

        for bad in ["abc", Data(repeating: 1, count: 31).base64EncodedString(), "!!!!"] {
            let refused = try station.run(["key", "trust", bad, "--name", "x", "--lang", "en"], now: Self.now)
            #expect(refused.status == 1 && refused.stderr.contains("32 bytes"), "\(refused)")
        }
        let trusted = try station.ok(["key", "trust", laptopKey, "--name", "张警官的笔记本", "--lang", "en"], now: Self.now)
        #expect(trusted.stderr.contains(fingerprint))
        let taken = try station.run(["key", "trust", otherKey, "--name", "张警官的笔记本", "--lang", "en"], now: Self.now)
        #expect(taken.status == 1 && taken.stderr.contains("taken"), "\(taken)")
        try station.ok(["key", "trust", otherKey, "--name", "laptop-2"], now: "2026-06-01T09:05")

        var listed = try station.ok(["key", "list", "--lang", "en"], now: Self.now).stdout
        #expect(listed.contains("张警官的笔记本") && listed.contains(fingerprint) && listed.contains("trusted") && listed.contains("2026-06-01 09:00"), "\(listed)")

        try station.ok(["key", "revoke", fingerprint], now: "2026-06-02T08:00")
        let unknown = try station.run(["key", "revoke", "nobody"], now: Self.now)
        #expect(unknown.status == 1, "\(unknown)")
        try station.ok(["key", "revoke", "laptop-2"], now: "2026-06-02T08:00")
        listed = try station.ok(["key", "list", "--lang", "en"], now: Self.now).stdout
        #expect(!listed.contains(" trusted ") && listed.contains("revoked") && listed.contains("2026-06-02 08:00"), "\(listed)")
        let rows = EngineJSON.array(try station.json(["key", "list"], now: Self.now)).map(EngineJSON.object)
        #expect(rows.map { EngineJSON.string($0["status"]) } == ["revoked", "revoked"])
        #expect(EngineJSON.string(rows.first?["publicKey"]) == laptopKey)

        // A revoked key stays revoked.
        let again = try station.run(["key", "trust", laptopKey, "--name", "张警官的笔记本", "--lang", "en"], now: Self.now)
        #expect(again.status == 1 && again.stderr.contains("revoked"), "\(again)")
    }
}
