import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `safegrid serve` killed (SIGKILL) while requests that write are in flight (issue 17): photos
/// uploaded and hazards reported rectified by many users at once. After each kill the store
/// verifies, every change the server had answered is kept, every other one is whole or absent,
/// and a new server on the same store takes the next change.
@Suite("web: the server killed in the middle of writes", .serialized)
struct WebKilledTests {
    static let now = "2026-06-15T18:00"

    @Test("SIGKILL at three moments (early, after the first answer, after half) during 16 concurrent rectifications with photos: nothing half-written, answered changes kept, the store usable")
    func killedDuringWrites() throws {
        let work = try EngineWorkspace("web-killed")
        defer { work.remove() }
        let store = try WebAuthorizationTests.demo(work)
        let open = EngineJSON.array(try work.json(["hazard", "list", "--status", "open"], now: Self.now, store: store))
            .compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }
        try #require(open.count >= 51, "the demo has \(open.count) open hazards")
        // A JPEG-looking photo of 300 KB, so each request takes a while to send and to keep.
        let photo = work.url("photo.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x41, count: 300 << 10)).write(to: photo)

        // When to kill: 0.15 s in (most requests still sending), after the first answer, after half.
        for (round, answers) in [0, 1, 8].enumerated() {
            let targets = Array(open[(round * 16)..<(round * 16 + 16)])
            var before: [String: (status: String?, events: Int)] = [:]
            for hazard in targets {
                let (status, events) = try Self.history(work, store, hazard)
                before[hazard] = (status, events.count)
            }
            let server = try WebServerProcess(work, store: store, now: Self.now)
            let admin = WebClient(server, work)
            #expect(try admin.logIn("admin", WebAuthorizationTests.password).status == 303)
            let token = try admin.formToken()
            let jar = try Data(contentsOf: admin.jar)
            let answered = Answered()
            let group = DispatchGroup()
            for hazard in targets {
                // One client per request, each with the session's cookie: curl rewrites its jar.
                nonisolated(unsafe) let client = WebClient(server, work)
                try jar.write(to: client.jar)
                DispatchQueue.global().async(group: group) {
                    let response = try? client.postMultipart("/hazards/\(hazard)/rectify", [("csrf", token)], files: [("photo", photo, "image/jpeg")])
                    if response?.status == 303 { answered.add(hazard) }
                }
            }
            let started = Date()
            Thread.sleep(forTimeInterval: 0.15)
            while answered.count < answers, Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.005) }
            let killedAfter = Date().timeIntervalSince(started)
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            group.wait()

            let verify = try work.run(["verify", "--lang", "en"], now: Self.now, store: store)
            #expect(verify.succeeded, "round \(round): the store verifies after the kill: \(verify)")
            var applied = 0
            for hazard in targets {
                let (status, events) = try Self.history(work, store, hazard)
                let added = events.count - (before[hazard]?.events ?? 0)
                #expect(added == 0 || added == 1, "\(hazard): \(added) events added by one request")
                if answered.contains(hazard) { #expect(added == 1, "round \(round): \(hazard) was answered but not kept") }
                if added == 1 {
                    #expect(EngineJSON.string(events.last?["kind"]) == "rectify" && status == "awaiting", "\(hazard): a whole change")
                    // A kept event names a photo that is kept.
                    for hash in EngineJSON.array(events.last?["evidence"]).compactMap(EngineJSON.string) {
                        let path = try work.ok(["evidence", "path", hash], now: Self.now, store: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                        #expect(FileManager.default.fileExists(atPath: path), "\(hazard): its photo \(hash) is kept")
                    }
                } else {
                    #expect(status == before[hazard]?.status, "\(hazard): unchanged")
                }
                applied += added
            }
            print("web-killed round \(round) after \(String(format: "%.2f", killedAfter)) s: \(answered.count) answered, \(applied) kept of \(targets.count)")

            // A new server on the same store takes the next change.
            let again = try WebServerProcess(work, store: store, now: Self.now)
            let next = WebClient(again, work)
            try next.logIn("admin", WebAuthorizationTests.password)
            let spare = open[open.count - 1 - round]
            let response = try next.postMultipart("/hazards/\(spare)/rectify", [("csrf", try next.formToken())], files: [("photo", photo, "image/jpeg")])
            #expect(response.status == 303, "round \(round): a change after the kill: \(response)")
            #expect(again.stop() == 0)
        }
        try work.ok(["verify"], now: Self.now, store: store)
    }
}

extension WebKilledTests {
    /// A hazard's status and events (`hazard show --format json`).
    static func history(_ work: EngineWorkspace, _ store: URL, _ hazard: String) throws -> (status: String?, events: [[String: Any]]) {
        let shown = EngineJSON.object(try work.json(["hazard", "show", hazard], now: now, store: store))
        return (EngineJSON.string(EngineJSON.object(shown["hazard"])["status"]), EngineJSON.array(shown["events"]).map(EngineJSON.object))
    }
}

/// The hazards whose change the server answered, from many threads.
private final class Answered: @unchecked Sendable {
    private let lock = NSLock()
    private var hazards: Set<String> = []
    func add(_ hazard: String) { lock.lock(); hazards.insert(hazard); lock.unlock() }
    func contains(_ hazard: String) -> Bool { lock.lock(); defer { lock.unlock() }; return hazards.contains(hazard) }
    var count: Int { lock.lock(); defer { lock.unlock() }; return hazards.count }
}
