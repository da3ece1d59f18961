import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// Issues the rectification notice (整改通知书) for a venue's open hazards, or for those
    /// found in one inspection, numbered in its station's sequence for the year.
    ///
    /// Issuing the same venue and hazards again returns the notice already issued, with its
    /// number and date, so a reprint never takes a new number.
    ///
    /// - Throws: `SafeGridError` `not-found` for an unknown venue or inspection,
    ///   `invalid-input` when nothing on the venue is open.
    public func issueNotice(venueID: String, inspectionID: String? = nil) throws -> RectificationNotice {
        try store.write { writer in
            guard let venue = try writer.venue(id: venueID) else { throw SafeGridError.notFound("venue", venueID) }
            if let inspectionID {
                guard let inspection = try writer.inspection(id: inspectionID) else { throw SafeGridError.notFound("inspection", inspectionID) }
                guard inspection.venueID == venueID else {
                    throw SafeGridError.invalidInput(
                        "inspection \(inspectionID) is of venue \(inspection.venueID), not \(venueID)",
                        chinese: "检查记录 \(inspectionID) 属于场所 \(inspection.venueID)，不是 \(venueID)",
                        context: ["inspection": inspectionID, "venue": venueID])
                }
            }
            var hazards: [HazardState] = []
            try writer.hazards(HazardFilter(statuses: [.open, .awaitingReinspection], venueID: venueID)) { state in
                if inspectionID == nil || state.record.inspectionID == inspectionID { hazards.append(state) }
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
            // The station over the venue's police grid issues it; a police grid with no station
            // on record issues in its own name.
            let stationCode = directory.ancestor(of: venue.policeGridCode, at: .policeGrid, up: .station) ?? venue.policeGridCode
            let issuer = directory.area(.station, stationCode).map { AreaReference(code: $0.code, name: $0.name) }
                ?? reference(.policeGrid, venue.policeGridCode)

            let now = clock.now()
            let hazardIDs = hazards.map(\.id)
            let record = try writer.notice(issuer: issuer.code, venueID: venueID, hazardIDs: hazardIDs)
                ?? writer.issue(NoticeRecord(
                    issuer: issuer.code, year: stationTime.day(of: now).components.year, venueID: venueID, inspectionID: inspectionID,
                    hazardIDs: hazardIDs, issuedAt: now))

            var inspections: [String: Inspection] = [:]
            var checklists: [String: Checklist] = [:]
            var items: [RectificationNotice.Item] = []
            for hazard in hazards {
                let record = hazard.record
                if inspections[record.inspectionID] == nil, let inspection = try writer.inspection(id: record.inspectionID) {
                    inspections[record.inspectionID] = inspection
                }
                let checklistKey = "\(record.checklistID)@\(record.checklistVersion)"
                if checklists[checklistKey] == nil, let checklist = try writer.checklist(id: record.checklistID, version: record.checklistVersion) {
                    checklists[checklistKey] = checklist
                }
                let item = checklists[checklistKey]?.items.first { $0.id == record.itemID }
                let response = inspections[record.inspectionID]?.responses.first { $0.itemID == record.itemID }
                var entry = RectificationNotice.Item(
                    hazardID: hazard.id, itemID: record.itemID, title: record.title, finding: item?.failText, basis: record.basis ?? item?.basis,
                    severity: record.severity, foundAt: hazard.foundAt, deadline: hazard.deadline, note: response?.note,
                    evidence: response?.evidence ?? [], photoRequired: item?.photo == .required,
                    deadlineProvisional: deadlineIsProvisional(hazard))
                entry.photos = photos(entry.evidence)
                items.append(entry)
            }
            let visits = inspections.values.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            var inspectors: [String] = []
            for name in visits.flatMap(\.inspectors) where !inspectors.contains(name) { inspectors.append(name) }
            return RectificationNotice(
                number: RectificationNotice.number(issuer: issuer.name, year: record.year, sequence: record.sequence), issuer: issuer,
                year: record.year, sequence: record.sequence, issuedAt: record.issuedAt, venue: venue,
                grid: reference(.grid, venue.gridCode), policeGrid: reference(.policeGrid, venue.policeGridCode),
                inspectionID: inspectionID, inspectedAt: visits.first?.at ?? hazards.map(\.foundAt).min() ?? now,
                inspectors: inspectors, items: items)
        }
    }
}
