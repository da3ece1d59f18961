import Foundation
import Testing

/// The notice shows the merchant what was found: the kept "before" photos, inside the page.
@Suite("Photos on the rectification notice")
struct NoticePhotoTests {
    /// A 1×1 PNG.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    @Test("a kept PNG photo is embedded as a data: URL; a file that is not an image is named by its hash only")
    func embedded() throws {
        let work = try EngineWorkspace("photos")
        defer { work.remove() }
        try work.setUpExample()
        try Self.png.write(to: work.url("before.png"))
        try work.write("reply.txt", "商户回复：已清理")
        let responses = try work.write("r.json", """
            {"A": {"result": "fail", "evidence": ["before.png"]}, "C": {"result": "fail", "evidence": ["reply.txt"]}, "B": "pass", "D": "pass"}
            """)
        try work.ok(["inspect", "--venue", "V1", "--checklist", "example", "--responses", responses.path], now: "2026-06-01T20:00")
        let notice = work.url("notice.html")
        try work.ok(["notice", "V1", "--output", notice.path, "--lang", "en"], now: "2026-06-01T21:00")
        let html = try String(contentsOf: notice, encoding: .utf8)
        #expect(html.components(separatedBy: "<img class=\"thumb\"").count == 2, "one photo")
        #expect(html.contains("src=\"data:image/png;base64,\(Self.png.base64EncodedString())\""))
        #expect(html.contains("Content-Security-Policy"))
        // The text file is evidence on record, named by its hash, not embedded.
        let reply = StoreBytes.sha256(work.url("reply.txt").path)
        #expect(html.contains("photo " + String(reply.prefix(12))) && !html.contains("data:text"))
    }

    @Test("a kept photo altered since is not shown on the notice, only named by its hash")
    func altered() throws {
        let work = try EngineWorkspace("photos-altered")
        defer { work.remove() }
        try work.setUpExample()
        try Self.png.write(to: work.url("before.png"))
        let responses = try work.write("r.json", """
            {"A": {"result": "fail", "evidence": ["before.png"]}, "B": "pass", "C": "pass", "D": "pass"}
            """)
        try work.ok(["inspect", "--venue", "V1", "--checklist", "example", "--responses", responses.path], now: "2026-06-01T20:00")
        let hash = StoreBytes.sha256(work.url("before.png").path)
        let kept = work.store.path + ".evidence/" + hash.prefix(2) + "/" + hash
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: kept)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: kept))
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: kept))
        let notice = work.url("notice.html")
        try work.ok(["notice", "V1", "--output", notice.path], now: "2026-06-01T21:00")
        let printed = try String(contentsOf: notice, encoding: .utf8)
        #expect(!printed.contains("<img") && printed.contains(String(hash.prefix(12))), "named by its hash only")
    }
}
