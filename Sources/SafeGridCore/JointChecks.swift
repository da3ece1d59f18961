import Foundation

/// What joint checks (联合检查) one department took part in, in a report's scope: counted per
/// department that took part, so one joint check with three departments counts under each of
/// the three. These rows are not a grouping of the report's counts and do not add up to its
/// total; the report shows them as a table of their own.
public struct JointCheckRow: Sendable, Hashable, Codable {
    /// The department's code (``Department``).
    public var department: String
    /// Joint-check inspections it took part in, made at or before the cut-off (in the period,
    /// and recorded by the recording cut-off, when the report has them).
    public var inspections: Int
    /// Hazards those inspections found that the report's `found` count includes.
    public var hazardsFound: Int

    /// Creates a row.
    public init(department: String, inspections: Int, hazardsFound: Int) {
        self.department = department
        self.inspections = inspections
        self.hazardsFound = hazardsFound
    }

    /// The department's name in `language` (the code, for a code not on the list).
    public func name(_ language: DisplayLanguage) -> String {
        Department.named(department)?.label(language) ?? department
    }

    /// Rows in the order of ``Department/all`` (unknown codes after them, by code), leaving out
    /// departments that took part in no joint check.
    public static func ordered(_ counts: [String: (inspections: Int, hazardsFound: Int)]) -> [JointCheckRow] {
        let order = Dictionary(uniqueKeysWithValues: Department.all.enumerated().map { ($1.code, $0) })
        return counts.filter { $0.value.inspections > 0 || $0.value.hazardsFound > 0 }
            .map { JointCheckRow(department: $0.key, inspections: $0.value.inspections, hazardsFound: $0.value.hazardsFound) }
            .sorted { (order[$0.department] ?? Int.max, $0.department) < (order[$1.department] ?? Int.max, $1.department) }
    }
}

extension HazardStoreReader {
    /// The joint checks in the query's scope, per department that took part (the query's
    /// dimension is not used): joint-check inspections made at or before its cut-off (and
    /// recorded by its recording cut-off, made in its discovery period, of its campaign, at a
    /// venue inside its area scope), and the hazards they found that count as found. Reads
    /// every inspection and hazard: right for a small store; an indexed store does better.
    public func jointChecks(_ query: CountQuery) throws -> [JointCheckRow] {
        var counts: [String: (inspections: Int, hazardsFound: Int)] = [:]
        var departments: [String: [String]] = [:]
        try inspections { _, inspection in
            let source = inspection.source
            guard source.kind == .jointCheck, inspection.at <= query.asOf,
                  query.asRecordedAt.map({ inspection.recordedAt <= $0 }) ?? true,
                  query.discoveredIn.map({ $0.contains(inspection.at) }) ?? true,
                  query.campaign.map({ source.campaign == $0 }) ?? true
            else { return }
            if let scope = query.scope {
                guard let venue = try venue(id: inspection.venueID), scope.includes(gridCode: venue.gridCode, policeGridCode: venue.policeGridCode)
                else { return }
            }
            departments[inspection.id] = source.departments
            for department in source.departments { counts[department, default: (0, 0)].inspections += 1 }
        }
        guard !departments.isEmpty else { return [] }
        try hazards(HazardFilter(source: .jointCheck)) { current in
            guard let taking = departments[current.record.inspectionID],
                  let state = HazardState.replay(try events(hazardID: current.id), asOf: query.asOf, asRecordedAt: query.asRecordedAt),
                  state.status != .cancelled, query.includes(state)
            else { return }
            for department in taking { counts[department, default: (0, 0)].hazardsFound += 1 }
        }
        return JointCheckRow.ordered(counts)
    }
}

extension HazardState {
    /// The inspection that found the hazard, when it was a joint check; `nil` for any other
    /// source.
    public var jointCheckInspection: String? { record.source == .jointCheck ? record.inspectionID : nil }
}
