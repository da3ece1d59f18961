import Foundation
import SafeGridTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash safety: a long run of recordings while `safegrid` is SIGKILLed at random (seeded)
/// moments. Afterwards the database is intact, the hash chain holds, everything a command
/// reported as done is in the store, and nothing is half-recorded.
@Suite("Engine e2e: SIGKILL at random moments")
struct EngineCrashTests {
    /// One command of the run.
    struct Operation {
        enum Kind: Equatable { case inspect, rectify, pass, fail }
        var index: Int
        var kind: Kind
        /// The tag that finds the operation in the store: the inspector of an inspection, the note of a change.
        var tag: String
        var hazard: String?
        var outcome: EngineOutcome
        var killSent: Bool
    }

    /// SAFEGRID_NOW of the n-th operation: one minute apart from 2026-07-01 08:00.
    static func now(_ index: Int) -> String {
        let total = 8 * 60 + index
        return String(format: "2026-07-%02dT%02d:%02d", 1 + total / 1440, total % 1440 / 60, total % 60)
    }

    @Test("20+ SIGKILLs during a long run of inspections and hazard changes leave a consistent, verifiable store")
    func killedAtRandomMoments() throws {
        let workspace = try EngineWorkspace("crash")
        defer { workspace.remove() }
        let bulk = EngineFixtures.bulkChecklist(count: 16)
        try workspace.setUpExample(extraChecklists: [("bulk.xml", bulk.xml)])
        // Three answer sheets: 16, 8 (one fixed on the spot) and 3 hazards per inspection.
        let sheets = [
            try workspace.responses("all.json", items: bulk.items, failing: Set(bulk.items)),
            try workspace.responses("half.json", items: bulk.items, failing: Set(bulk.items.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)),
                                    fixedOnSpot: [bulk.items[0]]),
            try workspace.responses("few.json", items: bulk.items, failing: Set(bulk.items.prefix(3))),
        ]
        let seed: UInt64 = 0x5AFE_6121_D000_0001
        var random = EngineRandom(seed: seed)
        func fraction() -> Double { Double(random.next() % 1_000_000) / 1_000_000 }

        var status: [String: String] = [:]   // hazard → status, as the commands said
        var order: [String] = []               // hazards in the order they were learnt
        var operations: [Operation] = []
        var durations: [Double] = []
        var kills = 0, killedMidCommit = 0, killedInTransaction = 0
        // Linux shows who holds which SQLite lock in /proc/locks; elsewhere kills are only timed.
        let canSeeLocks = FileManager.default.fileExists(atPath: "/proc/locks")
        let wantedKills = 24, minimumOperations = 120, maximumOperations = 400

        func learn(_ hazard: [String: Any]) {
            guard let id = EngineJSON.string(hazard["id"]), let state = EngineJSON.string(hazard["status"]) else { return }
            if status[id] == nil { order.append(id) }
            status[id] = state
        }

        var index = 0
        while index < maximumOperations && (kills < wantedKills || index < minimumOperations) {
            index += 1
            let live = order.filter { status[$0] == "open" || status[$0] == "awaiting" }
            var kind: Operation.Kind = .inspect
            var hazard: String?
            var arguments: [String]
            let tag = "op-\(index)"
            if live.isEmpty || random.next() % 100 < 35 {
                let sheet = sheets[Int(random.next() % UInt64(sheets.count))]
                arguments = ["inspect", "--venue", "V\(index % 3 + 1)", "--checklist", "bulk", "--inspector", tag,
                             "--responses", sheet.path]
            } else {
                let id = live[Int(random.next() % UInt64(live.count))]
                hazard = id
                if status[id] == "open" {
                    kind = .rectify
                    arguments = ["hazard", "rectify", id, "--note", tag]
                } else {
                    kind = random.next() % 100 < 60 ? .pass : .fail
                    arguments = ["hazard", "reinspect", id, kind == .pass ? "--pass" : "--fail", "--note", tag]
                }
            }
            arguments += ["--format", "json"]
            // Kill about a third of the commands: half of them anywhere between 30% and 110% of a
            // typical run, half late (75%–100%), where the transaction and its commit happen.
            let kill = kills < wantedKills + 6 && fraction() < 0.35
            let typical = durations.isEmpty ? 0.12 : durations.sorted()[durations.count / 2]
            let delay = (fraction() < 0.5 ? 0.3 + 0.8 * fraction() : 0.75 + 0.25 * fraction()) * typical
            let running = try workspace.start(arguments, now: Self.now(index))
            var sent = false, inTransaction = false
            if kill && fraction() < 0.4 && canSeeLocks {
                // Aimed: wait until the process takes the store's write lock (its write
                // transaction has begun), then kill it 0–3 ms later.
                let pid = running.process.processIdentifier
                let extra = 0.003 * fraction()
                while running.process.isRunning && !holdsWALWriteLock(pid) { usleep(300) }
                Thread.sleep(forTimeInterval: extra)
                inTransaction = holdsWALWriteLock(pid)
                sent = running.kill()
            } else if kill {
                Thread.sleep(forTimeInterval: delay)
                inTransaction = holdsWALWriteLock(running.process.processIdentifier)
                sent = running.kill()
            }
            let outcome = running.wait()
            if sent && outcome.signalled {
                kills += 1
                if uncommittedWALFrames(workspace.store.path + "-wal") > 0 { killedMidCommit += 1 }
                if inTransaction { killedInTransaction += 1 }
            }
            operations.append(Operation(index: index, kind: kind, tag: tag, hazard: hazard, outcome: outcome, killSent: sent))
            if outcome.succeeded {
                if !sent { durations.append(outcome.seconds) }
                let printed = try EngineJSON.parse(outcome.stdout)
                if kind == .inspect {
                    EngineJSON.array(EngineJSON.object(printed)["hazards"]).forEach { learn(EngineJSON.object($0)) }
                } else {
                    learn(EngineJSON.object(printed))
                }
            } else if outcome.signalled && outcome.status == SIGKILL && sent {
                // Killed: learn what it left behind, as a user would, with commands that finish.
                if let hazard {
                    let shown = try workspace.json(["hazard", "show", hazard], now: Self.now(index))
                    learn(EngineJSON.object(EngineJSON.object(shown)["hazard"]))
                } else {
                    // Its hazards, if it committed before it died (the fixed-on-the-spot one is closed).
                    for row in try workspace.rows("""
                        SELECT e.hazard AS id, h.status AS status FROM event e JOIN hazard h ON h.id = e.hazard
                        WHERE e.kind = 'recorded' AND json_extract(CAST(e.body AS TEXT), '$.actor') = '\(tag)'
                        """) {
                        learn(row)
                    }
                }
            } else {
                Issue.record("a command that was not killed failed: \(outcome)")
            }
        }
        #expect(kills >= 20, "only \(kills) commands were killed while running")
        #expect(!canSeeLocks || killedInTransaction >= 1, "no kill landed while a command held the store's write lock")

        // 1. The database and the hash chain are intact.
        let integrity = try workspace.sqlite("PRAGMA integrity_check")
        #expect(integrity.status == 0 && integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(integrity)")
        let verify = try workspace.run(["verify", "--lang", "en"], now: Self.now(index + 1))
        #expect(verify.succeeded && verify.stdout.contains("Intact"), "\(verify)")

        // 2. Everything reported as done is in the store.
        let listed = EngineJSON.array(try workspace.json(["hazard", "list"], now: Self.now(index + 1))).map(EngineJSON.object)
        let listedStatus = Dictionary(listed.compactMap { h in EngineJSON.string(h["id"]).map { ($0, EngineJSON.string(h["status"]) ?? "?") } },
                                      uniquingKeysWith: { a, _ in a })
        let succeeded = operations.filter { $0.outcome.succeeded }
        var reportedHazards: [String] = []
        for operation in succeeded where operation.kind == .inspect {
            let printed = EngineJSON.object(try EngineJSON.parse(operation.outcome.stdout))
            for hazard in EngineJSON.array(printed["hazards"]).map(EngineJSON.object) {
                let id = EngineJSON.string(hazard["id"]) ?? "?"
                reportedHazards.append(id)
                #expect(listedStatus[id] != nil, "hazard \(id) of successful \(operation.tag) is not in `hazard list`")
            }
        }
        // The model built from the commands' own answers agrees with the store.
        for (id, state) in status {
            #expect(listedStatus[id] == state, "hazard \(id): commands said \(state), the store says \(listedStatus[id] ?? "nothing")")
        }
        let notes = try workspace.rows("""
            SELECT hazard, kind, json_extract(CAST(body AS TEXT), '$.note') AS note FROM event WHERE kind != 'recorded'
            """)
        var noted: [String: [(hazard: String, kind: String)]] = [:]
        for row in notes {
            if let note = EngineJSON.string(row["note"]) {
                noted[note, default: []].append((EngineJSON.string(row["hazard"]) ?? "", EngineJSON.string(row["kind"]) ?? ""))
            }
        }
        let kindName: [Operation.Kind: String] = [.rectify: "rectify", .pass: "reinspect-pass", .fail: "reinspect-fail"]
        for operation in operations where operation.kind != .inspect {
            let found = noted[operation.tag] ?? []
            if operation.outcome.succeeded {
                #expect(found.count == 1 && found.first?.hazard == operation.hazard && found.first?.kind == kindName[operation.kind],
                        "successful \(operation.tag) (\(operation.kind) \(operation.hazard ?? "")) is recorded as \(found)")
            } else {
                #expect(found.count <= 1, "killed \(operation.tag) is recorded \(found.count) times")
            }
        }
        // …and shown in the hazards' histories by `hazard show` (a sample of 12 successful changes).
        let changes = succeeded.filter { $0.kind != .inspect }
        for operation in changes.enumerated().filter({ $0.offset % max(1, changes.count / 12) == 0 }).map(\.element).prefix(12) {
            let shown = EngineJSON.object(try workspace.json(["hazard", "show", operation.hazard ?? "?"], now: Self.now(index + 1)))
            let history = EngineJSON.array(shown["events"]).map(EngineJSON.object)
            #expect(history.contains { EngineJSON.string($0["note"]) == operation.tag }, "\(operation.tag) is not in the history of \(operation.hazard ?? "")")
        }

        // 3. Nothing is half-recorded: every inspection has exactly the hazards its failing answers
        //    make, every hazard its recorded event and a matching hazard-table row.
        let inspections = try workspace.rows("SELECT id, body FROM inspection")
        var failing: [String: Int] = [:]
        var inspectors: [String: String] = [:]
        for row in inspections {
            let id = EngineJSON.string(row["id"]) ?? "?"
            let body = EngineJSON.object(try EngineJSON.parse(EngineJSON.string(row["body"]) ?? "{}"))
            failing[id] = EngineJSON.array(body["responses"]).filter { EngineJSON.string(EngineJSON.object($0)["outcome"]) == "fail" }.count
            inspectors[id] = EngineJSON.string(EngineJSON.array(body["inspectors"]).first)
        }
        let recorded = try workspace.rows("""
            SELECT hazard, seq, json_extract(CAST(body AS TEXT), '$.record.inspection') AS inspection,
                   json_extract(CAST(body AS TEXT), '$.actor') AS actor FROM event WHERE kind = 'recorded'
            """)
        var recordedBy: [String: Int] = [:]
        var recordedSeq: [String: Int] = [:]
        for row in recorded {
            let inspection = EngineJSON.string(row["inspection"]) ?? "?"
            recordedBy[inspection, default: 0] += 1
            let hazard = EngineJSON.string(row["hazard"]) ?? "?"
            #expect(recordedSeq[hazard] == nil, "hazard \(hazard) is recorded twice")
            recordedSeq[hazard] = EngineJSON.int(row["seq"])
            #expect(failing[inspection] != nil, "hazard \(hazard) names inspection \(inspection), which is not stored")
            #expect(inspectors[inspection] == EngineJSON.string(row["actor"]), "hazard \(hazard): actor differs from its inspection's inspector")
        }
        for (inspection, count) in failing {
            #expect(recordedBy[inspection, default: 0] == count,
                    "inspection \(inspection) (\(inspectors[inspection] ?? "?")) has \(count) failing answers but \(recordedBy[inspection, default: 0]) hazards")
        }
        let table = try workspace.rows("""
            SELECT h.id, h.recorded_seq, h.status, h.event_count, (SELECT count(*) FROM event e WHERE e.hazard = h.id) AS events
            FROM hazard h
            """)
        #expect(table.count == recordedSeq.count, "hazard table \(table.count) rows, recorded events \(recordedSeq.count)")
        for row in table {
            let id = EngineJSON.string(row["id"]) ?? "?"
            #expect(recordedSeq[id] == EngineJSON.int(row["recorded_seq"]), "hazard \(id): recorded_seq disagrees with its event")
            #expect(EngineJSON.int(row["event_count"]) == EngineJSON.int(row["events"]), "hazard \(id): event_count disagrees with its events")
            #expect(EngineJSON.string(row["status"]) == listedStatus[id], "hazard \(id): table says \(String(describing: row["status"])), history says \(listedStatus[id] ?? "?")")
        }
        let orphans = try workspace.rows("SELECT seq FROM event WHERE hazard NOT IN (SELECT id FROM hazard)")
        #expect(orphans.isEmpty, "events of unknown hazards: \(orphans)")
        #expect(Set(reportedHazards).count == reportedHazards.count)

        // Killed inspections: all or nothing.
        let storedTags = Set(inspectors.values)
        var killedCommitted = 0, killedLost = 0
        for operation in operations where operation.killSent && operation.outcome.signalled {
            let committed = operation.kind == .inspect ? storedTags.contains(operation.tag) : !(noted[operation.tag] ?? []).isEmpty
            if committed { killedCommitted += 1 } else { killedLost += 1 }
            if operation.kind == .inspect && !committed {
                #expect(!recorded.contains { EngineJSON.string($0["actor"]) == operation.tag }, "killed \(operation.tag) left hazards without its inspection")
            }
        }
        for operation in succeeded where operation.kind == .inspect {
            #expect(storedTags.contains(operation.tag), "successful \(operation.tag) has no stored inspection")
        }
        print("""
            EngineCrashTests: seed \(String(seed, radix: 16)), \(operations.count) commands, \(kills) killed while running \
            (\(killedCommitted) had committed, \(killedLost) had not, \(killedInTransaction) held the write lock, \
            \(killedMidCommit) left uncommitted WAL frames), \
            \(succeeded.count) succeeded; \
            \(recordedSeq.count) hazards, \(inspections.count) inspections in the store; median command \
            \(String(format: "%.3f", durations.sorted()[durations.count / 2])) s
            """)
    }
}
