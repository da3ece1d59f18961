import Foundation
import Testing

/// A machine's clock far in the past or the future (issue 17). A clock before 2000 records
/// nothing. A laptop whose clock is years ahead records at its time, as it cannot know better;
/// the station, trusting its own clock, refuses the bundle naming the time and the key, and
/// merges it only when a person says so. Nothing is lost either way.
@Suite("Clocks far in the past or the future")
struct ClockTests {
    static let now = "2026-06-02T21:00"

    @Test("a clock before 2000: an inspection is refused (implausible-time) and the store is unchanged")
    func clockInThePast() throws {
        let work = try EngineWorkspace("clock-past")
        defer { work.remove() }
        try work.setUpExample()
        let answers = try work.responses("v1.json", items: EngineFixtures.exampleItems, failing: ["A"])
        let dump = try work.sqlite(".dump").stdout
        let outcome = try work.run(["inspect", "--venue", "V1", "--checklist", "example", "--responses", answers.path, "--lang", "en"], now: "1980-01-01T09:00")
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.stderr.contains("1980-01-01 09:00 is before 2000-01-01") && outcome.stderr.contains("[implausible-time]"), "\(outcome.stderr)")
        #expect(try work.sqlite(".dump").stdout == dump)
        // With the clock right again, the same command records.
        try work.ok(["inspect", "--venue", "V1", "--checklist", "example", "--responses", answers.path], now: Self.now)
    }

    @Test("a laptop's clock ten years ahead: the station refuses its bundle naming the time and key, changes nothing, and merges it when told")
    func clockInTheFuture() throws {
        let station = try EngineWorkspace("clock-station")
        let laptop = try EngineWorkspace("clock-laptop")
        defer { station.remove(); laptop.remove() }
        let future = "2036-06-02T20:00"
        try station.setUpExample()
        let stationKey = try station.initKey(now: Self.now)
        let reference = station.url("g1.sgb")
        try station.ok(["bundle", "export", "--reference", "--grid", "G1", "--output", reference.path], now: Self.now)
        let laptopKey = try laptop.initKey(now: future)
        try laptop.ok(["key", "trust", stationKey, "--name", "station"], now: future)
        try laptop.ok(["bundle", "merge", reference.path], now: future)
        let answers = try laptop.responses("v1.json", items: EngineFixtures.exampleItems, failing: ["A"])
        try laptop.ok(["inspect", "--venue", "V1", "--checklist", "example", "--responses", answers.path], now: future)
        let night = laptop.url("night.sgb")
        try laptop.ok(["bundle", "export", "--output", night.path], now: future)

        try station.ok(["key", "trust", laptopKey, "--name", "laptop"], now: Self.now)
        let dump = try station.sqlite(".dump").stdout
        let refused = try station.run(["bundle", "merge", night.path, "--lang", "en"], now: Self.now)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("2036-06-02 20:00, more than 1 day after now here (2026-06-02 21:00)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--accept-future-times") && refused.stderr.contains("[implausible-time]"), "\(refused.stderr)")
        let fingerprint = try #require(EngineJSON.string(EngineJSON.object(try laptop.json(["key", "show"], now: future))["fingerprint"]))
        #expect(refused.stderr.contains(fingerprint), "names the laptop's key: \(refused.stderr)")
        let zh = try station.run(["bundle", "merge", night.path, "--lang", "zh-CN"], now: Self.now)
        #expect(zh.status == 1 && zh.stderr.contains("比本机现在（2026-06-02 21:00）晚了超过 1 天"), "\(zh.stderr)")
        #expect(try station.sqlite(".dump").stdout == dump, "nothing merged")

        try station.ok(["bundle", "merge", night.path, "--accept-future-times"], now: Self.now)
        #expect(EngineJSON.array(try station.json(["hazard", "list"], now: Self.now)).count == 1)
        try station.ok(["verify"], now: Self.now)
    }
}
