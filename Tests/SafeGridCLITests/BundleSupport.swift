import Crypto
import Foundation
import Testing

// Helpers for the bundle tests: a machine (a workspace with its own store and data directory,
// hence its own key), the store's dump, and a bundle re-signed with a machine's real key after
// a test changed its lines (to show a check other than the signature refuses it).

extension EngineWorkspace {
    /// This machine's private key file (`key init`).
    var keyFile: URL { directory.appendingPathComponent("xdg/safegrid/key.ed25519") }

    /// `key init`, then the public key `key show` prints.
    func initKey(now: String) throws -> String {
        try ok(["key", "init"], now: now)
        return try ok(["key", "show"], now: now).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `sqlite3 STORE .dump`: every table's rows and the schema.
    func dump(store: URL? = nil) throws -> String {
        let outcome = try sqlite(".dump", store: store)
        #expect(outcome.status == 0, "\(outcome)")
        return outcome.stdout
    }

    /// The ids of the hazards an `inspect --format json` created, by item.
    static func hazardIDs(_ outcome: EngineOutcome) throws -> [String: String] {
        let hazards = EngineJSON.array(EngineJSON.object(try EngineJSON.parse(outcome.stdout))["hazards"]).map(EngineJSON.object)
        return Dictionary(uniqueKeysWithValues: hazards.map { (EngineJSON.string($0["item"])!, EngineJSON.string($0["id"])!) })
    }
}

enum BundleFile {
    /// The bundle's lines (without line feeds).
    static func lines(_ url: URL) throws -> [String] {
        var lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Writes `lines` (first line, header, parts; no trailer) and a trailer signed with the
    /// private key in `keyFile`, exactly as docs/BUNDLE.md says: SHA-256 of every byte before
    /// the trailer, signature over `safegrid-bundle/1 parts=N sha256=HEX`.
    static func writeSigned(_ lines: [String], keyFile: URL, to url: URL) throws {
        let body = Data(lines.map { $0 + "\n" }.joined().utf8)
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let text = String(decoding: try Data(contentsOf: keyFile), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(base64Encoded: text)!)
        let signature = try key.signature(for: Data("safegrid-bundle/1 parts=\(lines.count - 1) sha256=\(digest)".utf8))
        let trailer = "{\"part\":\"trailer\",\"value\":{\"parts\":\(lines.count - 1),\"sha256\":\"\(digest)\",\"signature\":\"\(signature.base64EncodedString())\"}}\n"
        try (body + Data(trailer.utf8)).write(to: url)
    }
}
