import Foundation
import Testing

/// The station's plan carried to a laptop in the reference bundle (docs/BUNDLE.md, part `plan`):
/// the demo store as the station, a fresh store that trusts its key as the laptop. The laptop
/// shows the station's plan, in every format; `--computed`, `--no-plan` and other days plan
/// there; a plan line tampered with is refused and leaves the laptop's store as it was.
@Suite("Bundles: the plan carried to the laptop")
struct BundlePlanTests {
    static let now = "2026-06-15T18:00"
    static let grid = "G01"

    /// The demo store at the station, with its key, and the reference bundle of G01 it wrote.
    struct Station {
        let work: EngineWorkspace
        let store: URL
        let key: String
        let fingerprint: String
        let reference: URL

        @discardableResult
        func ok(_ arguments: [String], now: String = BundlePlanTests.now) throws -> EngineOutcome {
            try work.ok(arguments, now: now, store: store)
        }

        func json(_ arguments: [String], now: String = BundlePlanTests.now) throws -> [String: Any] {
            EngineJSON.object(try work.json(arguments, now: now, store: store))
        }
    }

    // Built once (the demo takes a while), read by every test; each writes its own files.
    nonisolated(unsafe) static let built: Result<Station, any Error> = Result {
        let work = try EngineWorkspace("bundle-plan-station")
        let folder = work.url("demo")
        try work.ok(["demo", "--output", folder.path, "--lang", "en"], now: now)
        let store = folder.appendingPathComponent("demo.sqlite")
        let key = try work.initKey(now: now)
        let fingerprint = EngineJSON.string(EngineJSON.object(try work.json(["key", "show"], now: now))["fingerprint"]) ?? ""
        let reference = work.url("g01.sgb")
        let exported = try work.ok(["bundle", "export", "--reference", "--grid", grid, "--output", reference.path, "--lang", "en"], now: now, store: store)
        #expect(exported.stderr.contains(", 1 plans"), "\(exported)")
        return Station(work: work, store: store, key: key, fingerprint: fingerprint, reference: reference)
    }

    /// A fresh laptop store that trusts the station's key.
    func laptop(_ station: Station, _ label: String) throws -> EngineWorkspace {
        let work = try EngineWorkspace("bundle-plan-\(label)")
        try work.ok(["key", "trust", station.key, "--name", "东湖派出所"], now: Self.now)
        return work
    }

    static func ids(_ plan: [String: Any]) -> [String] {
        EngineJSON.array(plan["entries"]).compactMap { EngineJSON.string(EngineJSON.object(EngineJSON.object($0)["venue"])["id"]) }
    }

    @Test("the laptop shows the station's plan: the same JSON but for who carried it, the text says so, --limit and the exporters apply")
    func carried() throws {
        let station = try Self.built.get()
        let laptop = try laptop(station, "laptop")
        defer { laptop.remove() }
        // The plan is the bundle's last part before the trailer, one for the one grid.
        let lines = try BundleFile.lines(station.reference)
        #expect(lines.filter { $0.hasPrefix("{\"part\":\"plan\"") }.count == 1 && lines.dropLast().last?.hasPrefix("{\"part\":\"plan\"") == true)

        let merged = try laptop.ok(["bundle", "merge", station.reference.path, "--lang", "en"], now: Self.now)
        #expect(merged.stdout.contains(", 1 plans;"), "\(merged)")
        try laptop.ok(["verify"], now: Self.now)

        let atStation = try station.json(["plan", "--grid", Self.grid])
        var onLaptop = EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid], now: Self.now))
        let carried = EngineJSON.object(onLaptop.removeValue(forKey: "carried"))
        #expect(!Self.ids(atStation).isEmpty)
        // Every field the same (entries, venues, order, counts, rule, moment); only `carried` is added.
        #expect(NSDictionary(dictionary: onLaptop).isEqual(to: atStation), "laptop \(Self.ids(onLaptop)), station \(Self.ids(atStation))")
        #expect(atStation["carried"] == nil)
        #expect(EngineJSON.string(carried["madeBy"]) == station.fingerprint, "\(carried)")
        #expect(EngineJSON.string(carried["store"])?.hasPrefix("demo.sqlite") == true, "\(carried)")
        #expect(EngineJSON.string(carried["carriedAt"])?.hasPrefix("2026-06-15T18:00") == true, "\(carried)")

        let english = try laptop.ok(["plan", "--grid", Self.grid, "--lang", "en"], now: Self.now).stdout
        #expect(english.contains("Planned at 2026-06-15 18:00 by demo.sqlite") && english.contains("(signer \(station.fingerprint)), carried by the reference bundle"),
                "\(english)")
        let chinese = try laptop.ok(["plan", "--grid", Self.grid, "--lang", "zh"], now: Self.now).stdout
        #expect(chinese.contains("计划由 demo.sqlite") && chinese.contains("（签名 \(station.fingerprint)）于 2026-06-15 18:00 制定并随参考数据包带来"), "\(chinese)")
        let stationText = try station.ok(["plan", "--grid", Self.grid, "--lang", "en"]).stdout
        #expect(!stationText.contains("carried by the reference bundle"))
        #expect(english.replacingOccurrences(of: english.split(separator: "\n")[1] + "\n", with: "") == stationText, "the text is the station's but for that line")

        // --limit applies to the plan carried; the exporters render it as the station does.
        let two = EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid, "--limit", "2"], now: Self.now))
        #expect(Self.ids(two) == Array(Self.ids(atStation).prefix(2)) && EngineJSON.int(two["dueCount"]) == EngineJSON.int(atStation["dueCount"]))
        for format in ["csv", "html"] {
            let here = laptop.url("plan.\(format)"), there = station.work.url("plan-station.\(format)")
            let written = try laptop.ok(["plan", "--grid", Self.grid, "--format", format, "--output", here.path, "--lang", "en"], now: Self.now)
            #expect(written.stderr.contains("(carried by the reference bundle)"), "\(written)")
            try station.ok(["plan", "--grid", Self.grid, "--format", format, "--output", there.path, "--lang", "en"])
            #expect(try Data(contentsOf: here) == Data(contentsOf: there), "\(format): the laptop's file is the station's")
        }

        // --computed plans from the laptop's store, which has no inspection history: not the station's.
        let computed = EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid, "--computed"], now: Self.now))
        #expect(computed["carried"] == nil && Self.ids(computed) != Self.ids(atStation), "\(Self.ids(computed))")
        #expect(!(try laptop.ok(["plan", "--grid", Self.grid, "--computed", "--lang", "en"], now: Self.now).stdout.contains("carried by")))
        // Another day, a police grid: no plan carried for them.
        let tomorrow = EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid, "--date", "2026-06-16"], now: Self.now))
        #expect(tomorrow["carried"] == nil)

        // Merged again: still the one plan, as it was.
        try laptop.ok(["bundle", "merge", station.reference.path], now: Self.now)
        #expect(EngineJSON.int(try laptop.rows("SELECT count(*) AS n FROM carried_plan").first?["n"]) == 1)
        var again = EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid], now: Self.now))
        again["carried"] = nil
        #expect(NSDictionary(dictionary: again).isEqual(to: atStation))
    }

    @Test("--plan-date plans another day; a bundle written earlier does not replace a later one's plan; --no-plan carries none")
    func otherDaysAndNone() throws {
        let station = try Self.built.get()
        let laptop = try laptop(station, "days")
        defer { laptop.remove() }
        let tomorrow = station.work.url("g01-0616.sgb"), earlier = station.work.url("g01-early.sgb"), none = station.work.url("g01-none.sgb")
        try station.ok(["bundle", "export", "--reference", "--grid", Self.grid, "--plan-date", "2026-06-16", "--output", tomorrow.path])
        try station.ok(["bundle", "export", "--reference", "--grid", Self.grid, "--output", earlier.path], now: "2026-06-15T09:00")
        let withoutPlan = try station.ok(["bundle", "export", "--reference", "--grid", Self.grid, "--no-plan", "--output", none.path, "--lang", "en"])
        #expect(!withoutPlan.stderr.contains("plans"), "\(withoutPlan)")
        #expect(try !BundleFile.lines(none).contains { $0.hasPrefix("{\"part\":\"plan\"") })

        // --no-plan: the laptop has no plan and computes its own.
        try laptop.ok(["bundle", "merge", none.path], now: Self.now)
        #expect(EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid], now: Self.now))["carried"] == nil)
        #expect(EngineJSON.int(try laptop.rows("SELECT count(*) AS n FROM carried_plan").first?["n"]) == 0)

        // Tomorrow night's plan, as the station plans that day.
        try laptop.ok(["bundle", "merge", tomorrow.path], now: Self.now)
        var planned = EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid, "--date", "2026-06-16"], now: Self.now))
        #expect(planned.removeValue(forKey: "carried") != nil)
        let atStation = try station.json(["plan", "--grid", Self.grid, "--date", "2026-06-16"])
        #expect(NSDictionary(dictionary: planned).isEqual(to: atStation), "laptop \(Self.ids(planned)), station \(Self.ids(atStation))")

        // Today's plans of 18:00 and of 09:00, merged newest first: the 18:00 one stays.
        try laptop.ok(["bundle", "merge", station.reference.path, earlier.path], now: Self.now)
        let kept = EngineJSON.object(EngineJSON.object(try laptop.json(["plan", "--grid", Self.grid], now: Self.now))["carried"])
        #expect(EngineJSON.string(kept["carriedAt"])?.hasPrefix("2026-06-15T18:00") == true, "\(kept)")
        try laptop.ok(["verify"], now: Self.now)

        // The options are for --reference only, and not together.
        for arguments in [["--plan-date", "2026-06-16"], ["--no-plan"], ["--reference", "--grid", Self.grid, "--no-plan", "--plan-date", "2026-06-16"]] {
            let refused = try station.work.run(
                ["bundle", "export", "--output", station.work.url("x.sgb").path, "--lang", "en"] + arguments, now: Self.now, store: station.store)
            #expect(refused.status == 2 && refused.stderr.contains("--plan-date") && refused.stderr.contains("--no-plan"), "\(refused)")
        }
        let chinese = try station.work.run(["bundle", "export", "--no-plan", "--output", "x.sgb", "--lang", "zh"], now: Self.now, store: station.store)
        #expect(chinese.status == 2 && chinese.stderr.contains("只用于 --reference"), "\(chinese)")
    }

    @Test("a plan line tampered with (and signed again) is refused naming its line; the laptop's store is unchanged",
          arguments: ["bad JSON", "another grid", "a venue of another grid", "a second plan", "in an events bundle"])
    func tampered(_ change: String) throws {
        let station = try Self.built.get()
        let laptop = try laptop(station, "tampered")
        defer { laptop.remove() }
        var lines = Array(try BundleFile.lines(station.reference).dropLast())
        let index = try #require(lines.firstIndex { $0.hasPrefix("{\"part\":\"plan\"") })
        let plan = lines[index]
        let message: String
        switch change {
        case "bad JSON":
            lines[index] = "{\"part\":\"plan\",\"value\":{\"date\":\"2026-06-15\"}}"
            message = "is not valid JSON for a plan part"
        case "another grid":
            lines[index] = plan.replacingOccurrences(of: "\"scope\":{\"code\":\"G01\"", with: "\"scope\":{\"code\":\"G02\"")
            message = "is a plan of grid G02, not of a grid the header lists (G01)"
        case "a venue of another grid":
            let venue = try #require(plan.range(of: "\"gridCode\":\"G01\""))
            lines[index] = plan.replacingCharacters(in: venue, with: "\"gridCode\":\"G02\"")
            message = "is the plan of grid G01 but lists venue"
        case "a second plan":
            lines.append(plan)
            message = "is a second plan of grid G01 for 2026-06-15"
        default:
            lines[1] = lines[1].replacingOccurrences(of: "\"kind\":\"reference\"", with: "\"kind\":\"events\"")
                .replacingOccurrences(of: ",\"grids\":[\"G01\"]", with: "")
            message = "is a plan of grid G01, not of a grid the header lists (none)"
        }
        #expect(lines[index] != plan || change == "a second plan" || change == "in an events bundle", "the change was made")
        let line = change == "a second plan" ? lines.count : index + 1
        let file = laptop.url("tampered.sgb")
        try BundleFile.writeSigned(lines, keyFile: station.work.keyFile, to: file)
        let before = try laptop.dump()
        let refused = try laptop.run(["bundle", "merge", file.path, "--lang", "en"], now: Self.now)
        #expect(refused.status == 1 && refused.stderr.contains("\(file.path) line \(line) \(message)"), "\(refused)")
        #expect(try laptop.dump() == before, "the laptop's store is as it was")
    }
}
