import Foundation
import Testing

/// Personal data on the web app's venue page, against a real `safegrid serve` on a copy of the
/// demo store: the grid worker who calls the merchant sees the contact in clear; a leader of the
/// same community sees it masked.
@Suite("web: personal data by role")
struct WebPersonalDataTests {
    @Test("a venue's contact: in clear for the grid worker of its grid, masked for a leader of its community")
    func contactByRole() throws {
        let work = try EngineWorkspace("web-personal")
        defer { work.remove() }
        let store = try WebAuthorizationTests.demo(work)
        let row = try #require(try work.rows(
            "SELECT id, contact FROM venue WHERE grid = 'G01' AND contact GLOB '*1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' LIMIT 1",
            store: store).first)
        let venue = try #require(row["id"] as? String), contact = try #require(row["contact"] as? String)
        let phone = try #require(contact.split(separator: " ").last.map(String.init))
        let masked = String(phone.prefix(3)) + "****" + String(phone.suffix(4))
        let server = try WebServerProcess(work, store: store, now: WebAuthorizationTests.now)
        defer { server.stop() }

        let wang = WebClient(server, work)
        #expect(try wang.logIn("wang", WebAuthorizationTests.password).status == 303)
        let own = try wang.get("/venues/\(venue)")
        #expect(own.status == 200)
        #expect(own.text.contains(phone), "the grid worker sees the contact in clear")

        let chen = WebClient(server, work)
        #expect(try chen.logIn("chen", WebAuthorizationTests.password).status == 303)
        let read = try chen.get("/venues/\(venue)")
        #expect(read.status == 200)
        #expect(!read.text.contains(phone), "a leader does not see the phone in clear")
        #expect(read.text.contains(masked))
    }
}
