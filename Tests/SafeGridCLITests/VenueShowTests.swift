import Foundation
import Testing

/// `safegrid venue show`: a venue's safety file through the binary, on the demo store.
@Suite("venue show: the venue's safety file")
struct VenueShowTests {
    static let now = "2026-06-15T18:00"

    @Test("every inspection and hazard of the venue (as hazard list --venue gives them), its colour with reasons and next inspection")
    func demoVenueFile() throws {
        let work = try EngineWorkspace("venue-show")
        defer { work.remove() }
        let folder = work.url("demo")
        try work.ok(["demo", "--output", folder.path, "--lang", "en"], now: Self.now)
        let store = folder.appendingPathComponent("demo.sqlite")

        // A venue with an overdue hazard: red under the default rule.
        let overdue = EngineJSON.array(try work.json(["hazard", "list", "--overdue"], now: Self.now, store: store))
        let venue = try #require(EngineJSON.string(EngineJSON.object(overdue.first)["venue"]))
        let file = EngineJSON.object(try work.json(["venue", "show", venue], now: Self.now, store: store))
        let rating = EngineJSON.object(file["rating"])
        #expect(EngineJSON.string(rating["colour"]) == "red" && EngineJSON.string(rating["rule"]) == "open-hazards", "\(rating)")
        #expect(EngineJSON.array(rating["reasons"]).contains { (($0 as? String) ?? "").contains("已逾期") }, "\(rating)")
        #expect(EngineJSON.int(file["frequencyDays"]) == 7)

        // The same hazards as hazard list --venue, and every inspection of the venue in the store.
        let listed = EngineJSON.array(try work.json(["hazard", "list", "--venue", venue], now: Self.now, store: store))
            .compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }
        let shown = EngineJSON.array(file["hazards"]).compactMap { EngineJSON.string(EngineJSON.object(EngineJSON.object($0)["hazard"])["id"]) }
        #expect(!listed.isEmpty && Set(shown) == Set(listed), "\(shown) vs \(listed)")
        let inspections = try work.rows("SELECT id FROM inspection WHERE venue = '\(venue)' ORDER BY at, id", store: store).compactMap { $0["id"] as? String }
        let shownInspections = EngineJSON.array(file["inspections"]).compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }
        #expect(!inspections.isEmpty && shownInspections == inspections, "\(shownInspections) vs \(inspections)")
        for inspection in EngineJSON.array(file["inspections"]).map(EngineJSON.object) {
            let score = (inspection["score"] as? NSNumber)?.doubleValue ?? -1
            #expect((0...100).contains(score), "\(inspection)")
        }
        // The next inspection: the last inspection's day plus 7 (red).
        let last = try #require(EngineJSON.string(EngineJSON.object(EngineJSON.array(file["inspections"]).last)["at"]))
        let lastDay = try #require(ISO8601DateFormatter().date(from: last))
        let expected = lastDay.addingTimeInterval(7 * 86_400)
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd"
        format.timeZone = TimeZone(identifier: "Asia/Shanghai")
        #expect(EngineJSON.string(file["nextInspectionDue"]) == format.string(from: expected))

        // The text file says the same, in both languages.
        let zh = try work.ok(["venue", "show", venue], now: Self.now, store: store).stdout
        #expect(zh.contains("颜色 红（规则 open-hazards：") && zh.contains("检查（\(inspections.count) 次）") && zh.contains("隐患（\(listed.count) 条）"), "\(zh)")
        for id in listed { #expect(zh.contains(id)) }
        let en = try work.ok(["venue", "show", venue, "--lang", "en"], now: Self.now, store: store).stdout
        #expect(en.contains("Colour red (rule open-hazards: ") && en.contains("Next inspection "), "\(en)")

        // The printable page, through the exporter seam: every hazard and inspection on it.
        let page = work.url("venue.html")
        let written = try work.ok(["venue", "show", venue, "--format", "html", "--output", page.path, "--lang", "en"], now: Self.now, store: store)
        #expect(written.stderr.contains("written to \(page.path)"), "\(written)")
        let html = try String(contentsOf: page, encoding: .utf8)
        for id in listed { #expect(html.contains("data-hazard=\"\(id)\""), "\(id)") }
        for id in inspections { #expect(html.contains("data-inspection=\"\(id)\""), "\(id)") }
        let notVenue = try work.run(["venue", "show", venue, "--format", "csv"], now: Self.now, store: store)
        #expect(notVenue.status != 0 && notVenue.stderr.contains("csv"), "\(notVenue)")

        // As of before the venue's first inspection: nothing yet, due at once.
        let early = EngineJSON.object(try work.json(["venue", "show", venue, "--as-of", "2026-01-01"], now: Self.now, store: store))
        #expect(EngineJSON.array(early["inspections"]).isEmpty && EngineJSON.array(early["hazards"]).isEmpty)
        #expect(EngineJSON.string(early["nextInspectionDue"]) == "2026-01-01")
        #expect(EngineJSON.string(EngineJSON.object(early["rating"])["colour"]) == "green")

        // Under the score rule, from the store's settings.
        try work.ok(["config", "set", "risk-rule", "score"], now: Self.now, store: store)
        let scored = EngineJSON.object(try work.json(["venue", "show", venue], now: Self.now, store: store))
        #expect(EngineJSON.string(EngineJSON.object(scored["rating"])["rule"]) == "score")
        let refused = try work.run(["config", "set", "risk-rule", "colours", "--lang", "en"], now: Self.now, store: store)
        #expect(refused.status == 1 && refused.stderr.contains("there is no venue risk rule named 'colours'; there are: open-hazards, score"), "\(refused)")

        let unknown = try work.run(["venue", "show", "V999", "--lang", "en"], now: Self.now, store: store)
        #expect(unknown.status == 1 && unknown.stderr.contains("V999"), "\(unknown)")
    }
}
