import Foundation
import Testing

/// The night's work of three laptops, carried to the station in bundles: the station's report
/// is the same in whichever order the bundles are merged (and merged twice), and the same as a
/// store that recorded everything directly. Two laptops acting on one hazard leave a conflict.
@Suite("Bundles: three laptops and the station")
struct BundleThreeLaptopsTests {
    static let setUp = "2026-06-01T09:30"
    static let reportNow = "2026-06-20T12:00"
    static let calendar2027 = "year 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01 holiday 元旦\n"

    /// A station with the example's world; V1 fails A and C, V3 fails D (found 2026-06-01).
    func station() throws -> (work: EngineWorkspace, hazards: [String: String], key: String) {
        let work = try EngineWorkspace("three-station")
        try work.setUpExample()
        // A notice loaded at the station travels to the laptops in the reference bundle.
        try work.ok(["calendar", "import", try work.write("2027.txt", Self.calendar2027).path], now: Self.setUp)
        let v1 = try work.responses("v1.json", items: EngineFixtures.exampleItems, failing: ["A", "C"])
        let v3 = try work.responses("v3.json", items: EngineFixtures.exampleItems, failing: ["D"])
        var hazards: [String: String] = [:]
        for (venue, file) in [("V1", v1), ("V3", v3)] {
            let found = try work.ok(["inspect", "--venue", venue, "--checklist", "example", "--inspector", "王警官", "--at", "2026-06-01T09:00",
                                     "--responses", file.path, "--format", "json"], now: Self.setUp)
            for (item, id) in try EngineWorkspace.hazardIDs(found) { hazards["\(venue)/\(item)"] = id }
        }
        return (work, hazards, try work.initKey(now: Self.setUp))
    }

    /// A laptop: its own key, the station trusted, the reference bundle merged.
    func laptop(_ number: Int, stationKey: String, reference: URL) throws -> EngineWorkspace {
        let work = try EngineWorkspace("three-laptop\(number)")
        _ = try work.initKey(now: Self.setUp)
        try work.ok(["key", "trust", stationKey, "--name", "城关派出所"], now: Self.setUp)
        let merged = try work.ok(["bundle", "merge", reference.path, "--lang", "en"], now: Self.setUp)
        #expect(merged.stdout.contains("3 events added") && merged.stdout.contains("1 calendar files"), "\(merged)")
        #expect(try work.ok(["calendar", "show", "2027", "--lang", "en"], now: Self.setUp).stdout.contains("imported (2027.txt)"))
        return work
    }

    /// What laptop `number` does during its night, run against `store` of `work`; hazards it
    /// finds are named by the ids `inspect` prints, the station's by `station`.
    func play(_ number: Int, _ work: EngineWorkspace, store: URL? = nil, station: [String: String]) throws {
        @discardableResult
        func run(_ arguments: [String], _ now: String) throws -> EngineOutcome {
            try work.ok(arguments + ["--actor", "网格员\(number)"], now: now, store: store)
        }
        func inspect(_ venue: String, failing: Set<String>, at: String, now: String) throws -> [String: String] {
            let file = try work.responses("night\(number)-\(venue).json", items: EngineFixtures.exampleItems, failing: failing)
            return try EngineWorkspace.hazardIDs(try work.ok(
                ["inspect", "--venue", venue, "--checklist", "example", "--inspector", "网格员\(number)", "--at", at, "--responses", file.path,
                 "--format", "json"], now: now, store: store))
        }
        switch number {
        case 1:
            let found = try inspect("V2", failing: ["A", "B"], at: "2026-06-02T19:00", now: "2026-06-02T19:05")
            try run(["hazard", "rectify", found["A"]!, "--at", "2026-06-02T19:30", "--note", "已清理"], "2026-06-02T19:35")
            try run(["hazard", "reinspect", found["A"]!, "--pass", "--at", "2026-06-02T20:00"], "2026-06-02T20:05")
            try run(["hazard", "rectify", station["V1/A"]!, "--at", "2026-06-02T20:30"], "2026-06-02T20:35")
        case 2:
            let found = try inspect("V3", failing: ["C"], at: "2026-06-03T19:00", now: "2026-06-03T19:05")
            try run(["hazard", "reinspect", found["C"]!, "--fail", "--at", "2026-06-03T19:30", "--note", "仍未整改"], "2026-06-03T19:35")
            try run(["hazard", "reinspect", station["V1/A"]!, "--pass", "--at", "2026-06-03T20:00"], "2026-06-03T20:05")
            try run(["hazard", "reinspect", station["V1/C"]!, "--pass", "--at", "2026-06-03T20:30"], "2026-06-03T20:35")
        default:
            let found = try inspect("V1", failing: ["B", "D"], at: "2026-06-04T19:00", now: "2026-06-04T19:05")
            try run(["hazard", "extend", found["D"]!, "--until", "2026-06-30", "--reason", "等待配件", "--at", "2026-06-04T19:30"], "2026-06-04T19:35")
            try run(["hazard", "defer", station["V3/D"]!, "--reason", "商户停业", "--at", "2026-06-04T20:00"], "2026-06-04T20:05")
        }
    }

    /// The station's report as JSON for a fixed cut-off and "now".
    func report(_ work: EngineWorkspace, store: URL, by: String) throws -> String {
        try work.ok(["report", "--by", by, "--as-of", "2026-06-20", "--format", "json"], now: Self.reportNow, store: store).stdout
    }

    /// The report with each hazard id replaced by where it was found (venue/item/found at), for
    /// comparing stores whose hazards got different random ids.
    func normalized(_ report: String, _ work: EngineWorkspace, store: URL) throws -> String {
        var text = report
        let hazards = EngineJSON.array(try work.json(["hazard", "list"], now: Self.reportNow, store: store)).map(EngineJSON.object)
        for hazard in hazards {
            let label = "\(EngineJSON.string(hazard["venue"])!)/\(EngineJSON.string(hazard["item"])!)/\(EngineJSON.string(hazard["foundAt"])!)"
            text = text.replacingOccurrences(of: EngineJSON.string(hazard["id"])!, with: label)
        }
        return text
    }

    @Test("the station's report is byte-identical in all 6 merge orders, merged twice, and equal to recording directly")
    func threeLaptops() throws {
        let (station, stationHazards, stationKey) = try station()
        defer { station.remove() }
        let reference = station.url("reference.sgb")
        try station.ok(["bundle", "export", "--reference", "--grid", "G1", "--grid", "G2", "--grid", "G3", "--output", reference.path], now: Self.setUp)
        // The store that records everything directly starts from the station as it is now.
        let direct = station.url("direct.sqlite")
        try FileManager.default.copyItem(at: station.store, to: direct)

        var bundles: [URL] = []
        var laptops: [EngineWorkspace] = []
        defer { laptops.forEach { $0.remove() } }
        for number in 1...3 {
            let laptop = try laptop(number, stationKey: stationKey, reference: reference)
            laptops.append(laptop)
            try play(number, laptop, station: stationHazards)
            let bundle = station.url("laptop\(number).sgb")
            try laptop.ok(["bundle", "export", "--output", bundle.path], now: "2026-06-05T08:00")
            bundles.append(bundle)
            try station.ok(["key", "trust", try laptop.ok(["key", "show"], now: Self.setUp).stdout.trimmingCharacters(in: .newlines),
                            "--name", "laptop-\(number)"], now: "2026-06-05T08:00")
            try play(number, station, store: direct, station: stationHazards)
        }

        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        var reports: [String: [String]] = [:]
        for (index, order) in orders.enumerated() {
            let copy = station.url("order\(index).sqlite")
            try FileManager.default.copyItem(at: station.store, to: copy)
            for bundle in order.map({ bundles[$0] }) {
                try station.ok(["bundle", "merge", bundle.path], now: "2026-06-05T09:00", store: copy)
            }
            let once = try station.dump(store: copy)
            for bundle in order.map({ bundles[$0] }) {
                let again = try station.ok(["bundle", "merge", bundle.path, "--lang", "en"], now: "2026-06-05T09:30", store: copy)
                #expect(again.stdout.contains(" 0 events added"), "\(again)")
            }
            #expect(try station.dump(store: copy) == once, "merging again changed the store (order \(order))")
            try station.ok(["verify"], now: Self.reportNow, store: copy)
            for by in ["grid", "venue"] { reports[by, default: []].append(try report(station, store: copy, by: by)) }
        }
        for (by, texts) in reports {
            #expect(Set(texts).count == 1, "report by \(by) differs between merge orders")
        }
        let merged = station.url("order0.sqlite")
        for by in ["grid", "venue"] {
            let expected = try normalized(try report(station, store: direct, by: by), station, store: direct)
            #expect(try normalized(reports[by]![0], station, store: merged) == expected, "by \(by): merged differs from recorded directly")
        }
        // Something happened: 8 hazards found, 3 closed, 1 deferred; the events keep who recorded them.
        let total = EngineJSON.object(EngineJSON.object(try EngineJSON.parse(reports["grid"]![0]))["total"])
        #expect(EngineJSON.int(total["found"]) == 8 && EngineJSON.int(total["closed"]) == 3 && EngineJSON.int(total["deferred"]) == 1, "\(total)")
        let actors = try station.rows("SELECT DISTINCT json_extract(body, '$.actor') AS actor FROM event ORDER BY 1", store: merged)
        #expect(actors.compactMap { EngineJSON.string($0["actor"]) }.filter { $0.hasPrefix("网格员") } == ["网格员1", "网格员2", "网格员3"])
        #expect(try station.rows("SELECT DISTINCT origin FROM event WHERE origin != ''", store: merged).count == 3)
    }

    @Test("two laptops re-inspect the same hazard, one passes and one fails: a conflict at the station in either order")
    func conflict() throws {
        let (station, stationHazards, stationKey) = try station()
        defer { station.remove() }
        let reference = station.url("reference.sgb")
        try station.ok(["bundle", "export", "--reference", "--grid", "G1", "--output", reference.path], now: Self.setUp)
        let hazard = stationHazards["V1/A"]!
        var bundles: [URL] = []
        var laptops: [EngineWorkspace] = []
        defer { laptops.forEach { $0.remove() } }
        for (number, verdict) in [(1, "--pass"), (2, "--fail")] {
            let laptop = try EngineWorkspace("conflict-laptop\(number)")
            laptops.append(laptop)
            _ = try laptop.initKey(now: Self.setUp)
            try laptop.ok(["key", "trust", stationKey, "--name", "station"], now: Self.setUp)
            try laptop.ok(["bundle", "merge", reference.path], now: Self.setUp)
            try laptop.ok(["hazard", "reinspect", hazard, verdict, "--at", "2026-06-02T2\(number):00"], now: "2026-06-02T2\(number):05")
            let bundle = station.url("laptop\(number).sgb")
            try laptop.ok(["bundle", "export", "--output", bundle.path], now: "2026-06-03T08:00")
            bundles.append(bundle)
            try station.ok(["key", "trust", try laptop.ok(["key", "show"], now: Self.setUp).stdout.trimmingCharacters(in: .newlines),
                            "--name", "laptop-\(number)"], now: "2026-06-03T08:00")
        }
        var listed: [String] = []
        for (index, order) in [[0, 1], [1, 0]].enumerated() {
            let copy = station.url("order\(index).sqlite")
            try FileManager.default.copyItem(at: station.store, to: copy)
            var last = try station.ok(["bundle", "merge", bundles[order[0]].path, "--lang", "en"], now: "2026-06-03T09:00", store: copy)
            last = try station.ok(["bundle", "merge", bundles[order[1]].path, "--lang", "en"], now: "2026-06-03T09:00", store: copy)
            #expect(last.stdout.contains("1 unresolved conflicts"), "\(last)")
            let conflicts = try station.ok(["hazard", "conflicts", "--format", "json"], now: "2026-06-03T09:00", store: copy).stdout
            #expect(conflicts.contains(hazard), "\(conflicts)")
            listed.append(conflicts)
            try station.ok(["verify"], now: "2026-06-03T09:00", store: copy)
        }
        #expect(listed[0] == listed[1])
        let store = station.url("order0.sqlite")
        let text = try station.ok(["hazard", "conflicts", "--lang", "en"], now: "2026-06-03T09:00", store: store).stdout
        #expect(text.contains(hazard) && text.contains("1 unresolved conflicts"), "\(text)")

        // The report counts the pass (21:00) once and says one conflict is open; keeping the
        // later failure settles it: open again, counted once, no conflict left.
        func report() throws -> [String: Any] {
            EngineJSON.object(try station.json(["report", "--as-of", "2026-06-03T10:00"], now: "2026-06-03T10:00", store: store))
        }
        let before = try report()
        #expect(before["unresolvedConflicts"] as? Int == 1)
        let conflict = try #require(EngineJSON.array(try EngineJSON.parse(listed[0])).first.map(EngineJSON.object))
        let refused = try #require(EngineJSON.string(EngineJSON.object(conflict["event"])["id"]))
        try station.ok(["hazard", "resolve", hazard, "--keep", refused, "--note", "以复查不合格为准"], now: "2026-06-03T10:00", store: store)
        let after = try report()
        #expect(after["unresolvedConflicts"] as? Int == 0)
        let closedBefore = try #require(EngineJSON.int(EngineJSON.object(before["total"])["closed"]))
        #expect(EngineJSON.int(EngineJSON.object(after["total"])["closed"]) == closedBefore - 1)
        #expect(EngineJSON.int(EngineJSON.object(after["total"])["found"]) == EngineJSON.int(EngineJSON.object(before["total"])["found"]))
        let history = EngineJSON.object(try station.json(["hazard", "show", hazard], now: "2026-06-03T10:00", store: store))
        #expect(EngineJSON.string(EngineJSON.object(history["hazard"])["status"]) == "open")
        try station.ok(["verify"], now: "2026-06-03T10:00", store: store)
    }
}
