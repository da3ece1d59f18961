public import Foundation
public import SafeGridCore
public import SafeGridEngine

/// The worked example of docs/DOMAIN.md, built through the engine, with the figures it
/// must produce. Every store and every exporter is checked against it.
public enum DomainExample {
    /// The station's time zone in the example.
    public static let stationTime = StationTime.shanghai

    /// 2026-MM-DD at 10:00 station time.
    public static func day(_ month: Int, _ day: Int, hour: Int = 10) -> Date {
        stationTime.startOfDay(CivilDate(year: 2026, month: month, day: day)!).addingTimeInterval(TimeInterval(hour * 3600))
    }

    /// The end of 2026-MM-DD, station time: what a bare date means as a cut-off.
    public static func endOf(_ month: Int, _ day: Int) -> Date {
        stationTime.endOfDay(CivilDate(year: 2026, month: month, day: day)!)
    }

    /// Areas: street S1 with communities C1 (grids G1, G2) and C2 (grid G3); station ST1 with
    /// beats B1 (police grid P1 over G1 and G2) and B2 (police grid P2 over G3).
    public static let areas: [Area] = [
        Area(code: "S1", name: "S1", level: .street),
        Area(code: "C1", name: "C1", level: .community, parentCode: "S1"),
        Area(code: "C2", name: "C2", level: .community, parentCode: "S1"),
        Area(code: "G1", name: "G1", level: .grid, parentCode: "C1"),
        Area(code: "G2", name: "G2", level: .grid, parentCode: "C1"),
        Area(code: "G3", name: "G3", level: .grid, parentCode: "C2"),
        Area(code: "ST1", name: "ST1", level: .station),
        Area(code: "B1", name: "B1", level: .beat, parentCode: "ST1"),
        Area(code: "B2", name: "B2", level: .beat, parentCode: "ST1"),
        Area(code: "P1", name: "P1", level: .policeGrid, parentCode: "B1"),
        Area(code: "P2", name: "P2", level: .policeGrid, parentCode: "B2"),
    ]

    /// The grid links of the example.
    public static let links = [
        GridLink(gridCode: "G1", policeGridCode: "P1"), GridLink(gridCode: "G2", policeGridCode: "P1"),
        GridLink(gridCode: "G3", policeGridCode: "P2"),
    ]

    /// V1 in G1/P1, V2 in G2/P1, V3 in G3/P2.
    public static let venues = [
        Venue(id: "V1", name: "V1", kind: "stall", gridCode: "G1", policeGridCode: "P1"),
        Venue(id: "V2", name: "V2", kind: "stall", gridCode: "G2", policeGridCode: "P1"),
        Venue(id: "V3", name: "V3", kind: "stall", gridCode: "G3", policeGridCode: "P2"),
    ]

    /// A small checklist whose items give the example's deadlines: A and D 7 days, B
    /// immediate, C 3 days.
    public static let checklist = Checklist(
        id: "example", version: "1.0.0", category: "fire", title: LocalizedText(["en": "Example", "zh-CN": "示例"]),
        sections: [ChecklistSection(id: "s", title: LocalizedText(["en": "Items"]), items: [
            ChecklistItem(id: "A", severity: .major, deadline: .calendarDays(7), prompt: LocalizedText(["en": "A"])),
            ChecklistItem(id: "B", severity: .major, deadline: .immediate, prompt: LocalizedText(["en": "B"])),
            ChecklistItem(id: "C", severity: .minor, deadline: .calendarDays(3), prompt: LocalizedText(["en": "C"])),
            ChecklistItem(id: "D", severity: .minor, deadline: .calendarDays(7), prompt: LocalizedText(["en": "D"])),
        ])])

    /// An engine over a new in-memory store holding the example, its clock left at the last
    /// recording (2026-06-16 18:00), with sequential ids: the same figures every time.
    public static func engine(calendar: HolidayCalendar = HolidayCalendar()) throws -> SafeGridEngine {
        let (engine, clock) = try HazardStoreCompatibilitySuite(makeStore: { InMemoryHazardStore() }).makeEngine(calendar: calendar)
        try build(engine: engine, clock: clock)
        clock.set(day(6, 16, hour: 18))
        return engine
    }

    /// Builds the example in an empty store through `engine` (whose clock must be `clock`),
    /// in the order things were recorded. Hazard ids are returned as H1...H8.
    @discardableResult
    public static func build(engine: SafeGridEngine, clock: ManualWallClock) throws -> [String: String] {
        clock.set(day(5, 31))
        try engine.importAreas(areas, links: links)
        try engine.putVenues(venues)
        var ids: [String: String] = [:]
        func inspect(_ venue: String, _ month: Int, _ date: Int, failing: [String], fixed: Set<String> = [], names: [String]) throws {
            clock.set(day(month, date))
            var responses: [String: AnswerInput] = [:]
            for item in ["A", "B", "C", "D"] {
                responses[item] = failing.contains(item)
                    ? AnswerInput(result: .fail, fixedOnSpot: fixed.contains(item)) : .verdict(.pass)
            }
            let outcome = try engine.recordInspection(
                InspectionInput(venueID: venue, inspectors: ["民警甲", "网格员乙"], at: day(month, date), responses: responses),
                checklist: checklist)
            for (name, hazard) in zip(names, outcome.hazards) { ids[name] = hazard.id }
        }
        func at(_ month: Int, _ date: Int, recorded: (Int, Int)? = nil, _ name: String, _ kind: HazardEvent.Kind) throws {
            let recordedDay = recorded ?? (month, date)
            clock.set(day(recordedDay.0, recordedDay.1, hour: 18))
            try engine.update(ids[name]!, kind, at: day(month, date, hour: 15), actor: "民警甲")
        }
        try inspect("V1", 6, 1, failing: ["A", "B"], fixed: ["B"], names: ["H1", "H2"])
        try inspect("V2", 6, 2, failing: ["A"], names: ["H3"])
        try inspect("V2", 6, 3, failing: ["C"], names: ["H4"])
        try inspect("V3", 6, 4, failing: ["A", "D"], names: ["H5", "H6"])
        try at(6, 5, "H1", .reinspectionPassed)
        try at(6, 5, "H4", .deadlineExtended(until: endOf(6, 20), reason: "等待配件"))
        try at(6, 5, "H6", .cancelled(reason: "误登记"))
        try at(6, 8, "H3", .rectificationReported)
        try at(6, 9, "H3", .reinspectionFailed)
        try inspect("V3", 6, 10, failing: ["A"], names: ["H7"])
        try at(6, 12, "H3", .rectificationReported)
        try at(6, 13, recorded: (6, 16), "H3", .reinspectionPassed)
        try inspect("V1", 6, 16, failing: ["A"], names: ["H8"])
        return ids
    }

    /// Expected counts as of 2026-06-15 (all events recorded so far), by group key.
    public static let asOfJune15: [ReportGrouping: [String: HazardCounts]] = [
        .grid: [
            "G1": HazardCounts(found: 2, closed: 2, due: 2, onTime: 2, overdue: 0, deferred: 0),
            "G2": HazardCounts(found: 2, closed: 1, due: 1, onTime: 0, overdue: 0, deferred: 0),
            "G3": HazardCounts(found: 2, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0),
        ],
        .policeGrid: [
            "P1": HazardCounts(found: 4, closed: 3, due: 3, onTime: 2, overdue: 0, deferred: 0),
            "P2": HazardCounts(found: 2, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0),
        ],
        .community: [
            "C1": HazardCounts(found: 4, closed: 3, due: 3, onTime: 2, overdue: 0, deferred: 0),
            "C2": HazardCounts(found: 2, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0),
        ],
    ]

    /// The expected total as of 2026-06-15.
    public static let totalJune15 = HazardCounts(found: 6, closed: 3, due: 4, onTime: 2, overdue: 1, deferred: 0)

    /// The expected total of the frozen report (as of and as recorded at 2026-06-15).
    public static let frozenTotal = HazardCounts(found: 6, closed: 2, due: 4, onTime: 2, overdue: 2, deferred: 0)

    /// The expected G2 row of the frozen report.
    public static let frozenG2 = HazardCounts(found: 2, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0)
}
