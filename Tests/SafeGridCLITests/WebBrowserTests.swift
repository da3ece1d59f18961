import BrowserTesting
import Foundation
import Testing

/// The web app in real headless Chromium against a real `safegrid serve` on a copy of the demo
/// store: a station administrator logs in, drills from a street down to a hazard, records a
/// re-inspection with a photo, and finds the dashboard equal to `safegrid report --format json`;
/// a grid worker inspects a venue on a phone-sized screen. No console errors, and no request
/// leaves the server's origin. Screenshots go to $TMPDIR/safegrid-artifacts/web-*.png.
@Suite("web: the station's web app in headless Chromium", .serialized)
struct WebBrowserTests {
    static let now = WebAuthorizationTests.now
    static let artifacts = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-artifacts")

    static func save(_ tab: BrowserTab, _ name: String) throws {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        try tab.screenshot().write(to: artifacts.appendingPathComponent("web-\(name).png"))
    }

    /// A real 2×2 PNG, as a phone's camera would hand over a (much larger) JPEG.
    static let photo = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAwMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==")!

    static func logIn(_ tab: BrowserTab, _ server: WebServerProcess, _ name: String) throws {
        try tab.go(server.base + "/login")
        try tab.follow("""
            document.querySelector('input[name=name]').value = \(BrowserTab.quoted(name));
            document.querySelector('input[name=password]').value = \(BrowserTab.quoted(WebAuthorizationTests.password));
            document.querySelector('form.login button').click()
            """)
    }

    /// Follows the first link of the report table's rows.
    static func drill(_ tab: BrowserTab) throws {
        try tab.follow("document.querySelector('table[data-report] tbody a').click()")
    }

    /// Each row of the dashboard's table: its key and its counts as the page writes them.
    static func pageRows(_ tab: BrowserTab) throws -> [String: [String: String]] {
        let rows = try tab.evaluate("""
            Array.from(document.querySelectorAll('table[data-report] tr[data-key]')).map(row =>
                [row.dataset.key].concat(Array.from(row.querySelectorAll('td[data-column]')).map(cell => cell.dataset.column + '=' + cell.textContent)))
            """) as? [[String]] ?? []
        var result: [String: [String: String]] = [:]
        for row in rows {
            guard let key = row.first else { continue }
            result[key] = Dictionary(uniqueKeysWithValues: row.dropFirst().map { cell in
                let parts = cell.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            })
        }
        return result
    }

    /// The page's counts as the JSON report gives them, written as the page writes them.
    static func expectedCell(_ column: String, _ counts: [String: Any]) -> String {
        let count = { (name: String) in (counts[name] as? NSNumber)?.intValue ?? 0 }
        func percent(_ value: Any?) -> String {
            guard let rate = (value as? NSNumber)?.doubleValue else { return "—" }
            let tenths = Int((rate * 1000).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        switch column {
        case "rate": return percent(counts["rate"])
        case "onTimeRate": return percent(counts["onTimeRate"])
        default: return String(count(column))
        }
    }

    @Test("log in, drill from a street to a hazard, record a re-inspection with a photo; the dashboard then equals report --format json")
    func dashboardAndDesk() throws {
        let work = try EngineWorkspace("web-browser")
        defer { work.remove() }
        let store = try WebAuthorizationTests.demo(work)
        let awaiting = try WebFixture.hazard(work, store, grid: "G01", now: Self.now, status: "awaiting")
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }
        let browser = try HeadlessChromium(timeout: 180)
        defer { browser.shutDown() }
        let tab = try BrowserTab(browser, width: 1280)

        try Self.logIn(tab, server, "admin")
        #expect(try tab.location().hasSuffix("/dashboard"))
        try Self.save(tab, "dashboard")
        // The README's picture: the top of the dashboard in Chinese.
        try tab.go(server.base + "/dashboard?lang=zh-CN")
        try tab.screenshot(maxHeight: 1500).write(to: Self.artifacts.appendingPathComponent("web-dashboard-top.png"))
        // Printed, it is A4 without the app's header and forms.
        let pdf = Self.artifacts.appendingPathComponent("web-dashboard.pdf")
        try tab.printed().write(to: pdf)
        let printed = try NoticePrintTests.pdfInfo(pdf)
        #expect(printed.pages >= 1 && printed.size.contains("(A4)"), "\(printed)")
        #expect(try !NoticePrintTests.pdfText(pdf).contains("退出"), "the header is printed")

        // Street → community → grid → venue → the venue's page → one of its hazards.
        try tab.go(server.base + "/dashboard?by=street")
        try Self.save(tab, "street")
        for level in ["community", "grid", "venue"] {
            try Self.drill(tab)
            let location = try tab.location()
            #expect(location.contains("by=\(level)"), "\(location)")
        }
        try Self.save(tab, "venues-of-a-grid")
        try Self.drill(tab)
        #expect(try tab.location().contains("/venues/"))
        try tab.follow("document.querySelector('table[data-hazards] a').click()")
        #expect(try tab.location().contains("/hazards/"))
        #expect(try tab.evaluate("document.querySelectorAll('ol[data-history] li').length") as? Int ?? 0 >= 1)
        try Self.save(tab, "hazard")

        // The re-inspection, with a photo chosen as from the camera.
        let photo = work.url("after.png")
        try Self.photo.write(to: photo)
        try tab.go(server.base + "/hazards/\(awaiting.id)")
        try tab.choose(files: [photo], for: "form[data-action=reinspect-pass] input[type=file]")
        try tab.follow("document.querySelector('form[data-action=reinspect-pass] button').click()")
        #expect(try tab.evaluate("document.querySelector('[data-field=status] span').dataset.status") as? String == "closed")
        #expect(try tab.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)") as? Bool == true)
        try Self.save(tab, "reinspected")
        let history = EngineJSON.object(try work.json(["hazard", "show", awaiting.id], now: Self.now, store: store))
        let last = EngineJSON.object(EngineJSON.array(history["events"]).last)
        #expect(EngineJSON.string(last["kind"]) == "reinspect-pass")
        #expect(EngineJSON.string(last["actor"]) == "admin")
        #expect(EngineJSON.array(last["evidence"]).count == 1)

        // After the change: each drill level's numbers equal the JSON report of the command the page shows.
        for path in ["/dashboard?by=street", "/dashboard?by=grid&within=community%2FC01", "/dashboard?by=police-grid"] {
            try tab.go(server.base + path)
            let command = try #require(try tab.text("code[data-command]"))
            let arguments = Array(command.split(separator: " ").map(String.init).dropFirst().dropLast(2))
            let report = EngineJSON.object(try work.json(arguments, now: Self.now, store: store))
            let page = try Self.pageRows(tab)
            let groups = EngineJSON.array(report["groups"]).map(EngineJSON.object)
            #expect(page.count == groups.count + 1, "\(path): \(page.keys.sorted())")
            for group in groups {
                let key = try #require(EngineJSON.string(group["key"]))
                let counts = group
                for (column, text) in page[key] ?? [:] {
                    #expect(text == Self.expectedCell(column, counts), "\(path) \(key) \(column)")
                }
            }
            for (column, text) in page["total"] ?? [:] {
                #expect(text == Self.expectedCell(column, EngineJSON.object(report["total"])), "\(path) total \(column)")
            }
        }
        // data: URLs (the browser's own icon of a date field) go nowhere.
        let elsewhere = tab.requests.filter { !$0.hasPrefix(server.base + "/") && !$0.hasPrefix("data:") }
        #expect(elsewhere.isEmpty, "\(elsewhere)")
        #expect(tab.problems.isEmpty, "\(tab.problems)")
    }

    @Test("an inspection at a phone-sized viewport creates the right hazards")
    func phoneInspection() throws {
        let work = try EngineWorkspace("web-phone")
        defer { work.remove() }
        let store = try WebAuthorizationTests.demo(work)
        let venue = try WebFixture.hazard(work, store, grid: "G01", now: Self.now).venue
        let before = EngineJSON.array(try work.json(["hazard", "list", "--venue", venue], now: Self.now, store: store)).count
        let server = try WebServerProcess(work, store: store, now: Self.now)
        defer { server.stop() }
        let browser = try HeadlessChromium(timeout: 180)
        defer { browser.shutDown() }
        let tab = try BrowserTab(browser, width: 390, height: 844, mobile: true)

        try Self.logIn(tab, server, "wang")
        try tab.go(server.base + "/inspect")
        try tab.follow("document.querySelector('input[name=q]').value = \(BrowserTab.quoted(venue)); document.querySelector('main form button').click()")
        try tab.follow("document.querySelector('ul[data-venues] a').click()")
        try Self.save(tab, "phone-checklists")
        try tab.follow("document.querySelector('main form button[type=submit]').click()")
        #expect(try tab.location().contains("/inspect/W-"))
        // Every pass-fail item passes but the first, which fails with a photo; the others do not apply.
        let failed = try #require(try tab.evaluate("""
            (() => {
                let failed = null;
                for (const item of document.querySelectorAll('fieldset.item')) {
                    const fail = item.querySelector('input[type=radio][value=fail]');
                    if (fail && !failed) { fail.checked = true; failed = item.dataset.item; continue; }
                    const pass = item.querySelector('input[type=radio][value=pass]');
                    (pass || item.querySelector('input[type=radio][value=na]')).checked = true;
                }
                return failed;
            })()
            """) as? String)
        let photo = work.url("before.png")
        try Self.photo.write(to: photo)
        try tab.choose(files: [photo], for: "input[name='photo.\(failed)']")
        #expect(try tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true, "the form is wider than a phone")
        try Self.save(tab, "phone-form")
        try tab.follow("document.querySelector('button[value=review]').click()")
        try Self.save(tab, "phone-review")
        let summary = try tab.text("main") ?? ""
        #expect(try tab.evaluate("document.querySelector('[data-hazard-count]').dataset.hazardCount") as? String == "1", "\(summary)")
        #expect(try tab.evaluate("document.querySelector('table[data-hazards] tr[data-item]').dataset.item") as? String == failed)
        try tab.follow("document.querySelector('button[value=record]').click()")
        #expect(try tab.location().contains("/inspect/done/"))
        try Self.save(tab, "phone-done")
        let shown = try tab.evaluate("document.querySelector('table[data-hazards] a').textContent") as? String
        // The notice, issued at the end and printed from the phone: an A4 page with the hazard.
        try tab.follow("document.querySelector('main form button').click()")
        let notice = try tab.evaluate("document.querySelector('article.notice') ? document.body.textContent : ''") as? String ?? ""
        #expect(!notice.isEmpty, "no notice after the inspection")
        try Self.save(tab, "phone-notice")

        let hazards = EngineJSON.array(try work.json(["hazard", "list", "--venue", venue], now: Self.now, store: store)).map(EngineJSON.object)
        #expect(hazards.count == before + 1)
        let new = try #require(hazards.first { EngineJSON.string($0["item"]) == failed && EngineJSON.string($0["status"]) == "open" })
        #expect(shown == EngineJSON.string(new["id"]))
        let titles = EngineJSON.object(new["title"]).values.compactMap { $0 as? String }
        #expect(titles.contains { notice.contains($0) }, "the notice does not list \(titles): \(notice.prefix(500))")
        #expect(tab.requests.allSatisfy { $0.hasPrefix(server.base + "/") || $0.hasPrefix("data:") })
        #expect(tab.problems.isEmpty, "\(tab.problems)")
    }
}
