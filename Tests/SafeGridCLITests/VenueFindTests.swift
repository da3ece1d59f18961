import Foundation
import Testing

/// An inspector at a stall knows its name, not its id.
@Suite("Finding a venue by name")
struct VenueFindTests {
    static let venues = """
        id,name,kind,grid,police_grid,tags,address,contact
        V1,老王烧烤,stall,G1,P1,kitchen,夜市 A 区 12 号,
        V2,老王烧烤二店,stall,G1,P1,kitchen,夜市 B 区 3 号,
        V3,Lucky Bar,bar,G2,P1,,步行街 8 号,

        """

    @Test("venue find matches a part of the name, id or address; inspect takes a unique name")
    func findAndInspect() throws {
        let work = try EngineWorkspace("find")
        defer { work.remove() }
        let now = "2026-06-01T20:00"
        try work.ok(["area", "import", try work.write("areas.csv", EngineFixtures.areasCSV).path], now: now)
        try work.ok(["venue", "import", try work.write("venues.csv", Self.venues).path], now: now)
        try work.ok(["checklist", "import", try work.write("example.xml", EngineFixtures.exampleChecklist).path], now: now)

        let ids = { (text: String) throws -> [String?] in
            EngineJSON.array(try work.json(["venue", "find", text], now: now)).map { EngineJSON.string(EngineJSON.object($0)["id"]) }
        }
        #expect(try ids("烧烤") == ["V1", "V2"])
        #expect(try ids("B 区") == ["V2"])
        #expect(try ids("lucky") == ["V3"])
        #expect(try ids("v3") == ["V3"])
        #expect(try ids("火锅").isEmpty)
        let none = try work.ok(["venue", "find", "火锅", "--lang", "en"], now: now)
        #expect(none.stdout.contains("No venue's name, id or address contains '火锅'"))

        let responses = try work.responses("r.json", items: EngineFixtures.exampleItems, failing: ["A"])
        // The exact name wins over the longer one that contains it.
        let byName = EngineJSON.object(try work.json(
            ["inspect", "--venue", "老王烧烤", "--checklist", "example", "--responses", responses.path], now: now))
        #expect(EngineJSON.array(byName["hazards"]).map { EngineJSON.string(EngineJSON.object($0)["venue"]) } == ["V1"])
        let unique = try work.ok(["inspect", "--venue", "二店", "--checklist", "example", "--responses", responses.path], now: now)
        #expect(unique.stdout.contains("场所 V2 老王烧烤二店"), "\(unique)")
        let ambiguous = try work.run(["inspect", "--venue", "夜市", "--checklist", "example", "--responses", responses.path, "--lang", "en"], now: now)
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("matches 2 venues: V1 老王烧烤, V2 老王烧烤二店"), "\(ambiguous)")
        let unknown = try work.run(["inspect", "--venue", "火锅", "--checklist", "example", "--responses", responses.path], now: now)
        #expect(unknown.status == 1 && unknown.stderr.contains("火锅"), "\(unknown)")
    }
}
