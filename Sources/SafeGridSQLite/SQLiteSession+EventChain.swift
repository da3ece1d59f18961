import Foundation
import GRDB
import SafeGridCore

// The append-only, hash-chained events: reading them back in the orders the seam promises,
// and appending (recorded here) or merging (from a bundle) them after the chain's last link.
extension SQLiteSession {
    /// In time order, as every store folds them: by `at`, then origin (merged laptops' events
    /// that happened in the same second come in the same order whatever order their bundles
    /// were merged in), then the order stored.
    func events(hazardID: String) throws -> [HazardEvent] {
        let sql = "SELECT body FROM event WHERE hazard = ? ORDER BY at, origin, seq"
        return try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: [hazardID]).map { row in
            let body: Data = row["body"]
            return try HazardEvent(canonicalForm: body)
        }
    }

    func eventOrigins(hazardID: String) throws -> [String: String] {
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT id, origin FROM event WHERE hazard = ? AND origin != ''"), arguments: [hazardID])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
    }

    func chainedEvents(after sequence: Int64, _ body: (ChainedEvent) throws -> Bool) throws {
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash FROM event WHERE seq > ? ORDER BY seq",
            arguments: [sequence])
        while let row = try cursor.next() {
            let (stored, previous, hash): (Data, Data, Data) = (row["body"], row["prev_hash"], row["hash"])
            let chained = ChainedEvent(
                storedSequence: row["seq"], id: row["id"], hazardID: row["hazard"], kind: row["kind"], at: row["at"],
                recordedAt: row["recorded_at"], body: Array(stored), previousHash: Array(previous), hash: Array(hash))
            if try !body(chained) { return }
        }
    }

    private static func digestBytes(_ data: Data) -> [UInt8] {
        data.count == 32 ? Array(data) : [UInt8](repeating: 0xFF, count: 32)
    }

    func chainHead() throws -> (sequence: Int64, eventID: String, hash: SHA256Digest)? {
        try flush()
        return try Row.fetchOne(db, sql: "SELECT seq, event, hash FROM chain_head WHERE id = 1").map { row in
            let hash: Data = row["hash"]
            return (row["seq"], row["event"], SHA256Digest(bytes: Self.digestBytes(hash)))
        }
    }

    func append(_ events: [HazardEvent]) throws -> [ChainedEvent] {
        try insert(events.map(CanonicalEvent.init), origin: "")
    }

    func merge(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent] {
        // Which of them the store has, and which hazards it has that they record, looked up
        // in batches rather than one query per event.
        var known = try present(events.map(\.event.id), sql: "SELECT id FROM event WHERE id IN")
        var fresh: [CanonicalEvent] = []
        for event in events where known.insert(event.event.id).inserted { fresh.append(event) }
        let recorded = fresh.compactMap { if case .recorded = $0.event.kind { $0.event.hazardID } else { nil } }
        let storedHazards = try present(recorded, sql: "SELECT DISTINCT hazard FROM event WHERE hazard IN")
        let added = try insert(fresh, origin: origin, storedHazards: storedHazards)
        // Events of no origin (a store copied, its own events) read as recorded here, and the
        // ledger says nothing else of them.
        if !origin.isEmpty, let first = added.first, let last = added.last {
            try ledgerMerged(first: first.sequence, last: last.sequence, origin: origin)
        }
        return added
    }

    /// Those of `values` that `sql` (a query ending in `IN`) finds, 500 at a time.
    private func present(_ values: [String], sql: String) throws -> Set<String> {
        var found: Set<String> = []
        let distinct = Array(Set(values))
        for start in stride(from: 0, to: distinct.count, by: 500) {
            let chunk = Array(distinct[start..<min(start + 500, distinct.count)])
            let query = "\(sql) (\(Array(repeating: "?", count: chunk.count).joined(separator: ",")))"
            found.formUnion(try String.fetchAll(try db.cachedStatement(sql: query), arguments: StatementArguments(chunk)))
        }
        return found
    }

    /// Chains and stores events. Each folds into its hazard's state as it comes where that is
    /// the same as folding the hazard's events in time order (``foldsAsItComes(_:origin:storedHazards:)``);
    /// otherwise the hazard is folded again whole at ``flush()``.
    /// - Parameter storedHazards: for merged events, those of the hazards their `recorded`
    ///   events name that the store had before.
    private func insert(_ events: [CanonicalEvent], origin: String, storedHazards: Set<String> = []) throws -> [ChainedEvent] {
        if lastLink == nil {
            if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1") {
                let hash: Data = row["hash"]
                lastLink = (row["seq"], SHA256Digest(bytes: Self.digestBytes(hash)))
            } else {
                lastLink = (0, ChainedEvent.genesis)
            }
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO event (seq, id, hazard, kind, at, recorded_at, body, prev_hash, hash, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var chained: [ChainedEvent] = []
        chained.reserveCapacity(events.count)
        for canonical in events {
            let (event, body) = (canonical.event, canonical.canonicalForm)
            let (sequence, previous) = lastLink!
            var hasher = SHA256()
            hasher.update(previous.bytes)
            hasher.update(body)
            let link = ChainedEvent(sequence: sequence + 1, event: event, previousHash: previous, hash: hasher.finalize())

            // Bound straight through SQLite: boxing ten values into GRDB's arguments cost more
            // than the insert itself when a batch appends thousands of events.
            let row = SQLiteBindings(insert)
            row.bind(1, link.sequence)
            row.bind(2, event.id)
            row.bind(3, event.hazardID)
            row.bind(4, event.kind.name)
            row.bind(5, event.at.epochSeconds)
            row.bind(6, event.recordedAt.epochSeconds)
            row.bind(7, bytes: body)
            row.bind(8, bytes: previous.bytes)
            row.bind(9, bytes: link.hash.bytes)
            row.bind(10, origin)
            if try foldsAsItComes(event, origin: origin, storedHazards: storedHazards) {
                // The hazard's state first: it folds the event into the state before it.
                try updateHazard(with: event, sequence: link.sequence)
            } else {
                states[event.hazardID] = nil
                refold.insert(event.hazardID)
            }
            try insert.execute()
            lastLink = (link.sequence, link.hash)
            chained.append(link)
            if states.count > Self.cachedStatesLimit {
                // A bundle of a city's night merges in one transaction: write what is pending
                // and forget the cached states, so memory stays flat (they are read back as needed).
                try flush()
                states.removeAll()
            }
        }
        if let last = chained.last {
            pendingHead = last
            chainsGrew = true
        }
        for link in chained {
            pendingExtent.at = max(pendingExtent.at, link.event.at.epochSeconds)
            pendingExtent.recordedAt = max(pendingExtent.recordedAt, link.event.recordedAt.epochSeconds)
        }
        return chained
    }

    /// How many hazards' states a transaction keeps at most before writing them out.
    static let cachedStatesLimit = 5_000

    /// Whether `event` folds into its hazard's state as it comes, or the hazard must be folded
    /// again whole at ``flush()``. Events recorded here always fold as they come (the engine
    /// checked them). So do a bundle's events for a hazard the bundle itself brings new to the
    /// store, while they arrive in time order and the lifecycle allows them: the usual merge,
    /// as fast as recording. Anything else (a hazard the store had, an event out of order or
    /// refused, a resolution) is folded again whole.
    private func foldsAsItComes(_ event: HazardEvent, origin: String, storedHazards: Set<String>) throws -> Bool {
        if case .conflictResolved = event.kind { return false }
        if refold.contains(event.hazardID) { return false }
        if origin.isEmpty { return true }
        if case .recorded = event.kind {
            guard mergedHazards[event.hazardID] == nil, !storedHazards.contains(event.hazardID) else { return false }
            mergedHazards[event.hazardID] = origin
            return true
        }
        guard mergedHazards[event.hazardID] == origin, let state = try hazard(id: event.hazardID), event.at >= state.lastEventAt
        else { return false }
        return (try? state.applying(event)) != nil
    }
}
