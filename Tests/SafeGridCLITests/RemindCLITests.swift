import Foundation
import Testing

/// `safegrid remind` through the real binary on the worked example (DOMAIN-EXAMPLE.md) with
/// people on its areas: as of three dates, exactly the people, hazards and escalation levels of
/// docs/DOMAIN.md ("Reminders and escalation"), each hazard once per person; quiet when nothing
/// is due; a read that leaves the store as it was; and the areas CSV's people columns.
@Suite("remind: reminders per person with escalation, through the binary")
struct RemindCLITests {
    /// The example's areas with people: the grid workers and grid leaders, the community police
    /// officers, a police grid's leader (李强, who also follows P1), the beat B1's follower, one
    /// leader of beat B2 and of the station (马涛, one name and phone: one person), and the
    /// street's follower. The communities name nobody.
    static let peopleCSV = """
        line,level,code,name,parent,follower,follower_phone,leader,leader_phone
        grid,street,S1,S1,,周建国,,,
        grid,community,C1,C1,S1,,,,
        grid,community,C2,C2,S1,,,,
        grid,grid,G1,G1,C1,陈晓燕,13800000001,刘芳,
        grid,grid,G2,G2,C1,王芳,,刘芳,
        grid,grid,G3,G3,C2,赵敏,,孙丽,
        police,station,ST1,ST1,,,,马涛,0571-8800110
        police,beat,B1,B1,ST1,王磊,,,
        police,beat,B2,B2,ST1,,,马涛,0571-8800110
        police,police-grid,P1,P1,B1,李强,,,
        police,police-grid,P2,P2,B2,张伟,,李强,

        """

    /// One expected reminder: the hazard (H1…H8), its kind, escalation level, working days
    /// overdue, and the roles (`level/code/position`) the person hears of it by.
    struct Expected: Equatable, CustomStringConvertible {
        var hazard: String
        var kind: String
        var escalation: Int
        var workingDaysOverdue: Int
        var roles: [String]
        var description: String { "\(hazard) \(kind) L\(escalation) \(workingDaysOverdue)wd \(roles)" }
        init(_ hazard: String, _ kind: String, _ escalation: Int, _ workingDaysOverdue: Int, _ roles: [String]) {
            (self.hazard, self.kind, self.escalation, self.workingDaysOverdue, self.roles) = (hazard, kind, escalation, workingDaysOverdue, roles)
        }
    }

    /// What each person hears, by date, in the order listed. June 2026: the 1st is a Monday;
    /// 06-19 to 06-21 are the Dragon Boat holiday.
    static let expected: [(asOf: String, people: [(name: String, phone: String?, items: [Expected])])] = [
        // Monday 06-08, 3 working days ahead: up to Thursday 06-11. H3 was reported fixed at 15:00
        // (deadline 06-09), so its re-inspection is due by the 3rd working day after: 06-11.
        // H5 is due 06-11. H4 (extended to 06-20) is not due yet; H7 and H8 are not found yet.
        ("2026-06-08", [
            ("张伟", nil, [Expected("H5", "due-soon", 0, 0, ["police-grid/P2/follower"])]),
            ("李强", nil, [Expected("H3", "reinspection-due", 0, 0, ["police-grid/P1/follower"])]),
            ("王芳", nil, [Expected("H3", "reinspection-due", 0, 0, ["grid/G2/follower"])]),
            ("赵敏", nil, [Expected("H5", "due-soon", 0, 0, ["grid/G3/follower"])]),
        ]),
        // Monday 06-15: H5 is 2 working days past 06-11 (06-12, 06-15): overdue, the responsible
        // people only. H7 (due 06-17) is within 06-18. H3 closed on 06-13.
        ("2026-06-15", [
            ("张伟", nil, [Expected("H5", "overdue", 1, 2, ["police-grid/P2/follower"]), Expected("H7", "due-soon", 0, 0, ["police-grid/P2/follower"])]),
            ("赵敏", nil, [Expected("H5", "overdue", 1, 2, ["grid/G3/follower"]), Expected("H7", "due-soon", 0, 0, ["grid/G3/follower"])]),
        ]),
        // Monday 06-29: H5 is 11 working days overdue (past 06-11; the holiday skipped): the
        // station and the street too. H7 (06-17) 7, H4 (06-20) 6, H8 (06-23) 4: the grid leaders,
        // the police grid's leader and the beat. 马涛 leads B2 and ST1: H5 once, with both roles.
        ("2026-06-29", [
            ("刘芳", nil, [Expected("H4", "overdue", 2, 6, ["grid/G2/leader"]), Expected("H8", "overdue", 2, 4, ["grid/G1/leader"])]),
            ("周建国", nil, [Expected("H5", "overdue", 3, 11, ["street/S1/follower"])]),
            ("孙丽", nil, [Expected("H5", "overdue", 3, 11, ["grid/G3/leader"]), Expected("H7", "overdue", 2, 7, ["grid/G3/leader"])]),
            ("张伟", nil, [
                Expected("H5", "overdue", 3, 11, ["police-grid/P2/follower"]), Expected("H7", "overdue", 2, 7, ["police-grid/P2/follower"]),
            ]),
            ("李强", nil, [
                Expected("H5", "overdue", 3, 11, ["police-grid/P2/leader"]), Expected("H7", "overdue", 2, 7, ["police-grid/P2/leader"]),
                Expected("H4", "overdue", 2, 6, ["police-grid/P1/follower"]), Expected("H8", "overdue", 2, 4, ["police-grid/P1/follower"]),
            ]),
            ("王磊", nil, [Expected("H4", "overdue", 2, 6, ["beat/B1/follower"]), Expected("H8", "overdue", 2, 4, ["beat/B1/follower"])]),
            ("王芳", nil, [Expected("H4", "overdue", 2, 6, ["grid/G2/follower"])]),
            ("赵敏", nil, [Expected("H5", "overdue", 3, 11, ["grid/G3/follower"]), Expected("H7", "overdue", 2, 7, ["grid/G3/follower"])]),
            ("陈晓燕", "13800000001", [Expected("H8", "overdue", 2, 4, ["grid/G1/follower"])]),
            ("马涛", "0571-8800110", [
                Expected("H5", "overdue", 3, 11, ["beat/B2/leader", "station/ST1/leader"]), Expected("H7", "overdue", 2, 7, ["beat/B2/leader"]),
            ]),
        ]),
    ]

    /// The worked example with its areas' people.
    static func example() throws -> (EngineWorkspace, [String: String]) {
        let work = try EngineWorkspace("remind")
        let ids = try EngineDomainExampleTests.build(work)
        try work.write("people.csv", peopleCSV)
        try work.ok(["area", "import", "people.csv"], now: "2026-06-16T19:00")
        return (work, ids)
    }

    @Test("as of three dates: exactly the expected people, hazards and levels, each hazard once per person; a read")
    func threeDates() throws {
        let (work, ids) = try Self.example()
        defer { work.remove() }
        let names = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
        let before = StoreBytes(work.store)
        for (asOf, people) in Self.expected {
            let list = EngineJSON.object(try work.json(["remind", "--as-of", asOf, "--show-personal"], now: "2026-06-30T09:00"))
            #expect(EngineJSON.int(list["days"]) == 3)
            let got = EngineJSON.array(list["people"]).map(EngineJSON.object)
            #expect(got.map { EngineJSON.string($0["name"]) ?? "-" } == people.map(\.name), "as of \(asOf)")
            for (person, want) in zip(got, people) {
                let items = EngineJSON.array(person["items"]).map(EngineJSON.object).map { item in
                    Expected(
                        names[EngineJSON.string(item["hazardID"]) ?? ""] ?? "?", EngineJSON.string(item["kind"]) ?? "",
                        EngineJSON.int(item["escalation"]) ?? -1, EngineJSON.int(item["workingDaysOverdue"]) ?? -1,
                        EngineJSON.array(item["roles"]).map(EngineJSON.object).map {
                            "\(EngineJSON.string($0["level"]) ?? "")/\(EngineJSON.string($0["code"]) ?? "")/\(EngineJSON.string($0["position"]) ?? "")"
                        })
                }
                #expect(items == want.items, "as of \(asOf), \(want.name)")
                #expect(EngineJSON.string(person["phone"]) == want.phone, "as of \(asOf), \(want.name)")
                #expect(Set(items.map(\.hazard)).count == items.count, "a hazard twice for \(want.name) as of \(asOf)")
            }
            let hazards = Set(people.flatMap { $0.items.map(\.hazard) })
            #expect(EngineJSON.int(list["hazards"]) == hazards.count, "as of \(asOf)")
        }
        // The same again gives the same bytes, and the store is as it was.
        let first = try work.ok(["remind", "--as-of", "2026-06-29", "--format", "json"], now: "2026-06-30T09:00").stdout
        let again = try work.ok(["remind", "--as-of", "2026-06-29", "--format", "json"], now: "2026-06-30T09:00").stdout
        #expect(first == again)
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store)
        #expect(try work.ok(["verify"], now: "2026-06-30T09:00").succeeded)
    }

    @Test("text reads in both languages; markdown through the exporter; nothing twice")
    func textAndMarkdown() throws {
        let (work, ids) = try Self.example()
        defer { work.remove() }
        let zh = try work.ok(["remind", "--as-of", "2026-06-29", "--lang", "zh-CN", "--show-personal"], now: "2026-06-30T09:00").stdout
        #expect(zh.hasPrefix("隐患提醒（截至 2026-06-29"), "\(zh)")
        #expect(zh.contains("马涛（0571-8800110）：警务区 B2 负责人、派出所 ST1 负责人\n"), "\(zh)")
        #expect(zh.contains("刘芳：网格 G1 网格长、网格 G2 网格长\n"), "\(zh)")
        #expect(zh.contains("[逾期] \(ids["H5"]!) V3：Item A — 逾期 11 个工作日（期限 2026-06-11）；逾期超过 10 个工作日，已报派出所和街道"), "\(zh)")
        #expect(zh.hasSuffix("共 4 条隐患，提醒 10 人。\n"), "\(zh)")
        // Without --show-personal, the same list with the phones masked (SECURITY.md).
        let masked = try work.ok(["remind", "--as-of", "2026-06-29", "--lang", "zh-CN"], now: "2026-06-30T09:00").stdout
        #expect(masked.contains("马涛（****-***0110）") && !masked.contains("8800110）"), "\(masked)")
        let en = try work.ok(["remind", "--as-of", "2026-06-08", "--lang", "en"], now: "2026-06-30T09:00").stdout
        #expect(en.contains("李强: community police officer of police grid P1"), "\(en)")
        #expect(en.contains("[re-inspection due] \(ids["H3"]!) V2: Item A — re-inspection due by 2026-06-11"), "\(en)")
        #expect(en.contains("[due soon] \(ids["H5"]!) V3: Item A — due 2026-06-11"), "\(en)")
        #expect(en.hasSuffix("2 hazards, 4 people reminded.\n"), "\(en)")
        // Each person's block lists a hazard once.
        for block in zh.components(separatedBy: "\n\n").dropFirst() {
            let hazards = block.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").dropFirst().first }
            #expect(Set(hazards).count == hazards.count, "\(block)")
        }
        let md = try work.ok(["remind", "--as-of", "2026-06-29", "--format", "md", "--lang", "en", "--show-personal"], now: "2026-06-30T09:00").stdout
        #expect(md.hasPrefix("# Hazard reminders (as of 2026-06-29"), "\(md)")
        #expect(md.contains("## 马涛 (0571-8800110)") && md.contains("| overdue | \(ids["H5"]!) | V3 | Item A | 2026-06-11 |"), "\(md)")
        // An exporter that renders no reminders is refused before anything is read.
        let csv = try work.run(["remind", "--format", "csv", "--lang", "en"], now: "2026-06-30T09:00")
        #expect(csv.status != 0 && csv.stderr.contains("does not render reminder lists"), "\(csv)")
    }

    @Test("quiet when nothing is due: no output, exit 0, the store unchanged; --output still writes the file")
    func quiet() throws {
        let (work, _) = try Self.example()
        defer { work.remove() }
        let before = StoreBytes(work.store)
        // As of 06-01 only H1 runs, due 06-08: beyond three working days (06-02 to 06-04).
        for format in ["text", "json", "md"] {
            let outcome = try work.run(["remind", "--as-of", "2026-06-01", "--format", format], now: "2026-06-30T09:00")
            #expect(outcome.status == 0 && outcome.stdout.isEmpty && outcome.stderr.isEmpty, "\(format): \(outcome)")
        }
        // With --days 5 it is due (06-08 is the 5th working day after 06-01).
        let five = try work.ok(["remind", "--as-of", "2026-06-01", "--days", "5", "--lang", "en", "--show-personal"], now: "2026-06-30T09:00").stdout
        #expect(five.contains("[due soon]") && five.contains("陈晓燕 (13800000001)"), "\(five)")
        let file = work.url("reminders.json")
        try work.ok(["remind", "--as-of", "2026-06-01", "--format", "json", "--output", file.path], now: "2026-06-30T09:00")
        let written = EngineJSON.object(try EngineJSON.parse(String(decoding: try Data(contentsOf: file), as: UTF8.self)))
        #expect(EngineJSON.array(written["people"]).isEmpty && EngineJSON.int(written["hazards"]) == 0, "\(written)")
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store)
        let refused = try work.run(["remind", "--days", "61"], now: "2026-06-30T09:00")
        #expect(refused.status != 0 && refused.stderr.contains("--days"), "\(refused)")
    }

    @Test("the areas CSV's people columns import, old files still import, and a bad one is refused at FILE:LINE:COLUMN")
    func peopleColumns() throws {
        let work = try EngineWorkspace("remind-csv")
        defer { work.remove() }
        try work.setUpExample()  // the old five columns
        try work.write("people.csv", Self.peopleCSV)
        try work.ok(["area", "import", "people.csv"], now: "2026-06-01T10:00")
        let g1 = try work.rows("SELECT follower, follower_phone, leader, leader_phone FROM area WHERE line = 'grid' AND code = 'G1'")
        #expect(g1.count == 1 && g1.first?["follower"] as? String == "陈晓燕" && g1.first?["follower_phone"] as? String == "13800000001"
                && g1.first?["leader"] as? String == "刘芳" && g1.first?["leader_phone"] is NSNull, "\(g1)")
        #expect(try work.ok(["verify"], now: "2026-06-01T10:00").succeeded)

        let before = StoreBytes(work.store)
        let header = "line,level,code,name,parent,follower,follower_phone,leader,leader_phone\n"
        for (csv, english, chinese) in [
            (header + "grid,grid,G7,G7,C1,,13800000009,,\n",
             "people.csv:2:21: column 'follower_phone': a phone needs the follower's name", "people.csv:2:21：“follower_phone”列"),
            (header + "grid,grid,G7,G7,C1,钱七,,孙丽,call me\n",
             "people.csv:2:27: column 'leader_phone': 'call me' is not a phone number", "people.csv:2:27：“leader_phone”列：'call me' 不是电话号码"),
        ] {
            try work.write("people.csv", csv)
            let outcome = try work.run(["area", "import", "people.csv", "--lang", "en"], now: "2026-06-01T10:00")
            EngineLifecycleCLITests.expectRefusal(outcome, code: "invalid-csv", naming: [english], before: before, store: work.store)
            let zh = try work.run(["area", "import", "people.csv", "--lang", "zh-CN"], now: "2026-06-01T10:00")
            #expect(zh.status == 1 && zh.stderr.contains(chinese), "\(zh)")
        }
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store)
    }
}
