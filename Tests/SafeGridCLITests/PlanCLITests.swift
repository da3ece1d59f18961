import Foundation
import Testing

/// `safegrid plan` through the binary on the demo store: exactly the venues the frequency rule
/// makes due, computed here independently from the store's inspections, each venue's colour and
/// its hazards; most urgent first; and the same plan as CSV and as a printable page.
@Suite("plan: tonight's inspection plan")
struct PlanCLITests {
    static let now = "2026-06-15T18:00"

    @Test("one grid, one night: exactly the venues due by their colour's frequency or a re-inspection, red first")
    func demoGrid() throws {
        let work = try EngineWorkspace("plan")
        defer { work.remove() }
        let folder = work.url("demo")
        try work.ok(["demo", "--output", folder.path, "--lang", "en"], now: Self.now)
        let store = folder.appendingPathComponent("demo.sqlite")
        let grid = "G01"
        let plan = EngineJSON.object(try work.json(["plan", "--grid", grid], now: Self.now, store: store))
        let entries = EngineJSON.array(plan["entries"]).map(EngineJSON.object)

        // Independently: each venue's last inspection day from the store, its colour from its
        // file, the re-inspections due from its hazards; due when last day + frequency ≤ today.
        let frequency = ["red": 7, "yellow": 14, "green": 30]
        let today = "2026-06-15"
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd"
        format.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let venues = EngineJSON.array(try work.json(["venue", "list", "--grid", grid], now: Self.now, store: store))
            .compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }
        let last = try work.rows("SELECT venue, max(at) AS at FROM inspection GROUP BY venue", store: store)
            .reduce(into: [String: Int]()) { $0[$1["venue"] as? String ?? ""] = ($1["at"] as? NSNumber)?.intValue }
        var expected: [String: (colour: String, daysOverdue: Int, reinspections: Int)] = [:]
        for venue in venues {
            let file = EngineJSON.object(try work.json(["venue", "show", venue], now: Self.now, store: store))
            let colour = try #require(EngineJSON.string(EngineJSON.object(file["rating"])["colour"]))
            var dueDay = today
            if let at = last[venue] {
                let day = format.date(from: format.string(from: Date(timeIntervalSince1970: TimeInterval(at))))!
                dueDay = format.string(from: day.addingTimeInterval(TimeInterval(frequency[colour]! * 86_400)))
            }
            let hazards = EngineJSON.array(try work.json(["hazard", "list", "--venue", venue], now: Self.now, store: store)).map(EngineJSON.object)
            let reinspections = hazards.filter { hazard in
                EngineJSON.string(hazard["status"]) == "awaiting"
                    && (EngineJSON.string(hazard["reinspectionDue"]).map { String($0.prefix(10)) <= today } ?? false)
            }.count
            guard dueDay <= today || reinspections > 0 else { continue }
            let overdue = dueDay < today ? Int((format.date(from: today)!.timeIntervalSince(format.date(from: dueDay)!) / 86_400).rounded()) : 0
            expected[venue] = (colour, overdue, reinspections)
        }
        let planned = entries.compactMap { EngineJSON.string(EngineJSON.object($0["venue"])["id"]) }
        #expect(!expected.isEmpty && Set(planned) == Set(expected.keys), "planned \(planned), expected \(expected.keys.sorted())")
        #expect(EngineJSON.int(plan["dueCount"]) == expected.count && EngineJSON.int(plan["venueCount"]) == venues.count)
        for entry in entries {
            let id = EngineJSON.string(EngineJSON.object(entry["venue"])["id"]) ?? ""
            #expect(EngineJSON.string(EngineJSON.object(entry["rating"])["colour"]) == expected[id]?.colour, "\(id)")
            #expect(EngineJSON.int(entry["daysOverdue"]) == expected[id]?.daysOverdue, "\(id)")
            #expect(EngineJSON.int(entry["reinspectionsDue"]) == expected[id]?.reinspections, "\(id)")
        }
        // Most urgent first: red, yellow, green; then the longest overdue, the most re-inspections, the id.
        let rank = ["red": 0, "yellow": 1, "green": 2]
        let keys = planned.map { id in (rank[expected[id]!.colour]!, -expected[id]!.daysOverdue, -expected[id]!.reinspections, id) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "\(keys)")
        #expect(keys.first?.0 == 0, "a red venue first")

        // --limit keeps the most urgent; the text, CSV and HTML say the same.
        let two = EngineJSON.object(try work.json(["plan", "--grid", grid, "--limit", "2"], now: Self.now, store: store))
        #expect(EngineJSON.array(two["entries"]).compactMap { EngineJSON.string(EngineJSON.object(EngineJSON.object($0)["venue"])["id"]) } == Array(planned.prefix(2)))
        let text = try work.ok(["plan", "--grid", grid, "--lang", "en"], now: Self.now, store: store).stdout
        #expect(text.contains("\(expected.count) of \(venues.count) venues due"), "\(text)")
        for id in planned { #expect(text.contains("] \(id) "), "\(id)") }
        let csv = work.url("plan.csv")
        try work.ok(["plan", "--grid", grid, "--format", "csv", "--output", csv.path, "--lang", "en"], now: Self.now, store: store)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\r\n").dropFirst()
        #expect(Array(NSOrderedSet(array: rows.map { String($0.split(separator: ",")[2]) }).array as? [String] ?? []) == planned)
        let html = work.url("plan.html")
        try work.ok(["plan", "--grid", grid, "--format", "html", "--output", html.path], now: Self.now, store: store)
        let page = try String(contentsOf: html, encoding: .utf8)
        for id in planned { #expect(page.contains("data-venue=\"\(id)\""), "\(id)") }

        // Usage errors and an unknown grid.
        let both = try work.run(["plan", "--grid", grid, "--police-grid", "P01"], now: Self.now, store: store)
        #expect(both.status == 2, "\(both)")
        let unknown = try work.run(["plan", "--grid", "G99", "--lang", "en"], now: Self.now, store: store)
        #expect(unknown.status == 1 && unknown.stderr.contains("G99"), "\(unknown)")
    }
}
