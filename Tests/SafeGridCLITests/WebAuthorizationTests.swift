import Foundation
import Testing

/// The web app's security over HTTP, against a real `safegrid serve` on a copy of the demo
/// store: scope on every route, the form token, sessions after logout, the login throttle,
/// upload limits and types, and evidence paths. After every refusal the store is unchanged.
@Suite("web: authorization over HTTP")
struct WebAuthorizationTests {
    static let now = "2026-06-15T18:00"
    /// The demo's accounts (`admin`, `wang` of G01) and their published password; `chen`, a
    /// leader of C01, is added here with the same.
    static let password = "safegrid-demo"

    /// A copy of the demo store (made once) with three accounts: the demo's administrator and
    /// grid worker of G01, and a leader of the demo's first community.
    static func demo(_ work: EngineWorkspace) throws -> URL {
        let folder = work.url("demo")
        try FileManager.default.copyItem(at: WebFixture.demo, to: folder)
        let store = folder.appendingPathComponent("demo.sqlite")
        let outcome = try work.start(
            ["user", "add", "chen", "--role", "leader", "--scope", "C01", "--password-stdin"], now: now, store: store,
            extra: ["SAFEGRID_BCRYPT_COST": "4"], input: password + "\n").wait()
        #expect(outcome.succeeded, "\(outcome)")
        return store
    }

    /// Every hazard event, the count of kept evidence files and the web tables' row counts
    /// that a refused request must leave as they were.
    static func snapshot(_ work: EngineWorkspace, _ store: URL) throws -> String {
        let events = try work.sqlite("SELECT count(*), coalesce(max(rowid), 0) FROM hazard_event", store: store).stdout
        let files = (try? FileManager.default.contentsOfDirectory(atPath: store.path + ".evidence").count) ?? 0
        return events + " files \(files)"
    }

    @Test("a grid worker of G01 gets 404 for G02's hazard, venue, photo, report group and every form, and nothing changes")
    func scopeOnEveryRoute() throws {
        let work = try EngineWorkspace("web-scope")
        defer { work.remove() }
        let store = try Self.demo(work)
        let other = try WebFixture.hazard(work, store, grid: "G02", now: Self.now)
        let own = try WebFixture.hazard(work, store, grid: "G01", now: Self.now, status: "open")
        let photo = try #require(try WebFixture.photo(work, store, grid: "G02", now: Self.now))
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }
        let wang = WebClient(server, work)
        #expect(try wang.logIn("wang", Self.password).status == 303)
        let token = try wang.formToken()
        let unchanged = try Self.snapshot(work, store)

        #expect(try wang.get("/hazards/\(own.id)").status == 200)
        #expect(try wang.get("/hazards/\(other.id)").status == 404)
        #expect(try wang.get("/venues/\(other.venue)").status == 404)
        #expect(try wang.get("/hazards/\(photo.hazard)/photos/\(photo.hash)").status == 404)
        // A photo of another hazard is not reachable through one's own hazard either.
        #expect(try wang.get("/hazards/\(own.id)/photos/\(photo.hash)").status == 404)
        #expect(try !wang.get("/venues?q=").text.contains("/venues/\(other.venue)\""))
        // Report groups: another grid, a community without G01, the other line's grouping.
        for path in ["/dashboard?within=grid%2FG02", "/dashboard/export?format=json&within=grid%2FG02", "/dashboard?by=venue&within=community%2FC02", "/dashboard?by=police-grid"] {
            let response = try wang.get(path)
            #expect(response.status == 404, "\(path): \(response)")
        }
        // The grid worker's own dashboard has G01's row only.
        let dashboard = try wang.get("/dashboard?by=grid")
        #expect(dashboard.text.contains("data-key=\"G01\"") && !dashboard.text.contains("data-key=\"G02\""))
        for action in ["rectify", "reinspect-pass", "reinspect-fail", "extend", "defer", "cancel", "reassign", "refer"] {
            let response = try wang.post("/hazards/\(other.id)/\(action)", [
                ("csrf", token), ("reason", "test"), ("until", "2026-07-30"), ("grid", "G01"), ("department", "fire-rescue"),
            ])
            #expect(response.status == 404, "\(action): \(response)")
        }
        #expect(try Self.snapshot(work, store) == unchanged)
        // Inspections: G02's venue cannot be chosen or started, nor another user's draft or inspection opened.
        #expect(try wang.get("/inspect?venue=\(other.venue)").status == 404)
        #expect(try wang.post("/inspect", [("csrf", token), ("venue", other.venue), ("checklist", "fire-exits")]).status == 404)
        let admin = WebClient(server, work)
        try admin.logIn("admin", Self.password)
        let started = try admin.post("/inspect", [("csrf", try admin.formToken()), ("venue", other.venue), ("checklist", "fire-exits")])
        let draft = try #require(started.header("location"), "\(started)")
        #expect(try wang.get(draft).status == 404)
        #expect(try wang.post(draft, [("csrf", token), ("step", "discard")]).status == 404)
        let inspection = try #require(try work.rows("SELECT id FROM inspection WHERE venue = '\(other.venue)' LIMIT 1", store: store).first?["id"] as? String)
        #expect(try wang.get("/inspect/done/\(inspection)").status == 404)
        #expect(try wang.post("/inspect/done/\(inspection)/notice", [("csrf", token)]).status == 404)
        _ = try admin.post(draft, [("csrf", try admin.formToken()), ("step", "discard")])
        let before = try Self.snapshot(work, store)
        // Moving one's own hazard out of one's scope is refused too.
        let moved = try wang.post("/hazards/\(own.id)/reassign", [("csrf", token), ("grid", "G02"), ("reason", "test")])
        #expect(moved.status == 403, "\(moved)")
        #expect(try Self.snapshot(work, store) == before)
    }

    @Test("user passwd and user disable end sessions; an officer of a police grid sees its hazards only; user list shows no hash")
    func accounts() throws {
        let work = try EngineWorkspace("web-accounts")
        defer { work.remove() }
        let store = try Self.demo(work)
        let add = try work.start(
            ["user", "add", "zhang", "--role", "officer", "--scope", "P01", "--password-stdin"], now: Self.now, store: store,
            extra: ["SAFEGRID_BCRYPT_COST": "4"], input: Self.password + "\n").wait()
        #expect(add.succeeded, "\(add)")
        let inside = try #require(EngineJSON.array(try work.json(["hazard", "list", "--police-grid", "P01"], now: Self.now, store: store)).first)
        let outside = try #require(EngineJSON.array(try work.json(["hazard", "list", "--police-grid", "P02"], now: Self.now, store: store)).first)
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }

        let zhang = WebClient(server, work)
        #expect(try zhang.logIn("zhang", Self.password).status == 303)
        #expect(try zhang.get("/hazards/\(EngineJSON.string(EngineJSON.object(inside)["id"]) ?? "")").status == 200)
        #expect(try zhang.get("/hazards/\(EngineJSON.string(EngineJSON.object(outside)["id"]) ?? "")").status == 404)

        // A new password ends the session at once; the old password no longer logs in.
        let changed = try work.start(
            ["user", "passwd", "zhang", "--password-stdin"], now: Self.now, store: store, extra: ["SAFEGRID_BCRYPT_COST": "4"],
            input: "another long password\n").wait()
        #expect(changed.succeeded, "\(changed)")
        #expect(try zhang.get("/venues").status == 303)
        #expect(try WebClient(server, work).logIn("zhang", Self.password).status == 401)
        let again = WebClient(server, work)
        #expect(try again.logIn("zhang", "another long password").status == 303)

        // Disabled: the session ends and no password logs in; what they recorded stays.
        #expect(try work.run(["user", "disable", "zhang"], now: Self.now, store: store).succeeded)
        #expect(try again.get("/venues").status == 303)
        #expect(try WebClient(server, work).logIn("zhang", "another long password").status == 401)

        let list = try work.ok(["user", "list", "--format", "json"], now: Self.now, store: store).stdout
        #expect(list.contains("\"zhang\"") && list.contains("\"disabled\" : true") && !list.contains("$2"), "\(list)")
    }

    @Test("over TLS (--tls-cert, --tls-key): HTTPS with the certificate given, and a Secure session cookie")
    func tls() throws {
        let work = try EngineWorkspace("web-tls")
        defer { work.remove() }
        let store = try Self.demo(work)
        let certificate = work.url("station.pem"), key = work.url("station-key.pem")
        let openssl = try EngineRunning(
            executable: URL(fileURLWithPath: "/usr/bin/openssl"),
            arguments: ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.path, "-out", certificate.path],
            environment: ProcessInfo.processInfo.environment, directory: work.directory).wait()
        #expect(openssl.succeeded, "\(openssl)")
        let server = try WebServerProcess(work, store: store, now: Self.now, extra: ["--tls-cert", certificate.path, "--tls-key", key.path])
        defer { server.stop() }
        #expect(server.base.hasPrefix("https://"))
        let client = WebClient(server, work, trusting: certificate)
        #expect(try client.get("/health").status == 200)
        let login = try client.logIn("admin", Self.password)
        #expect(login.status == 303)
        let cookie = try #require(login.header("set-cookie"))
        #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        // Without the certificate, the client refuses the server (it is not a trusted one).
        #expect(throws: WebTestError.self) { try WebClient(server, work).get("/health") }
    }

    @Test("a download from the dashboard is the JSON report of the same parameters, byte for byte")
    func downloadEqualsReport() throws {
        let work = try EngineWorkspace("web-export")
        defer { work.remove() }
        let store = try Self.demo(work)
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }
        let wang = WebClient(server, work)
        try wang.logIn("wang", Self.password)
        let download = try wang.get("/dashboard/export?format=json&by=venue&as-of=2026-06-14")
        #expect(download.status == 200)
        #expect(download.header("content-disposition")?.hasPrefix("attachment") == true)
        let report = try work.ok(
            ["report", "--by", "venue", "--as-of", "2026-06-14T23:59:59+08:00", "--within", "grid/G01", "--format", "json"], now: Self.now, store: store)
        #expect(download.text == report.stdout)
    }

    @Test("a form without the session's token is refused; a leader records nothing; an administrator's change names them")
    func formTokenAndRoles() throws {
        let work = try EngineWorkspace("web-csrf")
        defer { work.remove() }
        let store = try Self.demo(work)
        let own = try WebFixture.hazard(work, store, grid: "G01", now: Self.now, status: "open")
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }
        let before = try Self.snapshot(work, store)

        let wang = WebClient(server, work)
        try wang.logIn("wang", Self.password)
        #expect(try wang.post("/hazards/\(own.id)/defer", [("reason", "no token")]).status == 403)
        #expect(try wang.post("/hazards/\(own.id)/defer", [("csrf", "forged"), ("reason", "wrong token")]).status == 403)
        let chen = WebClient(server, work)
        try chen.logIn("chen", Self.password)
        let chenToken = try chen.formToken()
        #expect(try chen.get("/hazards/\(own.id)").status == 200)
        #expect(try chen.post("/hazards/\(own.id)/defer", [("csrf", chenToken), ("reason", "a leader")]).status == 403)
        #expect(try Self.snapshot(work, store) == before)

        let admin = WebClient(server, work)
        try admin.logIn("admin", Self.password)
        let done = try admin.post("/hazards/\(own.id)/defer", [("csrf", try admin.formToken()), ("reason", "商户停业")])
        #expect(done.status == 303, "\(done)")
        let history = EngineJSON.object(try work.json(["hazard", "show", own.id], now: Self.now, store: store))
        let last = EngineJSON.object(EngineJSON.array(history["events"]).last)
        #expect(EngineJSON.string(last["kind"]) == "defer")
        #expect(EngineJSON.string(last["actor"]) == "admin")
    }

    @Test("a logged-out session cannot be replayed; ten wrong passwords throttle the account")
    func sessionsAndThrottle() throws {
        let work = try EngineWorkspace("web-session")
        defer { work.remove() }
        let store = try Self.demo(work)
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }

        let wang = WebClient(server, work)
        try wang.logIn("wang", Self.password)
        let session = try #require(wang.cookie("safegrid_session"))
        #expect(try wang.get("/venues").status == 200)
        #expect(try wang.post("/logout", [("csrf", try wang.formToken())]).status == 303)
        let replay = WebClient(server, work)
        let replayed = try replay.get("/venues", headers: ["Cookie: safegrid_session=\(session)"])
        #expect(replayed.status == 303 && replayed.header("location") == "/login?next=%2Fvenues", "\(replayed)")
        #expect(try replay.post("/hazards/H-000001/defer", [("reason", "replayed")]).status == 401)

        let guesser = WebClient(server, work)
        var statuses: [Int] = []
        for attempt in 1...10 { statuses.append(try guesser.logIn("wang", "wrong password \(attempt)").status) }
        #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 }, "\(statuses)")
        #expect(statuses.contains(429), "\(statuses)")
        // Now even the right password waits, from any client.
        #expect(try WebClient(server, work).logIn("wang", Self.password).status == 429)
        // Another account is not held up by it.
        #expect(try WebClient(server, work).logIn("admin", Self.password).status == 303)
    }

    @Test("the multipart forms that crashed the webform fuzz target (a part header name not ASCII) are a 400, before any login, and the server goes on")
    func nonASCIIHeaderName() throws {
        let work = try EngineWorkspace("web-multipart")
        defer { work.remove() }
        let store = try Self.demo(work)
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }
        let client = WebClient(server, work)
        // The fuzzer's own find and its hand-reduced form (Fuzz/Crashes/webform): the boundary
        // on the first line, then the body.
        let crashes = SafegridProcess.repository.appendingPathComponent("Fuzz/Crashes/webform")
        let files = try FileManager.default.contentsOfDirectory(atPath: crashes.path).sorted()
        #expect(files.count == 2, "\(files)")
        for file in files {
            let input = try Data(contentsOf: crashes.appendingPathComponent(file))
            let newline = try #require(input.firstIndex(of: 0x0A))
            let boundary = String(decoding: input[..<newline], as: UTF8.self)
            let refused = try client.postRaw("/login", body: Data(input[(newline + 1)...]), contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(refused.status == 400, "\(file): \(refused)")
        }
        #expect(try client.get("/login").status == 200)
        #expect(try client.logIn("wang", Self.password).status == 303)
    }

    @Test("uploads over the limit or not images are refused; evidence paths outside the store are not served")
    func uploadsAndPaths() throws {
        let work = try EngineWorkspace("web-upload")
        defer { work.remove() }
        let store = try Self.demo(work)
        let own = try WebFixture.hazard(work, store, grid: "G01", now: Self.now, status: "open")
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }
        let wang = WebClient(server, work)
        try wang.logIn("wang", Self.password)
        let token = try wang.formToken()
        let before = try Self.snapshot(work, store)

        let large = work.url("large.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x20, count: 9 << 20)).write(to: large)
        let tooLarge = try wang.postMultipart("/hazards/\(own.id)/rectify", [("csrf", token)], files: [("photo", large, "image/jpeg")])
        #expect(tooLarge.status == 413, "\(tooLarge)")
        let script = try work.write("photo.jpg", "<html><script>alert(1)</script></html>")
        let notImage = try wang.postMultipart("/hazards/\(own.id)/rectify", [("csrf", token)], files: [("photo", script, "image/jpeg")])
        #expect(notImage.status == 415, "\(notImage)")
        let svg = try work.write("photo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
        #expect(try wang.postMultipart("/hazards/\(own.id)/rectify", [("csrf", token)], files: [("photo", svg, "image/svg+xml")]).status == 415)
        #expect(try Self.snapshot(work, store) == before)

        for path in [
            "/hazards/\(own.id)/photos/..%2F..%2F..%2Fetc%2Fpasswd", "/hazards/\(own.id)/photos/%2e%2e",
            "/hazards/\(own.id)/photos/" + String(repeating: "0", count: 64), "/hazards/..%2F..%2Fetc%2Fpasswd/photos/x",
        ] {
            let response = try wang.get(path)
            #expect(response.status == 404, "\(path): \(response)")
            #expect(!response.text.contains("root:"))
        }
    }
}

/// The demo store the web tests copy, made once per test run.
enum WebFixture {
    static let demo: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-web-demo-\(UUID().uuidString)")
        let work = try! EngineWorkspace("web-demo")
        // A low bcrypt cost: the tests log in often, and the cost is not what they test.
        let outcome = try! work.run(["demo", "--output", folder.path], now: WebAuthorizationTests.now, extra: ["SAFEGRID_BCRYPT_COST": "4"])
        precondition(outcome.succeeded, "\(outcome)")
        // Only the store and its evidence: the reports are not needed.
        for file in try! FileManager.default.contentsOfDirectory(atPath: folder.path) where !file.hasPrefix("demo.sqlite") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(file))
        }
        return folder
    }()

    struct Hazard {
        var id: String
        var venue: String
    }

    /// The first hazard of a grid (with a status, if given).
    static func hazard(_ work: EngineWorkspace, _ store: URL, grid: String, now: String, status: String? = nil) throws -> Hazard {
        let list = EngineJSON.array(try work.json(["hazard", "list", "--grid", grid], now: now, store: store)).map(EngineJSON.object)
        let chosen = try #require(list.first { status == nil || EngineJSON.string($0["status"]) == status })
        return Hazard(id: try #require(EngineJSON.string(chosen["id"])), venue: try #require(EngineJSON.string(chosen["venue"])))
    }

    /// A kept photo of a hazard of the grid: the hazard and the photo's SHA-256.
    static func photo(_ work: EngineWorkspace, _ store: URL, grid: String, now: String) throws -> (hazard: String, hash: String)? {
        let list = EngineJSON.array(try work.json(["hazard", "list", "--grid", grid], now: now, store: store)).map(EngineJSON.object)
        for hazard in list.prefix(40) {
            let id = EngineJSON.string(hazard["id"]) ?? ""
            let history = EngineJSON.object(try work.json(["hazard", "show", id], now: now, store: store))
            for event in EngineJSON.array(history["events"]).map(EngineJSON.object) {
                if let hash = EngineJSON.array(event["evidence"]).compactMap(EngineJSON.string).first { return (id, hash) }
            }
        }
        return nil
    }
}
