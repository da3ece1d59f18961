import Foundation
import PostgresNIO
import SafeGridCore

// Counts and the overdue list, computed in the database from the hazard table. A hazard whose
// row says how it stood at the cut-off (it is "settled": its deadline, grid, police grid,
// deferral and department last changed by then) is counted in SQL; the few that changed after
// the cut-off are folded to it in Swift, as the definition (`HazardCounts`) says.
extension PostgresSession {
    /// The SQL conditions of a query's cut-offs over the hazard table, with their values bound
    /// in `parameters`: the hazards in scope (found by the cut-off, in its period and campaign),
    /// those settled, and whether one was closed or cancelled by the cut-off.
    private struct CutOff {
        var scope: String
        var settled: String
        var closed: String
        var cancelled: String
        var unsettled: String
    }

    private func cutOff(_ query: CountQuery, _ parameters: SQLParameters) -> CutOff {
        let t = parameters.bind(.int(query.asOf.epochSeconds))
        var scope = "found_at <= \(t)"
        var cut = CutOff(
            scope: "", settled: "history_at <= \(t)", closed: "closed_at <= \(t)", cancelled: "cancelled_at <= \(t)",
            unsettled: "history_at > \(t)")
        if let recordedAt = query.asRecordedAt {
            let r = parameters.bind(.int(recordedAt.epochSeconds))
            scope += " AND found_recorded_at <= \(r)"
            cut.settled += " AND history_recorded_at <= \(r)"
            cut.closed += " AND closed_recorded_at <= \(r)"
            cut.cancelled += " AND cancelled_recorded_at <= \(r)"
            cut.unsettled = "(history_at > \(t) OR history_recorded_at > \(r))"
        }
        if let period = query.discoveredIn {
            scope += " AND found_at BETWEEN \(parameters.bind(.int(period.lowerBound.epochSeconds))) AND \(parameters.bind(.int(period.upperBound.epochSeconds)))"
        }
        if let campaign = query.campaign { scope += " AND campaign = \(parameters.bind(.text(campaign)))" }
        cut.scope = scope
        return cut
    }

    /// The query's area scope over the row's grid and police grid (where the settled hazards
    /// stood at the cut-off), of the table `table` names (`v.`) if not the hazard table; `nil`
    /// without a scope.
    private func areaCondition(_ query: CountQuery, table: String = "", _ parameters: SQLParameters) -> String? {
        guard let scope = query.scope else { return nil }
        return "(\(table)grid = ANY(\(parameters.bind(.texts(scope.grids.sorted())))) OR \(table)police_grid = ANY(\(parameters.bind(.texts(scope.policeGrids.sorted())))))"
    }

    /// The joint checks in the query's scope, per department: the inspections from the
    /// joint_check rows, the hazards they found from the hazard table (in scope at the cut-off,
    /// not cancelled by then), as `HazardStoreReader.jointChecks(_:)` defines them.
    func jointChecks(_ query: CountQuery) throws -> [JointCheckRow] {
        try flush()
        let parameters = SQLParameters()
        let cut = cutOff(query, parameters)
        var conditions = ["j.at <= $1"]
        if let recordedAt = query.asRecordedAt { conditions.append("j.recorded_at <= \(parameters.bind(.int(recordedAt.epochSeconds)))") }
        if let period = query.discoveredIn {
            conditions.append("j.at BETWEEN \(parameters.bind(.int(period.lowerBound.epochSeconds))) AND \(parameters.bind(.int(period.upperBound.epochSeconds)))")
        }
        if let campaign = query.campaign { conditions.append("j.campaign = \(parameters.bind(.text(campaign)))") }
        if let area = areaCondition(query, table: "v.", parameters) {
            // A joint check is inside the area scope when its venue is (where the venue is now).
            conditions.append("j.inspection IN (SELECT i.id FROM inspection AS i JOIN venue AS v ON v.id = i.venue WHERE \(area))")
        }
        let inScope = conditions.joined(separator: " AND ")
        var counts: [String: (inspections: Int, hazardsFound: Int)] = [:]
        for row in try link.rows("SELECT j.department, count(*) FROM joint_check AS j WHERE \(inScope) GROUP BY j.department", parameters.values) {
            counts[try row.text(0), default: (0, 0)].inspections = Int(try row.int(1))
        }
        guard !counts.isEmpty else { return [] }
        let hazards = "joint_check IS NOT NULL AND \(cut.scope) AND NOT (\(cut.cancelled))"
        if let scope = query.scope {
            // Restricted to areas: a settled hazard is inside where its row says, the others are
            // folded to the cut-off.
            var departments: [String: [String]] = [:]
            for row in try link.rows("SELECT j.inspection, j.department FROM joint_check AS j WHERE \(inScope)", parameters.values) {
                departments[try row.text(0), default: []].append(try row.text(1))
            }
            for row in try link.rows("SELECT id, joint_check, grid, police_grid, (\(cut.settled)) FROM hazard WHERE \(hazards)", parameters.values) {
                guard let taking = departments[try row.text(1)] else { continue }
                if try row.cells()[4].decode(Bool.self) {
                    guard scope.includes(gridCode: try row.text(2), policeGridCode: try row.text(3)) else { continue }
                } else {
                    guard let state = HazardState.replay(try events(hazardID: try row.text(0)), asOf: query.asOf, asRecordedAt: query.asRecordedAt),
                          state.status != .cancelled, query.includes(state)
                    else { continue }
                }
                for department in taking { counts[department, default: (0, 0)].hazardsFound += 1 }
            }
            return JointCheckRow.ordered(counts)
        }
        for row in try link.rows("""
            SELECT j.department, count(*) FROM joint_check AS j
            JOIN (SELECT joint_check AS inspection FROM hazard WHERE \(hazards)) AS h ON h.inspection = j.inspection
            WHERE \(inScope)
            GROUP BY j.department
            """, parameters.values) {
            counts[try row.text(0), default: (0, 0)].hazardsFound = Int(try row.int(1))
        }
        return JointCheckRow.ordered(counts)
    }

    private static func keyColumn(_ dimension: CountDimension) -> String {
        switch dimension {
        case .grid: "grid"
        case .policeGrid: "police_grid"
        case .category: "category"
        case .severity: "severity"
        case .venue: "venue"
        case .source: "source"
        case .campaign: "coalesce(campaign, '')"
        case .department: "department"
        }
    }

    func counts(_ query: CountQuery) throws -> [String: HazardCounts] {
        try flush()
        if let scope = query.scope, scope.isEmpty { return [:] }
        let (sql, values) = countsSQL(query, fromTallies: try isPastEveryEvent(query))
        var result: [String: HazardCounts] = [:]
        for row in try link.rows(sql, values) {
            result[try row.text(0)] = HazardCounts(
                found: Int(try row.int(1)), closed: Int(try row.int(2)), due: Int(try row.int(3)), onTime: Int(try row.int(4)),
                overdue: Int(try row.int(5)), deferred: Int(try row.int(6)))
        }
        for state in try unsettledHazards(query) {
            result[query.key(of: state), default: HazardCounts()] += state.counts(asOf: query.asOf)
        }
        return result
    }

    /// The counts of the settled hazards, in SQL: each hazard as it stood at the cut-off (its
    /// group, whether closed by then, on time, its deadline, whether deferred), added up per
    /// group. The closed, the running and the cancelled hazards are read apart, each from the
    /// partial index shaped for it. `fromTallies` (every event at or before the cut-off, no
    /// area scope, no period or campaign): the closed hazards of a grid or police grid are
    /// taken from its tally.
    func countsSQL(_ query: CountQuery, fromTallies: Bool) -> (sql: String, values: [SQLValue]) {
        if fromTallies, query.scope == nil, [.grid, .policeGrid].contains(query.dimension) {
            let (key, t) = (Self.keyColumn(query.dimension), "$1")
            // Every hazard is found and stands as it stands now: the running ones by their index.
            let sql = """
                SELECT key, sum(found)::bigint, sum(closed)::bigint, sum(due)::bigint, sum(on_time)::bigint, sum(overdue)::bigint,
                    sum(deferred)::bigint
                FROM (
                    SELECT code AS key, closed AS found, closed, closed AS due, on_time, 0 AS overdue, 0 AS deferred
                    FROM closed_tally WHERE line = '\(key)'
                    UNION ALL
                    SELECT \(key), count(*), 0, count(*) FILTER (WHERE deadline <= \(t)), 0,
                        count(*) FILTER (WHERE NOT parked AND deadline < \(t)), count(*) FILTER (WHERE parked)
                    FROM hazard WHERE \(SQLStatus.running) GROUP BY \(key)
                ) AS at_cut_off
                GROUP BY key
                """
            return (sql, [.int(query.asOf.epochSeconds)])
        }
        let parameters = SQLParameters()
        let cut = cutOff(query, parameters)
        let t = "$1"
        var inScope = "\(cut.scope) AND \(cut.settled)"
        if let area = areaCondition(query, parameters) { inScope += " AND \(area)" }
        let key = Self.keyColumn(query.dimension)
        let sql = """
            SELECT key, count(*), count(*) FILTER (WHERE closed), count(*) FILTER (WHERE closed OR deadline <= \(t)),
                count(*) FILTER (WHERE closed AND closed_on_time), count(*) FILTER (WHERE NOT closed AND NOT parked AND deadline < \(t)),
                count(*) FILTER (WHERE NOT closed AND parked)
            FROM (
                SELECT \(key) AS key, (\(cut.closed)) AS closed, closed_on_time, deadline, parked FROM hazard
                WHERE status = \(SQLStatus.literal(.closed)) AND \(inScope)
                UNION ALL
                SELECT \(key), false, false, deadline, parked FROM hazard
                WHERE \(SQLStatus.running) AND \(inScope)
                UNION ALL
                SELECT \(key), (\(cut.closed)), closed_on_time, deadline, parked FROM hazard
                WHERE status = \(SQLStatus.literal(.cancelled)) AND NOT (\(cut.cancelled)) AND \(inScope)
            ) AS at_cut_off
            GROUP BY key
            """
        return (sql, parameters.values)
    }

    func overdue(_ query: CountQuery, _ body: (OverdueHazard) throws -> Void) throws {
        try flush()
        if let scope = query.scope, scope.isEmpty { return }
        // Hazards that changed after the cut-off are few: merged, in deadline order, into the
        // stream of the settled ones.
        let unsettled = try unsettledHazards(query).filter { $0.isOverdue(asOf: query.asOf) }
            .sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        var next = unsettled.startIndex
        let parameters = SQLParameters()
        let cut = cutOff(query, parameters)
        var conditions = [
            cut.scope, cut.settled, "NOT (\(cut.closed))", "NOT (\(cut.cancelled))", "NOT parked", "deadline < $1",
        ]
        if let area = areaCondition(query, parameters) { conditions.append(area) }
        try foldEach(
            "SELECT id FROM hazard WHERE \(conditions.joined(separator: " AND ")) ORDER BY deadline, id COLLATE \"C\"", parameters.values,
            asOf: query.asOf, asRecordedAt: query.asRecordedAt
        ) { state in
            while next < unsettled.endIndex, (unsettled[next].deadline, unsettled[next].id) < (state.deadline, state.id) {
                try body(OverdueHazard(unsettled[next]))
                next += 1
            }
            if state.isOverdue(asOf: query.asOf) { try body(OverdueHazard(state)) }
        }
        for state in unsettled[next...] { try body(OverdueHazard(state)) }
    }

    /// Whether every event happened (and, for a frozen report, was recorded) at or before the
    /// query's cut-off, with no discovery period or campaign: then every hazard stands at the
    /// cut-off as its row says now.
    func isPastEveryEvent(_ query: CountQuery) throws -> Bool {
        guard query.discoveredIn == nil, query.campaign == nil else { return false }
        guard let row = try link.rows("SELECT max(latest_at), max(latest_recorded_at) FROM chain_head").first,
              let latestAt = try row.cells()[0].decode(Int64?.self)
        else { return true }
        let latestRecordedAt = try row.cells()[1].decode(Int64?.self) ?? Int64.min
        return latestAt <= query.asOf.epochSeconds && query.asRecordedAt.map { latestRecordedAt <= $0.epochSeconds } ?? true
    }

    /// The hazards in the query's scope that changed after its cut-off, each folded to it;
    /// cancelled ones left out. The area scope is checked on the folded hazard (where it stood
    /// then), never on the row.
    private func unsettledHazards(_ query: CountQuery) throws -> [HazardState] {
        let parameters = SQLParameters()
        let cut = cutOff(query, parameters)
        var found: [HazardState] = []
        try foldEach(
            "SELECT id FROM hazard WHERE \(cut.unsettled) AND \(cut.scope) ORDER BY pos", parameters.values, asOf: query.asOf,
            asRecordedAt: query.asRecordedAt
        ) { state in
            if state.status != .cancelled, query.includes(state) { found.append(state) }
        }
        return found
    }
}
