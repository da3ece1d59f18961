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
        try link.rows("SELECT body FROM event WHERE hazard = $1 ORDER BY at, origin, seq", [.text(hazardID)]).map {
            try HazardEvent(canonicalForm: Data(try $0.bytes(0)))
        }
    }

    /// The events of many hazards, each hazard's in time order, and the chain each is in.
    func eventsAndChains(hazardIDs: [String]) throws -> (events: [String: [HazardEvent]], chains: [String: String]) {
        var events: [String: [HazardEvent]] = [:]
        var chains: [String: String] = [:]
        for row in try link.rows(
            "SELECT hazard, body, chain FROM event WHERE hazard = ANY($1) ORDER BY hazard, at, origin, seq", [.texts(hazardIDs)]) {
            let id = try row.text(0)
            events[id, default: []].append(try HazardEvent(canonicalForm: Data(try row.bytes(1))))
            chains[id] = try row.text(2)
        }
        return (events, chains)
    }

    func eventOrigins(hazardID: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try link.rows(
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
        try link.stream("""
            SELECT seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash, chain FROM event WHERE \(condition)
            ORDER BY chain, seq
            """, values) { row in
            let bytes = try row.bytes(6)
            let (id, hazard, kind) = (try row.text(1), try row.text(2), try row.text(3))
            let (at, recordedAt) = (try row.int(4), try row.int(5))
            let decoded = try? HazardEvent(canonicalForm: Data(bytes))
            // The body must be exactly the event's canonical form and the columns must repeat
            // it; a row where they disagree was edited, and is made to fail the chain check.
            let consistent = decoded.map {
                $0.canonicalForm == bytes && $0.id == id && $0.hazardID == hazard && $0.kind.name == kind
                    && $0.at.epochSeconds == at && $0.recordedAt.epochSeconds == recordedAt
            } ?? false
            let event = consistent ? decoded! : HazardEvent(
                id: id, hazardID: hazard, kind: .rectificationReported, at: Date(epochSeconds: at),
                recordedAt: Date(epochSeconds: recordedAt), actor: "")
            return try body(ChainedEvent(
                sequence: try row.int(0), event: event, previousHash: Self.digest(try row.bytes(7)),
                hash: consistent ? Self.digest(try row.bytes(8)) : SHA256Digest(bytes: [UInt8](repeating: 0, count: 32)),
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
        var known = Set<String>()
        for start in stride(from: 0, to: events.count, by: 5_000) {
            let ids = events[start..<min(start + 5_000, events.count)].map(\.event.id)
            for row in try link.rows("SELECT id FROM event WHERE id = ANY($1)", [.texts(ids)]) { known.insert(try row.text(0)) }
        }
        var fresh: [CanonicalEvent] = []
        for event in events where known.insert(event.event.id).inserted { fresh.append(event) }
        return try insert(fresh, origin: origin)
    }

    /// Chains and stores events, many rows to a statement, each in its hazard's chain; the
    /// hazards they touch are folded again at ``flush()``.
    private func insert(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent] {
        guard !events.isEmpty else { return [] }
        let chains = try chains(of: events)
        var chained: [ChainedEvent] = []
        chained.reserveCapacity(events.count)
        var rows: [SQLValue] = []
        for canonical in events {
            let (event, body) = (canonical.event, canonical.canonicalForm)
            let chain = chains[event.hazardID] ?? ""
            let (sequence, previous) = try lastLink(of: chain)
            var hasher = SHA256()
            hasher.update(previous.bytes)
            hasher.update(body)
            let link = ChainedEvent(sequence: sequence + 1, event: event, previousHash: previous, hash: hasher.finalize(), chain: chain)
            rows += [
                .text(chain), .int(link.sequence), .text(event.id), .text(event.hazardID), .text(event.kind.name),
                .int(event.at.epochSeconds), .int(event.recordedAt.epochSeconds), .text(origin), .bytes(body), .bytes(previous.bytes),
                .bytes(link.hash.bytes),
            ]
            lastLinks[chain] = (link.sequence, link.hash, event.id)
            chained.append(link)
            touch(event.hazardID)
        }
        try insertRows(
            into: "event (chain, seq, id, hazard, kind, at, recorded_at, origin, body, prev_hash, hash)", columns: 11, values: rows)
        for chain in Set(chains.values).sorted() {
            guard let head = lastLinks[chain] else { continue }
            try link.execute(
                "UPDATE chain_head SET seq = $2, event = $3, hash = $4 WHERE chain = $1",
                [.text(chain), .int(head.sequence), .text(head.eventID), .bytes(head.hash.bytes)])
        }
        return chained
    }

    /// The chain of each hazard the events name: where its first event put it (in this
    /// transaction or before), else where its `recorded` event among these puts it.
    private func chains(of events: [CanonicalEvent]) throws -> [String: String] {
        var chains: [String: String] = [:]
        let unknown = Array(Set(events.map(\.event.hazardID)).filter { hazardChains[$0] == nil })
        for start in stride(from: 0, to: unknown.count, by: 5_000) {
            let ids = Array(unknown[start..<min(start + 5_000, unknown.count)])
            for row in try link.rows("SELECT DISTINCT ON (hazard) hazard, chain FROM event WHERE hazard = ANY($1)", [.texts(ids)]) {
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
