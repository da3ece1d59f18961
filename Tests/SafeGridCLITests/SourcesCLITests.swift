import Foundation
import Testing

/// Sources, campaigns, joint checks and referrals through the binary: `inspect --source`, its
/// refusals, `hazard refer` and its refusals, `hazard list` filters, and `report --by source`.
@Suite("Sources and referrals through the binary")
struct SourcesCLITests {
    static let now = "2026-06-10T12:00"

    /// Inspects V1 with `source` arguments, failing item A, and returns the hazard's id.
    static func inspect(_ work: EngineWorkspace, _ source: [String], at: String) throws -> String {
        let responses = try work.responses("r-\(UUID().uuidString).json", items: EngineFixtures.exampleItems, failing: ["A"])
        let printed = EngineJSON.object(try work.json(
            ["inspect", "--venue", "V1", "--checklist", "example", "--at", at, "--responses", responses.path] + source, now: now))
        let hazards = EngineJSON.array(printed["hazards"])
        guard hazards.count == 1, let id = EngineJSON.string(EngineJSON.object(hazards[0])["id"]) else {
            throw EngineTestError("expected one hazard, got \(printed)")
        }
        return id
    }

    @Test("inspect with each source: the hazard carries it; the list filters by source and campaign")
    func eachSource() throws {
        let work = try EngineWorkspace("sources-each")
        defer { work.remove() }
        try work.setUpExample()
        let cases: [(arguments: [String], source: String, campaign: String?)] = [
            ([], "patrol", nil),
            (["--source", "campaign", "--campaign", "夏季燃气专项"], "campaign", "夏季燃气专项"),
            (["--source", "夜查"], "night-check", nil),
            (["--source", "joint-check", "--department", "fire-rescue", "--department", "市场监管"], "joint-check", nil),
            (["--source", "public-report"], "public-report", nil),
            (["--source", "110-referral"], "110-referral", nil),
            (["--source", "self-check"], "self-check", nil),
        ]
        var ids: [String: String] = [:]
        for (index, given) in cases.enumerated() {
            let id = try Self.inspect(work, given.arguments, at: "2026-06-0\(index + 1)T10:00")
            ids[given.source] = id
            let hazard = EngineJSON.object(EngineJSON.object(try work.json(["hazard", "show", id], now: Self.now))["hazard"])
            #expect(EngineJSON.string(hazard["source"]) == given.source, "\(given.arguments): \(hazard)")
            #expect(EngineJSON.string(hazard["campaign"]) == given.campaign, "\(given.arguments): \(hazard)")
            #expect(EngineJSON.string(hazard["department"]) == "public-security")
        }
        for (source, id) in ids {
            let listed = EngineJSON.array(try work.json(["hazard", "list", "--source", source], now: Self.now))
            #expect(listed.compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) } == [id], "\(source)")
        }
        let inCampaign = EngineJSON.array(try work.json(["hazard", "list", "--campaign", "夏季燃气专项"], now: Self.now))
        #expect(inCampaign.compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) } == [ids["campaign"]!])
        // The joint check's departments are kept, sorted, for the per-department count.
        let rows = try work.rows("SELECT department FROM joint_check ORDER BY department")
        #expect(rows.compactMap { $0["department"] as? String } == ["fire-rescue", "market-supervision"])
        let text = try work.run(["hazard", "list", "--lang", "en"], now: Self.now)
        #expect(text.succeeded && text.stdout.contains("SOURCE") && text.stdout.contains("night check"), "\(text)")
        try work.ok(["verify"], now: Self.now)
    }

    @Test("an incomplete or unknown source is refused, saying what is missing, and nothing is stored")
    func refusals() throws {
        let work = try EngineWorkspace("sources-refused")
        defer { work.remove() }
        try work.setUpExample()
        let responses = try work.responses("r.json", items: EngineFixtures.exampleItems, failing: ["A"])
        let base = ["inspect", "--venue", "V1", "--checklist", "example", "--at", "2026-06-01T10:00", "--responses", responses.path, "--lang", "en"]
        let cases: [(arguments: [String], fragment: String)] = [
            (["--source", "campaign"], "needs its name (--campaign)"),
            (["--source", "joint-check"], "needs the departments that took part"),
            (["--source", "night-check", "--department", "fire-rescue"], "only a joint check has departments"),
            (["--source", "joint-check", "--department", "police-academy"], "unknown department 'police-academy'"),
            (["--source", "raid"], "unknown source 'raid'"),
        ]
        for given in cases {
            let before = StoreBytes(work.store)
            let outcome = try work.run(base + given.arguments, now: Self.now)
            EngineLifecycleCLITests.expectRefusal(outcome, code: "invalid-input", naming: [given.fragment], before: before, store: work.store)
        }
        let chinese = try work.run(Array(base.dropLast(2)) + ["--lang", "zh-CN", "--source", "campaign"], now: Self.now)
        #expect(chinese.status == 1 && chinese.stderr.contains("专项检查须写明专项名称"), "\(chinese)")
    }

    @Test("refer: status unchanged, department shown and filtered; the same department refused; public-security brings it back")
    func refer() throws {
        let work = try EngineWorkspace("sources-refer")
        defer { work.remove() }
        try work.setUpExample()
        let id = try Self.inspect(work, [], at: "2026-06-01T10:00")
        let referred = EngineJSON.object(try work.json(
            ["hazard", "refer", id, "--to", "market-supervision", "--note", "无证经营", "--at", "2026-06-02T10:00"], now: Self.now))
        #expect(EngineJSON.string(referred["status"]) == "open")
        #expect(EngineJSON.string(referred["department"]) == "market-supervision")
        let shown = EngineJSON.object(try work.json(["hazard", "show", id], now: Self.now))
        let last = EngineJSON.object(EngineJSON.array(shown["events"]).last)
        #expect(EngineJSON.string(last["kind"]) == "refer" && EngineJSON.string(last["department"]) == "market-supervision", "\(last)")
        #expect(EngineJSON.string(last["note"]) == "无证经营")
        let text = try work.run(["hazard", "show", id, "--lang", "en"], now: Self.now)
        #expect(text.stdout.contains("department acting market supervision"), "\(text.stdout)")
        // Still on both lines' books: listed under its grid, counted by the grid report.
        let byGrid = EngineJSON.array(try work.json(["hazard", "list", "--grid", "G1", "--department", "market-supervision"], now: Self.now))
        #expect(byGrid.count == 1)
        #expect(EngineJSON.array(try work.json(["hazard", "list", "--department", "public-security"], now: Self.now)).isEmpty)

        let before = StoreBytes(work.store)
        let again = try work.run(["hazard", "refer", id, "--to", "市场监管", "--lang", "en"], now: Self.now)
        EngineLifecycleCLITests.expectRefusal(
            again, code: "illegal-transition", naming: [id, "already with market supervision"], before: before, store: work.store)
        let unknown = try work.run(["hazard", "refer", id, "--to", "nobody", "--lang", "en"], now: Self.now)
        EngineLifecycleCLITests.expectRefusal(unknown, code: "invalid-input", naming: ["unknown department 'nobody'"], before: before, store: work.store)

        let back = EngineJSON.object(try work.json(["hazard", "refer", id, "--to", "public-security", "--at", "2026-06-03T10:00"], now: Self.now))
        #expect(EngineJSON.string(back["department"]) == "public-security")
        let home = try work.run(["hazard", "refer", id, "--to", "public-security", "--lang", "en"], now: Self.now)
        #expect(home.status == 1 && home.stderr.contains("[illegal-transition]"), "\(home)")
        // A closed hazard is referred nowhere.
        try work.ok(["hazard", "reinspect", id, "--pass", "--at", "2026-06-04T10:00"], now: Self.now)
        let closed = try work.run(["hazard", "refer", id, "--to", "fire-rescue", "--lang", "en"], now: Self.now)
        #expect(closed.status == 1 && closed.stderr.contains("[illegal-transition]"), "\(closed)")
        // A report as of a moment between the referrals counts it under the department acting then.
        let report = EngineJSON.object(try work.json(["report", "--by", "department", "--as-of", "2026-06-02T12:00", "--format", "json"], now: Self.now))
        let groups = EngineJSON.array(report["groups"]).map(EngineJSON.object)
        #expect(groups.map { EngineJSON.string($0["key"]) } == ["market-supervision"], "\(groups)")
        try work.ok(["verify"], now: Self.now)
    }

    @Test("report by source and campaign, with the joint checks per department, in text and JSON")
    func reports() throws {
        let work = try EngineWorkspace("sources-report")
        defer { work.remove() }
        try work.setUpExample()
        _ = try Self.inspect(work, ["--source", "joint-check", "--department", "fire-rescue", "--department", "market-supervision",
                                     "--campaign", "消防专项"], at: "2026-06-01T10:00")
        _ = try Self.inspect(work, ["--source", "night-check"], at: "2026-06-02T22:00")
        _ = try Self.inspect(work, [], at: "2026-06-03T10:00")
        let bySource = EngineJSON.object(try work.json(["report", "--by", "source", "--format", "json"], now: Self.now))
        let found = Dictionary(uniqueKeysWithValues: EngineJSON.array(bySource["groups"]).map(EngineJSON.object).map {
            (EngineJSON.string($0["key"])!, EngineJSON.int($0["found"])!)
        })
        #expect(found["joint-check"] == 1 && found["night-check"] == 1 && found["patrol"] == 1 && found.values.reduce(0, +) == 3, "\(found)")
        let joint = EngineJSON.array(bySource["jointChecks"]).map(EngineJSON.object)
        #expect(joint.map { EngineJSON.string($0["department"]) } == ["market-supervision", "fire-rescue"], "\(joint)")
        #expect(joint.allSatisfy { EngineJSON.int($0["inspections"]) == 1 && EngineJSON.int($0["hazardsFound"]) == 1 })

        let campaign = EngineJSON.object(try work.json(["report", "--by", "grid", "--campaign", "消防专项", "--format", "json"], now: Self.now))
        #expect(EngineJSON.int(EngineJSON.object(campaign["total"])["found"]) == 1)
        #expect(EngineJSON.string(campaign["campaign"]) == "消防专项")
        let none = EngineJSON.object(try work.json(["report", "--campaign", "别的专项", "--format", "json"], now: Self.now))
        #expect(EngineJSON.int(EngineJSON.object(none["total"])["found"]) == 0 && EngineJSON.array(none["jointChecks"]).isEmpty)

        let text = try work.run(["report", "--by", "campaign", "--lang", "en"], now: Self.now)
        #expect(text.succeeded && text.stdout.contains("(no campaign)") && text.stdout.contains("Joint checks"), "\(text)")
    }
}
