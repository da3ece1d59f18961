import Foundation
import Testing

/// Tampering with the store behind safegrid's back, with the `sqlite3` tool: the triggers
/// refuse UPDATE and DELETE on events; once dropped, an edited, deleted or forged event must
/// make `safegrid verify` exit 1 and name it.
@Suite("Engine e2e: tampering with the event history")
struct EngineTamperTests {
    struct Event {
        var seq: Int
        var id: String
        var hazard: String
        var kind: String
    }

    /// A store with 8 events: V1's inspection (A, B fixed on the spot, C, D) by Zhang, V2's (A),
    /// then A rectified and C extended.
    static func buildBase() throws -> (workspace: EngineWorkspace, events: [Event]) {
        let base = try EngineWorkspace("tamper-base")
        try base.setUpExample()
        let all = EngineFixtures.exampleItems
        let v1 = try base.responses("v1.json", items: all, failing: Set(all), fixedOnSpot: ["B"])
        let v2 = try base.responses("v2.json", items: all, failing: ["A"])
        let first = EngineJSON.object(try base.json(
            ["inspect", "--venue", "V1", "--checklist", "example", "--inspector", "Zhang", "--at", "2026-06-01T10:00",
             "--responses", v1.path], now: "2026-06-01T10:00"))
        try base.ok(["inspect", "--venue", "V2", "--checklist", "example", "--inspector", "Zhang", "--at", "2026-06-01T11:00",
                     "--responses", v2.path], now: "2026-06-01T11:00")
        let ids = EngineJSON.array(first["hazards"]).compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }
        guard ids.count == 4 else { throw EngineTestError("expected 4 hazards: \(first)") }
        try base.ok(["hazard", "rectify", ids[0], "--at", "2026-06-02T15:00"], now: "2026-06-02T18:00")
        try base.ok(["hazard", "extend", ids[2], "--until", "2026-06-30", "--reason", "等待配件", "--at", "2026-06-02T15:00"],
                    now: "2026-06-02T18:00")
        let events = try base.rows("SELECT seq, id, hazard, kind FROM event ORDER BY seq").map {
            Event(seq: EngineJSON.int($0["seq"]) ?? -1, id: EngineJSON.string($0["id"]) ?? "", hazard: EngineJSON.string($0["hazard"]) ?? "",
                  kind: EngineJSON.string($0["kind"]) ?? "")
        }
        guard events.map(\.seq) == Array(1...8) else { throw EngineTestError("unexpected events \(events)") }
        try base.ok(["verify"], now: "2026-06-03T09:00")
        return (base, events)
    }

    static let dropTriggers = "DROP TRIGGER event_is_append_only_update; DROP TRIGGER event_is_append_only_delete;"

    /// Applies `sql` to a copy of the base store, then runs `verify` (text and JSON).
    static func tamper(
        _ base: EngineWorkspace, _ sql: String
    ) throws -> (work: EngineWorkspace, text: EngineOutcome, json: EngineOutcome) {
        let work = try EngineWorkspace("tamper")
        try base.copyStore(to: work)
        let edit = try work.sqlite(sql)
        #expect(edit.status == 0, "sqlite3 refused the tampering: \(edit)")
        let text = try work.run(["verify", "--lang", "en"], now: "2026-06-03T09:00")
        let json = try work.run(["verify", "--lang", "en", "--format", "json"], now: "2026-06-03T09:00")
        return (work, text, json)
    }

    /// `verify` exited 1 and named the event at `seq` (and its id, when it still exists).
    static func expectNamed(
        _ outcome: (work: EngineWorkspace, text: EngineOutcome, json: EngineOutcome), seq: Int, id: String?,
        jsonSequence: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let text = outcome.text
        #expect(text.status == 1 && !text.signalled, "\(text)", sourceLocation: sourceLocation)
        #expect(text.stderr.contains("#\(seq)"), "verify does not name event #\(seq): \(text.stderr)", sourceLocation: sourceLocation)
        let json = outcome.json
        let object = EngineJSON.object(try? EngineJSON.parse(json.stdout))
        let problem = EngineJSON.object(object["problem"])
        if let id {
            let check = {
                #expect(text.stderr.contains(id), "verify does not name event \(id): \(text.stderr)", sourceLocation: sourceLocation)
                if EngineJSON.int(problem["sequence"]) == seq {
                    #expect(EngineJSON.string(problem["event"]) == id, "\(problem)", sourceLocation: sourceLocation)
                }
            }
            check()
        }
        #expect(!text.stdout.contains("Intact"), "\(text)", sourceLocation: sourceLocation)
        #expect(json.status == 1, "\(json)", sourceLocation: sourceLocation)
        #expect(object["intact"] as? Bool == false, "\(json.stdout)", sourceLocation: sourceLocation)
        #expect(EngineJSON.int(problem["sequence"]) == (jsonSequence ?? seq), "verify --format json: \(problem)", sourceLocation: sourceLocation)
        #expect(EngineJSON.string(problem["message"])?.contains("#\(seq)") == true, "verify --format json: \(problem)",
                sourceLocation: sourceLocation)
    }

    @Test("the triggers refuse UPDATE and DELETE on events; the store is left as it was")
    func triggersRefuse() throws {
        let (base, events) = try Self.buildBase()
        defer { base.remove() }
        let work = try EngineWorkspace("tamper-triggers")
        defer { work.remove() }
        try base.copyStore(to: work)
        let before = StoreBytes(work.store)
        let update = try work.sqlite("UPDATE event SET at = at + 3600 WHERE seq = 4")
        #expect(update.status != 0, "\(update)")
        #expect(update.stderr.contains("hazard events are append-only: they cannot be changed"), "\(update)")
        let delete = try work.sqlite("DELETE FROM event WHERE seq = 5")
        #expect(delete.status != 0, "\(delete)")
        #expect(delete.stderr.contains("hazard events are append-only: they cannot be deleted"), "\(delete)")
        let body = try work.sqlite("UPDATE event SET body = X'00' WHERE seq = 1")
        #expect(body.status != 0 && body.stderr.contains("cannot be changed"), "\(body)")
        let all = try work.sqlite("DELETE FROM event")
        #expect(all.status != 0 && all.stderr.contains("cannot be deleted"), "\(all)")
        // sqlite3 -bail exits on the error without closing the database, which leaves an empty
        // -wal behind: no frame was written, and the database file is byte-for-byte as before.
        let after = StoreBytes(work.store)
        #expect(after.mainSHA == before.mainSHA, "the refused statements changed the store: \(before.mainSHA) → \(after.mainSHA)")
        #expect(before.wal == nil && (after.wal ?? Data()).isEmpty, "the refused statements wrote \(after.wal?.count ?? 0) bytes of WAL")
        let count = try work.rows("SELECT count(*) AS n, max(at) AS at4 FROM event WHERE seq = 4")
        #expect(EngineJSON.int(count.first?["n"]) == 1)
        #expect(try work.rows("SELECT seq FROM event").count == events.count)
        try work.ok(["verify"], now: "2026-06-03T09:00")
    }

    @Test("an edited event: its `at` column, or one byte of its body")
    func editedEvent() throws {
        let (base, events) = try Self.buildBase()
        defer { base.remove() }
        let target = events[3]  // seq 4: C recorded by Zhang
        #expect(target.kind == "recorded")

        let at = try Self.tamper(base, Self.dropTriggers + "UPDATE event SET at = at + 3600 WHERE seq = 4;")
        defer { at.work.remove() }
        Self.expectNamed(at, seq: 4, id: target.id)

        let recordedAt = try Self.tamper(base, Self.dropTriggers + "UPDATE event SET recorded_at = recorded_at - 86400 WHERE seq = 4;")
        defer { recordedAt.work.remove() }
        Self.expectNamed(recordedAt, seq: 4, id: target.id)

        // One byte of the canonical body: the actor Zhang becomes Zhanh; still valid JSON, same length.
        let byte = try Self.tamper(
            base, Self.dropTriggers + """
                UPDATE event SET body = CAST(replace(CAST(body AS TEXT), '"actor":"Zhang"', '"actor":"Zhanh"') AS BLOB) WHERE seq = 4;
                """)
        defer { byte.work.remove() }
        let changed = try byte.work.rows("SELECT length(body) AS n, instr(CAST(body AS TEXT), 'Zhanh') > 0 AS edited FROM event WHERE seq = 4")
        let original = try base.rows("SELECT length(body) AS n FROM event WHERE seq = 4")
        #expect(EngineJSON.int(changed.first?["edited"]) == 1 && EngineJSON.int(changed.first?["n"]) == EngineJSON.int(original.first?["n"]))
        Self.expectNamed(byte, seq: 4, id: target.id)

        // A later event of another kind: the extension's new deadline in the body.
        let extend = events[7]
        #expect(extend.kind == "extend")
        let deadline = try Self.tamper(
            base, Self.dropTriggers + "UPDATE event SET body = CAST(replace(CAST(body AS TEXT), '等待配件', '等待配X') AS BLOB) WHERE seq = 8;")
        defer { deadline.work.remove() }
        Self.expectNamed(deadline, seq: 8, id: extend.id)
    }

    @Test("a deleted event in the middle of the chain")
    func deletedEvent() throws {
        let (base, events) = try Self.buildBase()
        defer { base.remove() }
        let outcome = try Self.tamper(base, Self.dropTriggers + "DELETE FROM event WHERE seq = 5;")
        defer { outcome.work.remove() }
        // Event #5 is gone; verify must say that #5 is missing (its id no longer exists to name).
        // The JSON problem is the row where the chain breaks (#6, intact itself); its message names #5.
        Self.expectNamed(outcome, seq: 5, id: nil, jsonSequence: 6)
        #expect(outcome.text.stderr.contains("#5 is missing") && outcome.text.stderr.contains(events[5].id), "\(outcome.text.stderr)")
    }

    @Test("a forged event copied from another, with a new sequence number")
    func forgedEvent() throws {
        let (base, events) = try Self.buildBase()
        defer { base.remove() }
        let source = events[2]  // B fixed on the spot
        let forgedID = "0f0f0f0f-0000-4000-8000-000000000009"

        // Copied whole, with a fresh id column (the id must be unique), appended as #9.
        let verbatim = try Self.tamper(base, Self.dropTriggers + """
            INSERT INTO event (seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash)
            SELECT 9, '\(forgedID)', hazard, kind, at, recorded_at, body, prev_hash, hash FROM event WHERE seq = \(source.seq);
            """)
        defer { verbatim.work.remove() }
        #expect(verbatim.text.stderr.contains(source.id) || verbatim.text.stderr.contains(forgedID), "\(verbatim.text)")
        Self.expectNamed(verbatim, seq: 9, id: forgedID)

        // Consistent with itself (its body carries the new id), chained after the real last event's hash.
        let consistent = try Self.tamper(base, Self.dropTriggers + """
            INSERT INTO event (seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash)
            SELECT 9, '\(forgedID)', hazard, kind, at, recorded_at, CAST(replace(CAST(body AS TEXT), id, '\(forgedID)') AS BLOB),
                   (SELECT hash FROM event WHERE seq = 8), hash
            FROM event WHERE seq = \(source.seq);
            """)
        defer { consistent.work.remove() }
        Self.expectNamed(consistent, seq: 9, id: forgedID)
    }

    @Test("a forged event given sequence number 0 is caught by verify")
    func forgedAtSequenceZero() throws {
        let (base, events) = try Self.buildBase()
        defer { base.remove() }
        let source = events[0]  // A recorded
        let forgedID = "0f0f0f0f-0000-4000-8000-000000000000"
        let forgedHazard = "H-FORGED0000"
        let outcome = try Self.tamper(base, Self.dropTriggers + """
            INSERT INTO event (seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash)
            SELECT 0, '\(forgedID)', '\(forgedHazard)', kind, at, recorded_at,
                   CAST(replace(replace(CAST(body AS TEXT), id, '\(forgedID)'), hazard, '\(forgedHazard)') AS BLOB), prev_hash, hash
            FROM event WHERE seq = \(source.seq);
            """)
        defer { outcome.work.remove() }
        // The forged event is part of the history safegrid shows…
        let shown = try outcome.work.run(["hazard", "show", forgedHazard, "--format", "json"], now: "2026-06-03T09:00")
        #expect(shown.succeeded, "\(shown)")
        Self.expectNamed(outcome, seq: 0, id: forgedID)
    }

    @Test("the last event deleted: caught although every remaining link holds")
    func deletedLastEvent() throws {
        let (base, events) = try Self.buildBase()
        defer { base.remove() }
        let last = events[7]  // C's extension
        let outcome = try Self.tamper(base, Self.dropTriggers + "DELETE FROM event WHERE seq = 8;")
        defer { outcome.work.remove() }
        // The deletion is visible: the history lost the extension, but the hazard table still has it.
        let shown = EngineJSON.object(EngineJSON.object(try outcome.work.json(["hazard", "show", last.hazard], now: "2026-06-03T09:00"))["hazard"])
        #expect(EngineJSON.string(shown["deadline"]) == "2026-06-04T23:59:59+08:00", "\(shown)")
        let cached = try outcome.work.rows("SELECT event_count, extensions FROM hazard WHERE id = '\(last.hazard)'")
        #expect(EngineJSON.int(cached.first?["event_count"]) == 2 && EngineJSON.int(cached.first?["extensions"]) == 1, "\(cached)")
        Self.expectNamed(outcome, seq: 8, id: last.id)
    }

    @Test("the hazard table (what reports count) edited to close a hazard")
    func editedHazardTable() throws {
        let (base, events) = try Self.buildBase()
        defer { base.remove() }
        let hazard = events[4].hazard  // D: open, deadline 06-08
        let before = EngineJSON.object(try base.json(["report", "--by", "grid", "--as-of", "2026-06-15"], now: "2026-06-16T09:00"))
        // A careful forger also counts the close-out in the tallies reports as of now read.
        let outcome = try Self.tamper(base, """
            UPDATE hazard SET status = 'closed', closed_at = found_at, closed_recorded_at = found_recorded_at, closed_on_time = 1
            WHERE id = '\(hazard)';
            INSERT INTO closed_tally (line, code, closed, on_time) SELECT 'grid', grid, 1, 1 FROM hazard WHERE id = '\(hazard)'
                ON CONFLICT (line, code) DO UPDATE SET closed = closed + 1, on_time = on_time + 1;
            INSERT INTO closed_tally (line, code, closed, on_time) SELECT 'police_grid', police_grid, 1, 1 FROM hazard WHERE id = '\(hazard)'
                ON CONFLICT (line, code) DO UPDATE SET closed = closed + 1, on_time = on_time + 1;
            """)
        defer { outcome.work.remove() }
        let after = EngineJSON.object(try outcome.work.json(["report", "--by", "grid", "--as-of", "2026-06-15"], now: "2026-06-16T09:00"))
        let closedBefore = EngineJSON.int(EngineJSON.object(before["total"])["closed"]) ?? -1
        let closedAfter = EngineJSON.int(EngineJSON.object(after["total"])["closed"]) ?? -1
        // The report now counts a close-out that no event records…
        #expect(closedAfter == closedBefore + 1, "report total closed \(closedBefore) → \(closedAfter)")
        let shown = EngineJSON.object(EngineJSON.object(try outcome.work.json(["hazard", "show", hazard], now: "2026-06-16T09:00"))["hazard"])
        #expect(EngineJSON.string(shown["status"]) == "open")
        #expect(outcome.text.status == 1, "\(outcome.text)")
        #expect(outcome.text.stderr.contains(hazard), "\(outcome.text)")
    }

    @Test("the tally of closed hazards (what a report as of now counts) edited")
    func editedTally() throws {
        let (base, _) = try Self.buildBase()
        defer { base.remove() }
        guard let grid = EngineJSON.string(try base.rows("SELECT grid FROM hazard WHERE status = 'closed' LIMIT 1").first?["grid"]) else {
            throw EngineTestError("the base store has no closed hazard")
        }
        let before = EngineJSON.object(try base.json(["report", "--by", "grid"], now: "2026-06-16T09:00"))
        let outcome = try Self.tamper(base, "UPDATE closed_tally SET closed = closed + 5, on_time = on_time + 5 WHERE line = 'grid' AND code = '\(grid)';")
        defer { outcome.work.remove() }
        let after = EngineJSON.object(try outcome.work.json(["report", "--by", "grid"], now: "2026-06-16T09:00"))
        let closedBefore = EngineJSON.int(EngineJSON.object(before["total"])["closed"]) ?? -1
        let closedAfter = EngineJSON.int(EngineJSON.object(after["total"])["closed"]) ?? -1
        #expect(closedAfter == closedBefore + 5, "report total closed \(closedBefore) → \(closedAfter)")
        #expect(outcome.text.status == 1, "\(outcome.text)")
        #expect(outcome.text.stderr.contains("tally") && outcome.text.stderr.contains(grid), "\(outcome.text)")
        #expect(outcome.json.status == 1, "\(outcome.json)")
    }

    @Test("the note of the latest event moved back (reports as of now would skip later events)")
    func editedExtent() throws {
        let (base, _) = try Self.buildBase()
        defer { base.remove() }
        let outcome = try Self.tamper(base, "UPDATE event_extent SET latest_at = latest_at - 86400;")
        defer { outcome.work.remove() }
        #expect(outcome.text.status == 1, "\(outcome.text)")
        #expect(outcome.text.stderr.contains("latest event"), "\(outcome.text)")
    }
}
