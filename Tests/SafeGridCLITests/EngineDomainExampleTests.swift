import Foundation
import PostgresTesting
import Testing

/// DOMAIN-EXAMPLE.md end to end through the real `safegrid` binary: the same areas, venues,
/// checklist, inspections and hazard commands as `SafeGridTesting.DomainExample.build`, each
/// recorded with `SAFEGRID_NOW` set to its recording time and `--at` to when it happened.
@Suite("Engine e2e: the worked example (DOMAIN-EXAMPLE.md) through the binary")
struct EngineDomainExampleTests {
    /// 2026-MM-DDTHH:00 in station time.
    static func time(_ month: Int, _ day: Int, _ hour: Int) -> String {
        String(format: "2026-%02d-%02dT%02d:00", month, day, hour)
    }

    /// Builds the example in `workspace` in the order it was recorded; returns H1…H8 → hazard id.
    /// `afterInspection` runs after each inspection, with its venue and month and day (`V2 6-3`).
    static func build(_ workspace: EngineWorkspace, afterInspection: (String) throws -> Void = { _ in }) throws -> [String: String] {
        try workspace.setUpExample()
        var ids: [String: String] = [:]
        var inspections = 0

        // An inspection at 10:00, recorded at once; `names` follow the failing items in checklist order.
        func inspect(_ venue: String, _ month: Int, _ day: Int, failing: [String], fixed: Set<String> = [], names: [String],
                     deadlines: [String]) throws {
            inspections += 1
            let file = try workspace.responses(
                "inspection-\(inspections).json", items: EngineFixtures.exampleItems, failing: Set(failing), fixedOnSpot: fixed)
            let now = time(month, day, 10)
            let result = EngineJSON.object(try workspace.json(
                ["inspect", "--venue", venue, "--checklist", "example", "--inspector", "民警甲", "--inspector", "网格员乙",
                 "--at", now, "--responses", file.path], now: now))
            #expect(EngineJSON.string(result["inspection"])?.isEmpty == false, "no inspection id in \(result)")
            let hazards = EngineJSON.array(result["hazards"]).map(EngineJSON.object)
            try #require(hazards.count == names.count, "inspection of \(venue) on \(now): \(hazards)")
            for (index, (name, item)) in zip(names, failing).enumerated() {
                let hazard = hazards[index]
                #expect(EngineJSON.string(hazard["item"]) == item)
                #expect(EngineJSON.string(hazard["deadline"]) == deadlines[index] + "T23:59:59+08:00", "\(name): \(hazard)")
                #expect(EngineJSON.string(hazard["status"]) == (fixed.contains(item) ? "closed" : "open"), "\(name): \(hazard)")
                #expect(EngineJSON.string(hazard["grid"]) != nil && EngineJSON.string(hazard["venue"]) == venue)
                let id: String = try #require(EngineJSON.string(hazard["id"]))
                ids[name] = id
            }
            try afterInspection("\(venue) \(month)-\(day)")
        }

        // A hazard command that happened at 15:00 on `at`, recorded at 18:00 on `recorded` (default the same day).
        func change(_ at: (Int, Int), recorded: (Int, Int)? = nil, _ name: String, _ arguments: [String]) throws {
            let recordedDay = recorded ?? at
            try workspace.ok(
                ["hazard", arguments[0], ids[name]!] + arguments.dropFirst()
                    + ["--at", time(at.0, at.1, 15), "--actor", "民警甲"],
                now: time(recordedDay.0, recordedDay.1, 18))
        }

        try inspect("V1", 6, 1, failing: ["A", "B"], fixed: ["B"], names: ["H1", "H2"], deadlines: ["2026-06-08", "2026-06-01"])
        try inspect("V2", 6, 2, failing: ["A"], names: ["H3"], deadlines: ["2026-06-09"])
        try inspect("V2", 6, 3, failing: ["C"], names: ["H4"], deadlines: ["2026-06-06"])
        try inspect("V3", 6, 4, failing: ["A", "D"], names: ["H5", "H6"], deadlines: ["2026-06-11", "2026-06-11"])
        try change((6, 5), "H1", ["reinspect", "--pass"])
        try change((6, 5), "H4", ["extend", "--until", "2026-06-20", "--reason", "等待配件"])
        try change((6, 5), "H6", ["cancel", "--reason", "误登记"])
        try change((6, 8), "H3", ["rectify"])
        try change((6, 9), "H3", ["reinspect", "--fail"])
        try inspect("V3", 6, 10, failing: ["A"], names: ["H7"], deadlines: ["2026-06-17"])
        try change((6, 12), "H3", ["rectify"])
        try change((6, 13), recorded: (6, 16), "H3", ["reinspect", "--pass"])
        try inspect("V1", 6, 16, failing: ["A"], names: ["H8"], deadlines: ["2026-06-23"])
        return ids
    }

    /// Expected rows: counts and the rates as the tables print them (exact fractions).
    typealias Row = (key: String, counts: EngineCounts, rate: Double?, onTimeRate: Double?)

    /// `report --by BY --as-of 2026-06-15` (all events recorded so far): the tables of DOMAIN-EXAMPLE.md.
    static let asOfJune15: [String: (rows: [Row], total: Row)] = [
        "grid": (
            [("G1", EngineCounts(2, 2, 2, 2, 0), 1.0, 1.0),
             ("G2", EngineCounts(2, 1, 1, 0, 0), 0.5, 0.0),
             ("G3", EngineCounts(2, 0, 1, 0, 1), 0.0, 0.0)],
            ("total", EngineCounts(6, 3, 4, 2, 1), 0.5, 0.5)),
        "police-grid": (
            [("P1", EngineCounts(4, 3, 3, 2, 0), 0.75, 2.0 / 3.0),
             ("P2", EngineCounts(2, 0, 1, 0, 1), 0.0, 0.0)],
            ("total", EngineCounts(6, 3, 4, 2, 1), 0.5, 0.5)),
        "community": (
            [("C1", EngineCounts(4, 3, 3, 2, 0), 0.75, 2.0 / 3.0),
             ("C2", EngineCounts(2, 0, 1, 0, 1), 0.0, 0.0)],
            ("total", EngineCounts(6, 3, 4, 2, 1), 0.5, 0.5)),
    ]

    static func checkReport(
        _ report: [String: Any], by: String, asOf: String = "2026-06-15T23:59:59+08:00", rows: [Row], total: Row, frozen: Bool
    ) {
        let label = "report --by \(by)\(frozen ? " (frozen)" : "")"
        #expect(EngineJSON.string(report["by"]) == by, "\(label): by = \(String(describing: report["by"]))")
        #expect(EngineJSON.string(report["asOf"]) == asOf, "\(label): asOf = \(String(describing: report["asOf"]))")
        if frozen {
            #expect(EngineJSON.string(report["asRecordedAt"]) == asOf, "\(label): \(String(describing: report["asRecordedAt"]))")
        } else {
            #expect(report["asRecordedAt"] == nil || report["asRecordedAt"] is NSNull)
        }
        total.counts.check(EngineJSON.object(report["total"]), rate: total.rate, onTimeRate: total.onTimeRate, "\(label) total")
        let groups = EngineJSON.array(report["groups"]).map(EngineJSON.object)
        let keys = groups.compactMap { EngineJSON.string($0["key"]) }
        #expect(keys == rows.map(\.key), "\(label): rank order \(keys)")
        for row in rows {
            guard let group = groups.first(where: { EngineJSON.string($0["key"]) == row.key }) else {
                Issue.record("\(label): no group \(row.key)")
                continue
            }
            row.counts.check(group, rate: row.rate, onTimeRate: row.onTimeRate, "\(label) \(row.key)")
        }
    }

    @Test("inspections and hazard commands in recording order; report as of 2026-06-15 and frozen as recorded then",
          arguments: ["SQLite", "PostgreSQL"])
    func workedExample(store: String) throws {
        let workspace = try EngineWorkspace("example")
        defer { workspace.remove() }
        if store == "PostgreSQL" {
            // `--store postgres://…` through SAFEGRID_STORE: a database of its own on the tests' cluster.
            workspace.environment["SAFEGRID_STORE"] = try TestCluster.shared().newDatabase()
            workspace.environment["SAFEGRID_EVIDENCE"] = workspace.url("evidence").path
        }
        let ids = try Self.build(workspace)
        try #require(ids.count == 8)
        let later = "2026-06-16T20:00"

        // The histories the reports rest on.
        let h3 = EngineJSON.object(try workspace.json(["hazard", "show", ids["H3"]!], now: later))
        #expect(EngineJSON.string(EngineJSON.object(h3["hazard"])["status"]) == "closed")
        #expect(EngineJSON.int(EngineJSON.object(h3["hazard"])["reworkCount"]) == 1)
        let h3Events = EngineJSON.array(h3["events"]).map(EngineJSON.object)
        #expect(h3Events.compactMap { EngineJSON.string($0["kind"]) }.count == 5)
        let passed = h3Events.last ?? [:]
        #expect(EngineJSON.string(passed["at"]) == "2026-06-13T15:00:00+08:00", "\(passed)")
        #expect(EngineJSON.string(passed["recordedAt"]) == "2026-06-16T18:00:00+08:00", "\(passed)")
        let h4 = EngineJSON.object(try workspace.json(["hazard", "show", ids["H4"]!], now: later))
        #expect(EngineJSON.string(EngineJSON.object(h4["hazard"])["deadline"]) == "2026-06-20T23:59:59+08:00")
        #expect(EngineJSON.string(EngineJSON.object(h4["hazard"])["status"]) == "open")
        let h6 = EngineJSON.object(try workspace.json(["hazard", "show", ids["H6"]!], now: later))
        #expect(EngineJSON.string(EngineJSON.object(h6["hazard"])["status"]) == "cancelled")

        // As of 2026-06-15, everything recorded so far.
        for (by, expected) in Self.asOfJune15.sorted(by: { $0.key < $1.key }) {
            let report = EngineJSON.object(try workspace.json(["report", "--by", by, "--as-of", "2026-06-15"], now: later))
            Self.checkReport(report, by: by, rows: expected.rows, total: expected.total, frozen: false)
        }

        // Frozen: as recorded at 2026-06-15, H3's close-out (recorded 06-16) does not count. The
        // document gives the total and G2; G1 and G3 have no event recorded after 06-15, so their
        // rows are those of the live report, and the rank stays G1 (100%), then G2 before G3
        // (both 0% with one overdue: by code).
        let frozen = EngineJSON.object(try workspace.json(
            ["report", "--by", "grid", "--as-of", "2026-06-15", "--as-recorded-at", "2026-06-15"], now: later))
        Self.checkReport(
            frozen, by: "grid",
            rows: [("G1", EngineCounts(2, 2, 2, 2, 0), 1.0, 1.0),
                   ("G2", EngineCounts(2, 0, 1, 0, 1), 0.0, 0.0),
                   ("G3", EngineCounts(2, 0, 1, 0, 1), 0.0, 0.0)],
            total: ("total", EngineCounts(6, 2, 4, 2, 2), 2.0 / 6.0, 0.5), frozen: true)

        // Reproducible: the frozen report printed again later is the same text.
        let again = try workspace.ok(
            ["report", "--by", "grid", "--as-of", "2026-06-15", "--as-recorded-at", "2026-06-15", "--format", "json"],
            now: "2026-07-01T09:00")
        #expect(try EngineJSON.parse(again.stdout) as? NSDictionary == frozen as NSDictionary)

        // No hazards: no rate (null), never 100%.
        let empty = EngineJSON.object(try workspace.json(["report", "--by", "grid", "--as-of", "2026-05-31"], now: later))
        Self.checkReport(
            empty, by: "grid", asOf: "2026-05-31T23:59:59+08:00",
            rows: [("G1", EngineCounts(0, 0, 0, 0, 0), nil, nil), ("G2", EngineCounts(0, 0, 0, 0, 0), nil, nil),
                   ("G3", EngineCounts(0, 0, 0, 0, 0), nil, nil)],
            total: ("total", EngineCounts(0, 0, 0, 0, 0), nil, nil), frozen: false)

        // The hash chain of everything recorded holds.
        try workspace.ok(["verify"], now: later)
    }

    /// The calendar of DOMAIN-EXAMPLE.md, as a holiday file.
    static let exampleCalendar = """
        2026-10-01 holiday 国庆节
        2026-10-02 holiday 国庆节
        2026-10-03 holiday 国庆节
        2026-10-04 holiday 国庆节
        2026-10-05 holiday 国庆节
        2026-10-06 holiday 国庆节
        2026-10-07 holiday 国庆节
        2026-10-10 workday 国庆节调休

        """

    @Test("working days: 3wd found on Wednesday 2026-09-30 is due at the end of Saturday 2026-10-10 (make-up day)",
          arguments: [
            (found: "2026-09-30T10:00", calendarFile: false, deadline: "2026-10-10T23:59:59+08:00"),
            (found: "2026-09-30T10:00", calendarFile: true, deadline: "2026-10-10T23:59:59+08:00"),
            // Friday 10-09: Saturday 10-10 (make-up), Monday 10-12, Tuesday 10-13.
            (found: "2026-10-09T10:00", calendarFile: false, deadline: "2026-10-13T23:59:59+08:00"),
          ])
    func workingDays(found: String, calendarFile: Bool, deadline: String) throws {
        let workspace = try EngineWorkspace("workdays")
        defer { workspace.remove() }
        if calendarFile {
            workspace.environment["SAFEGRID_CALENDARS"] = try workspace.write("national-day.txt", Self.exampleCalendar).path
        }
        try workspace.setUpExample(extraChecklists: [(
            "workdays.xml", EngineFixtures.checklist(id: "workdays", items: [("WD-01", "minor", "3wd"), ("WD-02", "minor", "3d")])
        )])
        let responses = try workspace.responses("wd.json", items: ["WD-01", "WD-02"], failing: ["WD-01", "WD-02"])
        let result = EngineJSON.object(try workspace.json(
            ["inspect", "--venue", "V3", "--checklist", "workdays", "--at", found, "--responses", responses.path], now: found))
        let hazards = EngineJSON.array(result["hazards"]).map(EngineJSON.object)
        try #require(hazards.count == 2, "\(result)")
        #expect(EngineJSON.string(hazards[0]["item"]) == "WD-01")
        #expect(EngineJSON.string(hazards[0]["deadline"]) == deadline, "\(hazards[0])")
        // The same visit's calendar-day item is not moved by holidays.
        let calendarDays = found.hasPrefix("2026-09-30") ? "2026-10-03T23:59:59+08:00" : "2026-10-12T23:59:59+08:00"
        #expect(EngineJSON.string(hazards[1]["deadline"]) == calendarDays, "\(hazards[1])")
        // `hazard show` agrees with what inspect printed.
        let shown = EngineJSON.object(try workspace.json(["hazard", "show", EngineJSON.string(hazards[0]["id"]) ?? "?"], now: found))
        #expect(EngineJSON.string(EngineJSON.object(shown["hazard"])["deadline"]) == deadline)
    }
}
