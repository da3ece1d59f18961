import Foundation
import Testing

/// Personal data (PIPL, issue 17): a merchant's contact and the phones of the people on the
/// areas, planted in a real store, looked for in the output of every command and every
/// exporter of the real binary. Masked (138****5678) unless `--show-personal`; a venue's own
/// notice and re-inspection record name its contact in clear; a masked reference bundle merged
/// back overwrites nothing.
@Suite("Personal data masked in every output")
struct PersonalDataCLITests {
    static let now = "2026-06-01T20:00"
    static let later = "2026-06-20T10:00"
    /// The numbers planted: the merchant's mobile and identity numbers, a grid worker's and a
    /// grid leader's mobiles, an officer's mobile.
    static let secrets = ["13812345678", "110101199003071234", "13900001111", "13700002222", "13600003333"]
    static let masked = ["138****5678", "110***********1234", "139****1111", "137****2222", "136****3333"]

    static let areas = """
        line,level,code,name,parent,follower,follower_phone,leader,leader_phone
        grid,street,S1,S1,,,,,
        grid,community,C1,C1,S1,,,,
        grid,grid,G1,G1,C1,网格员 陈晓燕,13900001111,网格长 刘洋,13700002222
        police,station,ST1,ST1,,,,,
        police,beat,B1,B1,ST1,,,,
        police,police-grid,P1,P1,B1,民警 马涛,13600003333,,
        link,,G1,,P1,,,,

        """
    static let venues = """
        id,name,kind,grid,police_grid,tags,address,contact
        V1,老王烧烤,stall,G1,P1,,夜市 A 区 12 号,王强 13812345678 身份证 110101199003071234

        """

    /// A store with the planted numbers, one inspection leaving hazards open, one passed re-inspection.
    static func world(_ work: EngineWorkspace) throws {
        try work.ok(["area", "import", try work.write("areas.csv", areas).path], now: now)
        try work.ok(["venue", "import", try work.write("venues.csv", venues).path], now: now)
        try work.ok(["checklist", "import", try work.write("example.xml", EngineFixtures.exampleChecklist).path], now: now)
        let responses = try work.responses("v1.json", items: EngineFixtures.exampleItems, failing: ["A", "C", "D"])
        let found = try work.ok(["inspect", "--venue", "V1", "--checklist", "example", "--responses", responses.path, "--format", "json"], now: now)
        let ids = try EngineWorkspace.hazardIDs(found)
        let fixed = try #require(ids["D"])
        try work.ok(["hazard", "rectify", fixed], now: "2026-06-02T10:00")
        try work.ok(["hazard", "reinspect", fixed, "--pass"], now: "2026-06-03T10:00")
    }

    /// What a file holds as text: a ZIP's (xlsx, csv --table all) entries unpacked by `unzip -p`.
    static func text(of file: URL, in work: EngineWorkspace) throws -> String {
        let data = try Data(contentsOf: file)
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return String(decoding: data, as: UTF8.self) }
        let unzipped = try EngineRunning(
            executable: URL(fileURLWithPath: "/usr/bin/unzip"), arguments: ["-p", file.path], environment: ["LANG": "C.UTF-8"],
            directory: work.directory
        ).wait()
        #expect(unzipped.succeeded, "\(unzipped)")
        return unzipped.stdout
    }

    /// Every output of a command that shows a venue, an area's people or a report, with and
    /// without `--show-personal` where it takes it.
    static func outputs(_ work: EngineWorkspace, showPersonal: Bool) throws -> [(String, String)] {
        let flag = showPersonal ? ["--show-personal"] : []
        var outputs: [(String, String)] = []
        func printed(_ arguments: [String], now: String = later) throws {
            outputs.append((arguments.joined(separator: " "), try work.ok(arguments, now: now).stdout))
        }
        func written(_ arguments: [String], _ name: String) throws {
            let file = work.url(name)
            try work.ok(arguments + ["--output", file.path], now: later)
            outputs.append((arguments.joined(separator: " "), try text(of: file, in: work)))
        }
        // Every exporter the binary has, by what it renders: one added later is covered too.
        let exporters = EngineJSON.array(try work.json(["exporters", "list"], now: later)).map(EngineJSON.object)
        func formats(_ kind: String) -> [(name: String, ext: String)] {
            exporters.filter { EngineJSON.array($0["renders"]).contains { $0 as? String == kind } }
                .map { (EngineJSON.string($0["name"]) ?? "?", EngineJSON.string($0["fileExtension"]) ?? "out") }
        }
        for format in ["text", "json"] {
            try printed(["venue", "list", "--format", format] + flag)
            try printed(["venue", "find", "老王", "--format", format] + flag)
            try printed(["venue", "show", "V1", "--format", format] + flag)
            try printed(["plan", "--grid", "G1", "--format", format] + flag)
        }
        for exporter in formats("venue") { try written(["venue", "show", "V1", "--format", exporter.name] + flag, "venue.\(exporter.ext)") }
        for exporter in formats("plan") { try written(["plan", "--grid", "G1", "--format", exporter.name] + flag, "plan.\(exporter.ext)") }
        try printed(["remind", "--days", "5"] + flag)
        for exporter in formats("reminders") { try written(["remind", "--format", exporter.name] + flag, "remind.\(exporter.ext)") }
        // Neither reports, ledgers nor hazards show a contact or a phone: no flag to ask for them.
        guard !showPersonal else {
            let key = work.url("reference-clear.sgb")
            try work.ok(["bundle", "export", "--reference", "--grid", "G1", "--show-personal", "--output", key.path], now: later)
            outputs.append(("bundle export --reference --show-personal", try text(of: key, in: work)))
            return outputs
        }
        for exporter in formats("report") {
            // csv --table all: every table, in a ZIP.
            let all = exporter.name == "csv" ? ["--table", "all"] : []
            try written(["report", "--format", exporter.name] + all, "report-\(exporter.name).\(all.isEmpty ? exporter.ext : "zip")")
        }
        for exporter in formats("ledger") { try written(["ledger", "--format", exporter.name], "ledger.\(exporter.ext)") }
        try printed(["report"])
        try printed(["hazard", "list", "--format", "json"])
        let hazard = try #require(EngineJSON.string(EngineJSON.object(EngineJSON.array(try work.json(["hazard", "list"], now: later)).first)["id"]))
        try printed(["hazard", "show", hazard])
        try printed(["hazard", "show", hazard, "--format", "json"])
        let bundle = work.url("reference.sgb")
        try work.ok(["bundle", "export", "--reference", "--grid", "G1", "--output", bundle.path], now: later)
        outputs.append(("bundle export --reference", try text(of: bundle, in: work)))
        return outputs
    }

    @Test("every command and exporter that shows a contact or a phone masks it; --show-personal shows it in clear")
    func maskedEverywhere() throws {
        let work = try EngineWorkspace("personal-data")
        defer { work.remove() }
        try Self.world(work)
        _ = try work.initKey(now: Self.now)

        let outputs = try Self.outputs(work, showPersonal: false)
        #expect(outputs.count >= 25)
        for (command, text) in outputs {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(command) shows \(secret) in clear") }
        }
        // Masked, not dropped: the contact and phones are there for those who see them.
        let joined = outputs.map(\.1).joined()
        for mask in Self.masked { #expect(joined.contains(mask), "no output shows \(mask)") }
        let list = EngineJSON.object(EngineJSON.array(try work.json(["venue", "list"], now: Self.later)).first)
        #expect(EngineJSON.string(list["contact"]) == "王强 138****5678 身份证 110***********1234")

        let clear = try Self.outputs(work, showPersonal: true)
        // Each output that shows a number masked shows it in clear with --show-personal.
        let clearByCommand = Dictionary(clear.map { ($0.0.replacingOccurrences(of: " --show-personal", with: ""), $0.1) }, uniquingKeysWith: { a, _ in a })
        for (command, text) in outputs {
            for (mask, secret) in zip(Self.masked, Self.secrets) where text.contains(mask) && !command.hasPrefix("bundle") {
                #expect(clearByCommand[command]?.contains(secret) == true, "\(command) --show-personal does not show \(secret)")
            }
        }
        let bundle = try #require(clear.first { $0.0.hasPrefix("bundle export") }?.1)
        #expect(bundle.contains("王强 13812345678") && bundle.contains("13900001111"))
        let clearJoined = clear.map(\.1).joined()
        for secret in Self.secrets { #expect(clearJoined.contains(secret), "--show-personal never shows \(secret)") }
        // The store itself is unchanged: what is masked is the output.
        let stored = try work.sqlite("SELECT contact FROM venue WHERE id = 'V1'").stdout
        #expect(stored.contains("13812345678"))
    }

    @Test("the venue's own notice and re-inspection record name its contact in clear, in every format")
    func ownDocumentsInClear() throws {
        let work = try EngineWorkspace("personal-data-own")
        defer { work.remove() }
        try Self.world(work)
        for format in ["html", "md"] {
            let notice = work.url("notice.\(format)")
            try work.ok(["notice", "V1", "--format", format, "--output", notice.path], now: Self.later)
            #expect(try String(contentsOf: notice, encoding: .utf8).contains("王强 13812345678"), "notice --format \(format)")
        }
        let hazards = EngineJSON.array(try work.json(["hazard", "list", "--status", "closed"], now: Self.later))
        let closed = try #require(EngineJSON.string(EngineJSON.object(hazards.first)["id"]))
        for format in ["html", "md", "json"] {
            let record = try work.ok(["hazard", "reinspection-record", closed, "--format", format], now: Self.later).stdout
            #expect(record.contains("13812345678"), "reinspection-record --format \(format)")
        }
    }

    @Test("a masked reference bundle merged back leaves the numbers it hides as they were")
    func maskedBundleOverwritesNothing() throws {
        let station = try EngineWorkspace("personal-data-station")
        defer { station.remove() }
        try Self.world(station)
        let key = try station.initKey(now: Self.now)
        try station.ok(["key", "trust", key, "--name", "station"], now: Self.now)
        let bundle = station.url("g1.sgb")
        try station.ok(["bundle", "export", "--reference", "--grid", "G1", "--output", bundle.path], now: Self.later)
        let before = try station.sqlite("SELECT contact FROM venue UNION ALL SELECT follower_phone || ' ' || leader_phone FROM area ORDER BY 1").stdout
        try station.ok(["bundle", "merge", bundle.path], now: Self.later)
        let after = try station.sqlite("SELECT contact FROM venue UNION ALL SELECT follower_phone || ' ' || leader_phone FROM area ORDER BY 1").stdout
        #expect(after == before)
        #expect(after.contains("13812345678") && after.contains("13900001111 13700002222"))

        // A laptop gets the masked numbers, and shows them masked even with --show-personal.
        let laptop = try EngineWorkspace("personal-data-laptop")
        defer { laptop.remove() }
        try laptop.ok(["key", "trust", key, "--name", "station"], now: Self.later)
        try laptop.ok(["bundle", "merge", bundle.path], now: Self.later)
        let shown = EngineJSON.object(EngineJSON.array(try laptop.json(["venue", "list", "--show-personal"], now: Self.later)).first)
        #expect(EngineJSON.string(shown["contact"]) == "王强 138****5678 身份证 110***********1234")
    }
}
