import Foundation
import PostgresNIO
import SafeGridCore

// The event chain: append-only rows, each linked to the one before by its hash, and the chain's
// head kept apart (`chain_head`), locked by the first append of a transaction so that writers
// take their turns at the end of the chain.
extension PostgresSession {
    /// The chain events are appended to. One for the whole store for now; the table keys events
    /// by chain so that a chain per station needs no new table.
    static let chain = ""

    /// In time order, as every store folds them: by `at`, then origin, then the order stored.
    func events(hazardID: String) throws -> [HazardEvent] {
        try link.rows("SELECT body FROM event WHERE hazard = $1 ORDER BY at, origin, seq", [.text(hazardID)]).map {
            try HazardEvent(canonicalForm: Data(try $0.bytes(0)))
        }
    }

    /// The events of many hazards in one query, each hazard's in time order.
    func events(hazardIDs: [String]) throws -> [String: [HazardEvent]] {
        var result: [String: [HazardEvent]] = [:]
        for row in try link.rows(
            "SELECT hazard, body FROM event WHERE hazard = ANY($1) ORDER BY hazard, at, origin, seq", [.texts(hazardIDs)]) {
            result[try row.text(0), default: []].append(try HazardEvent(canonicalForm: Data(try row.bytes(1))))
        }
        return result
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
        try chainedEvents(where: "chain = $1 AND seq > $2", [.text(Self.chain), .int(sequence)], body)
    }

    func chainedEvents(after sequence: Int64, origin: String, _ body: (ChainedEvent) throws -> Bool) throws {
        try chainedEvents(where: "chain = $1 AND seq > $2 AND origin = $3", [.text(Self.chain), .int(sequence), .text(origin)], body)
    }

    private func chainedEvents(where condition: String, _ values: [SQLValue], _ body: (ChainedEvent) throws -> Bool) throws {
        try link.stream("""
            SELECT seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash FROM event WHERE \(condition) ORDER BY seq
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
                hash: consistent ? Self.digest(try row.bytes(8)) : SHA256Digest(bytes: [UInt8](repeating: 0, count: 32))))
        }
    }

    static func digest(_ bytes: [UInt8]) -> SHA256Digest {
        SHA256Digest(bytes: bytes.count == 32 ? bytes : [UInt8](repeating: 0xFF, count: 32))
    }

    func chainHead() throws -> (sequence: Int64, eventID: String, hash: SHA256Digest)? {
        guard let row = try link.rows("SELECT seq, event, hash FROM chain_head WHERE chain = $1", [.text(Self.chain)]).first,
              try row.int(0) > 0
        else { return nil }
        return (try row.int(0), try row.text(1), Self.digest(try row.bytes(2)))
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

    /// Chains and stores events, many rows to a statement; the hazards they touch are folded
    /// again at ``flush()``.
    private func insert(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent] {
        guard !events.isEmpty else { return [] }
        if lastLink == nil {
            // Taking the chain's head row: a writer appending to the same chain waits here.
            let row = try link.rows("SELECT seq, hash FROM chain_head WHERE chain = $1 FOR UPDATE", [.text(Self.chain)])[0]
            lastLink = (try row.int(0), Self.digest(try row.bytes(1)))
        }
        var chained: [ChainedEvent] = []
        chained.reserveCapacity(events.count)
        var rows: [SQLValue] = []
        for canonical in events {
            let (event, body) = (canonical.event, canonical.canonicalForm)
            let (sequence, previous) = lastLink!
            var hasher = SHA256()
            hasher.update(previous.bytes)
            hasher.update(body)
            let link = ChainedEvent(sequence: sequence + 1, event: event, previousHash: previous, hash: hasher.finalize())
            rows += [
                .text(Self.chain), .int(link.sequence), .text(event.id), .text(event.hazardID), .text(event.kind.name),
                .int(event.at.epochSeconds), .int(event.recordedAt.epochSeconds), .text(origin), .bytes(body), .bytes(previous.bytes),
                .bytes(link.hash.bytes),
            ]
            lastLink = (link.sequence, link.hash)
            chained.append(link)
            touch(event.hazardID)
            let extent = pendingExtent ?? (event.at.epochSeconds, event.recordedAt.epochSeconds)
            pendingExtent = (max(extent.at, event.at.epochSeconds), max(extent.recordedAt, event.recordedAt.epochSeconds))
        }
        try insertRows(
            into: "event (chain, seq, id, hazard, kind, at, recorded_at, origin, body, prev_hash, hash)", columns: 11, values: rows)
        let head = chained.last!
        try link.execute(
            "UPDATE chain_head SET seq = $2, event = $3, hash = $4 WHERE chain = $1",
            [.text(Self.chain), .int(head.sequence), .text(head.event.id), .bytes(head.hash.bytes)])
        return chained
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
