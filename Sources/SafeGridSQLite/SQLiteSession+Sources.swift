import Foundation
import GRDB
import SafeGridCore

// Sources, campaigns, joint checks and referrals: the joint_check table and its counts.
extension SQLiteSession {
    /// Notes the departments of a joint check, one row each; nothing for other inspections.
    func noteJointCheck(_ inspection: Inspection) throws {
        let source = inspection.source
        guard source.kind == .jointCheck else { return }
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO joint_check (department, inspection, at, recorded_at, campaign) VALUES (?, ?, ?, ?, ?)
            """)
        for department in source.departments {
            try insert.execute(arguments: [
                department, inspection.id, inspection.at.epochSeconds, inspection.recordedAt.epochSeconds, source.campaign,
            ])
        }
    }

    /// Fills what `v15-sources` added for a store made before it: the joint checks of its
    /// inspections, and the rows of hazards whose events name a source, a campaign or a
    /// referral, folded again whole (their department and history change with a referral).
    func migrateSources() throws {
        let inspections = try Row.fetchCursor(db, sql: "SELECT body FROM inspection WHERE instr(body, '\"source\":') > 0 ORDER BY rowid")
        while let row = try inspections.next() {
            let body: String = row[0]
            try noteJointCheck(try JSONDecoder().decode(Inspection.self, from: Data(body.utf8)))
        }
        let hazards = try String.fetchAll(db, sql: """
            SELECT DISTINCT hazard FROM event
            WHERE kind = 'refer' OR (kind = 'recorded' AND (instr(CAST(body AS TEXT), '"source":') > 0
                OR instr(CAST(body AS TEXT), '"campaign":') > 0))
            """)
        refold.formUnion(hazards)
        try flush()
    }

    func jointChecks(_ query: CountQuery) throws -> [JointCheckRow] {
        try flush()
        // The joint checks in scope, their columns named through `table`.
        var arguments: [String: (any DatabaseValueConvertible)?] = ["t": query.asOf.epochSeconds]
        func scope(_ table: String) -> String {
            var conditions = ["\(table).at <= :t"]
            if let recorded = query.asRecordedAt {
                conditions.append("\(table).recorded_at <= :r")
                arguments["r"] = recorded.epochSeconds
            }
            if let period = query.discoveredIn {
                conditions.append("\(table).at BETWEEN :from AND :to")
                arguments["from"] = period.lowerBound.epochSeconds
                arguments["to"] = period.upperBound.epochSeconds
            }
            if let campaign = query.campaign {
                conditions.append("\(table).campaign = :campaign")
                arguments["campaign"] = campaign
            }
            if let area = Self.areaScope(query, table: "venue.") {
                // A joint check is inside the area scope when its venue is (where the venue is now).
                conditions.append("""
                    \(table).inspection IN (SELECT inspection.id FROM inspection JOIN venue ON venue.id = inspection.venue
                        WHERE \(area.condition))
                    """)
                arguments.merge(area.arguments) { _, new in new }
            }
            return conditions.joined(separator: " AND ")
        }
        let inspectionScope = scope("joint_check")
        var counts: [String: (inspections: Int, hazardsFound: Int)] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT department, count(*) FROM joint_check WHERE \(inspectionScope) GROUP BY department",
            arguments: StatementArguments(arguments))
        {
            counts[row[0], default: (0, 0)].inspections = row[1]
        }
        guard !counts.isEmpty else { return [] }
        // The hazards found, as the report's found count takes them: in scope at the cut-off
        // and not cancelled by then (a cancellation is final, so its stored time says).
        let cutOff = Self.cutOff(query)
        var hazardArguments = cutOff.arguments
        for (key, value) in arguments { hazardArguments[key] = value }
        if let scope = query.scope {
            // Restricted to areas: each hazard is inside where it stood at the cut-off, which
            // its row says for a settled one; the others are folded to the cut-off.
            var departments: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT inspection, department FROM joint_check WHERE \(inspectionScope)", arguments: StatementArguments(arguments))
            {
                departments[row[0], default: []].append(row[1])
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, joint_check, grid, police_grid, \(cutOff.settled) FROM hazard INDEXED BY hazard_by_joint_check
                WHERE joint_check IS NOT NULL AND \(cutOff.scope) AND NOT \(cutOff.cancelled)
                """, arguments: StatementArguments(cutOff.arguments))
            for row in rows {
                let id: String = row[0]
                guard let taking = departments[row[1]] else { continue }
                let settled: Bool = row[4]
                if settled {
                    guard scope.includes(gridCode: row[2], policeGridCode: row[3]) else { continue }
                } else {
                    guard let state = HazardState.replay(try events(hazardID: id), asOf: query.asOf, asRecordedAt: query.asRecordedAt),
                          state.status != .cancelled, query.includes(state)
                    else { continue }
                }
                for department in taking { counts[department, default: (0, 0)].hazardsFound += 1 }
            }
            return JointCheckRow.ordered(counts)
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT j.department, count(*) FROM joint_check AS j
            JOIN (SELECT joint_check AS inspection FROM hazard INDEXED BY hazard_by_joint_check
                  WHERE joint_check IS NOT NULL AND \(cutOff.scope) AND NOT \(cutOff.cancelled)) AS h
              ON h.inspection = j.inspection
            WHERE \(scope("j"))
            GROUP BY j.department
            """, arguments: StatementArguments(hazardArguments))
        {
            counts[row[0], default: (0, 0)].hazardsFound = row[1]
        }
        return JointCheckRow.ordered(counts)
    }
}
