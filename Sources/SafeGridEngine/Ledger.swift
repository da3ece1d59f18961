import Foundation
public import SafeGridCore

/// The area a ledger covers: a grid, community or street on the grid line, or a police grid,
/// beat or station on the police line, with every area under it (as reports roll up).
public enum LedgerScope: Sendable, Hashable {
    /// An area of the grid line (网格, 社区 or 街道) by code.
    case grid(String)
    /// An area of the police line (警格, 警务区 or 派出所) by code.
    case policeGrid(String)

    /// The area's code.
    public var code: String {
        switch self {
        case .grid(let code), .policeGrid(let code): code
        }
    }

    /// The area's line.
    public var line: AreaLine {
        switch self {
        case .grid: .grid
        case .policeGrid: .police
        }
    }
}

/// What ledger to make: a discovery period, a scope and the statuses to list.
public struct LedgerRequest: Sendable, Hashable {
    /// The first discovery day, if any.
    public var from: CivilDate?
    /// The last discovery day, if any.
    public var to: CivilDate?
    /// The area covered (`nil`: the whole store).
    public var scope: LedgerScope?
    /// Only hazards in these statuses now (`nil`: any).
    public var statuses: Set<HazardStatus>?

    /// Creates a request; every criterion is optional.
    public init(from: CivilDate? = nil, to: CivilDate? = nil, scope: LedgerScope? = nil, statuses: Set<HazardStatus>? = nil) {
        self.from = from
        self.to = to
        self.scope = scope
        self.statuses = statuses
    }
}

extension SafeGridEngine {
    /// Makes the hazard ledger (隐患台账) and passes it to `body`, its rows streamed from one
    /// consistent view of the store: valid only inside `body`.
    ///
    /// Each row is a hazard found in the period (by station day) whose grid or police grid in
    /// force lies in the scope, as its events leave it now: events refused as merge conflicts, or
    /// dismissed, are left out, as everywhere.
    ///
    /// ```swift
    /// try engine.withLedger(LedgerRequest(scope: .grid("C1"), statuses: [.open])) { ledger in
    ///     try exporter.export(ledger, options: ExportOptions(), to: output)
    /// }
    /// ```
    /// - Throws: `invalid-input` for a period that starts after it ends; `not-found` for a scope
    ///   code that names no area of its line.
    public func withLedger<T>(_ request: LedgerRequest, _ body: (HazardLedger) throws -> T) throws -> T {
        try store.read { reader in
            let directory = try reader.areaDirectory()
            var query = LedgerQuery(statuses: request.statuses)
            if request.from != nil || request.to != nil {
                let start = request.from.map(stationTime.startOfDay) ?? .distantPast
                let end = request.to.map(stationTime.endOfDay) ?? .distantFuture
                guard start <= end else {
                    throw SafeGridError.invalidInput("the period starts after it ends", chinese: "台账期间的开始日期晚于结束日期")
                }
                query.foundIn = start...end
            }
            var scope: AreaReference?
            if let wanted = request.scope {
                let (area, codes) = try Self.codes(under: wanted, directory)
                scope = AreaReference(code: area.code, name: area.name, follower: area.follower)
                switch wanted {
                case .grid: query.gridCodes = codes
                case .policeGrid: query.policeGridCodes = codes
                }
            }
            let asOf = clock.now()
            let rows = LedgerRows { emit in
                var builder = LedgerRowBuilder(reader: reader, directory: directory, asOf: asOf)
                try reader.ledgerHistories(query) { events in
                    if let row = try builder.row(events), query.includes(row.state) { try emit(row) }
                }
            }
            let ledger = HazardLedger(
                from: request.from, to: request.to, scope: scope, scopeLine: request.scope?.line, statuses: request.statuses,
                asOf: asOf, rows: rows,
                photos: HazardPhotoLookup { id in try photos(ofHazard: id, reader, asOf: asOf, asRecordedAt: nil) })
            return try body(ledger)
        }
    }

    /// The area a scope names, and the codes of the grids (or police grids) at or under it.
    static func codes(under scope: LedgerScope, _ directory: AreaDirectory) throws -> (Area, Set<String>) {
        let levels: [AreaLevel] = scope.line == .grid ? [.grid, .community, .street] : [.policeGrid, .beat, .station]
        guard let area = levels.lazy.compactMap({ directory.area($0, scope.code) }).first else {
            let option = scope.line == .grid ? "--grid" : "--police-grid"
            throw SafeGridError(
                .notFound,
                chinese: "\(option) \(scope.code)：\(scope.line == .grid ? "网格线" : "警格线")上没有这个编码的区域（网格、社区或街道；警格、警务区或派出所）",
                english: "\(option) \(scope.code): no area of the \(scope.line == .grid ? "grid" : "police") line has this code (a grid, community or street; a police grid, beat or station)",
                context: ["area": scope.code, "line": scope.line.rawValue])
        }
        let base = levels[0]
        let codes = directory.areas(at: base).map(\.code).filter { code in
            code == area.code || directory.ancestor(of: code, at: base, up: area.level) == area.code
        }
        return (area, Set(codes))
    }
}

/// Turns a hazard's events into its ledger row, remembering the last inspection and venue read
/// (a ledger lists the hazards of one inspection together).
struct LedgerRowBuilder {
    let reader: any HazardStoreReader
    let directory: AreaDirectory
    let asOf: Date
    private var inspection: Inspection?
    private var venue: Venue?

    init(reader: any HazardStoreReader, directory: AreaDirectory, asOf: Date) {
        self.reader = reader
        self.directory = directory
        self.asOf = asOf
    }

    mutating func row(_ events: [HazardEvent]) throws -> LedgerRow? {
        let fold = HazardFold(events)
        guard let state = fold.state,
              let recorded = events.first(where: { if case .recorded = $0.kind { true } else { false } })
        else { return nil }
        let refused = fold.dismissed.union(fold.conflicts.map(\.id))
        if inspection?.id != state.record.inspectionID { inspection = try reader.inspection(id: state.record.inspectionID) }
        if venue?.id != state.record.venueID { venue = try reader.venue(id: state.record.venueID) }
        func reference(_ level: AreaLevel, _ code: String) -> AreaReference {
            let area = directory.area(level, code)
            return AreaReference(code: code, name: area?.name ?? code, follower: area?.follower)
        }
        let communityCode = directory.area(.grid, state.gridCode)?.parentCode
        var row = LedgerRow(
            state: state, foundBy: inspection?.inspectors ?? [recorded.actor],
            source: inspection?.source ?? InspectionSource(kind: state.record.source, campaign: state.record.campaign),
            venue: venue, grid: reference(.grid, state.gridCode), policeGrid: reference(.policeGrid, state.policeGridCode),
            community: communityCode.map { reference(.community, $0) }, daysOverdue: state.daysOverdue(asOf: asOf))
        for event in events where !refused.contains(event.id) {
            switch EvidenceRole(event.kind) {
            case .before?: row.beforePhotoCount += event.evidence.count
            case .after?: row.afterPhotoCount += event.evidence.count
            case nil: break
            }
            switch event.kind {
            case .recorded, .conflictResolved: break
            case .fixedOnSpot:
                row.fixedOnSpot = true
                row.closedBy = event.actor
            case .rectificationReported: row.rectifications.append(event.at)
            case .reinspectionPassed:
                row.reinspections.append(.init(at: event.at, actor: event.actor, passed: true, note: event.note))
                row.closedBy = event.actor
            case .reinspectionFailed: row.reinspections.append(.init(at: event.at, actor: event.actor, passed: false, note: event.note))
            case .deadlineExtended(let until, let reason):
                row.extensions.append(.init(at: event.at, until: until, actor: event.actor, reason: reason))
            case .deferred(let reason): row.remarks.append(.deferred(reason: reason))
            case .cancelled(let reason): row.remarks.append(.cancelled(reason: reason))
            case .reassigned(_, _, let reason): row.remarks.append(.reassigned(reason: reason))
            case .referred(let department): row.remarks.append(.referred(department: department, note: event.note))
            }
        }
        return row
    }
}
