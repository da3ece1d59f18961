import Foundation
@testable import SafeGridCLI
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real terminal for the walk: `safegrid` runs in a detached tmux session of 80×24 on a
/// private tmux server, keys go in with send-keys and the screen comes back with capture-pane.
final class TmuxTerminal {
    let socket = "safegrid-walk-\(UUID().uuidString.prefix(8))"
    let session = "walk"
    private var serverKept = false

    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        guard let path = Self.tmux else { throw EngineTestError("tmux is not installed (apt-get install tmux; scripts/bootstrap)") }
        // posix_spawn and waitpid rather than Process: Foundation did not reap the tmux client
        // that starts a server (the test hung on a zombie). Output goes to a file, as the
        // server would hold a pipe open.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, arguments.first == "capture-pane" ? output.path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path, "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The test's threads block most signals, and a spawned process inherits that mask: tmux
        // (and the walk in it) must start with signals as a shell would give them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, &attributes, argv, environ) == 0 else { throw EngineTestError("cannot start tmux") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// Starts `safegrid ARGUMENTS` in a new session; the shell then prints `EXIT=status`.
    func start(
        _ work: EngineWorkspace, _ arguments: [String], now: String, width: Int = 80, height: Int = 24, extra: [String: String] = [:]
    ) throws {
        let environment = work.processEnvironment(now: now, extra: extra).filter {
            ["LANG", "XDG_DATA_HOME", "HOME", "PATH"].contains($0.key) || $0.key.hasPrefix("SAFEGRID_") || extra[$0.key] != nil
        }
        let quote = { (text: String) in "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        // The tmux server keeps the environment of whoever started it (the test runner sets
        // NO_COLOR): the walk gets NO_COLOR only when a test gives it.
        let command = "env -u NO_COLOR " + environment.sorted { $0.key < $1.key }.map { quote("\($0.key)=\($0.value)") }.joined(separator: " ")
            + " " + ([SafegridProcess.binary.path] + arguments).map(quote).joined(separator: " ") + "; echo EXIT=$?; sleep 20"
        if !serverKept {
            // A session that outlives the walk's keeps the server up: when the last session is
            // killed tmux exits, and a new session started in that moment was lost with it.
            try tmux(["new-session", "-d", "-s", "keep", "sleep 3600"])
            serverKept = true
        }
        try tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "-c", work.directory.path, command])
    }

    /// Keys by tmux name (Enter, Tab, C-c) or, with `literal`, text typed as is.
    func send(_ keys: String..., literal: Bool = false) throws {
        for key in keys { try tmux(["send-keys", "-t", session] + (literal ? ["-l"] : []) + [key]) }
    }

    /// The screen, wrapped lines joined (so a line wider than the terminal shows as such).
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-J", "-t", session]) }

    /// The screen with its colours and attributes as escape sequences.
    func styledScreen() throws -> String { try tmux(["capture-pane", "-p", "-e", "-t", session]) }

    /// Polls the screen until it contains `text`.
    @discardableResult
    func wait(for text: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("'\(text)' did not appear within \(timeout) s; the screen:\n\(last)", sourceLocation: sourceLocation)
        throw EngineTestError("timed out waiting for '\(text)'")
    }

    /// Polls the screen until `condition` holds for it.
    @discardableResult
    func wait(
        _ what: String, timeout: Double = 30, until condition: (String) -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("\(what) did not happen within \(timeout) s; the screen:\n\(last)", sourceLocation: sourceLocation)
        throw EngineTestError("timed out waiting for \(what)")
    }

    /// Resizes the terminal, as a user dragging its window does (the program gets SIGWINCH).
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The screen's lines, without the trailing empty ones.
    static func lines(_ screen: String) -> [String] {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Ends the session as a closed terminal does (SIGHUP to the program).
    func kill() throws { try tmux(["kill-session", "-t", session]) }

    func close() { _ = try? tmux(["kill-server"]) }
}

@Suite("The inspection walk in a real terminal (tmux)", .serialized)
struct WalkTmuxTests {
    static let now = "2026-06-01T20:00"

    static let checklist = """
        <?xml version="1.0" encoding="UTF-8"?>
        <checklist xmlns="urn:safegrid:checklist:1" id="walk-test" version="1.0.0" category="fire">
          <title xml:lang="zh-CN">逐项检查测试</title>
          <title xml:lang="en">Walk test</title>
          <section id="s1">
            <title xml:lang="zh-CN">疏散</title>
            <title xml:lang="en">Exits</title>
            <item id="W-01" severity="major" deadline="3wd">
              <prompt xml:lang="zh-CN">安全出口标志完好，指示方向正确，夜间照明时清晰可见，不被货物、广告牌、帘布或者其他任何物品遮挡或者覆盖</prompt>
              <prompt xml:lang="en">Exit signs intact, pointing the right way, clearly visible at night and never covered or hidden behind goods, boards or curtains</prompt>
              <guidance xml:lang="zh-CN">逐个查看出口标志</guidance>
              <guidance xml:lang="en">Look at every exit sign</guidance>
              <basis>GB 13495.1-2015</basis>
            </item>
            <item id="W-02" severity="major" deadline="7d">
              <prompt xml:lang="zh-CN">应急照明照度</prompt>
              <prompt xml:lang="en">Emergency lighting illuminance</prompt>
              <response type="number" unit="lx" min="1" max="1000"/>
            </item>
            <item id="W-03" severity="minor" deadline="15d">
              <prompt xml:lang="zh-CN">疏散通道状况</prompt>
              <prompt xml:lang="en">Escape route condition</prompt>
              <response type="choice">
                <option id="clear" fails="false"><label xml:lang="zh-CN">畅通</label><label xml:lang="en">clear</label></option>
                <option id="blocked" fails="true" severity="critical"><label xml:lang="zh-CN">堵塞</label><label xml:lang="en">blocked</label></option>
              </response>
            </item>
            <item id="W-04" severity="minor" deadline="7d">
              <prompt xml:lang="zh-CN">备注</prompt>
              <prompt xml:lang="en">Remarks</prompt>
              <response type="text"/>
            </item>
            <item id="W-05" severity="critical" deadline="immediate">
              <prompt xml:lang="zh-CN">厨房灭火毯</prompt>
              <prompt xml:lang="en">Kitchen fire blanket</prompt>
              <applies-to tags="kitchen"/>
            </item>
          </section>
        </checklist>
        """

    static func workspace(_ label: String) throws -> EngineWorkspace {
        let work = try EngineWorkspace(label)
        try work.ok(["area", "import", try work.write("areas.csv", EngineFixtures.areasCSV).path], now: now)
        try work.ok(["venue", "import", try work.write("venues.csv", EngineFixtures.venuesCSV).path], now: now)
        try work.ok(["checklist", "import", try work.write("walk.xml", checklist).path], now: now)
        try work.write("photo.jpg", "a photo")
        return work
    }

    /// W-01 fails with a note and a photo (Tab completes its name); W-02 is out of bounds and fixed on the spot.
    static func firstHalf(_ terminal: TmuxTerminal) throws {
        try terminal.wait(for: "W-01")
        try terminal.send("f")
        try terminal.wait(for: "Note")
        try terminal.send("exit sign covered", literal: true)
        try terminal.send("Enter")
        try terminal.wait(for: "Evidence files")
        try terminal.send("pho", literal: true)
        try terminal.send("Tab")
        try terminal.wait(for: "photo.jpg_")
        try terminal.send("Enter")
        try terminal.wait(for: "Fixed on the spot?")
        try terminal.send("n", "Enter", "Enter")
        try terminal.wait(for: "Item 2/4")
        try terminal.send("1500", literal: true)
        try terminal.wait(for: "→ fails")
        try terminal.send("Enter", "Enter", "Enter")
        try terminal.wait(for: "Fixed on the spot?")
        try terminal.send("y", "Enter", "Enter")
        try terminal.wait(for: "Item 3/4")
    }

    /// W-03 blocked (critical) with a 3-day deadline and its reason; W-04 a remark; confirm.
    static func secondHalf(_ terminal: TmuxTerminal) throws {
        try terminal.send("2")
        try terminal.wait(for: "Note")
        try terminal.send("Enter", "Enter")
        try terminal.wait(for: "Fixed on the spot?")
        try terminal.send("n", "Enter")
        try terminal.wait(for: "Deadline:")
        try terminal.send("3d", literal: true)
        try terminal.send("Enter")
        try terminal.wait(for: "Reason")
        try terminal.send("holiday crowds", literal: true)
        try terminal.send("Enter")
        try terminal.wait(for: "Item 4/4")
        try terminal.send("t")
        try terminal.send("boss helped", literal: true)
        try terminal.send("Enter")
        let summary = try terminal.wait(for: "3 hazards will be recorded")
        #expect(summary.contains("W-01  major  due 2026-06-04 23:59"), "\(summary)")
        #expect(summary.contains("W-02  major  due 2026-06-08 23:59  fixed on the spot"), "\(summary)")
        #expect(summary.contains("W-03  critical  due 2026-06-04 23:59"), "\(summary)")
        try terminal.send("Enter")
        try terminal.wait(for: "EXIT=0")
    }

    /// The hazards as `hazard list --format json` gives them, without their ids.
    static func hazards(_ work: EngineWorkspace) throws -> [String] {
        EngineJSON.array(try work.json(["hazard", "list"], now: now)).map { value in
            let hazard = EngineJSON.object(value)
            return ["item", "severity", "deadline", "status", "venue"].map { EngineJSON.string(hazard[$0]) ?? "-" }.joined(separator: " ")
        }.sorted()
    }

    @Test("a full walk records the hazards and deadlines; killed half-way and resumed, it records the same")
    func fullWalkAndResume() throws {
        let work = try Self.workspace("walk")
        defer { work.remove() }
        let terminal = TmuxTerminal()
        defer { terminal.close() }
        try terminal.start(work, ["inspect", "--venue", "V1", "--checklist", "walk-test", "--lang", "en"], now: Self.now)
        try Self.firstHalf(terminal)
        try Self.secondHalf(terminal)
        let straight = try Self.hazards(work)
        #expect(straight == [
            "W-01 major 2026-06-04T23:59:59+08:00 open V1",
            "W-02 major 2026-06-08T23:59:59+08:00 closed V1",
            "W-03 critical 2026-06-04T23:59:59+08:00 open V1",
        ])
        try terminal.kill()

        let again = try Self.workspace("resume")
        defer { again.remove() }
        try terminal.start(again, ["inspect", "--venue", "V1", "--checklist", "walk-test", "--lang", "en"], now: Self.now)
        try Self.firstHalf(terminal)
        try terminal.kill()
        let drafts = EngineJSON.array(try again.json(["inspect", "--drafts"], now: Self.now))
        #expect(drafts.count == 1 && EngineJSON.int(EngineJSON.object(drafts.first)["answered"]) == 2, "\(drafts)")
        #expect(try Self.hazards(again).isEmpty)
        try terminal.start(again, ["inspect", "--resume", "--lang", "en"], now: Self.now)
        try terminal.wait(for: "Item 3/4")
        try Self.secondHalf(terminal)
        #expect(try Self.hazards(again) == straight)
        #expect(EngineJSON.array(try again.json(["inspect", "--drafts"], now: Self.now)).isEmpty)
    }

    @Test("Chinese and English screens fit 80×24; Ctrl-C keeps the draft and says how to resume")
    func languagesAndFit() throws {
        let work = try Self.workspace("lang")
        defer { work.remove() }
        let terminal = TmuxTerminal()
        defer { terminal.close() }
        for (language, expected) in [("zh-CN", ["等级 较大", "p/y 合格", "依据：GB 13495.1-2015"]), ("en", ["severity major", "p/y pass", "Basis: GB 13495.1-2015"])] {
            try terminal.start(work, ["inspect", "--venue", "V1", "--checklist", "walk-test", "--lang", language], now: Self.now)
            let screen = try terminal.wait(for: "W-01")
            for text in expected { #expect(screen.contains(text), "\(language): \(text)\n\(screen)") }
            let lines = (screen.hasSuffix("\n") ? String(screen.dropLast()) : screen).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= 24 && lines.allSatisfy { TextTable.width(of: String($0)) <= 80 }, "\(screen)")
            // The long prompt wraps rather than running off the screen.
            #expect(lines.filter { !$0.isEmpty }.count > 6)
            try terminal.send("?")
            try terminal.wait(for: language == "en" ? "skip to the summary" : "跳到汇总")
            try terminal.send("x", "C-c")
            let after = try terminal.wait(for: "EXIT=130")
            #expect(after.contains("--resume W-"), "\(after)")
            try terminal.kill()
        }
        #expect(EngineJSON.array(try work.json(["inspect", "--drafts"], now: Self.now)).count == 2)
    }

    @Test("the walk redraws to the terminal's new size when it is resized, larger and smaller, and goes on")
    func redrawsOnResize() throws {
        let work = try Self.workspace("resize")
        defer { work.remove() }
        let terminal = TmuxTerminal()
        defer { terminal.close() }
        try terminal.start(work, ["inspect", "--venue", "V1", "--checklist", "walk-test", "--lang", "en"], now: Self.now)
        let narrow = TmuxTerminal.lines(try terminal.wait(for: "Ctrl-C keep draft"))
        #expect(narrow.allSatisfy { TextTable.width(of: $0) <= 80 } && narrow.contains { TextTable.width(of: $0) > 70 }, "\(narrow)")

        // Wider: the long prompt wraps at 100 columns now, so some line is longer than 80.
        try terminal.resize(width: 100, height: 30)
        let wide = TmuxTerminal.lines(try terminal.wait("a redraw at 100×30") { screen in
            TmuxTerminal.lines(screen).contains { TextTable.width(of: $0) > 80 }
        })
        #expect(wide.allSatisfy { TextTable.width(of: $0) <= 100 } && wide.count <= 30, "\(wide)")
        #expect(wide.contains { $0.hasPrefix("Exit signs intact") } && wide.last?.contains("Ctrl-C keep draft and quit") == true, "\(wide)")

        // Smaller than it started: everything within 60×20, the keys still on the last line.
        try terminal.resize(width: 60, height: 20)
        let small = TmuxTerminal.lines(try terminal.wait("a redraw at 60×20") { screen in
            let lines = TmuxTerminal.lines(screen)
            return lines.allSatisfy { TextTable.width(of: $0) <= 60 } && lines.last?.hasSuffix("quit") == true
        })
        #expect(small.count <= 20 && small.contains { $0.contains("W-01") }, "\(small)")

        // The walk goes on at the new size.
        try terminal.send("p")
        let next = TmuxTerminal.lines(try terminal.wait(for: "Item 2/4"))
        #expect(next.allSatisfy { TextTable.width(of: $0) <= 60 } && next.count <= 20, "\(next)")
        try terminal.send("C-c")
        try terminal.wait(for: "EXIT=130")
    }

    /// Two choice items of twelve extinguisher kinds; "none" and "expired" (11, 12) fail.
    static let manyChoices: String = {
        let kinds = [
            ("干粉 ABC", "ABC dry powder"), ("干粉 BC", "BC dry powder"), ("二氧化碳", "CO2"), ("水基", "water-based"), ("泡沫", "foam"),
            ("细水雾", "water mist"), ("洁净气体", "clean agent"), ("厨房湿式", "wet chemical"), ("灭火毯", "fire blanket"),
            ("沙桶", "sand bucket"), ("无", "none"), ("过期", "expired"),
        ]
        let options = kinds.enumerated().map { index, kind in
            "<option id=\"k\(index + 1)\" fails=\"\(index >= 10)\"><label xml:lang=\"zh-CN\">\(kind.0)</label><label xml:lang=\"en\">\(kind.1)</label></option>"
        }.joined(separator: "\n")
        let items = ["C-01", "C-02"].map { id in
            """
            <item id="\(id)" severity="minor" deadline="7d">
              <prompt xml:lang="zh-CN">灭火器类型</prompt>
              <prompt xml:lang="en">Extinguisher type</prompt>
              <response type="choice">
            \(options)
              </response>
            </item>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <checklist xmlns="urn:safegrid:checklist:1" id="many-choices" version="1.0.0" category="fire">
              <title xml:lang="zh-CN">器材</title>
              <title xml:lang="en">Equipment</title>
              <section id="s1">
                <title xml:lang="zh-CN">灭火器</title>
                <title xml:lang="en">Extinguishers</title>
            \(items)
              </section>
            </checklist>
            """
    }()

    @Test("a choice of twelve options: every option shows within 80×24, and a number typed then Enter picks it", arguments: ["en", "zh-CN"])
    func manyChoices(language: String) throws {
        let work = try Self.workspace("choices")
        defer { work.remove() }
        try work.ok(["checklist", "import", try work.write("many.xml", Self.manyChoices).path], now: Self.now)
        let terminal = TmuxTerminal()
        defer { terminal.close() }
        try terminal.start(work, ["inspect", "--venue", "V1", "--checklist", "many-choices", "--lang", language], now: Self.now)
        let english = language == "en"
        let first = TmuxTerminal.lines(try terminal.wait(for: english ? "then Enter" : "输入选项号后按回车"))
        #expect(first.count <= 24 && first.allSatisfy { TextTable.width(of: $0) <= 80 }, "\(first)")
        for label in english ? ["1 ABC dry powder", "10 sand bucket", "12 expired (fails)"] : ["1 干粉 ABC", "10 沙桶", "12 过期（不合格）"] {
            #expect(first.contains { $0.contains(label) }, "\(label)\n\(first.joined(separator: "\n"))")
        }
        // 1 then 0 is option 10 (passes), not option 1.
        try terminal.send("1")
        try terminal.wait(for: english ? "Option (1–12): 1_" : "选项号（1–12）：1_")
        try terminal.send("0")
        try terminal.wait(for: english ? "→ sand bucket" : "→ 沙桶")
        try terminal.send("Enter")
        try terminal.wait(for: english ? "Item 2/2" : "第 2/2 项")
        // 11 is "none", which fails: the failure's details follow.
        try terminal.send("1", "1", "Enter")
        try terminal.wait(for: english ? "Note" : "备注")
        try terminal.send("Enter", "Enter", "n", "Enter", "Enter")
        let summary = try terminal.wait(for: english ? "1 hazards will be recorded" : "将登记隐患 1 处")
        #expect(summary.contains("C-02  ") && !summary.contains("C-01  "), "\(summary)")
        try terminal.send("Enter")
        try terminal.wait(for: "EXIT=0")
        let hazards = EngineJSON.array(try work.json(["hazard", "list"], now: Self.now)).map { EngineJSON.string(EngineJSON.object($0)["item"]) }
        #expect(hazards == ["C-02"])
    }

    @Test("evidence files with spaces in their names: Tab completes them escaped or quoted, and both are kept")
    func evidenceWithSpaces() throws {
        let work = try Self.workspace("spaces")
        defer { work.remove() }
        try work.write("exit blocked.png", "the back exit, blocked")
        try work.write("night market.jpg", "the stall at night")
        let terminal = TmuxTerminal()
        defer { terminal.close() }
        try terminal.start(work, ["inspect", "--venue", "V1", "--checklist", "walk-test", "--lang", "en"], now: Self.now)
        try terminal.wait(for: "W-01")
        try terminal.send("f", "Enter")
        try terminal.wait(for: "quote a name with spaces")
        // An open quote is refused with what to do, and nothing is taken.
        try terminal.send("'exit blocked.png", literal: true)
        try terminal.send("Enter")
        try terminal.wait(for: "is not closed")
        for _ in 0..<17 { try terminal.send("BSpace") }
        // Escaped: "exit" then Tab gives the one match with its space escaped.
        try terminal.send("exit", literal: true)
        try terminal.send("Tab")
        try terminal.wait(for: #"exit\ blocked.png_"#)
        // Quoted: a unique file closes the quote.
        try terminal.send(" 'night", literal: true)
        try terminal.send("Tab")
        try terminal.wait(for: #"exit\ blocked.png 'night market.jpg'_"#)
        try terminal.send("Enter")
        try terminal.wait(for: "Fixed on the spot?")
        try terminal.send("n", "Enter", "Enter")
        try terminal.wait(for: "Item 2/4")
        try terminal.send("5", "Enter")
        try terminal.wait(for: "Item 3/4")
        try terminal.send("1")
        try terminal.wait(for: "Item 4/4")
        try terminal.send("p")
        try terminal.wait(for: "1 hazards will be recorded")
        try terminal.send("Enter")
        try terminal.wait(for: "EXIT=0")

        let hazard = try #require(EngineJSON.string(EngineJSON.object(EngineJSON.array(try work.json(["hazard", "list"], now: Self.now)).first)["id"]))
        let history = EngineJSON.object(try work.json(["hazard", "show", hazard], now: Self.now))
        let files = EngineJSON.array(EngineJSON.object(EngineJSON.array(history["events"]).first)["evidenceFiles"]).map(EngineJSON.object)
        #expect(files.map { EngineJSON.string($0["hash"]) } == [
            StoreBytes.sha256(work.url("exit blocked.png").path), StoreBytes.sha256(work.url("night market.jpg").path),
        ])
        #expect(files.allSatisfy { EngineJSON.string($0["status"]) == "intact" && EngineJSON.string($0["role"]) == "before" }, "\(files)")
    }

    @Test("colour on a terminal; none at all with NO_COLOR")
    func noColor() throws {
        let work = try Self.workspace("color")
        defer { work.remove() }
        for noColor in [false, true] {
            // A fresh tmux server each time: a new session on a server still shutting down
            // after the last one was killed sometimes never started.
            let terminal = TmuxTerminal()
            defer { terminal.close() }
            try terminal.start(
                work, ["inspect", "--venue", "V1", "--checklist", "walk-test", "--lang", "en"], now: Self.now,
                extra: noColor ? ["NO_COLOR": "1"] : [:])
            try terminal.wait(for: "Ctrl-C keep draft")
            let styled = try terminal.styledScreen()
            #expect(styled.contains("\u{1B}[") != noColor, "NO_COLOR \(noColor):\n\(styled.debugDescription)")
            try terminal.send("C-c")
            try terminal.wait(for: "EXIT=130")
        }
    }

    @Test("without a terminal the walk refuses with exit 2 and names --responses")
    func noTerminal() throws {
        let work = try Self.workspace("notty")
        defer { work.remove() }
        let outcome = try work.run(["inspect", "--venue", "V1", "--checklist", "walk-test", "--lang", "en"], now: Self.now)
        #expect(outcome.status == 2 && outcome.stderr.contains("--responses"), "\(outcome)")
        #expect(EngineJSON.array(try work.json(["inspect", "--drafts"], now: Self.now)).isEmpty)
    }
}
