import Foundation
import GRDB
import SafeGridCore

// What verify checks besides the event chain: SQLite's own integrity check, every derived row
// (hazards, tallies, the events' extent) against the events, and every row the ledger keeps
// against its last entry; the joint checks against the inspections they come from.
extension SQLiteSession {
    /// The problems found, at most a few dozen, each naming the table, the row and the column.
    func integrityProblems() throws -> [String] {
        try flush()
        var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        guard problems.isEmpty else { return problems }
        try checkTallies(&problems)
        try checkExtent(&problems)
        try checkHazards(&problems)
        try checkJointChecks(&problems)
        try checkLedger(&problems)
        return problems
    }

    /// Joint checks are counted per department from the joint_check rows: each must be what its
    /// inspection's source says, and each department of a joint check must have its row.
    private func checkJointChecks(_ problems: inout [String]) throws {
        struct Row: Equatable { var at: Int64, recordedAt: Int64, campaign: String? }
        var kept: [String: Row] = [:]
        for row in try GRDB.Row.fetchAll(db, sql: "SELECT department, inspection, at, recorded_at, campaign FROM joint_check") {
            kept["\(row[0] as String)/\(row[1] as String)"] = Row(at: row[2], recordedAt: row[3], campaign: row[4])
        }
        var expected: [String: Row] = [:]
        let inspections = try GRDB.Row.fetchCursor(db, sql: "SELECT id, body FROM inspection WHERE instr(body, '\"source\":') > 0")
        while let row = try inspections.next() {
            let id: String = row[0], body: String = row[1]
            guard let inspection = try? JSONDecoder().decode(Inspection.self, from: Data(body.utf8)) else {
                problems.append("table inspection, row \(id), column body: not an inspection SafeGrid wrote")
                continue
            }
            guard inspection.source.kind == .jointCheck else { continue }
            for department in inspection.source.departments {
                expected["\(department)/\(id)"] = Row(
                    at: inspection.at.epochSeconds, recordedAt: inspection.recordedAt.epochSeconds, campaign: inspection.source.campaign)
            }
        }
        for key in Set(kept.keys).union(expected.keys).sorted() where problems.count < Self.reportedProblems {
            switch (kept[key], expected[key]) {
            case (nil, _): problems.append("table joint_check, row \(key): deleted outside SafeGrid (the inspection names that department)")
            case (_, nil): problems.append("table joint_check, row \(key): added outside SafeGrid (no joint check names that department)")
            case (let row?, let want?) where row != want:
                let column = row.at != want.at ? "at" : row.recordedAt != want.recordedAt ? "recorded_at" : "campaign"
                problems.append("table joint_check, row \(key), column \(column): it differs from its inspection's source")
            default: break
            }
        }
    }

    /// The limit on problems reported: the first ones say what happened.
    private static var reportedProblems: Int { 40 }

    /// Reports as of now trust the tallies of closed hazards.
    private func checkTallies(_ problems: inout [String]) throws {
        func tallies(_ sql: String) throws -> [TallyKey: Tally] {
            var result: [TallyKey: Tally] = [:]
            for row in try Row.fetchAll(db, sql: sql) where row[2] as Int != 0 {
                result[TallyKey(line: row[0], code: row[1])] = Tally(closed: row[2], onTime: row[3])
            }
            return result
        }
        let kept = try tallies("SELECT line, code, closed, on_time FROM closed_tally")
        let counted = try tallies("""
            SELECT 'grid', grid, count(*), sum(closed_on_time) FROM hazard WHERE \(SQLStatus.closed) GROUP BY grid
            UNION ALL
            SELECT 'police_grid', police_grid, count(*), sum(closed_on_time) FROM hazard WHERE \(SQLStatus.closed) GROUP BY police_grid
            """)
        for key in Set(kept.keys).union(counted.keys).sorted(by: { ($0.line, $0.code) < ($1.line, $1.code) })
        where kept[key] != counted[key] && problems.count < Self.reportedProblems {
            func text(_ tally: Tally?) -> String { tally.map { "\($0.closed) closed, \($0.onTime) on time" } ?? "none closed" }
            problems.append(
                "table closed_tally, row \(key.line)/\(key.code): it says \(text(kept[key])), the hazards say \(text(counted[key]))")
        }
    }

    /// Reports as of now trust the extent to say that no event is later than the cut-off.
    private func checkExtent(_ problems: inout [String]) throws {
        let latest = try Row.fetchOne(db, sql: """
            SELECT max(at), max(recorded_at), (SELECT latest_at FROM event_extent), (SELECT latest_recorded_at FROM event_extent)
            FROM event
            """)
        if let latest, latest[0] as Int64? != latest[2] as Int64? || latest[1] as Int64? != latest[3] as Int64? {
            problems.append(
                "table event_extent: the store's note of its latest event (happened \(Self.moment(latest[2])), recorded \(Self.moment(latest[3]))) "
                    + "disagrees with its events (\(Self.moment(latest[0])), \(Self.moment(latest[1]))))")
        }
    }

    /// Every column of every hazard row against what its events fold to.
    private func checkHazards(_ problems: inout [String]) throws {
        let orphans = try String.fetchAll(db, sql: "SELECT DISTINCT hazard FROM event WHERE hazard NOT IN (SELECT id FROM hazard)")
        for hazard in orphans.prefix(10) { problems.append("table hazard, row \(hazard): deleted outside SafeGrid (the hazard has events)") }
        let columns = Self.hazardColumns
        let rows = try Row.fetchCursor(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM hazard ORDER BY recorded_seq")
        while let row = try rows.next(), problems.count < Self.reportedProblems {
            let id: String = row["id"]
            let folded: [DatabaseValue]
            do {
                guard let row = try foldedRow(id) else {
                    problems.append("table hazard, row \(id): added outside SafeGrid (no event records this hazard)")
                    continue
                }
                folded = row.values
            } catch {
                problems.append("table hazard, row \(id): its events cannot be read, so neither can what they fold to (\(error))")
                continue
            }
            let stored = Array(row.databaseValues)
            for (index, column) in columns.enumerated() where stored[index] != folded[index] {
                problems.append(
                    "table hazard, row \(id), column \(column): it says \(stored[index]), the hazard's events say \(folded[index])")
            }
        }
    }

    /// The ledger's chain, then every kept row against its last entry, then where merged
    /// events came from.
    private func checkLedger(_ problems: inout [String]) throws {
        // The chain, remembering each row's last entry (its sequence and the digest of its body).
        var latest: [String: [String: (sequence: Int64, digest: SHA256Digest, removed: Bool)]] = [:]
        var merged: [(first: Int64, last: Int64, origin: String)] = []
        var previous = ChainedEvent.genesis
        var expected: Int64 = 1
        let entries = try Row.fetchCursor(db, sql: "SELECT seq, tbl, key, body, prev_hash, hash FROM ledger ORDER BY seq")
        while let row = try entries.next() {
            let (sequence, table, key): (Int64, String, String) = (row[0], row[1], row[2])
            let body = Array(row[3] as Data), previousHash = Array(row[4] as Data), hash = Array(row[5] as Data)
            guard sequence == expected, previousHash == previous.bytes else {
                problems.append("table ledger, entry #\(expected): missing (the ledger jumps to #\(sequence)) or an entry was removed or inserted")
                return
            }
            let computed = Self.ledgerHash(previous: previous, table: table, key: key, body: body)
            guard computed.bytes == hash else {
                problems.append("table ledger, entry #\(sequence) (\(table) \(key)): changed after it was written")
                return
            }
            previous = computed
            expected += 1
            if table == Self.mergedEvents {
                let range = key.split(separator: "-").compactMap { Int64($0) }
                if range.count == 2 { merged.append((range[0], range[1], LedgerRow.decode(body)["origin"].map { String($0.dropFirst().dropLast()) } ?? "")) }
            } else {
                latest[table, default: [:]][key] = (sequence, SHA256.hash(body), body.isEmpty)
            }
        }
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM ledger_head WHERE id = 1")
        if (head?[0] as Int64? ?? 0) != expected - 1 || (head.map { Array($0[1] as Data) } ?? ChainedEvent.genesis.bytes) != previous.bytes {
            problems.append("table ledger_head: the ledger's last entry is #\(expected - 1), its head says #\(head?[0] as Int64? ?? 0): entries were cut or added")
        }

        for table in LedgerTable.allCases {
            var kept = latest[table.rawValue] ?? [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table.rawValue) ORDER BY rowid")
            while let row = try rows.next(), problems.count < Self.reportedProblems {
                let key = Self.ledgerKey(table.keyColumns.map { row[$0] as DatabaseValue })
                let body = LedgerRow.encode(row)
                guard let entry = kept.removeValue(forKey: key), !entry.removed else {
                    problems.append("table \(table.rawValue), row \(key): added outside SafeGrid (the ledger has no such row)")
                    continue
                }
                guard SHA256.hash(body) != entry.digest else { continue }
                let recorded = LedgerRow.decode(Array(try Data.fetchOne(db, sql: "SELECT body FROM ledger WHERE seq = ?", arguments: [entry.sequence]) ?? Data()))
                let now = LedgerRow.decode(body)
                for column in Set(recorded.keys).union(now.keys).sorted() where recorded[column] != now[column] {
                    problems.append(
                        "table \(table.rawValue), row \(key), column \(column): it says \(now[column] ?? "nothing"), the ledger says \(recorded[column] ?? "nothing")")
                }
            }
            for (key, entry) in kept.sorted(by: { $0.key < $1.key }) where !entry.removed && problems.count < Self.reportedProblems {
                problems.append("table \(table.rawValue), row \(key): deleted outside SafeGrid (the ledger has it, ledger entry #\(entry.sequence))")
            }
        }

        // Events merged from elsewhere are exactly those the ledger says, with their origins.
        var origins: [Int64: String] = [:]
        for range in merged { for sequence in range.first...range.last { origins[sequence] = range.origin } }
        let events = try Row.fetchCursor(db, sql: "SELECT seq, id, origin FROM event WHERE origin != '' ORDER BY seq")
        while let row = try events.next(), problems.count < Self.reportedProblems {
            let (sequence, id, origin): (Int64, String, String) = (row[0], row[1], row[2])
            if origins.removeValue(forKey: sequence) != origin {
                problems.append("table event, row #\(sequence) (\(id)), column origin: it says '\(origin)', the ledger says it was recorded here or elsewhere")
            }
        }
        for (sequence, origin) in origins.sorted(by: { $0.key < $1.key }).prefix(5) where problems.count < Self.reportedProblems {
            problems.append("table event, row #\(sequence), column origin: it says it was recorded here, the ledger says it was merged from \(origin)")
        }
    }

    private static func moment(_ epochSeconds: Int64?) -> String {
        epochSeconds.map { ISO8601DateFormatter().string(from: Date(epochSeconds: $0)) } ?? "none"
    }
}
