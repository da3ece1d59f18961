import Foundation
public import SafeGridCore

/// Which of a venue's hazards a rectification notice lists.
public enum NoticeScope: Sendable, Hashable {
    /// The open hazards found in the venue's latest inspection that still has any (the default:
    /// the notice handed over after a visit).
    case latestInspection
    /// The open hazards found in this inspection.
    case inspection(String)
    /// Every open hazard of the venue, whichever inspection found it.
    case allOpen
}

extension SafeGridEngine {
    /// Issues the rectification notice (整改通知书) for a venue's open hazards, or for those
    /// found in one inspection; see ``issueNotice(venueID:scope:)``.
    ///
    /// - Parameters:
    ///   - venueID: the venue.
    ///   - inspectionID: only this inspection's hazards; `nil` for all open ones.
    public func issueNotice(venueID: String, inspectionID: String? = nil) throws -> RectificationNotice {
        try issueNotice(venueID: venueID, scope: inspectionID.map { .inspection($0) } ?? .allOpen)
    }

    /// Issues the rectification notice (整改通知书) for the hazards of a venue that `scope`
    /// names, numbered in its station's sequence for the year.
    ///
    /// Only hazards still **open** are listed: one the venue reported fixed (awaiting
    /// re-inspection) waits on the station, not the venue, and a deferred one is parked, so
    /// neither is ordered again; a failed re-inspection makes a hazard open again. Each item
    /// carries its own found date and inspectors.
    ///
    /// The basis column cites only national bases and those of the store's province
    /// (``StoreSettings/province``; with none set, national only), never a `reference` or
    /// another province's rule. The bases come from the checklist version the inspection
    /// used, as stored; if that version is of the format's first form (no jurisdictions), from
    /// the newest stored version of the same checklist whose item has them. An untagged
    /// citation is never printed: nothing says where it is law.
    ///
    /// Issuing the same venue and hazards again returns the notice already issued, with its
    /// number and date, so a reprint never takes a new number.
    ///
    /// - Parameters:
    ///   - venueID: the venue.
    ///   - scope: which of its open hazards: the latest inspection's, one inspection's, or all.
    /// - Throws: `SafeGridError` `not-found` for an unknown venue or inspection,
    ///   `invalid-input` when nothing in scope is open.
    public func issueNotice(venueID: String, scope: NoticeScope) throws -> RectificationNotice {
        try issueNotice(venueID: venueID, scope: scope) { $0 }
    }

    /// Issues the notice as ``issueNotice(venueID:scope:)`` does and hands it to `deliver` (that
    /// writes its file) inside the same transaction: when `deliver` throws (a full disk, a
    /// folder that is not there), the notice is not issued and its number is not used.
    /// - Parameters:
    ///   - venueID: the venue.
    ///   - scope: which of its open hazards.
    ///   - deliver: what is done with the notice before it counts as issued.
    /// - Throws: what ``issueNotice(venueID:scope:)`` throws, and what `deliver` throws.
    public func issueNotice<T>(venueID: String, scope: NoticeScope, then deliver: (RectificationNotice) throws -> T) throws -> T {
        let province = try settings().province?.code
        return try store.write { writer in
            guard let venue = try writer.venue(id: venueID) else { throw SafeGridError.notFound("venue", venueID) }
            var inspectionID: String?
            if case .inspection(let id) = scope {
                guard let inspection = try writer.inspection(id: id) else { throw SafeGridError.notFound("inspection", id) }
                guard inspection.venueID == venueID else {
                    throw SafeGridError.invalidInput(
                        "inspection \(id) is of venue \(inspection.venueID), not \(venueID)",
                        chinese: "检查记录 \(id) 属于场所 \(inspection.venueID)，不是 \(venueID)",
                        context: ["inspection": id, "venue": venueID])
                }
                inspectionID = id
            }
            var hazards: [HazardState] = []
            try writer.hazards(HazardFilter(statuses: [.open], venueID: venueID)) { state in
                if inspectionID == nil || state.record.inspectionID == inspectionID { hazards.append(state) }
            }
            if scope == .latestInspection, let latest = hazards.max(by: { ($0.foundAt, $0.record.inspectionID) < ($1.foundAt, $1.record.inspectionID) }) {
                inspectionID = latest.record.inspectionID
                hazards = hazards.filter { $0.record.inspectionID == inspectionID }
            }
            guard !hazards.isEmpty else {
                throw SafeGridError.invalidInput(
                    "venue \(venueID) has no open hazards\(inspectionID.map { " from inspection \($0)" } ?? ""): there is nothing to notify",
                    chinese: "场所 \(venueID)\(inspectionID.map { "在检查 \($0) 中" } ?? "")没有待整改的隐患，无需下发整改通知书",
                    context: ["venue": venueID])
            }
            hazards.sort { ($0.deadline, $0.id) < ($1.deadline, $1.id) }

            let directory = try writer.areaDirectory()
            func reference(_ level: AreaLevel, _ code: String) -> AreaReference {
                let area = directory.area(level, code)
                return AreaReference(code: code, name: area?.name ?? code, follower: area?.follower)
            }
            let issuer = Self.issuingStation(of: venue, directory)

            let now = clock.now()
            let hazardIDs = hazards.map(\.id)
            let record = try writer.notice(issuer: issuer.code, venueID: venueID, hazardIDs: hazardIDs)
                ?? writer.issue(NoticeRecord(
                    issuer: issuer.code, year: stationTime.day(of: now).components.year, venueID: venueID, inspectionID: inspectionID,
                    hazardIDs: hazardIDs, issuedAt: now))

            var inspections: [String: Inspection] = [:]
            var checklists: [String: Checklist?] = [:]
            func checklist(_ id: String, _ version: String?) throws -> Checklist? {
                let key = "\(id)@\(version ?? "newest")"
                if let known = checklists[key] { return known }
                let found = try writer.checklist(id: id, version: version)
                checklists[key] = found
                return found
            }
            var items: [RectificationNotice.Item] = []
            for hazard in hazards {
                let record = hazard.record
                if inspections[record.inspectionID] == nil, let inspection = try writer.inspection(id: record.inspectionID) {
                    inspections[record.inspectionID] = inspection
                }
                let inspection = inspections[record.inspectionID]
                let item = try checklist(record.checklistID, record.checklistVersion)?.item(id: record.itemID)
                var bases = item?.bases ?? record.basis.map { [Basis($0)] } ?? []
                if !bases.contains(where: { $0.jurisdiction != nil }),
                   let newer = try checklist(record.checklistID, nil)?.item(id: record.itemID)?.bases,
                   newer.contains(where: { $0.jurisdiction != nil }) {
                    bases = newer
                }
                let response = inspection?.responses.first { $0.itemID == record.itemID }
                var entry = RectificationNotice.Item(
                    hazardID: hazard.id, itemID: record.itemID, title: record.title, finding: item?.failText,
                    bases: bases.filter { $0.isPrintable(inProvince: province) },
                    severity: record.severity, foundAt: hazard.foundAt, inspectionID: record.inspectionID,
                    inspectors: inspection?.inspectors ?? [], deadline: hazard.deadline, note: response?.note,
                    evidence: response?.evidence ?? [], photoRequired: item?.photo == .required,
                    deadlineProvisional: deadlineIsProvisional(hazard))
                entry.photos = photos(entry.evidence)
                items.append(entry)
            }
            let visits = inspections.values.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            var inspectors: [String] = []
            for name in visits.flatMap(\.inspectors) where !inspectors.contains(name) { inspectors.append(name) }
            return try deliver(RectificationNotice(
                number: RectificationNotice.number(issuer: issuer.name, year: record.year, sequence: record.sequence), issuer: issuer,
                year: record.year, sequence: record.sequence, issuedAt: record.issuedAt, venue: venue,
                grid: reference(.grid, venue.gridCode), policeGrid: reference(.policeGrid, venue.policeGridCode),
                inspectionID: inspectionID, inspectedAt: visits.first?.at ?? hazards.map(\.foundAt).min() ?? now,
                inspectors: inspectors, items: items))
        }
    }
}

extension SafeGridEngine {
    /// The station that issues a venue's notices and re-inspection records: the one over its
    /// police grid; a police grid with no station on record issues in its own name.
    static func issuingStation(of venue: Venue, _ directory: AreaDirectory) -> AreaReference {
        let stationCode = directory.ancestor(of: venue.policeGridCode, at: .policeGrid, up: .station) ?? venue.policeGridCode
        if let station = directory.area(.station, stationCode) { return AreaReference(code: station.code, name: station.name) }
        let grid = directory.area(.policeGrid, venue.policeGridCode)
        return AreaReference(code: venue.policeGridCode, name: grid?.name ?? venue.policeGridCode, follower: grid?.follower)
    }

    /// An area as a document names it: its name (the code when it has none on record) and follower.
    static func areaReference(_ level: AreaLevel, _ code: String, _ directory: AreaDirectory) -> AreaReference {
        let area = directory.area(level, code)
        return AreaReference(code: code, name: area?.name ?? code, follower: area?.follower)
    }
}
