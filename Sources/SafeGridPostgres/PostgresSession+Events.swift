import Foundation
import PostgresNIO
import SafeGridCore

// The event chains: append-only rows, each linked to the one before it in its chain by its hash,
// a chain per station, and each chain's head kept apart (`chain_head`). A transaction takes the
// head of each chain it appends to: writers of one station take turns, stations write at once.
extension PostgresSession {
    /// The chain a hazard's events go in: the station of the police grid it was recorded in, as
    /// the area directory says; '' when the directory names no station for it.
    func chain(recordedIn policeGridCode: String) throws -> String {
        try areaDirectory().ancestor(of: policeGridCode, at: .policeGrid, up: .station) ?? ""
    }

    /// In time order, as every store folds them: by `at`, then origin, then the order stored.
    func events(hazardID: String) throws -> [HazardEvent] {
        if let written = freshEvents[hazardID] { return WrittenEvent.inFoldOrder(written) }
        try flushEvents()
        return try link.rows("SELECT body FROM event WHERE hazard = $1 ORDER BY at, origin, seq", [.text(hazardID)]).map {
            try HazardEvent(canonicalForm: Data(try $0.bytes(0)))
        }
    }

    /// The events of many hazards, each hazard's in time order, and the chain each is in.
    /// The hazards this transaction recorded are folded from what it wrote.
    func eventsAndChains(hazardIDs: [String]) throws -> (events: [String: [HazardEvent]], chains: [String: String]) {
        var events: [String: [HazardEvent]] = [:]
        var chains: [String: String] = [:]
        var stored: [String] = []
        for id in hazardIDs {
            if let written = freshEvents[id] {
                events[id] = WrittenEvent.inFoldOrder(written)
                chains[id] = hazardChains[id] ?? ""
            } else {
                stored.append(id)
            }
        }
        guard !stored.isEmpty else { return (events, chains) }
        try flushEvents()
        // A hazard at a time: `hazard = ANY(…)` over thousands of ids, or a join the planner may
        // flatten, is planned as a scan of every event until the table's statistics catch up with
        // a first ingest. `OFFSET 0` keeps the subquery apart, one index lookup per hazard.
        for row in try link.rows("""
            SELECT e.hazard, e.body, e.chain FROM unnest($1::text[]) AS wanted (id),
                LATERAL (SELECT hazard, body, chain, at, origin, seq FROM event WHERE hazard = wanted.id OFFSET 0) AS e
            ORDER BY e.hazard, e.at, e.origin, e.seq
            """, [.texts(stored)]) {
            let id = try row.text(0)
            events[id, default: []].append(try HazardEvent(canonicalForm: Data(try row.bytes(1))))
            chains[id] = try row.text(2)
        }
        return (events, chains)
    }

    func eventOrigins(hazardID: String) throws -> [String: String] {
        try flushEvents()
        return Dictionary(uniqueKeysWithValues: try link.rows(
            "SELECT id, origin FROM event WHERE hazard = $1 AND origin <> ''", [.text(hazardID)]
        ).map { (try $0.text(0), try $0.text(1)) })
    }

    func conflictedHazards() throws -> [String] {
        try flush()
        return try link.rows("SELECT id FROM hazard WHERE conflicts > 0 ORDER BY pos").map { try $0.text(0) }
    }

    func chainedEvents(after sequence: Int64, _ body: (ChainedEvent) throws -> Bool) throws {
        try chainedEvents(where: "seq > $1", [.int(sequence)], body)
    }

    func chainedEvents(after sequence: Int64, origin: String, _ body: (ChainedEvent) throws -> Bool) throws {
        try chainedEvents(where: "seq > $1 AND origin = $2", [.int(sequence), .text(origin)], body)
    }

    private func chainedEvents(where condition: String, _ values: [SQLValue], _ body: (ChainedEvent) throws -> Bool) throws {
        try flushEvents()
        try link.stream("""
            SELECT seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash, chain FROM event WHERE \(condition)
            ORDER BY chain, seq
            """, values) { row in
            try body(ChainedEvent(
                storedSequence: try row.int(0), id: try row.text(1), hazardID: try row.text(2), kind: try row.text(3), at: try row.int(4),
                recordedAt: try row.int(5), body: try row.bytes(6), previousHash: try row.bytes(7), hash: try row.bytes(8),
                chain: try row.text(9)))
        }
    }

    static func digest(_ bytes: [UInt8]) -> SHA256Digest {
        SHA256Digest(bytes: bytes.count == 32 ? bytes : [UInt8](repeating: 0xFF, count: 32))
    }

    /// The head of the chain of events recorded where the directory names no station; a store
    /// with stations has a chain each (``chainHeads()``).
    func chainHead() throws -> (sequence: Int64, eventID: String, hash: SHA256Digest)? {
        try chainHeads()[""]
    }

    func chainHeads() throws -> [String: (sequence: Int64, eventID: String, hash: SHA256Digest)] {
        try flushEvents()
        var heads: [String: (sequence: Int64, eventID: String, hash: SHA256Digest)] = [:]
        for row in try link.rows("SELECT chain, seq, event, hash FROM chain_head") {
            heads[try row.text(0)] = (try row.int(1), try row.text(2), Self.digest(try row.bytes(3)))
        }
        return heads
    }

    func append(_ events: [HazardEvent]) throws -> [ChainedEvent] {
        try insert(events.map(CanonicalEvent.init), origin: "")
    }

    func merge(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent] {
        try flushEvents()
        var known = Set<String>()
        for ids in Self.slices(of: events.map(\.event.id)) {
            for row in try link.rows("SELECT id FROM event WHERE id = ANY($1)", [.texts(ids)]) { known.insert(try row.text(0)) }
        }
        var fresh: [CanonicalEvent] = []
        for event in events where known.insert(event.event.id).inserted { fresh.append(event) }
        return try insert(fresh, origin: origin)
    }

    /// Chains events, each in its hazard's chain; they are sent to the server at
    /// ``flushEvents()``, and the hazards they touch are folded again at ``flush()``.
    private func insert(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent] {
        guard !events.isEmpty else { return [] }
        let chains = try chains(of: events)
        var chained: [ChainedEvent] = []
        chained.reserveCapacity(events.count)
        for canonical in events {
            let (event, body) = (canonical.event, canonical.canonicalForm)
            let chain = chains[event.hazardID] ?? ""
            let (sequence, previous) = try lastLink(of: chain)
            var hasher = SHA256()
            hasher.update(previous.bytes)
            hasher.update(body)
            let link = ChainedEvent(sequence: sequence + 1, event: event, previousHash: previous, hash: hasher.finalize(), chain: chain)
            let (at, recordedAt) = (event.at.epochSeconds, event.recordedAt.epochSeconds)
            pendingEvents.append([
                .text(chain), .int(link.sequence), .text(event.id), .text(event.hazardID), .text(event.kind.name),
                .int(at), .int(recordedAt), .text(origin), .bytes(body), .bytes(previous.bytes), .bytes(link.hash.bytes),
            ])
            let latest = pendingChains[chain] ?? (Int64.min, Int64.min)
            pendingChains[chain] = (max(latest.at, at), max(latest.recordedAt, recordedAt))
            lastLinks[chain] = (link.sequence, link.hash, event.id)
            freshEvents[event.hazardID]?.append(WrittenEvent(event: event, origin: origin, sequence: link.sequence))
            chained.append(link)
            touch(event.hazardID)
        }
        if pendingEvents.count >= Self.eventsPerCopy { try sendEvents() }
        return chained
    }

    /// Sends the events chained since the last time, if there are any, and moves the heads of
    /// their chains. Runs before anything reads the event table, and at ``flush()``.
    func flushEvents() throws {
        try sendEvents()
        for (chain, latest) in pendingChains.sorted(by: { $0.key < $1.key }) {
            guard let head = lastLinks[chain] else { continue }
            try link.execute("""
                UPDATE chain_head SET seq = $2, event = $3, hash = $4, latest_at = greatest(latest_at, $5),
                    latest_recorded_at = greatest(latest_recorded_at, $6)
                WHERE chain = $1
                """, [.text(chain), .int(head.sequence), .text(head.eventID), .bytes(head.hash.bytes), .int(latest.at), .int(latest.recordedAt)])
        }
        pendingChains.removeAll()
    }

    /// Events sent in one `COPY` while the transaction goes on: the server stores them while
    /// the engine works on the next.
    static let eventsPerCopy = 5_000

    /// Sends the events chained since the last time with one `COPY`, without waiting for the
    /// server to store them, after asking which hazards taken for fresh are stored already.
    private func sendEvents() throws {
        guard !pendingEvents.isEmpty else { return }
        for ids in Self.slices(of: unconfirmedFresh) {
            // A hazard found there (recorded twice, on two laptops) is folded from the stored
            // events from the next wait on; its events of this transaction stay in the chain
            // they were given. A hazard with stored events has a row (see `chains(of:)`).
            try link.send("SELECT id FROM hazard WHERE id = ANY($1)", [.texts(ids)]) { [weak self] stored in
                for row in stored { self?.freshEvents.removeValue(forKey: try row.text(0)) }
            }
        }
        unconfirmedFresh.removeAll()
        try link.sendCopy(
            into: "event", columns: ["chain", "seq", "id", "hazard", "kind", "at", "recorded_at", "origin", "body", "prev_hash", "hash"],
            rows: pendingEvents)
        pendingEvents.removeAll()
    }

    /// The chain of each hazard the events name: where its first event put it (in this
    /// transaction or before), else where its `recorded` event among these puts it. A hazard
    /// recorded here is taken for fresh without asking the server (a batch records thousands);
    /// ``flushEvents()`` asks once for all of them before their events are sent.
    private func chains(of events: [CanonicalEvent]) throws -> [String: String] {
        var chains: [String: String] = [:]
        var recordedHere: Set<String> = []
        for event in events.map(\.event) {
            if case .recorded = event.kind { recordedHere.insert(event.hazardID) }
        }
        let unknown = Array(Set(events.map(\.event.hazardID)).filter { hazardChains[$0] == nil && !recordedHere.contains($0) })
        // From the hazard rows, by their primary key: every hazard with stored events has one
        // (each write folds the hazards it touched before it commits; the engine refuses an
        // event of a hazard never recorded). Unlike `event = ANY(…)`, its plan never turns into a
        // scan of every event before the table's statistics catch up with a first ingest.
        for ids in Self.slices(of: unknown) {
            for row in try link.rows("SELECT id, chain FROM hazard WHERE id = ANY($1)", [.texts(ids)]) {
                hazardChains[try row.text(0)] = try row.text(1)
            }
        }
        for event in events.map(\.event) {
            if let known = hazardChains[event.hazardID] {
                chains[event.hazardID] = known
            } else if case .recorded(let record) = event.kind {
                let chain = try chain(recordedIn: record.policeGridCode)
                hazardChains[event.hazardID] = chain
                chains[event.hazardID] = chain
                freshEvents[event.hazardID] = []
                unconfirmedFresh.append(event.hazardID)
            }
        }
        return chains
    }

    /// Where a chain ends, as this transaction has left it; the first time, its head is taken
    /// (a new chain's made), so that a writer of the same chain waits for this one to end.
    private func lastLink(of chain: String) throws -> (sequence: Int64, hash: SHA256Digest) {
        if let last = lastLinks[chain] { return (last.sequence, last.hash) }
        try link.execute(
            "INSERT INTO chain_head (chain, seq, event, hash) VALUES ($1, 0, '', $2) ON CONFLICT (chain) DO NOTHING",
            [.text(chain), .bytes(ChainedEvent.genesis.bytes)])
        let row = try link.rows("SELECT seq, hash, event FROM chain_head WHERE chain = $1 FOR UPDATE", [.text(chain)])[0]
        let last = (sequence: try row.int(0), hash: Self.digest(try row.bytes(1)), eventID: try row.text(2))
        lastLinks[chain] = last
        return (last.sequence, last.hash)
    }

    /// Inserts rows of `columns` values each, as many to a statement as its parameters allow.
    func insertRows(into table: String, columns: Int, values: [SQLValue], onConflict: String = "") throws {
        let perStatement = 60_000 / columns
        var start = 0
        while start < values.count {
            let end = min(start + perStatement * columns, values.count)
            let count = (end - start) / columns
            let tuples = (0..<count).map { row in
                "(" + (1...columns).map { "$\(row * columns + $0)" }.joined(separator: ", ") + ")"
            }
            try link.execute("INSERT INTO \(table) VALUES \(tuples.joined(separator: ", ")) \(onConflict)", Array(values[start..<end]))
            start = end
        }
    }

    func touch(_ hazardID: String) {
        if touchedSet.insert(hazardID).inserted { touched.append(hazardID) }
    }

    // Checkpoints and the ledger of other rows are the SQLite store's (a laptop's store, which
    // may be carried away); the PostgreSQL store's other rows are guarded by the server's roles.
}

/// An event this transaction chained, with what orders it among its hazard's events.
struct WrittenEvent {
    var event: HazardEvent
    var origin: String
    var sequence: Int64

    /// As the event table orders a hazard's events for folding: by `at`, origin, place in chain.
    static func inFoldOrder(_ events: [WrittenEvent]) -> [HazardEvent] {
        events.sorted { ($0.event.at.epochSeconds, $0.origin, $0.sequence) < ($1.event.at.epochSeconds, $1.origin, $1.sequence) }.map(\.event)
    }
}
