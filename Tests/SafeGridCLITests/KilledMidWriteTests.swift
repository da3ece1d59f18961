import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGKILL inside the write of a bundle merge, a calendar import and a store copy: afterwards
/// the store verifies, holds all of the command's work or none of it (a copy: whole batches),
/// and the same command run again completes it.
@Suite("SIGKILL in the middle of a merge, a calendar import and a store copy")
struct KilledMidWriteTests {
    static let now = BundleRefusalTests.now

    /// Starts `safegrid ARGUMENTS`, waits until it holds a store's write lock (its transaction
    /// has begun) and kills it; whether the kill landed before the command ended.
    static func killWhileWriting(_ work: EngineWorkspace, _ arguments: [String]) throws -> Bool {
        let running = try work.start(arguments, now: now)
        let pid = running.process.processIdentifier
        while running.process.isRunning && !holdsWALWriteLock(pid) { usleep(100) }
        let sent = running.kill()
        return sent && running.wait().signalled
    }

    /// A night of 12 inspections, 16 hazards each: work long enough to be caught in the middle.
    static func recordNight(_ work: EngineWorkspace) throws {
        let bulk = EngineFixtures.bulkChecklist(count: 16)
        try work.ok(["checklist", "import", try work.write("bulk.xml", bulk.xml).path], now: now)
        let sheet = try work.responses("all.json", items: bulk.items, failing: Set(bulk.items))
        for number in 0..<12 {
            try work.ok(["inspect", "--venue", "V\(number % 3 + 1)", "--checklist", "bulk", "--inspector", "李网格员",
                         "--responses", sheet.path, "--at", String(format: "2026-06-02T20:%02d", 10 + number)], now: now)
        }
    }

    static func count(_ work: EngineWorkspace, _ sql: String, store: URL? = nil) throws -> Int {
        EngineJSON.int(try work.rows("SELECT (\(sql)) AS n", store: store).first?["n"]) ?? -1
    }

    @Test("a bundle merge killed inside its transaction merges nothing; run again, it merges everything once")
    func merge() throws {
        let world = try BundleRefusalTests().world()
        defer { world.remove() }
        let (station, laptop) = (world.station, world.laptop)
        try Self.recordNight(laptop)
        let bundle = laptop.url("night.sgb")
        try laptop.ok(["bundle", "export", "--all", "--output", bundle.path], now: Self.now)
        let sent = try Self.count(laptop, "SELECT count(*) FROM event")
        let fromLaptop = "SELECT count(*) FROM event WHERE origin = '\(world.fingerprint)'"

        #expect(try Self.killWhileWriting(station, ["bundle", "merge", bundle.path]), "the merge ended before it could be killed")
        try station.ok(["verify"], now: Self.now)
        let afterKill = try Self.count(station, fromLaptop)
        #expect(afterKill == 0 || afterKill == sent, "half-merged: \(afterKill) of \(sent) events")
        try station.ok(["bundle", "merge", bundle.path], now: Self.now)
        #expect(try Self.count(station, fromLaptop) == sent)
        try station.ok(["verify"], now: Self.now)
    }

    @Test("a calendar import killed inside its transaction keeps the calendar or not at all; run again, it is there once")
    func calendarImport() throws {
        let work = try EngineWorkspace("killed-calendar")
        defer { work.remove() }
        try work.setUpExample()
        let file = try work.write("2027.txt", BundleThreeLaptopsTests.calendar2027)
        _ = try Self.killWhileWriting(work, ["calendar", "import", file.path])
        try work.ok(["verify"], now: Self.now)
        #expect(try Self.count(work, "SELECT count(*) FROM calendar_file") <= 1)
        try work.ok(["calendar", "import", file.path], now: Self.now)
        #expect(try Self.count(work, "SELECT count(*) FROM calendar_file") == 1)
        let shown = try work.ok(["calendar", "show", "2027", "--lang", "en"], now: Self.now).stdout
        #expect(shown.contains("国务院办公厅关于2027年部分节假日安排的通知"), "\(shown)")
    }

    @Test("a store copy killed in the middle keeps whole batches; run again, it completes and proves the copy")
    func storeCopy() throws {
        let work = try EngineWorkspace("killed-copy")
        defer { work.remove() }
        try work.setUpExample()
        try Self.recordNight(work)
        let events = try Self.count(work, "SELECT count(*) FROM event")
        let target = work.url("copy.sqlite")
        let copy = ["store", "copy", "--from", work.store.path, "--to", target.path, "--batch", "16"]
        #expect(try Self.killWhileWriting(work, copy), "the copy ended before it could be killed")
        if FileManager.default.fileExists(atPath: target.path) {
            let copied = try Self.count(work, "SELECT count(*) FROM event", store: target)
            #expect(copied < events, "the kill landed after the last batch")
            let verified = try work.run(["verify"], now: Self.now, store: target)
            #expect(verified.succeeded, "\(verified)")
        }
        let again = try work.run(copy + ["--lang", "en"], now: Self.now)
        #expect(again.succeeded, "\(again)")
        #expect(try Self.count(work, "SELECT count(*) FROM event", store: target) == events)
    }
}
