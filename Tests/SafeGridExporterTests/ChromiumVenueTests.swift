import BrowserTesting
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridHTML
import SafeGridTesting
import SafeGridXML
import Testing

/// A demo venue's safety file as an HTML page in a real headless Chromium: no console errors, no
/// network, printed on A4, and every inspection and hazard of the venue on it (as the store
/// lists them for the venue, which is what `hazard list --venue` shows).
@Suite("The venue file in headless Chromium", .serialized, .timeLimit(.minutes(2)))
struct ChromiumVenueTests {
    static let pageExpression = """
        JSON.stringify({
          scripts: document.scripts.length,
          title: document.title,
          colour: (document.querySelector('[data-hook="colour"]') || {}).textContent,
          inspections: Array.from(document.querySelectorAll('tr[data-inspection]')).map(function (e) { return e.dataset.inspection; }),
          hazards: Array.from(document.querySelectorAll('article[data-hazard]')).map(function (e) { return e.dataset.hazard; }),
          history: document.querySelectorAll('ol.history li').length
        })
        """

    @Test("a demo venue with hazards: every inspection and hazard, no console errors, no network, A4", arguments: DisplayLanguage.allCases)
    func demoVenue(language: DisplayLanguage) throws {
        let now = ChromiumPrintTests.demoNow
        let engine = SafeGridEngine(
            store: InMemoryHazardStore(), clock: FixedWallClock(now), calendar: .chinaMainland, identifiers: SequentialIdentifiers())
        _ = try DemoScenario.build(engine: engine, checklists: try ChecklistImporter().builtinChecklists())
        // The venue with the most hazards, so that the page has much to show.
        var perVenue: [String: [String]] = [:]
        try engine.store.read { try $0.hazards(HazardFilter()) { perVenue[$0.record.venueID, default: []].append($0.id) } }
        let (venue, hazards) = try #require(perVenue.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) })
        let inspections = try engine.store.read { try $0.inspections(venueID: venue) }.map(\.id)

        let file = try engine.venueFile(venueID: venue, asOf: now)
        let output = ExportOutput()
        try HTMLExporter().export(file, options: ExportOptions(language: language, stationTime: .shanghai), to: output)
        let url = try ChromiumTests.write(try output.finish(), named: "venue-\(language.rawValue).html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let visit = try browser.visit(url, width: 900, evaluating: [Self.pageExpression], printing: true)

        #expect(visit.problems.isEmpty, "console errors: \(visit.problems)")
        #expect(visit.requests.isEmpty, "network requests: \(visit.requests)")
        try ChromiumTests.expectPNG(visit.screenshot, savedAs: "venue-\(language.rawValue).png")
        let pages = ChromiumTests.mediaBoxes(try #require(visit.pdf))
        #expect(!pages.isEmpty && pages.allSatisfy { abs($0.width - 595) < 1.5 && abs($0.height - 842) < 1.5 }, "not printed on A4: \(pages)")

        let page = try #require(try ChromiumTests.object(visit.values[0]) as? [String: Any])
        #expect((page["scripts"] as? NSNumber)?.intValue == 0)
        #expect((page["colour"] as? String) == file.rating.colour.label(language))
        #expect((page["inspections"] as? [String]) == inspections)
        #expect(Set(page["hazards"] as? [String] ?? []) == Set(hazards) && hazards.count > 1, "\(page) vs \(hazards)")
        #expect((page["history"] as? NSNumber)?.intValue == file.hazards.map(\.events.count).reduce(0, +))
    }
}
