import Foundation
import SafeGridCore
import Testing

/// Venue kinds and tags decide which checklist items apply, so only the vocabulary's are
/// accepted, by code or name, and stored as codes.
@Suite("Venue kinds and tags from the vocabulary")
struct VenueVocabularyCLITests {
    @Test("every kind and tag the built-in checklists apply by is in the vocabulary")
    func builtinChecklistsAreCovered() throws {
        let folder = SafegridProcess.repository.appendingPathComponent("checklists")
        var used: [VenueVocabulary.Field: Set<String>] = [.kind: [], .tag: []]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".xml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for (attribute, field) in [("venue-kinds", VenueVocabulary.Field.kind), ("tags", .tag)] {
                for match in text.matches(of: try Regex("\(attribute)=\"([^\"]*)\"")) {
                    let words = String(match.output[1].substring ?? "").split(separator: " ").map(String.init)
                    used[field, default: []].formUnion(words)
                }
            }
        }
        #expect(used[.kind] == ["bar", "event", "market", "stage"], "\(used)")
        #expect(used[.tag] == ["crowded", "gas", "generator", "kitchen", "outdoor"], "\(used)")
        for (field, codes) in used {
            for code in codes { #expect(VenueVocabulary.builtin.lookUp(code, field) == code, "\(field) \(code)") }
        }
    }

    @Test("names in Chinese and English are stored as codes; an unknown one is refused with the closest")
    func importAndAdd() throws {
        let work = try EngineWorkspace("vocabulary")
        defer { work.remove() }
        let now = "2026-06-01T20:00"
        try work.ok(["area", "import", try work.write("areas.csv", EngineFixtures.areasCSV).path], now: now)
        let venues = try work.write("venues.csv", """
            id,name,kind,grid,police_grid,tags,address,contact
            V1,老王烧烤,摊位,G1,P1,厨房;燃气;露天,,
            V2,Lucky Bar,Bar,G2,P1,Crowded,,

            """)
        try work.ok(["venue", "import", venues.path], now: now)
        let stored = EngineJSON.array(try work.json(["venue", "list"], now: now)).map(EngineJSON.object)
        #expect(stored.map { EngineJSON.string($0["kind"]) } == ["stall", "bar"])
        #expect(stored.map { EngineJSON.array($0["tags"]).compactMap(EngineJSON.string) } == [["gas", "kitchen", "outdoor"], ["crowded"]])

        // The examples: "bbq" as a kind is refused, naming the closest kinds; the store is unchanged.
        let before = StoreBytes(work.store)
        let bbq = try work.run(
            ["venue", "add", "--id", "V9", "--name", "烤串", "--kind", "bbq", "--grid", "G1", "--police-grid", "P1", "--lang", "en"], now: now)
        #expect(bbq.status == 1, "\(bbq)")
        #expect(bbq.stderr.contains("unknown venue kind 'bbq'; closest: bar (酒吧)"), "\(bbq.stderr)")
        #expect(bbq.stderr.contains("safegrid config set venue-kinds"), "\(bbq.stderr)")
        let typo = try work.run(["venue", "add", "--id", "V9", "--name", "烤串", "--kind", "摊子", "--grid", "G1", "--police-grid", "P1"], now: now)
        #expect(typo.status == 1 && typo.stderr.contains("未知的场所类型“摊子”；最接近的是：stall (摊位)"), "\(typo.stderr)")
        let tag = try work.run(
            ["venue", "add", "--id", "V9", "--name", "烤串", "--kind", "stall", "--tag", "kitchn", "--grid", "G1", "--police-grid", "P1", "--lang", "en"],
            now: now)
        #expect(tag.status == 1 && tag.stderr.contains("unknown venue tag 'kitchn'; closest: kitchen (厨房)"), "\(tag.stderr)")
        // In a file: the file, line and column.
        let bad = try work.write("bad.csv", """
            id,name,kind,grid,police_grid,tags,address,contact
            V3,好运奶茶,stall,G1,P1,,,
            V4,阿香烧烤,stall,G1,P1,kitchen;bbq,,

            """)
        let file = try work.run(["venue", "import", bad.path, "--lang", "en"], now: now)
        #expect(file.status == 1 && file.stderr.contains("bad.csv:3:21: column 'tags': unknown venue tag 'bbq'"), "\(file.stderr)")
        #expect(StoreBytes(work.store) == before, "a refused venue changes nothing")

        let add = try work.ok(["venue", "add", "--id", "V9", "--name", "烤串", "--kind", "Stall", "--tag", "燃气", "--grid", "G1", "--police-grid", "P1"], now: now)
        #expect(add.succeeded)
        let listed = EngineJSON.object(try work.json(["venue", "vocabulary"], now: now))
        #expect(EngineJSON.array(listed["kinds"]).map { EngineJSON.string(EngineJSON.object($0)["code"]) }.contains("stall"))
    }

    @Test("a store adds its own kinds and tags with config; a clash with a known term or a bad code is refused")
    func storeAdditions() throws {
        let work = try EngineWorkspace("vocabulary-config")
        defer { work.remove() }
        let now = "2026-06-01T20:00"
        try work.ok(["area", "import", try work.write("areas.csv", EngineFixtures.areasCSV).path], now: now)
        let refused = try work.run(["venue", "add", "--id", "V1", "--name", "报亭", "--kind", "报刊亭", "--grid", "G1", "--police-grid", "P1"], now: now)
        #expect(refused.status == 1, "\(refused)")

        try work.ok(["config", "set", "venue-kinds", "kiosk=报刊亭/newsstand, boat=游船"], now: now)
        try work.ok(["config", "set", "venue-tags", "night-only=夜间营业"], now: now)
        #expect(try work.ok(["config", "get", "venue-kinds"], now: now).stdout == "kiosk=报刊亭/newsstand,boat=游船\n")
        try work.ok(["venue", "add", "--id", "V1", "--name", "报亭", "--kind", "报刊亭", "--tag", "夜间营业", "--grid", "G1", "--police-grid", "P1"], now: now)
        try work.ok(["venue", "import", try work.write("v.csv", """
            id,name,kind,grid,police_grid,tags,address,contact
            V2,游船一号,Boat,G1,P1,night-only;户外,,

            """).path], now: now)
        let stored = EngineJSON.array(try work.json(["venue", "list"], now: now)).map(EngineJSON.object)
        #expect(stored.map { EngineJSON.string($0["kind"]) } == ["kiosk", "boat"], "\(stored)")
        #expect(stored.map { EngineJSON.array($0["tags"]).compactMap(EngineJSON.string) } == [["night-only"], ["night-only", "outdoor"]])
        let suggestion = try work.run(["venue", "add", "--id", "V3", "--name", "x", "--kind", "kiosque", "--grid", "G1", "--police-grid", "P1", "--lang", "en"], now: now)
        #expect(suggestion.status == 1 && suggestion.stderr.contains("closest: kiosk (报刊亭)"), "\(suggestion.stderr)")
        let vocabulary = try work.ok(["venue", "vocabulary", "--lang", "en"], now: now)
        #expect(vocabulary.stdout.contains("kiosk") && vocabulary.stdout.contains("this store"), "\(vocabulary.stdout)")

        for (value, message) in [
            ("stall=售货亭", "'stall' is already a venue kind (stall)"), ("kiosk2=摊位", "'摊位' is already a venue kind (stall)"),
            ("Kiosk", "'Kiosk' is not a code"), ("a=x,b=x", "repeats 'x' of 'a'"), ("kiosk=/x", "has an empty name"),
        ] {
            let bad = try work.run(["config", "set", "venue-kinds", value, "--lang", "en"], now: now)
            #expect(bad.status == 1 && bad.stderr.contains(message), "\(value): \(bad.stderr)")
        }
        #expect(try work.ok(["config", "get", "venue-kinds"], now: now).stdout == "kiosk=报刊亭/newsstand,boat=游船\n", "a refused value changes nothing")
    }
}

extension VenueVocabularyCLITests {
    @Test("bundle merge takes venues as the station stored them, its own kinds included (the laptop's vocabulary does not have them)")
    func mergeKeepsStationKinds() throws {
        let station = try EngineWorkspace("vocabulary-station")
        let laptop = try EngineWorkspace("vocabulary-laptop")
        defer { station.remove(); laptop.remove() }
        let now = "2026-06-01T20:00"
        try station.ok(["area", "import", try station.write("areas.csv", EngineFixtures.areasCSV).path], now: now)
        try station.ok(["config", "set", "venue-kinds", "kiosk=报刊亭"], now: now)
        try station.ok(["venue", "add", "--id", "V7", "--name", "报亭", "--kind", "报刊亭", "--grid", "G1", "--police-grid", "P1"], now: now)
        let stationKey = try station.initKey(now: now)
        try station.ok(["bundle", "export", "--reference", "--grid", "G1", "--output", station.url("g1.sgb").path], now: now)

        try laptop.ok(["key", "trust", stationKey, "--name", "station"], now: now)
        try laptop.ok(["bundle", "merge", station.url("g1.sgb").path], now: now)
        let venues = EngineJSON.array(try laptop.json(["venue", "list"], now: now)).map(EngineJSON.object)
        #expect(venues.map { EngineJSON.string($0["kind"]) } == ["kiosk"], "\(venues)")
        // The laptop's own entry is still checked against its own vocabulary.
        let own = try laptop.run(["venue", "add", "--id", "V8", "--name", "报亭", "--kind", "kiosk", "--grid", "G1", "--police-grid", "P1"], now: now)
        #expect(own.status == 1, "\(own)")
    }
}
