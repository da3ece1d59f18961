import Foundation
import Testing

/// Input that parses but cannot be meant: times before 2000 or days ahead, deadlines years out,
/// a code given twice in one CSV file, an item given twice in a responses file, malformed JSON.
/// Each is refused with exit 1 and a message in both languages saying what and where, and the
/// store is left as it was (`sqlite3 .dump` and its bytes) with no evidence file kept.
@Suite("Plausible input: implausible times, duplicates and malformed files refused")
struct PlausibleInputTests {
    static let now = "2026-06-02T21:00"

    /// The example's world with one open hazard on item A of V1 (found 2026-06-02 20:00).
    func world() throws -> (work: EngineWorkspace, hazard: String) {
        let work = try EngineWorkspace("plausible")
        try work.setUpExample()
        let answers = try work.responses("v1.json", items: ["A", "B", "C", "D"], failing: ["A"])
        let recorded = EngineJSON.object(try work.json(
            ["inspect", "--venue", "V1", "--checklist", "example", "--responses", answers.path, "--at", "2026-06-02T20:00"], now: Self.now))
        let hazard = try #require(EngineJSON.string(EngineJSON.object(EngineJSON.array(recorded["hazards"]).first)["id"]))
        try Data("photo".utf8).write(to: work.url("photo.jpg"))
        return (work, hazard)
    }

    /// Runs a command that must be refused (exit 1, CODE, each fragment named in English, and
    /// `chinese` in the Chinese message), the store's dump and bytes unchanged, no evidence kept.
    func expectRefused(
        _ work: EngineWorkspace, _ arguments: [String], code: String, english: [String], chinese: String,
        extra: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let dump = try work.sqlite(".dump").stdout
        let before = StoreBytes(work.store)
        let outcome = try work.run(arguments + ["--lang", "en"], now: Self.now, extra: extra)
        EngineLifecycleCLITests.expectRefusal(outcome, code: code, naming: english, before: before, store: work.store, sourceLocation: sourceLocation)
        let zh = try work.run(arguments + ["--lang", "zh-CN"], now: Self.now, extra: extra)
        #expect(zh.status == 1 && zh.stderr.contains(chinese), "\(zh)", sourceLocation: sourceLocation)
        #expect(try work.sqlite(".dump").stdout == dump, "the dump changed", sourceLocation: sourceLocation)
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: work.store.path + ".evidence"), "an evidence file was kept", sourceLocation: sourceLocation)
    }

    @Test("times before 2000 or more than a day after now are refused, on every command that takes one; configurable")
    func implausibleTimes() throws {
        let (work, hazard) = try world()
        defer { work.remove() }
        try work.write("v2.json", #"{"A": {"result": "fail", "evidence": ["photo.jpg"]}, "B": "pass", "C": "pass", "D": "pass"}"#)
        let inspect = ["inspect", "--venue", "V2", "--checklist", "example", "--responses", "v2.json"]
        try expectRefused(
            work, inspect + ["--at", "1900-01-01"], code: "implausible-time",
            english: ["--at 1900-01-01 00:00 is before 2000-01-01, the earliest date SafeGrid accepts (SAFEGRID_EARLIEST)"],
            chinese: "--at 1900-01-01 00:00 早于 SafeGrid 接受的最早日期 2000-01-01（SAFEGRID_EARLIEST）")
        try expectRefused(
            work, ["hazard", "rectify", hazard, "--at", "1999-12-31T23:59", "--evidence", "photo.jpg"], code: "implausible-time",
            english: ["--at 1999-12-31 23:59 is before 2000-01-01"], chinese: "早于 SafeGrid 接受的最早日期 2000-01-01")
        try expectRefused(
            work, inspect + ["--at", "2026-06-04T09:00"], code: "implausible-time",
            english: ["--at 2026-06-04 09:00 is more than 1 day after now (2026-06-02 21:00) (SAFEGRID_AHEAD_DAYS)"],
            chinese: "--at 2026-06-04 09:00 比现在（2026-06-02 21:00）晚了超过 1 天（SAFEGRID_AHEAD_DAYS）")
        try expectRefused(
            work, ["report", "--by", "grid", "--as-of", "9999-12-31"], code: "implausible-time",
            english: ["--as-of 9999-12-31 23:59 is more than 1 day after now"], chinese: "--as-of 9999-12-31 23:59 比现在")
        try expectRefused(
            work, ["report", "--by", "grid", "--as-recorded-at", "1970-01-01"], code: "implausible-time",
            english: ["--as-recorded-at 1970-01-01 23:59 is before 2000-01-01"], chinese: "早于 SafeGrid 接受的最早日期")
        // Within a day ahead is a report's cut-off like any other (a bare date is the end of that day).
        try work.ok(["report", "--by", "grid", "--as-of", "2026-06-03T12:00"], now: Self.now)

        // Configurable: a station that keeps records from 2026 on, and one whose clock may lag.
        try expectRefused(
            work, inspect + ["--at", "2025-12-31T12:00"], code: "implausible-time",
            english: ["--at 2025-12-31 12:00 is before 2026-01-01"], chinese: "早于 SafeGrid 接受的最早日期 2026-01-01",
            extra: ["SAFEGRID_EARLIEST": "2026-01-01"])
        #expect(try work.run(["report", "--as-of", "2026-06-20"], now: Self.now, extra: ["SAFEGRID_AHEAD_DAYS": "30"]).succeeded)
        let bad = try work.run(["hazard", "list", "--lang", "en"], now: Self.now, extra: ["SAFEGRID_EARLIEST": "two thousand"])
        #expect(bad.status == 1 && bad.stderr.contains("SAFEGRID_EARLIEST 'two thousand' is not a date (e.g. 2000-01-01)"), "\(bad)")
    }

    @Test("deadlines more than 5 years out are refused: extend --until, a deadline override, --opens-at; configurable")
    func farDeadlines() throws {
        let (work, hazard) = try world()
        defer { work.remove() }
        try expectRefused(
            work, ["hazard", "extend", hazard, "--until", "9999-12-31", "--reason", "typo"], code: "implausible-time",
            english: ["hazard \(hazard): the new deadline 9999-12-31 23:59 is more than 5 years after 2026-06-02 21:00 (SAFEGRID_DEADLINE_YEARS)"],
            chinese: "隐患 \(hazard)：新期限 9999-12-31 23:59 距 2026-06-02 21:00 超过 5 年（SAFEGRID_DEADLINE_YEARS）")
        // Five years to the day is the last one accepted.
        try expectRefused(
            work, ["hazard", "extend", hazard, "--until", "2031-06-03", "--reason", "typo"], code: "implausible-time",
            english: ["the new deadline 2031-06-03 23:59 is more than 5 years after"], chinese: "超过 5 年")
        try work.ok(["hazard", "extend", hazard, "--until", "2031-06-02", "--reason", "等待改造工程"], now: Self.now)

        // (A rule is at most 999 days, 999wd about four years: only a date can be too far.)
        for deadline in ["2099-01-01", "2031-06-03"] {
            try work.write("far.json", #"{"A": {"result": "fail", "deadline": "\#(deadline)", "reason": "r"}, "B": "pass", "C": "pass", "D": "pass"}"#)
            try expectRefused(
                work, ["inspect", "--venue", "V2", "--checklist", "example", "--responses", "far.json"], code: "implausible-time",
                english: ["item A: the deadline", "is more than 5 years after 2026-06-02 21:00 (SAFEGRID_DEADLINE_YEARS)"],
                chinese: "A 项的整改期限")
        }
        try work.write("v2.json", #"{"A": "pass", "B": "pass", "C": "pass", "D": "pass"}"#)
        try expectRefused(
            work, ["inspect", "--venue", "V2", "--checklist", "example", "--responses", "v2.json", "--opens-at", "2040-01-01T18:00"],
            code: "implausible-time", english: ["the venue's next opening 2040-01-01 18:00 is more than 5 years after"], chinese: "场所下次开放时间 2040-01-01 18:00")
        // Configurable.
        let tenYears = try work.run(["hazard", "extend", hazard, "--until", "2034-01-01", "--reason", "大修"], now: Self.now, extra: ["SAFEGRID_DEADLINE_YEARS": "10"])
        #expect(tenYears.succeeded, "\(tenYears)")
    }

    @Test("a code or id given twice in one CSV file: refused with both line numbers and the column, nothing imported", arguments: [
        ("area", "areas.csv", "line,level,code,name,parent\ngrid,street,S9,S9,\ngrid,community,C9,C9,S9\npolice,station,S9,S9 station,\ngrid,community,C9,C9 again,S9\n",
         "areas.csv:5:16: column 'code': the grid-line code 'C9' appears twice in the file, on line 3 and on line 5", "areas.csv:5:16：“code”列：网格条线编码 'C9' 已在第 3 行出现，同一文件中不能重复"),
        ("area", "links.csv", "line,level,code,name,parent\nlink,,G1,,P1\nlink,,G2,,P1\nlink,,G1,,P1\n",
         "links.csv:4:7: column 'code': the link G1–P1 appears twice in the file, on line 2 and on line 4", "links.csv:4:7：“code”列：关联 G1–P1 已在第 2 行出现"),
        ("venue", "venues.csv", "id,name,kind,grid,police_grid,tags,address,contact\nV7,老王烧烤,stall,G1,P1,,,\nV8,阿芳奶茶,stall,G1,P1,,,\nV7,\"老王烧烤\n二号摊\",stall,G2,P1,,,\n",
         "venues.csv:4:1: column 'id': the venue id 'V7' appears twice in the file, on line 2 and on line 4", "venues.csv:4:1：“id”列：场所编号 'V7' 已在第 2 行出现"),
    ])
    func duplicateRows(command: String, file: String, csv: String, english: String, chinese: String) throws {
        let work = try EngineWorkspace("plausible-csv")
        defer { work.remove() }
        try work.setUpExample()
        try work.write(file, csv)
        try expectRefused(work, [command, "import", file], code: "invalid-csv", english: [english], chinese: chinese)
        // Into no store at all: refused before a store is made.
        let fresh = work.url("fresh.sqlite")
        let outcome = try work.run([command, "import", file, "--lang", "en"], now: Self.now, store: fresh)
        #expect(outcome.status == 1 && outcome.stderr.contains(english), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test("a responses file with an item given twice, or malformed: refused with line and column, nothing recorded or kept", arguments: [
        ("{\"A\": \"pass\", \"B\": \"pass\",\n \"C\": \"pass\", \"D\": \"pass\",\n  \"A\": {\"result\": \"fail\", \"evidence\": [\"photo.jpg\"]}}",
         "r.json:3:3: the key \"A\" appears twice in one object (first at line 1, column 2)", "r.json:3:3：同一对象中键 \"A\" 出现两次（第一次在第 1 行第 2 列）"),
        ("{\"A\": {\"result\": \"fail\", \"note\": \"后门堆物\", \"evidence\": [\"photo.jpg\"], \"note\": \"x\"}, \"B\": \"pass\", \"C\": \"pass\", \"D\": \"pass\"}",
         "r.json:1:69: the key \"note\" appears twice in one object (first at line 1, column 26)", "r.json:1:69：同一对象中键 \"note\" 出现两次"),
        ("{\"A\": {\"result\": \"fail\", \"evidence\": [\"photo.jpg\"]},\n \"B\": \"pass\",\n \"C\": \"pass\",\n \"D\": \"pass\",\n}",
         "r.json:5:1: expected a key in double quotes, found '}'", "r.json:5:1：此处应为带双引号的键，却是 '}'"),
        ("{\"A\": {\"result\": \"fail\", \"evidence\": [\"photo.jpg\"]},\n \"B\": pass}", "r.json:2:7: expected a value", "r.json:2:7：此处应为值"),
        ("{\"A\": {\"result\": \"fail\", \"evidence\": [\"photo.jpg\"]},\n \"B\": \"pass\"", "r.json:2:13: expected ',' or '}' after a value, found the end of the file",
         "r.json:2:13：值之后应为 ',' 或 '}'，却是 文件结尾"),
        ("{\"A\": {\"result\": \"fail\", \"evidence\": [\"photo.jpg\"], \"note\": \"后门\n堆物\"}}", "r.json:1:64: a control character (such as a line break) inside text",
         "r.json:1:64：文字中含有控制字符"),
        ("{\"A\": {\"value\": 07}}", "r.json:1:17: a number may not start with 0", "r.json:1:17：数字不能以 0 开头"),
        ("", "r.json:1:1: the file ends where a value was expected", "r.json:1:1：文件在应有值的位置结束"),
    ])
    func responsesFile(json: String, english: String, chinese: String) throws {
        let (work, _) = try world()
        defer { work.remove() }
        try work.write("r.json", json)
        try expectRefused(
            work, ["inspect", "--venue", "V2", "--checklist", "example", "--responses", "r.json"], code: "invalid-input",
            english: [english], chinese: chinese)
    }
}
