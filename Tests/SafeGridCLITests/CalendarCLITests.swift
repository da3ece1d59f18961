import Foundation
import Testing

/// Deadlines past the built-in calendar's last notice, end to end through the real `safegrid`
/// binary on a real SQLite file: marked provisional wherever they are shown until the year's
/// notice is imported; then new deadlines follow it and the old ones keep their dates.
@Suite("Provisional calendar years, end to end")
struct CalendarCLITests {
    static let checklist = EngineFixtures.checklist(id: "wd", items: [
        ("W1", "major", "1wd"), ("W5", "major", "5wd"), ("W10", "major", "10wd"), ("W20", "major", "20wd"),
    ])
    static let items = ["W1", "W5", "W10", "W20"]
    static let now = "2026-12-31T20:00"
    /// A test arrangement for 2027 (not the State Council's): 4 January off, so every deadline
    /// counted from 31 December moves a day.
    static let notice2027 = """
        # test arrangement
        year 2027 测试通知
        2027-01-01 holiday 元旦
        2027-01-04 holiday 元旦

        """

    func workspace() throws -> EngineWorkspace {
        let work = try EngineWorkspace("calendar")
        try work.ok(["area", "import", try work.write("areas.csv", EngineFixtures.areasCSV).path], now: Self.now)
        try work.ok(["venue", "import", try work.write("venues.csv", EngineFixtures.venuesCSV).path], now: Self.now)
        try work.ok(["checklist", "import", try work.write("wd.xml", Self.checklist).path], now: Self.now)
        return work
    }

    func inspect(_ work: EngineWorkspace) throws -> [[String: Any]] {
        let responses = try work.responses("r.json", items: Self.items, failing: Set(Self.items))
        let output = try work.json(
            ["inspect", "--venue", "V1", "--checklist", "wd", "--at", "2026-12-31T19:00", "--responses", responses.path], now: Self.now)
        return EngineJSON.array(EngineJSON.object(output)["hazards"]).map(EngineJSON.object)
    }

    @Test("found 2026-12-31: due 01-04, 01-08, 01-15, 01-29, provisional in JSON and text, until the 2027 notice is imported")
    func provisionalUntilImported() throws {
        let work = try workspace()
        defer { work.remove() }
        let hazards = try inspect(work)
        #expect(hazards.map { EngineJSON.string($0["deadline"]) } == [
            "2027-01-04T23:59:59+08:00", "2027-01-08T23:59:59+08:00", "2027-01-15T23:59:59+08:00", "2027-01-29T23:59:59+08:00",
        ])
        #expect(hazards.allSatisfy { $0["deadlineProvisional"] as? Bool == true && $0["reinspectionDueProvisional"] as? Bool == true })
        let first = try #require(EngineJSON.string(hazards.first?["id"]))

        // Every place that shows the dates marks them, in both languages, with the hint.
        let list = try work.ok(["hazard", "list"], now: Self.now).stdout
        #expect(list.components(separatedBy: "2027-01-04 23:59（暂定）").count == 2, "\(list)")
        #expect(list.components(separatedBy: "（暂定）").count == 5 && list.contains("safegrid calendar import"), "\(list)")
        let english = try work.ok(["hazard", "list", "--lang", "en"], now: Self.now).stdout
        #expect(english.contains("2027-01-29 23:59 (provisional)") && english.contains("notice is not loaded"), "\(english)")
        let show = try work.ok(["hazard", "show", first, "--lang", "en"], now: Self.now).stdout
        #expect(show.contains("Deadline 2027-01-04 23:59 (provisional)") && show.contains("Re-inspection due 2027-01-07 23:59 (provisional)"),
                "\(show)")
        let notice = try work.ok(["notice", "V1", "--format", "md"], now: Self.now).stdout
        #expect(notice.contains("2027-01-04 23:59（暂定）") && notice.contains("safegrid calendar import"), "\(notice)")
        let report = EngineJSON.object(try work.json(["report", "--as-of", "2027-02-10"], now: "2027-02-10T12:00"))
        let overdue = EngineJSON.array(report["overdue"]).map(EngineJSON.object)
        #expect(overdue.count == 4 && overdue.allSatisfy { $0["deadlineProvisional"] as? Bool == true }, "\(report)")
        let calendar = EngineJSON.array(try work.json(["calendar", "show", "2027"], now: Self.now)).map(EngineJSON.object)
        #expect(calendar.first?["provisional"] as? Bool == true)
        let days = EngineJSON.array(calendar.first?["days"]).map(EngineJSON.object)
        #expect(days.contains { EngineJSON.string($0["date"]) == "2027-02-09" && EngineJSON.string($0["origin"]) == "statute" })

        // A malformed file is refused with FILE:LINE and leaves the store as it was.
        let before = StoreBytes(work.store)
        let bad = try work.write("bad.txt", "year 2027 x\n2027-01-01 holiday 元旦\n2027-01-05 workday 调休\n")
        let refused = try work.run(["calendar", "import", bad.path, "--lang", "en"], now: Self.now)
        #expect(refused.status == 1 && refused.stderr.contains("bad.txt:3: 2027-01-05 is a make-up working day"), "\(refused)")
        #expect(StoreBytes(work.store) == before)

        // The notice: new deadlines follow it, unmarked; old ones keep their dates and are listed.
        let imported = try work.ok(["calendar", "import", try work.write("2027.txt", Self.notice2027).path], now: Self.now)
        #expect(imported.stdout.contains("2027") && imported.stdout.contains("hazard list --provisional"), "\(imported)")
        let old = EngineJSON.array(try work.json(["hazard", "list"], now: Self.now)).map(EngineJSON.object)
        #expect(old.map { EngineJSON.string($0["deadline"]) } == hazards.map { EngineJSON.string($0["deadline"]) })
        #expect(old.allSatisfy { $0["deadlineProvisional"] as? Bool == false })
        #expect(old.map { EngineJSON.string($0["recountedDeadline"]) } == [
            "2027-01-05T23:59:59+08:00", "2027-01-11T23:59:59+08:00", "2027-01-18T23:59:59+08:00", "2027-02-01T23:59:59+08:00",
        ])
        let fresh = try inspect(work)
        #expect(fresh.map { EngineJSON.string($0["deadline"]) } == [
            "2027-01-05T23:59:59+08:00", "2027-01-11T23:59:59+08:00", "2027-01-18T23:59:59+08:00", "2027-02-01T23:59:59+08:00",
        ])
        #expect(fresh.allSatisfy { $0["deadlineProvisional"] as? Bool == false && $0["recountedDeadline"] == nil })
        let differing = EngineJSON.array(try work.json(["hazard", "list", "--provisional"], now: Self.now)).map(EngineJSON.object)
        #expect(differing.map { EngineJSON.string($0["id"]) } == hazards.map { EngineJSON.string($0["id"]) })
        let text = try work.ok(["hazard", "list", "--provisional"], now: Self.now).stdout
        #expect(text.contains("2027-01-04 23:59  2027-01-05 23:59") && text.contains("共 4 处"), "\(text)")
        #expect(!(try work.ok(["hazard", "list"], now: Self.now).stdout.contains("暂定")))
        let shown = try work.ok(["calendar", "show", "2027", "--lang", "en"], now: Self.now).stdout
        #expect(shown.hasPrefix("2027: 测试通知 · imported (2027.txt)"), "\(shown)")
    }

    @Test("calendar files refused for what they are: too large, not UTF-8, empty")
    func hostileFiles() throws {
        let work = try workspace()
        defer { work.remove() }
        let before = StoreBytes(work.store)
        let large = work.url("large.txt")
        try Data(repeating: 0x23, count: (1 << 20) + 1).write(to: large)
        let binary = work.url("binary.txt")
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: binary)
        let empty = try work.write("empty.txt", "# nothing\n")
        for (file, message) in [(large, "at most 1048576 bytes"), (binary, "not UTF-8"), (empty, "lists no day")] {
            let outcome = try work.run(["calendar", "import", file.path, "--lang", "en"], now: Self.now)
            #expect(outcome.status == 1 && outcome.stderr.contains(message), "\(outcome)")
        }
        #expect(StoreBytes(work.store) == before)
    }
}
