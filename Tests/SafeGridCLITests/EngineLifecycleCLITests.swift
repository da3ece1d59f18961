import Foundation
import Testing

/// Every (state, action) pair of the hazard state machine through the binary, and the
/// illegal times. Legal pairs exit 0 and reach the state of `HazardStatus.after`; illegal ones
/// exit 1 with `[illegal-transition]` naming the hazard, its state and the action, and leave
/// the store as it was.
@Suite("Engine e2e: hazard lifecycle through the binary")
struct EngineLifecycleCLITests {
    enum State: String, CaseIterable {
        case open, awaiting, closed, deferred, cancelled

        /// How `safegrid --lang en` names the state in messages.
        var label: String { self == .awaiting ? "awaiting re-inspection" : rawValue }
    }

    enum Action: String, CaseIterable {
        case rectify, pass, fail, extend, `defer`, cancel, reassign

        var arguments: [String] {
            switch self {
            case .rectify: ["hazard", "rectify", "{id}", "--note", "已整改"]
            case .pass: ["hazard", "reinspect", "{id}", "--pass"]
            case .fail: ["hazard", "reinspect", "{id}", "--fail", "--note", "仍有堆物"]
            case .extend: ["hazard", "extend", "{id}", "--until", "2026-07-31", "--reason", "等待配件"]
            case .defer: ["hazard", "defer", "{id}", "--reason", "商户停业"]
            case .cancel: ["hazard", "cancel", "{id}", "--reason", "误登记"]
            case .reassign: ["hazard", "reassign", "{id}", "--grid", "G2", "--reason", "网格边界调整"]
            }
        }

        func arguments(_ id: String) -> [String] { arguments.map { $0 == "{id}" ? id : $0 } }

        /// How `safegrid --lang en` names the action in messages (HazardAction.label).
        var label: String {
            switch self {
            case .rectify: "report rectified"
            case .pass: "pass a re-inspection"
            case .fail: "fail a re-inspection"
            case .extend: "extend"
            case .defer: "defer"
            case .cancel: "cancel"
            case .reassign: "reassign"
            }
        }

        /// The event kind the action appends (`HazardEvent.Kind.name`: the action's raw value).
        var eventKind: String {
            switch self {
            case .rectify: "rectify"
            case .pass: "reinspect-pass"
            case .fail: "reinspect-fail"
            case .extend: "extend"
            case .defer: "defer"
            case .cancel: "cancel"
            case .reassign: "reassign"
            }
        }
    }

    /// The state after `action`, nil where illegal: the table of DOMAIN.md / `HazardStatus.after`.
    static func expected(_ state: State, _ action: Action) -> State? {
        switch (state, action) {
        case (.closed, _), (.cancelled, _): nil
        case (.open, .rectify), (.deferred, .rectify): .awaiting
        case (.awaiting, .rectify): nil
        case (_, .pass): .closed
        case (_, .fail): .open
        case (.awaiting, .extend): .awaiting
        case (_, .extend): .open
        case (.deferred, .defer): nil
        case (_, .defer): .deferred
        case (_, .cancel): .cancelled
        case (let state, .reassign): state
        }
    }

    /// When the cases act (recording time) and when their events happened.
    static let now = "2026-06-10T12:00"
    static let at = "2026-06-10T11:00"

    /// One store holding one hazard in each state, built once per test and copied per case:
    /// V1's inspection on 06-01 fails A, B, C, D; V2's fails A. Then on 06-02/06-03: B
    /// rectified (awaiting), C rectified and passed (closed), D deferred, V2's A cancelled.
    static func buildBase() throws -> (workspace: EngineWorkspace, ids: [State: String]) {
        let base = try EngineWorkspace("lifecycle-base")
        try base.setUpExample()
        let all = EngineFixtures.exampleItems
        let v1 = try base.responses("v1.json", items: all, failing: Set(all))
        let v2 = try base.responses("v2.json", items: all, failing: ["A"])
        let first = EngineJSON.object(try base.json(
            ["inspect", "--venue", "V1", "--checklist", "example", "--at", "2026-06-01T10:00", "--responses", v1.path],
            now: "2026-06-01T10:00"))
        let second = EngineJSON.object(try base.json(
            ["inspect", "--venue", "V2", "--checklist", "example", "--at", "2026-06-01T11:00", "--responses", v2.path],
            now: "2026-06-01T11:00"))
        let hazards = (EngineJSON.array(first["hazards"]) + EngineJSON.array(second["hazards"])).compactMap {
            EngineJSON.string(EngineJSON.object($0)["id"])
        }
        guard hazards.count == 5 else { throw EngineTestError("expected 5 hazards, got \(first) \(second)") }
        let ids: [State: String] = [
            .open: hazards[0], .awaiting: hazards[1], .closed: hazards[2], .deferred: hazards[3], .cancelled: hazards[4],
        ]
        let recorded = "2026-06-03T18:00"
        try base.ok(["hazard", "rectify", ids[.awaiting]!, "--at", "2026-06-02T15:00"], now: recorded)
        try base.ok(["hazard", "rectify", ids[.closed]!, "--at", "2026-06-02T15:00"], now: recorded)
        try base.ok(["hazard", "reinspect", ids[.closed]!, "--pass", "--at", "2026-06-03T15:00"], now: recorded)
        try base.ok(["hazard", "defer", ids[.deferred]!, "--reason", "商户停业待搬迁", "--at", "2026-06-02T15:00"], now: recorded)
        try base.ok(["hazard", "cancel", ids[.cancelled]!, "--reason", "误登记", "--at", "2026-06-02T15:00"], now: recorded)
        for (state, id) in ids {
            let shown = EngineJSON.object(EngineJSON.object(try base.json(["hazard", "show", id], now: now))["hazard"])
            guard EngineJSON.string(shown["status"]) == state.rawValue else {
                throw EngineTestError("the base hazard for \(state) is \(String(describing: shown["status"]))")
            }
        }
        // Every later process starts from a store its predecessor closed: no -wal left behind.
        #expect(!FileManager.default.fileExists(atPath: base.store.path + "-wal"))
        return (base, ids)
    }

    /// Checks that `outcome` refused the change and that the store bytes are as before.
    static func expectRefusal(
        _ outcome: EngineOutcome, code: String, naming fragments: [String], before: StoreBytes, store: URL,
        knownMessageIssue: (comment: String, fragment: String)? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(outcome.status == 1 && !outcome.signalled, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains("[\(code)]"), "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "\(outcome)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(outcome.stderr.contains(fragment), "stderr does not name '\(fragment)': \(outcome.stderr)", sourceLocation: sourceLocation)
        }
        if let known = knownMessageIssue {
            #expect(outcome.stderr.contains(known.fragment), "stderr does not name '\(known.fragment)' (\(known.comment)): \(outcome.stderr)",
                    sourceLocation: sourceLocation)
        }
        expectUnchanged(before: before, store: store, sourceLocation: sourceLocation)
    }

    /// The store after a refused command: byte-for-byte as before (SHA-256 of the file and of its
    /// -wal). A store is switched to WAL once, when created, so opening it writes nothing;
    /// no byte changed outside the three header counters SQLite bumps on any commit.
    static func expectUnchanged(before: StoreBytes, store: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let after = StoreBytes(store)
        let offsets = after.differingOffsets(from: before)
        #expect(after.wal == before.wal, "the -wal file changed", sourceLocation: sourceLocation)
        #expect(offsets.allSatisfy(sqliteHeaderCounterBytes.contains),
                "the store changed beyond the SQLite header counters, at offsets \(offsets.prefix(16))", sourceLocation: sourceLocation)
        #expect(
            after.mainSHA == before.mainSHA && after.walSHA == before.walSHA,
            "store rewritten by a refused command: sha256 \(before.mainSHA) → \(after.mainSHA) (-wal \(before.walSHA) → \(after.walSHA)); differing bytes at \(offsets.prefix(16))",
            sourceLocation: sourceLocation)
    }

    @Test("all 35 (state, action) pairs: legal ones reach the table's state, illegal ones exit 1 and change nothing")
    func everyStateAndAction() throws {
        let (base, ids) = try Self.buildBase()
        defer { base.remove() }
        var legal = 0, illegal = 0
        for state in State.allCases {
            for action in Action.allCases {
                let label = "\(state.rawValue) + \(action.rawValue)"
                let work = try EngineWorkspace("lifecycle-case")
                defer { work.remove() }
                try base.copyStore(to: work)
                let id = ids[state]!
                let before = StoreBytes(work.store)
                let outcome = try work.run(
                    action.arguments(id) + ["--at", Self.at, "--lang", "en", "--format", "json"], now: Self.now)
                if let next = Self.expected(state, action) {
                    legal += 1
                    #expect(outcome.succeeded, "\(label): \(outcome)")
                    guard outcome.succeeded else { continue }
                    let printed = EngineJSON.object(try EngineJSON.parse(outcome.stdout))
                    #expect(EngineJSON.string(printed["status"]) == next.rawValue, "\(label): \(printed)")
                    #expect(EngineJSON.string(printed["id"]) == id)
                    let shown = EngineJSON.object(try work.json(["hazard", "show", id], now: Self.now))
                    let hazard = EngineJSON.object(shown["hazard"])
                    #expect(EngineJSON.string(hazard["status"]) == next.rawValue, "\(label): show says \(hazard)")
                    let last = EngineJSON.object(EngineJSON.array(shown["events"]).last)
                    #expect(EngineJSON.string(last["kind"]) == action.eventKind, "\(label): last event \(last)")
                    #expect(EngineJSON.string(last["at"]) == "2026-06-10T11:00:00+08:00", "\(label): \(last)")
                    #expect(EngineJSON.string(last["recordedAt"]) == "2026-06-10T12:00:00+08:00", "\(label): \(last)")
                    switch action {
                    case .extend: #expect(EngineJSON.string(hazard["deadline"]) == "2026-07-31T23:59:59+08:00", "\(label)")
                    case .reassign: #expect(EngineJSON.string(hazard["grid"]) == "G2", "\(label)")
                    case .fail: #expect(EngineJSON.int(hazard["reworkCount"]) == 1, "\(label)")
                    default: break
                    }
                    #expect(StoreBytes(work.store) != before, "\(label): a recorded change left the store as it was")
                } else {
                    illegal += 1
                    Self.expectRefusal(
                        outcome, code: "illegal-transition", naming: [id, state.label, action.label], before: before, store: work.store)
                    // The store still says what it said.
                    let shown = EngineJSON.object(EngineJSON.object(try work.json(["hazard", "show", id], now: Self.now))["hazard"])
                    #expect(EngineJSON.string(shown["status"]) == state.rawValue, "\(label): \(shown)")
                }
            }
        }
        #expect(legal == 19 && illegal == 16, "legal \(legal), illegal \(illegal)")
    }

    @Test("illegal times: --at after SAFEGRID_NOW, before the hazard was found, before its last event; an inspection in the future")
    func illegalTimes() throws {
        let (base, ids) = try Self.buildBase()
        defer { base.remove() }
        let future = "2026-06-10T13:00"   // an hour after SAFEGRID_NOW
        let beforeFound = "2026-05-30"     // the hazards were found on 2026-06-01
        let futureIssue = """
            The illegal-time message for a --at after now ("… is in the future", HazardLifecycle.update) names \
            neither the hazard nor the action, unlike every other refusal of a hazard command.
            """
        let utcIssue = """
            The illegal-time message for a --at before the hazard was found (HazardState.applying) prints the \
            times with Date's default description, in UTC ("2026-05-29 16:00:00 +0000 is before hazard … was found \
            (2026-06-01 02:00:00 +0000)"), not in station time as the user typed them (2026-05-30 → \
            2026-05-30T00:00:00+08:00).
            """
        var cases: [(label: String, arguments: [String], naming: [String], known: (String, String)?)] = []
        for action in Action.allCases {
            let id = ids[.open]!
            cases.append(("open + \(action.rawValue) --at after now", action.arguments(id) + ["--at", future],
                          ["2026-06-10T13:00:00+08:00"], (futureIssue, id)))
            cases.append(("open + \(action.rawValue) --at before found", action.arguments(id) + ["--at", beforeFound],
                          [id], (utcIssue, "2026-05-30T00:00:00+08:00")))
        }
        // After the hazard was found (06-01 10:00) but before its last event (rectified 06-02 15:00).
        cases.append(("awaiting + pass --at before its last event",
                      Action.pass.arguments(ids[.awaiting]!) + ["--at", "2026-06-01T12:00"], [ids[.awaiting]!], nil))
        cases.append(("deferred + extend --at before its last event",
                      Action.extend.arguments(ids[.deferred]!) + ["--at", "2026-06-02T09:00"], [ids[.deferred]!], nil))
        // A closed hazard with a future time: refused either way, for the time first.
        cases.append(("closed + rectify --at after now", Action.rectify.arguments(ids[.closed]!) + ["--at", future],
                      ["2026-06-10T13:00:00+08:00"], nil))
        let responses = try base.responses("future.json", items: EngineFixtures.exampleItems, failing: ["A"])
        cases.append(("inspect --at after now",
                      ["inspect", "--venue", "V3", "--checklist", "example", "--at", future, "--responses", responses.path],
                      ["2026-06-10T13:00:00+08:00"], nil))

        for testCase in cases {
            let work = try EngineWorkspace("lifecycle-time")
            defer { work.remove() }
            try base.copyStore(to: work)
            let before = StoreBytes(work.store)
            let outcome = try work.run(testCase.arguments + ["--lang", "en"], now: Self.now)
            Self.expectRefusal(
                outcome, code: "illegal-time", naming: testCase.naming, before: before, store: work.store,
                knownMessageIssue: testCase.known.map { (comment: $0.0, fragment: $0.1) })
        }
    }
}
