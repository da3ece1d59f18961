public import Foundation

/// The hazard ledger (隐患台账), the record every station keeps (61号令 §33): one row per hazard
/// found in a period and scope, from its finding to its close-out, with every column of
/// ``LedgerColumn``.
///
/// Rows stream from the store while an exporter writes them (a city's ledger runs to a million
/// hazards), so a ledger made by `SafeGridEngine.withLedger(_:_:)` is valid only inside that
/// call; its rows may be walked more than once there.
///
/// ```swift
/// try engine.withLedger(LedgerRequest(scope: .grid("C1"), statuses: [.open])) { ledger in
///     try exporter.export(ledger, options: ExportOptions(), to: output)
/// }
/// ```
public struct HazardLedger {
    /// The first discovery day of the period, if any.
    public var from: CivilDate?
    /// The last discovery day of the period, if any.
    public var to: CivilDate?
    /// The area the ledger covers (with every area under it), or `nil` for the whole store.
    public var scope: AreaReference?
    /// The line of ``scope`` (`grid` or `police`).
    public var scopeLine: AreaLine?
    /// Only hazards in these statuses (`nil`: any).
    public var statuses: Set<HazardStatus>?
    /// The moment the rows stand at (days overdue are counted to it): when the ledger was made.
    public var asOf: Date
    /// The rows, in the order the hazards were found (then in the order recorded).
    public var rows: LedgerRows
    /// The kept before/after photos of a row's hazard, looked up on demand.
    public var photos: HazardPhotoLookup

    /// Creates a ledger.
    public init(
        from: CivilDate? = nil, to: CivilDate? = nil, scope: AreaReference? = nil, scopeLine: AreaLine? = nil,
        statuses: Set<HazardStatus>? = nil, asOf: Date, rows: LedgerRows, photos: HazardPhotoLookup = .none
    ) {
        self.from = from
        self.to = to
        self.scope = scope
        self.scopeLine = scopeLine
        self.statuses = statuses
        self.asOf = asOf
        self.rows = rows
        self.photos = photos
    }

    /// `隐患台账（C1，2026-06-01 至 2026-06-30）` / `Hazard ledger (C1, 2026-06-01 to 2026-06-30)`.
    public func title(_ language: DisplayLanguage) -> String {
        var parts: [String] = []
        if let scope { parts.append(scope.name == scope.code ? scope.code : "\(scope.name) \(scope.code)") }
        switch (from, to) {
        case (let from?, let to?): parts.append(language.pick("\(from) 至 \(to)", "\(from) to \(to)"))
        case (let from?, nil): parts.append(language.pick("\(from) 起", "from \(from)"))
        case (nil, let to?): parts.append(language.pick("至 \(to)", "to \(to)"))
        case (nil, nil): break
        }
        if let statuses, !statuses.isEmpty {
            let names = HazardStatus.allCases.filter(statuses.contains).map { $0.label(language) }
            parts.append(names.joined(separator: language.pick("、", ", ")))
        }
        let base = language.pick("隐患台账", "Hazard ledger")
        guard !parts.isEmpty else { return base }
        return language.pick("\(base)（\(parts.joined(separator: "，"))）", "\(base) (\(parts.joined(separator: ", ")))")
    }
}

/// The rows of a ``HazardLedger``, produced on demand: a cursor over the store's hazards, never
/// an array of them all.
public struct LedgerRows {
    private let walk: (_ body: (LedgerRow) throws -> Void) throws -> Void

    /// Rows that `walk` passes to its argument, in order, each time it is called.
    public init(_ walk: @escaping (_ body: (LedgerRow) throws -> Void) throws -> Void) {
        self.walk = walk
    }

    /// Rows from an array (for tests and small ledgers).
    public init(_ rows: [LedgerRow]) {
        self.init { body in for row in rows { try body(row) } }
    }

    /// Calls `body` with each row, in order.
    /// - Throws: what `body` throws, or what the store throws while reading.
    public func forEach(_ body: (LedgerRow) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in try walk(body) }
    }
}

/// One hazard in the ledger: its finding, rectification, re-inspections and close-out.
public struct LedgerRow: Sendable, Hashable {
    /// A deadline extension (延期).
    public struct Extension: Sendable, Hashable {
        /// When it was granted.
        public var at: Date
        /// The new deadline.
        public var until: Date
        /// Who granted it.
        public var actor: String
        /// Why.
        public var reason: String

        /// Creates an extension.
        public init(at: Date, until: Date, actor: String, reason: String) {
            self.at = at
            self.until = until
            self.actor = actor
            self.reason = reason
        }
    }

    /// A re-inspection (复查).
    public struct Reinspection: Sendable, Hashable {
        /// When.
        public var at: Date
        /// Who.
        public var actor: String
        /// Whether it passed.
        public var passed: Bool
        /// The re-inspector's note, if any.
        public var note: String?

        /// Creates a re-inspection.
        public init(at: Date, actor: String, passed: Bool, note: String? = nil) {
            self.at = at
            self.actor = actor
            self.passed = passed
            self.note = note
        }
    }

    /// A note from an event that carries a reason.
    public enum Remark: Sendable, Hashable {
        /// Parked (挂账), and why.
        case deferred(reason: String)
        /// Cancelled, and why.
        case cancelled(reason: String)
        /// Moved to another grid or police grid, and why.
        case reassigned(reason: String)
        /// Referred to a department (a ``Department`` code), with the note given.
        case referred(department: String, note: String?)

        /// The remark for people.
        public func text(_ l: DisplayLanguage) -> String {
            switch self {
            case .deferred(let reason): l.pick("挂账：\(reason)", "deferred: \(reason)")
            case .cancelled(let reason): l.pick("撤销：\(reason)", "cancelled: \(reason)")
            case .reassigned(let reason): l.pick("调整网格/警格：\(reason)", "reassigned: \(reason)")
            case .referred(let department, let note):
                l.pick("分流至", "referred to ") + (Department.named(department)?.label(l) ?? department)
                    + (note.map { l.pick("：\($0)", ": \($0)") } ?? "")
            }
        }
    }

    /// The hazard as it stands (its id is the ledger number, 编号).
    public var state: HazardState
    /// Who found it: the inspection's inspectors (the recording actor when the inspection is unknown).
    public var foundBy: [String]
    /// The inspection's source, with its campaign and joint-check departments.
    public var source: InspectionSource
    /// The venue, if the store knows it.
    public var venue: Venue?
    /// The grid in force, named.
    public var grid: AreaReference
    /// The police grid in force, named.
    public var policeGrid: AreaReference
    /// The community the grid belongs to, if known.
    public var community: AreaReference?
    /// Deadline extensions, in order.
    public var extensions: [Extension]
    /// When the venue reported it fixed (整改), each time, in order.
    public var rectifications: [Date]
    /// Re-inspections, in order.
    public var reinspections: [Reinspection]
    /// Who closed it out (销号人), if closed.
    public var closedBy: String?
    /// Whether it was fixed on the spot (即查即改) rather than by a deadline.
    public var fixedOnSpot: Bool
    /// Days past the deadline at the ledger's moment (0 when not overdue).
    public var daysOverdue: Int
    /// Notes from the events that carry a reason: parking, cancellation, referral, reassignment.
    public var remarks: [Remark]
    /// How many photos of what was found are kept (hashes recorded).
    public var beforePhotoCount: Int
    /// How many photos of the fix are kept (hashes recorded).
    public var afterPhotoCount: Int

    /// Creates a row.
    public init(
        state: HazardState, foundBy: [String], source: InspectionSource, venue: Venue?, grid: AreaReference, policeGrid: AreaReference,
        community: AreaReference? = nil, extensions: [Extension] = [], rectifications: [Date] = [], reinspections: [Reinspection] = [],
        closedBy: String? = nil, fixedOnSpot: Bool = false, daysOverdue: Int = 0, remarks: [Remark] = [], beforePhotoCount: Int = 0,
        afterPhotoCount: Int = 0
    ) {
        self.state = state
        self.foundBy = foundBy
        self.source = source
        self.venue = venue
        self.grid = grid
        self.policeGrid = policeGrid
        self.community = community
        self.extensions = extensions
        self.rectifications = rectifications
        self.reinspections = reinspections
        self.closedBy = closedBy
        self.fixedOnSpot = fixedOnSpot
        self.daysOverdue = daysOverdue
        self.remarks = remarks
        self.beforePhotoCount = beforePhotoCount
        self.afterPhotoCount = afterPhotoCount
    }

    /// Whether the row has kept photos, before or after.
    public var hasPhotos: Bool { beforePhotoCount + afterPhotoCount > 0 }
}

/// The ledger's columns, in order: the fields of the station's 隐患台账 (discovery, where, what,
/// rectification, review, close-out). Every tabular format writes exactly these.
public enum LedgerColumn: String, Sendable, Hashable, CaseIterable {
    case number, foundAt, foundBy, source, venueID, venue, address, gridCode, grid, community, policeGridCode, policeGrid
    case category, description, basis, severity, handling, deadline, extensions, deadlineInForce
    case rectifiedAt, reinspections, reworkCount, status, closedAt, closedBy, closedOnTime, daysOverdue, department
    case beforePhotos, afterPhotos, remarks

    /// The column's heading.
    public func label(_ l: DisplayLanguage) -> String {
        switch self {
        case .number: l.pick("编号", "No.")
        case .foundAt: l.pick("发现时间", "Found")
        case .foundBy: l.pick("发现人", "Found by")
        case .source: l.pick("来源", "Source")
        case .venueID: l.pick("场所编号", "Venue ID")
        case .venue: l.pick("场所", "Venue")
        case .address: l.pick("地址", "Address")
        case .gridCode: l.pick("网格编码", "Grid code")
        case .grid: l.pick("网格", "Grid")
        case .community: l.pick("社区", "Community")
        case .policeGridCode: l.pick("警格编码", "Police grid code")
        case .policeGrid: l.pick("警格", "Police grid")
        case .category: l.pick("类别", "Category")
        case .description: l.pick("隐患描述", "Description")
        case .basis: l.pick("判定依据", "Basis")
        case .severity: l.pick("等级", "Severity")
        case .handling: l.pick("处置方式", "Handling")
        case .deadline: l.pick("整改期限", "Deadline")
        case .extensions: l.pick("延期记录", "Extensions")
        case .deadlineInForce: l.pick("最终期限", "Final deadline")
        case .rectifiedAt: l.pick("整改完成报告", "Reported fixed")
        case .reinspections: l.pick("复查记录", "Re-inspections")
        case .reworkCount: l.pick("复查不合格次数", "Failed re-inspections")
        case .status: l.pick("状态", "Status")
        case .closedAt: l.pick("销号时间", "Closed")
        case .closedBy: l.pick("销号人", "Closed by")
        case .closedOnTime: l.pick("按期", "On time")
        case .daysOverdue: l.pick("逾期天数", "Days overdue")
        case .department: l.pick("处置部门", "Department acting")
        case .beforePhotos: l.pick("整改前照片", "Before photos")
        case .afterPhotos: l.pick("整改后照片", "After photos")
        case .remarks: l.pick("备注", "Remarks")
        }
    }

    /// The headings of every column, in order.
    public static func headings(_ language: DisplayLanguage) -> [String] { allCases.map { $0.label(language) } }
}

extension LedgerRow {
    /// The row's cells, one per ``LedgerColumn`` in order: counts as numbers, times as times,
    /// lists (extensions, re-inspections) as one text each, entries separated by `；` (`; `).
    public func cells(_ options: ExportOptions) -> [ReportCell] {
        LedgerColumn.allCases.map { cell($0, options) }
    }

    /// The cell of one column.
    public func cell(_ column: LedgerColumn, _ options: ExportOptions) -> ReportCell {
        let l = options.language
        let time = options.stationTime
        let separator = l.pick("；", "; ")
        func text(_ value: String?) -> ReportCell { value.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
        func who(_ actor: String) -> String { actor.isEmpty ? "" : l.pick("（\(actor)）", " (\(actor))") }
        switch column {
        case .number: return .text(state.id)
        case .foundAt: return .time(state.foundAt)
        case .foundBy: return text(foundBy.joined(separator: l.pick("、", ", ")))
        case .source: return .text(source.label(l))
        case .venueID: return .text(state.record.venueID)
        case .venue: return .text(venue?.name ?? state.record.venueID)
        case .address: return text(venue?.address)
        case .gridCode: return .text(grid.code)
        case .grid: return .text(grid.name)
        case .community: return text(community?.name)
        case .policeGridCode: return .text(policeGrid.code)
        case .policeGrid: return .text(policeGrid.name)
        case .category: return .text(HazardCategory.label(state.record.category, l))
        case .description: return .text(state.record.title.resolved(for: l))
        case .basis: return text(state.record.basis)
        case .severity: return .text(state.record.severity.label(l))
        case .handling: return .text(fixedOnSpot ? l.pick("即查即改", "fixed on the spot") : l.pick("限期整改", "rectify by deadline"))
        case .deadline: return .time(state.record.deadline)
        case .extensions:
            return text(extensions.map { e in
                l.pick("\(time.show(e.at)) 延至 \(time.show(e.until))：\(e.reason)\(who(e.actor))",
                       "\(time.show(e.at)) to \(time.show(e.until)): \(e.reason)\(who(e.actor))")
            }.joined(separator: separator))
        case .deadlineInForce: return .time(state.deadline)
        case .rectifiedAt: return text(rectifications.map(time.show).joined(separator: separator))
        case .reinspections:
            return text(reinspections.map { r in
                let verdict = r.passed ? l.pick("合格", "passed") : l.pick("不合格", "failed")
                let note = r.note.map { l.pick("：\($0)", ": \($0)") } ?? ""
                return "\(time.show(r.at)) \(verdict)\(who(r.actor))\(note)"
            }.joined(separator: separator))
        case .reworkCount: return .integer(state.reworkCount)
        case .status: return .text(state.status.label(l))
        case .closedAt: return state.closedAt.map(ReportCell.time) ?? .empty
        case .closedBy: return text(closedBy)
        case .closedOnTime:
            guard state.closedAt != nil else { return .empty }
            return .text(state.closedOnTime ? l.pick("是", "yes") : l.pick("否", "no"))
        case .daysOverdue: return .integer(daysOverdue)
        case .department: return text(state.department.map { Department.named($0)?.label(l) ?? $0 })
        case .beforePhotos: return .integer(beforePhotoCount)
        case .afterPhotos: return .integer(afterPhotoCount)
        case .remarks: return text(remarks.map { $0.text(l) }.joined(separator: separator))
        }
    }
}

/// Which hazards a store streams for a ledger (``HazardStoreReader/ledgerHistories(_:_:)``):
/// found in a period, in a set of grids or police grids (in force now), in some statuses.
public struct LedgerQuery: Sendable, Hashable {
    /// Only hazards found in this range of instants (`nil`: any time).
    public var foundIn: ClosedRange<Date>?
    /// Only hazards whose grid in force is one of these (`nil`: any).
    public var gridCodes: Set<String>?
    /// Only hazards whose police grid in force is one of these (`nil`: any).
    public var policeGridCodes: Set<String>?
    /// Only hazards in these statuses now (`nil`: any).
    public var statuses: Set<HazardStatus>?

    /// A query; every criterion is optional.
    public init(
        foundIn: ClosedRange<Date>? = nil, gridCodes: Set<String>? = nil, policeGridCodes: Set<String>? = nil, statuses: Set<HazardStatus>? = nil
    ) {
        self.foundIn = foundIn
        self.gridCodes = gridCodes
        self.policeGridCodes = policeGridCodes
        self.statuses = statuses
    }

    /// Whether a hazard, as it stands now, is in the query.
    public func includes(_ state: HazardState) -> Bool {
        if let foundIn, !foundIn.contains(state.foundAt) { return false }
        if let gridCodes, !gridCodes.contains(state.gridCode) { return false }
        if let policeGridCodes, !policeGridCodes.contains(state.policeGridCode) { return false }
        if let statuses, !statuses.contains(state.status) { return false }
        return true
    }
}

extension HazardStoreReader {
    /// Every hazard read, filtered and sorted in memory: right for a small store; a store
    /// meant for a city streams them (the SQLite store reads a cursor).
    public func ledgerHistories(_ query: LedgerQuery, _ body: ([HazardEvent]) throws -> Void) throws {
        var found: [(foundAt: Date, order: Int, id: String)] = []
        try hazards(HazardFilter(statuses: query.statuses)) { state in
            if query.includes(state) { found.append((state.foundAt, found.count, state.id)) }
        }
        found.sort { ($0.foundAt, $0.order) < ($1.foundAt, $1.order) }
        for hazard in found { try body(try events(hazardID: hazard.id)) }
    }
}
