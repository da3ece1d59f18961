import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import SafeGridCore

// The rows besides events: areas, venues, checklists, inspections, notices, calendar files.
extension SQLiteSession {
    // MARK: - Areas, venues, checklists, inspections

    func areaDirectory() throws -> AreaDirectory {
        if let directory { return directory }
        let areas = try Row.fetchAll(db, sql: "SELECT \(Self.areaColumns) FROM area").compactMap(Self.area)
        let links = try Row.fetchAll(db, sql: "SELECT grid, police_grid FROM grid_link").map {
            GridLink(gridCode: $0[0], policeGridCode: $0[1])
        }
        let loaded = AreaDirectory(areas: areas, links: links)
        directory = loaded
        return loaded
    }

    func areas(ids: [String]) throws -> [Area] {
        if let directory { return ids.compactMap { directory.areas[$0] } }
        let statement = try db.cachedStatement(sql: "SELECT \(Self.areaColumns) FROM area WHERE line = ? AND code = ?")
        return try ids.compactMap { id in
            guard let slash = id.firstIndex(of: "/") else { return nil }
            return try Row.fetchOne(statement, arguments: [String(id[..<slash]), String(id[id.index(after: slash)...])]).flatMap(Self.area)
        }
    }

    // Columns by position: a city has thousands of areas, and every report reads them all.
    private static let areaColumns = "code, name, level, parent, follower, follower_phone, leader, leader_phone"

    private static func area(_ row: Row) -> Area? {
        guard let level = AreaLevel(rawValue: row[2]) else { return nil }
        return Area(
            code: row[0], name: row[1], level: level, parentCode: row[3], follower: row[4], followerPhone: row[5], leader: row[6],
            leaderPhone: row[7])
    }

    func put(areas: [Area], links: [GridLink]) throws {
        directory = nil
        let area = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO area (line, code, level, name, parent, follower, follower_phone, leader, leader_phone)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for item in areas {
            try area.execute(arguments: [item.level.line.rawValue, item.code, item.level.rawValue, item.name, item.parentCode, item.follower,
                item.followerPhone, item.leader, item.leaderPhone,
            ])
            try ledger(.area, key: [item.level.line.rawValue, item.code])
        }
        let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO grid_link (grid, police_grid) VALUES (?, ?)")
        for item in links {
            try link.execute(arguments: [item.gridCode, item.policeGridCode])
            if db.changesCount > 0 { try ledger(.gridLink, key: [item.gridCode, item.policeGridCode]) }
        }
    }

    func venue(id: String) throws -> Venue? {
        try venues(where: "id = ?", [id]).first
    }

    func venues() throws -> [Venue] {
        try venues(where: nil, [])
    }

    /// Every venue's name by id, the two columns alone.
    func venueNames() throws -> [String: String] {
        var names: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM venue")
        while let row = try rows.next() { names[row[0]] = row[1] }
        return names
    }

    /// The venues matching an SQL condition, by id; columns read by position (a station has tens of thousands).
    func venues(where condition: String?, _ arguments: [(any DatabaseValueConvertible)?]) throws -> [Venue] {
        let sql = "SELECT id, name, kind, tags, grid, police_grid, address, contact FROM venue \(condition.map { "WHERE " + $0 } ?? "") ORDER BY id"
        var venues: [Venue] = []
        let rows = try Row.fetchCursor(try db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            let tags: String = row[3]
            venues.append(Venue(
                id: row[0], name: row[1], kind: row[2], tags: tags.split(separator: ";").map(String.init), gridCode: row[4],
                policeGridCode: row[5], address: row[6], contact: row[7]))
        }
        return venues
    }

    func put(venues: [Venue]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO venue (id, name, kind, tags, grid, police_grid, address, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for venue in venues {
            try statement.execute(arguments: [
                venue.id, venue.name, venue.kind, venue.tags.joined(separator: ";"), venue.gridCode, venue.policeGridCode,
                venue.address, venue.contact,
            ])
            try ledger(.venue, key: [venue.id])
        }
    }

    func checklist(id: String, version: String?) throws -> Checklist? {
        let body: String? = if let version {
            try String.fetchOne(db, sql: "SELECT body FROM checklist WHERE id = ? AND version = ? ORDER BY seq DESC LIMIT 1", arguments: [id, version])
        } else {
            try String.fetchOne(db, sql: "SELECT body FROM checklist WHERE id = ? ORDER BY seq DESC LIMIT 1", arguments: [id])
        }
        return try body.map { try JSONDecoder().decode(Checklist.self, from: Data($0.utf8)) }
    }

    func checklists() throws -> [Checklist] {
        try String.fetchAll(db, sql: """
            SELECT body FROM checklist WHERE seq IN (SELECT max(seq) FROM checklist GROUP BY id) ORDER BY id
            """).map { try JSONDecoder().decode(Checklist.self, from: Data($0.utf8)) }
    }

    func put(checklist: Checklist) throws {
        let hash = checklist.contentHash.hex
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM checklist WHERE id = ? AND version = ? AND hash = ?",
                                       arguments: [checklist.id, checklist.version, hash]) ?? false
        if exists { return }
        let body = String(decoding: try JSONEncoder().encode(checklist), as: UTF8.self)
        try db.execute(sql: "INSERT INTO checklist (id, version, hash, body) VALUES (?, ?, ?, ?)",
                       arguments: [checklist.id, checklist.version, hash, body])
        try ledger(.checklist, key: [db.lastInsertedRowID])
    }

    func hazardIDs(startingWith prefix: String, limit: Int) throws -> [String] {
        try ids(in: "hazard", startingWith: prefix, limit: limit)
    }

    func inspectionIDs(startingWith prefix: String, limit: Int) throws -> [String] {
        try ids(in: "inspection", startingWith: prefix, limit: limit)
    }

    /// A range over the primary key (text compares byte by byte, and U+10FFFF sorts after
    /// every character that can follow the prefix), so a million hazards cost one index seek.
    private func ids(in table: String, startingWith prefix: String, limit: Int) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT id FROM \(table) WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            arguments: [prefix, prefix + "\u{10FFFF}", limit])
    }

    func inspection(id: String) throws -> Inspection? {
        try String.fetchOne(db, sql: "SELECT body FROM inspection WHERE id = ?", arguments: [id])
            .map { try JSONDecoder().decode(Inspection.self, from: Data($0.utf8)) }
    }

    func insert(_ inspection: Inspection, origin: String) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO inspection (id, venue, checklist, checklist_version, checklist_hash, at, recorded_at, body, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let row = SQLiteBindings(statement)
        for (index, text) in [
            inspection.id, inspection.venueID, inspection.checklistID, inspection.checklistVersion, inspection.checklistHash.hex,
        ].enumerated() {
            row.bind(CInt(index + 1), text)
        }
        row.bind(6, inspection.at.epochSeconds)
        row.bind(7, inspection.recordedAt.epochSeconds)
        row.bind(8, text: inspection.jsonBody)
        row.bind(9, origin)
        try statement.execute()
        try noteJointCheck(inspection)
        try ledger(.inspection, key: [inspection.id], isNew: true)
    }

    func inspections(_ body: (Int64, Inspection) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT rowid, body FROM inspection ORDER BY rowid")
        while let row = try cursor.next() {
            let text: String = row["body"]
            try body(row["rowid"], try JSONDecoder().decode(Inspection.self, from: Data(text.utf8)))
        }
    }

    func inspections(venueID: String) throws -> [Inspection] {
        try String.fetchAll(db, sql: "SELECT body FROM inspection WHERE venue = ? ORDER BY at, id", arguments: [venueID])
            .map { try JSONDecoder().decode(Inspection.self, from: Data($0.utf8)) }
    }

    func evidenceKeptFrom() throws -> EvidenceKeptFrom {
        guard let row = try Row.fetchOne(db, sql: "SELECT from_event, from_inspection FROM evidence_kept WHERE id = 1") else {
            // Removed by hand: check every file rather than excuse any.
            return .always
        }
        return EvidenceKeptFrom(event: row["from_event"], inspection: row["from_inspection"])
    }

    // MARK: - Notices

    func notice(issuer: String, venueID: String, hazardIDs: [String]) throws -> NoticeRecord? {
        let row = try Row.fetchOne(
            db, sql: "SELECT * FROM notice WHERE issuer = ? AND venue = ? AND hazards = ?",
            arguments: [issuer, venueID, hazardIDs.sorted().joined(separator: "\n")])
        return row.map { row in
            let hazards: String = row["hazards"]
            return NoticeRecord(
                issuer: row["issuer"], year: row["year"], sequence: row["seq"], venueID: row["venue"], inspectionID: row["inspection"],
                hazardIDs: hazards.split(separator: "\n").map(String.init), issuedAt: Date(epochSeconds: row["issued_at"]))
        }
    }

    func issue(_ notice: NoticeRecord) throws -> NoticeRecord {
        var issued = notice
        let last = try Int.fetchOne(db, sql: "SELECT max(seq) FROM notice WHERE issuer = ? AND year = ?", arguments: [notice.issuer, notice.year])
        issued.sequence = (last ?? 0) + 1
        try db.execute(
            sql: "INSERT INTO notice (issuer, year, seq, venue, inspection, hazards, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [issued.issuer, issued.year, issued.sequence, issued.venueID, issued.inspectionID,
                        issued.hazardIDs.joined(separator: "\n"), issued.issuedAt.epochSeconds])
        try ledger(.notice, key: [issued.issuer, issued.year, issued.sequence])
        return issued
    }

    func notices(venueID: String) throws -> [NoticeRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM notice WHERE venue = ? ORDER BY issued_at, rowid", arguments: [venueID]).map { row in
            let hazards: String = row["hazards"]
            return NoticeRecord(
                issuer: row["issuer"], year: row["year"], sequence: row["seq"], venueID: row["venue"], inspectionID: row["inspection"],
                hazardIDs: hazards.split(separator: "\n").map(String.init), issuedAt: Date(epochSeconds: row["issued_at"]))
        }
    }

    // MARK: - Re-inspection records

    func reinspectionRecords(venueID: String) throws -> [StoredReinspectionRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM reinspection_record WHERE venue = ? ORDER BY rowid", arguments: [venueID]).map { row in
            let hazards: String = row["hazards"], events: String = row["events"]
            let entries = zip(hazards.split(separator: "\n"), events.split(separator: "\n")).map {
                StoredReinspectionRecord.Entry(hazardID: String($0), eventID: String($1))
            }
            var record = StoredReinspectionRecord(
                issuer: row["issuer"], year: row["year"], sequence: row["seq"], venueID: row["venue"], notice: nil, entries: entries,
                issuedAt: Date(epochSeconds: row["issued_at"]))
            record.noticeIssuer = row["notice_issuer"]
            record.noticeYear = row["notice_year"]
            record.noticeSequence = row["notice_seq"]
            return record
        }
    }

    func issue(_ record: StoredReinspectionRecord) throws -> StoredReinspectionRecord {
        var issued = record
        let last = try Int.fetchOne(
            db, sql: "SELECT max(seq) FROM reinspection_record WHERE issuer = ? AND year = ?", arguments: [record.issuer, record.year])
        issued.sequence = (last ?? 0) + 1
        try db.execute(
            sql: """
                INSERT INTO reinspection_record (issuer, year, seq, venue, notice_issuer, notice_year, notice_seq, hazards, events, issued_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [issued.issuer, issued.year, issued.sequence, issued.venueID, issued.noticeIssuer, issued.noticeYear, issued.noticeSequence,
                        issued.entries.map(\.hazardID).joined(separator: "\n"), issued.entries.map(\.eventID).joined(separator: "\n"),
                        issued.issuedAt.epochSeconds])
        try ledger(.reinspectionRecord, key: [issued.issuer, issued.year, issued.sequence])
        return issued
    }

    // MARK: - Holiday calendars

    func calendarFiles() throws -> [StoredCalendarFile] {
        try CalendarFileRow.order(Column("seq")).fetchAll(db).map(\.file)
    }

    func add(calendarFile file: StoredCalendarFile) throws {
        try CalendarFileRow(file).insert(db)
        try ledger(.calendarFile, key: [db.lastInsertedRowID])
    }
}

/// A `calendar_file` row (its `seq`, the order imported, is SQLite's).
private struct CalendarFileRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "calendar_file"
    var name: String
    var body: String
    var imported_at: Int64
    var imported_by: String

    init(_ file: StoredCalendarFile) {
        name = file.name
        body = file.text
        imported_at = file.importedAt.epochSeconds
        imported_by = file.importedBy
    }

    var file: StoredCalendarFile {
        StoredCalendarFile(name: name, text: body, importedAt: Date(epochSeconds: imported_at), importedBy: imported_by)
    }
}
