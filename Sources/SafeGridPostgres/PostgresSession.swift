import Foundation
import SafeGridCore

/// Reading and writing inside one transaction on one connection: the seam's reader and writer.
/// Split by concern: the directory and other low-volume rows here and in
/// `PostgresSession+Records.swift`, the event chain in `+Events`, the hazard table in
/// `+Hazards`, counts and lists in `+Counts`, verify's checks in `+Integrity`.
final class PostgresSession: HazardStoreWriter {
    let link: PostgresLink
    /// The areas, once this transaction has read them, and the directory the store's
    /// transactions share.
    var directory: AreaDirectory?
    let directories: PostgresDirectoryCache
    /// Whether this transaction has written areas or links: it then reads them itself.
    var areasWritten = false
    /// Checklists as this transaction read them: a batch of inspections looks the same few up
    /// again and again.
    var checklistCache: [String: Checklist?] = [:]
    /// Hazards that events of this transaction touched: folded again whole at ``flush()``.
    var touched: [String] = []
    var touchedSet: Set<String> = []
    /// The chain each hazard's events go in, as this transaction has learnt it.
    var hazardChains: [String: String] = [:]
    /// Each chain's last link once this transaction has taken its head.
    var lastLinks: [String: (sequence: Int64, hash: SHA256Digest, eventID: String)] = [:]
    /// Events chained in this transaction and not yet sent (`COPY`, at ``flushEvents()``), with
    /// the chains they extend and the latest moments among them.
    var pendingEvents = CopyRows()
    var pendingChains: [String: (at: Int64, recordedAt: Int64)] = [:]
    /// The hazards this transaction recorded (no event of theirs was stored before it), with
    /// their events: folded here, never read back from the server.
    var freshEvents: [String: [WrittenEvent]] = [:]
    /// Fresh hazards not yet looked for among the stored events: all are, at once, before
    /// their events are sent.
    var unconfirmedFresh: [String] = []
    /// The fresh hazards whose row this transaction has written already.
    var freshRowsWritten: Set<String> = []

    init(_ link: PostgresLink, directories: PostgresDirectoryCache) {
        self.link = link
        self.directories = directories
    }

    // MARK: - Areas, venues, checklists, inspections

    /// The directory the store's transactions share, unless its generation has moved or this
    /// transaction changed areas.
    func areaDirectory() throws -> AreaDirectory {
        if let directory { return directory }
        let generation = areasWritten ? nil : try link.rows("SELECT generation FROM area_generation").first?.int(0)
        if let generation, let kept = directories.directory(at: generation) {
            directory = kept
            return kept
        }
        let areas = try link.rows("SELECT body FROM area").map { try Self.decode(Area.self, try $0.text(0)) }
        let links = try link.rows("SELECT grid, police_grid FROM grid_link").map {
            GridLink(gridCode: try $0.text(0), policeGridCode: try $0.text(1))
        }
        let loaded = AreaDirectory(areas: areas, links: links)
        directory = loaded
        if let generation { directories.keep(loaded, at: generation) }
        return loaded
    }

    func areas(ids: [String]) throws -> [Area] {
        let directory = try areaDirectory()
        return ids.compactMap { directory.areas[$0] }
    }

    func put(areas: [Area], links: [GridLink]) throws {
        directory = nil
        areasWritten = true
        var rows: [SQLValue] = []
        for area in Self.lastOfEach(areas, key: \.id) {
            rows += [.text(area.id), .text(try Self.encode(area))]
        }
        // An area named again as it is stays untouched: its generation does not move.
        try insertRows(
            into: "area (id, body)", columns: 2, values: rows,
            onConflict: "ON CONFLICT (id) DO UPDATE SET body = excluded.body WHERE area.body IS DISTINCT FROM excluded.body")
        try insertRows(
            into: "grid_link (grid, police_grid)", columns: 2, values: links.flatMap { [.text($0.gridCode), .text($0.policeGridCode)] },
            onConflict: "ON CONFLICT DO NOTHING")
    }

    func venue(id: String) throws -> Venue? {
        try link.rows("SELECT body FROM venue WHERE id = $1", [.text(id)]).first.map { try Self.decode(Venue.self, try $0.text(0)) }
    }

    func venues(ids: [String]) throws -> [Venue] {
        try Self.slices(of: ids).flatMap { slice in
            try link.rows("SELECT body FROM venue WHERE id = ANY($1)", [.texts(slice)]).map { try Self.decode(Venue.self, try $0.text(0)) }
        }
    }

    func venues() throws -> [Venue] {
        try link.rows("SELECT body FROM venue ORDER BY id").map { try Self.decode(Venue.self, try $0.text(0)) }
    }

    func put(venues: [Venue]) throws {
        var rows: [SQLValue] = []
        for venue in Self.lastOfEach(venues, key: \.id) {
            rows += [.text(venue.id), .text(venue.gridCode), .text(venue.policeGridCode), .text(try Self.encode(venue))]
        }
        try insertRows(
            into: "venue (id, grid, police_grid, body)", columns: 4, values: rows,
            onConflict: "ON CONFLICT (id) DO UPDATE SET grid = excluded.grid, police_grid = excluded.police_grid, body = excluded.body")
    }

    /// The items a later one with the same key does not replace: one upsert statement may not
    /// touch a row twice, and one statement at a time the last would win.
    static func lastOfEach<T>(_ items: [T], key: (T) -> String) -> [T] {
        var latest: [String: Int] = [:]
        for (index, item) in items.enumerated() { latest[key(item)] = index }
        return items.enumerated().filter { latest[key($0.element)] == $0.offset }.map(\.element)
    }

    /// Ids in slices small enough for one `= ANY($1)` query each.
    static func slices(of ids: [String]) -> [[String]] {
        stride(from: 0, to: ids.count, by: 5_000).map { Array(ids[$0..<min($0 + 5_000, ids.count)]) }
    }

    func checklist(id: String, version: String?) throws -> Checklist? {
        let key = "\(id)\u{0}\(version ?? "")"
        if let cached = checklistCache[key] { return cached }
        let rows = if let version {
            try link.rows("SELECT body FROM checklist WHERE id = $1 AND version = $2 ORDER BY seq DESC LIMIT 1", [.text(id), .text(version)])
        } else {
            try link.rows("SELECT body FROM checklist WHERE id = $1 ORDER BY seq DESC LIMIT 1", [.text(id)])
        }
        let checklist = try rows.first.map { try Self.decode(Checklist.self, try $0.text(0)) }
        checklistCache[key] = checklist
        return checklist
    }

    func checklists() throws -> [Checklist] {
        try link.rows("SELECT body FROM checklist WHERE seq IN (SELECT max(seq) FROM checklist GROUP BY id) ORDER BY id")
            .map { try Self.decode(Checklist.self, try $0.text(0)) }
    }

    func put(checklist: Checklist) throws {
        checklistCache.removeAll()
        let hash = checklist.contentHash.hex
        let exists = try !link.rows(
            "SELECT 1 FROM checklist WHERE id = $1 AND version = $2 AND content_hash = $3",
            [.text(checklist.id), .text(checklist.version), .text(hash)]
        ).isEmpty
        if exists { return }
        try link.execute(
            "INSERT INTO checklist (id, version, content_hash, body) VALUES ($1, $2, $3, $4)",
            [.text(checklist.id), .text(checklist.version), .text(hash), .text(try Self.encode(checklist))])
    }

    func inspection(id: String) throws -> Inspection? {
        try link.rows("SELECT body FROM inspection WHERE id = $1", [.text(id)]).first.map { try Self.decode(Inspection.self, try $0.text(0)) }
    }

    /// Queued for a `COPY` (a batch records thousands). An id stored already fails the copy as
    /// a duplicate key, which runs the transaction again: another writer stored it meanwhile.
    func insert(_ inspection: Inspection, origin: String) throws {
        try link.queueCopy(
            into: "inspection", columns: ["id", "venue", "at", "origin", "body"],
            [.text(inspection.id), .text(inspection.venueID), .int(inspection.at.epochSeconds), .text(origin),
             .text(String(decoding: inspection.jsonBody, as: UTF8.self))])
        let source = inspection.source
        guard source.kind == .jointCheck else { return }
        for department in Set(source.departments).sorted() {
            try link.queueCopy(
                into: "joint_check", columns: ["department", "inspection", "at", "recorded_at", "campaign"],
                [.text(department), .text(inspection.id), .int(inspection.at.epochSeconds), .int(inspection.recordedAt.epochSeconds),
                 .optional(source.campaign)])
        }
    }

    func inspections(_ body: (Int64, Inspection) throws -> Void) throws {
        try link.stream("SELECT pos, body FROM inspection ORDER BY pos") { row in
            try body(try row.int(0), try Self.decode(Inspection.self, try row.text(1)))
            return true
        }
    }

    func inspections(venueID: String) throws -> [Inspection] {
        try link.rows("SELECT body FROM inspection WHERE venue = $1 ORDER BY at, id", [.text(venueID)])
            .map { try Self.decode(Inspection.self, try $0.text(0)) }
    }

    func localInspections(after position: Int64, _ body: (Int64, Inspection) throws -> Void) throws {
        try link.stream("SELECT pos, body FROM inspection WHERE pos > $1 AND origin = '' ORDER BY pos", [.int(position)]) { row in
            try body(try row.int(0), try Self.decode(Inspection.self, try row.text(1)))
            return true
        }
    }

    func hazardIDs(startingWith prefix: String, limit: Int) throws -> [String] {
        try ids(in: "hazard", startingWith: prefix, limit: limit)
    }

    func inspectionIDs(startingWith prefix: String, limit: Int) throws -> [String] {
        try ids(in: "inspection", startingWith: prefix, limit: limit)
    }

    /// Ids from `prefix` up to the next string after every id that starts with it: the
    /// primary key's order, with no pattern to escape.
    private func ids(in table: String, startingWith prefix: String, limit: Int) throws -> [String] {
        try link.rows(
            "SELECT id FROM \(table) WHERE id >= $1 AND left(id, length($1)) = $1 ORDER BY id COLLATE \"C\" LIMIT $2",
            [.text(prefix), .int(Int64(limit))]
        ).map { try $0.text(0) }
    }

    // Born keeping evidence: a PostgreSQL store has no records from before SafeGrid kept files.
    func evidenceKeptFrom() throws -> EvidenceKeptFrom { .always }

    // MARK: - Coding the low-volume rows

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw SafeGridError.storeFailure("a stored \(type) could not be read: \(error)")
        }
    }
}
