import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import Testing

/// Venue colours (三色预警) in a fixed scenario on a real SQLite store, as of several moments,
/// under both built-in rules, each with its reason; and a third party's rule registered in a
/// test changing the colours without touching the engine.
@Suite("Venue colours")
struct VenueColourTests {
    /// Items weigh 3 (K, critical), 2 (A, major), 1 (C, minor) and 4 (D, minor): ten in all.
    static let checklist = Checklist(
        id: "risk", version: "1.0.0", category: "fire", title: LocalizedText(["zh-CN": "风险", "en": "Risk"]),
        sections: [ChecklistSection(id: "s", title: LocalizedText(["en": "Items"]), items: [
            ChecklistItem(id: "K", severity: .critical, deadline: .calendarDays(3), prompt: LocalizedText(["en": "K"]), weight: 3),
            ChecklistItem(id: "A", severity: .major, deadline: .calendarDays(7), prompt: LocalizedText(["en": "A"]), weight: 2),
            ChecklistItem(id: "C", severity: .minor, deadline: .calendarDays(3), prompt: LocalizedText(["en": "C"]), weight: 1),
            ChecklistItem(id: "D", severity: .minor, deadline: .calendarDays(7), prompt: LocalizedText(["en": "D"]), weight: 4),
        ])])

    /// The scenario, each venue for one reason:
    /// - V1 fails A on 06-01 (deadline 06-08): open, then overdue. Score 80.
    /// - V2 fails K (critical) on 06-01, passes its re-inspection on 06-03. Score 70.
    /// - V3 fails D on 06-01, fails re-inspection on 06-02 and 06-03, passes on 06-06. Score 60.
    /// - V4 fails C, fixed on the spot, on 06-01 and again on 06-20: a recurrence. Score 90 both times.
    /// - V5 is first inspected on 06-25, failing A and D, both fixed on the spot. Score 40.
    static func engine(rules: VenueRiskRuleRegistry = .builtin) throws -> (SafeGridEngine, [String: String]) {
        let clock = ManualWallClock(DomainExample.day(5, 31))
        let engine = SafeGridEngine(
            store: try SQLiteHazardStore(path: try temporaryStorePath()), clock: clock, calendar: HolidayCalendar(),
            stationTime: DomainExample.stationTime, identifiers: SequentialIdentifiers(), riskRules: rules)
        try engine.importAreas(DomainExample.areas, links: DomainExample.links)
        try engine.putVenues(DomainExample.venues + [
            Venue(id: "V4", name: "V4", kind: "stall", gridCode: "G1", policeGridCode: "P1"),
            Venue(id: "V5", name: "V5", kind: "stall", gridCode: "G2", policeGridCode: "P1"),
        ])
        var hazards: [String: String] = [:]
        func inspect(_ venue: String, _ month: Int, _ day: Int, failing: [String], fixed: Bool = false) throws {
            clock.set(DomainExample.day(month, day))
            var responses: [String: AnswerInput] = [:]
            for item in ["K", "A", "C", "D"] {
                responses[item] = failing.contains(item) ? AnswerInput(result: .fail, fixedOnSpot: fixed) : .verdict(.pass)
            }
            let outcome = try engine.recordInspection(
                InspectionInput(venueID: venue, inspectors: ["甲", "乙"], responses: responses), checklist: checklist)
            for hazard in outcome.hazards { hazards["\(venue)-\(month)-\(day)-\(hazard.record.itemID)"] = hazard.id }
        }
        func update(_ key: String, _ month: Int, _ day: Int, _ kind: HazardEvent.Kind) throws {
            clock.set(DomainExample.day(month, day, hour: 15))
            try engine.update(hazards[key]!, kind, actor: "民警")
        }
        try inspect("V1", 6, 1, failing: ["A"])
        try inspect("V2", 6, 1, failing: ["K"])
        try inspect("V3", 6, 1, failing: ["D"])
        try inspect("V4", 6, 1, failing: ["C"], fixed: true)
        try update("V2-6-1-K", 6, 2, .rectificationReported)
        try update("V2-6-1-K", 6, 3, .reinspectionPassed)
        try update("V3-6-1-D", 6, 1, .rectificationReported)
        try update("V3-6-1-D", 6, 2, .reinspectionFailed)
        try update("V3-6-1-D", 6, 2, .rectificationReported)
        try update("V3-6-1-D", 6, 3, .reinspectionFailed)
        try update("V3-6-1-D", 6, 5, .rectificationReported)
        try update("V3-6-1-D", 6, 6, .reinspectionPassed)
        try inspect("V4", 6, 20, failing: ["C"], fixed: true)
        try inspect("V5", 6, 25, failing: ["A", "D"], fixed: true)
        clock.set(DomainExample.day(12, 1))
        return (engine, hazards)
    }

    /// Every venue's colour and reasons (in English) as of the end of a day.
    static func ratings(_ engine: SafeGridEngine, _ month: Int, _ day: Int) throws -> [String: (VenueColour, [String])] {
        var found: [String: (VenueColour, [String])] = [:]
        for venue in ["V1", "V2", "V3", "V4", "V5"] {
            let rating = try engine.venueRating(venueID: venue, asOf: DomainExample.endOf(month, day))
            found[venue] = (rating.colour, rating.reasons.map { $0.resolved(for: .english) })
        }
        return found
    }

    @Test("the open-hazards rule: overdue, open critical and two reworks are red; open hazards and recurrences yellow")
    func openHazardsRule() throws {
        let (engine, h) = try Self.engine()
        #expect(try engine.riskRule().name == "open-hazards")
        let clean = "no unfixed hazard and no recurrence within 90 days"
        let june2 = try Self.ratings(engine, 6, 2)
        #expect(june2["V1"]! == (.yellow, ["1 hazard not fixed yet"]))
        #expect(june2["V2"]! == (.red, ["critical hazard \(h["V2-6-1-K"]!) is not fixed yet", "1 hazard not fixed yet"]))
        #expect(june2["V3"]! == (.yellow, ["1 hazard not fixed yet"]))
        #expect(june2["V4"]! == (.green, [clean]))
        #expect(june2["V5"]! == (.green, [clean]))

        let june7 = try Self.ratings(engine, 6, 7)
        #expect(june7["V1"]! == (.yellow, ["1 hazard not fixed yet"]))
        #expect(june7["V2"]! == (.green, [clean]))
        #expect(june7["V3"]! == (.red, ["2 failed re-inspections within 90 days (2026-06-02, 2026-06-03)"]))

        let june10 = try Self.ratings(engine, 6, 10)
        #expect(june10["V1"]! == (.red, ["hazard \(h["V1-6-1-A"]!) is overdue (deadline 2026-06-08)", "1 hazard not fixed yet"]))

        let june21 = try Self.ratings(engine, 6, 21)
        #expect(june21["V4"]! == (.yellow, [
            "hazard \(h["V4-6-20-C"]!) is a recurrence (the same item failed within 90 days of closing \(h["V4-6-1-C"]!))",
        ]))
        #expect(june21["V5"]! == (.green, [clean]))

        // Ninety days on, the reworks and the recurrence no longer count.
        let september = try Self.ratings(engine, 9, 20)
        #expect(september["V3"]! == (.green, [clean]))
        #expect(september["V4"]! == (.green, [clean]))
        #expect(september["V1"]!.0 == .red, "still overdue")
    }

    @Test("the score rule: the latest inspection's weighted score against the bands, tuned per store")
    func scoreRule() throws {
        let (engine, _) = try Self.engine()
        try engine.setSetting(.riskRule, to: "score")
        let june2 = try Self.ratings(engine, 6, 2)
        func scored(_ venue: String, _ day: String, _ score: String, _ band: String) throws -> String {
            let inspection = try engine.store.read { try $0.inspections(venueID: venue) }
                .last { DomainExample.stationTime.day(of: $0.at).description == day }!
            return "inspection \(inspection.id) on \(day) scored \(score), \(band)"
        }
        #expect(june2["V1"]! == (.green, [try scored("V1", "2026-06-01", "80", "above 70")]))
        #expect(june2["V2"]! == (.yellow, [try scored("V2", "2026-06-01", "70", "from 60 to 70")]))
        #expect(june2["V3"]! == (.yellow, [try scored("V3", "2026-06-01", "60", "from 60 to 70")]))
        #expect(june2["V4"]! == (.green, [try scored("V4", "2026-06-01", "90", "above 70")]))
        #expect(june2["V5"]! == (.yellow, ["never inspected yet"]))
        let june30 = try Self.ratings(engine, 6, 30)
        #expect(june30["V4"]! == (.green, [try scored("V4", "2026-06-20", "90", "above 70")]))
        #expect(june30["V5"]! == (.red, [try scored("V5", "2026-06-25", "40", "below 60")]))
        // The colour as of a moment does not depend on what happened later.
        #expect(try Self.ratings(engine, 6, 2)["V5"]!.0 == .yellow)

        // Tuned: red below 75, green above 85.
        try engine.setSetting(.riskScoreBands, to: " 75 , 85 ")
        #expect(try engine.settings()[.riskScoreBands] == "75,85")
        let tuned = try Self.ratings(engine, 6, 30)
        #expect(tuned["V1"]!.0 == .yellow && tuned["V2"]!.0 == .red && tuned["V4"]!.0 == .green)
        for bad in ["70", "80,60", "a,b", "-1,50", "50,101"] {
            #expect(throws: SafeGridError.self, "\(bad)") { try engine.setSetting(.riskScoreBands, to: bad) }
        }
        #expect(try engine.settings()[.riskScoreBands] == "75,85", "a refused value changes nothing")
    }

    /// A third party's rule: every venue with any inspection failing two items or more is red.
    struct TwoFailuresRule: VenueRiskRule {
        let name = "two-failures"
        var summary: LocalizedText { LocalizedText(["en": "red after an inspection failing two items or more"]) }
        func rate(_ facts: VenueRiskFacts) -> VenueRating {
            let worst = facts.inspections.map { $0.inspection.responses.filter { $0.outcome == .fail }.count }.max() ?? 0
            return VenueRating(
                venueID: facts.venueID, colour: worst >= 2 ? .red : .green,
                reasons: [LocalizedText(["en": "at most \(worst) failed"])], rule: name)
        }
    }

    @Test("a third party's rule, registered next to the built-in ones, colours venues without touching the engine")
    func thirdPartyRule() throws {
        #expect(VenueRiskRuleRegistry.builtin.names == ["open-hazards", "score"])
        var rules = VenueRiskRuleRegistry()
        try rules.register(OpenHazardsRule())
        try rules.register(ScoreBandsRule())   // a name already taken throws
        try rules.register(TwoFailuresRule())
        #expect(throws: SafeGridError.self) { try rules.register(TwoFailuresRule()) }
        let (engine, _) = try Self.engine(rules: rules)
        #expect(try Self.ratings(engine, 6, 30)["V5"]!.0 == .green, "the default rule: V5's hazards were fixed on the spot")
        try engine.setSetting(.riskRule, to: "two-failures")
        let colours = try Self.ratings(engine, 6, 30)
        #expect(colours["V5"]! == (.red, ["at most 2 failed"]))
        #expect(colours["V1"]! == (.green, ["at most 1 failed"]))
        #expect(try engine.venueRating(venueID: "V5", asOf: DomainExample.endOf(6, 30)).rule == "two-failures")

        // An engine without the rule refuses the name, and says which rules there are.
        let (plain, _) = try Self.engine()
        do {
            try plain.setSetting(.riskRule, to: "two-failures")
            Issue.record("an unknown rule was accepted")
        } catch let error as SafeGridError {
            #expect(error.code == .invalidInput)
            #expect(error.message.resolved(for: .english).contains("open-hazards, score"), "\(error)")
        }
        #expect(throws: SafeGridError.self) { try plain.venueRating(venueID: "V9", asOf: DomainExample.endOf(6, 30)) }
    }

    @Test("the worked example's venue file on a SQLite store: V1 as of 06-30")
    func exampleFile() throws {
        let clock = ManualWallClock(DomainExample.day(5, 31))
        let engine = SafeGridEngine(
            store: try SQLiteHazardStore(path: try temporaryStorePath()), clock: clock, calendar: HolidayCalendar(),
            stationTime: DomainExample.stationTime, identifiers: SequentialIdentifiers())
        try DomainExample.build(engine: engine, clock: clock)
        clock.set(DomainExample.day(6, 30))
        // H8, found 06-16 and due 06-23, is overdue; the next inspection is 7 days (red) after
        // the last one, on 06-16.
        let file = try engine.venueFile(venueID: "V1", asOf: DomainExample.endOf(6, 30))
        #expect(file.rating.colour == .red && file.rating.rule == "open-hazards")
        #expect(file.hazards.map(\.state.id) == ["H-000001", "H-000002", "H-000008"])
        #expect(file.inspections.count == 2 && file.nextInspectionDue == CivilDate("2026-06-23") && file.frequencyDays == 7)
        #expect(file.grid?.code == "G1" && file.policeGrid?.code == "P1")
        #expect(file.hazards.allSatisfy { $0.events.allSatisfy { $0.at <= file.asOf } })
        // A store's own frequency: red every 5 days.
        try engine.setSetting(.inspectionFrequency, to: "red=5")
        #expect(try engine.settings()[.inspectionFrequency] == "red=5,yellow=14,green=30")
        #expect(try engine.venueFile(venueID: "V1", asOf: DomainExample.endOf(6, 30)).nextInspectionDue == CivilDate("2026-06-21"))
        for bad in ["red=0", "blue=3", "red=7,red=8", "", "red"] {
            #expect(throws: SafeGridError.self, "\(bad)") { try engine.setSetting(.inspectionFrequency, to: bad) }
        }
    }
}
