public import Foundation
public import SafeGridCore

/// Which of this store's own events an events bundle sends.
public enum EventSelection: Sendable, Hashable {
    /// Those recorded here after the last event exported (the default).
    case sinceLastExport
    /// Those recorded here (by `recordedAt`) at or after a time.
    case recordedSince(Date)
    /// Every event recorded here.
    case all
}

/// What goes into a bundle, read from the store (inside one read, so a consistent view) and
/// streamed into a ``BundleWriter``.
public struct BundleContents {
    let reader: any HazardStoreReader
    let evidence: (any EvidenceStore)?
    let limits: BundleLimits

    /// Contents read from `reader`, with evidence files from `evidence` (when kept).
    public init(reader: any HazardStoreReader, evidence: (any EvidenceStore)?, limits: BundleLimits) {
        self.reader = reader
        self.evidence = evidence
        self.limits = limits
    }

    /// What an events bundle sent, for the export mark.
    public struct Sent: Sendable, Hashable {
        /// The sequence of the last event written, if any.
        public var lastEvent: Int64?
        /// The position of the last of this store's own inspections written, if any.
        public var lastInspection: Int64?
    }

    /// Writes this store's own events (origin ''; never those merged from another store),
    /// with the inspections, checklist versions and kept evidence files they name, and this
    /// store's own inspections of the same selection, so that an inspection that found nothing
    /// reaches the station too.
    /// - Returns: what was sent; `nil` when there was nothing to send.
    public func writeEvents(_ selection: EventSelection, to writer: BundleWriter) throws -> Sent? {
        let after: Int64 = selection == .sinceLastExport ? try reader.lastExportedSequence() : 0
        let selected = { (event: HazardEvent) in Self.sends(event, selection) }
        // First pass: what the events name. Ids only, so memory follows the inspections, not the bytes.
        var inspections: [String] = [], seenInspections: Set<String> = []
        var files: [SHA256Digest] = [], seenFiles: Set<SHA256Digest> = []
        var last: Int64?
        try reader.chainedEvents(after: after, origin: "") { chained in
            let event = chained.event
            guard selected(event) else { return true }
            last = chained.sequence
            if case .recorded(let record) = event.kind, seenInspections.insert(record.inspectionID).inserted {
                inspections.append(record.inspectionID)
            }
            for hash in event.evidence where seenFiles.insert(hash).inserted { files.append(hash) }
            return true
        }
        var lastInspection: Int64?
        let afterInspection: Int64 = selection == .sinceLastExport ? try reader.lastExportedInspection() : 0
        try reader.localInspections(after: afterInspection) { position, inspection in
            if case .recordedSince(let time) = selection, inspection.recordedAt < time { return }
            lastInspection = position
            if seenInspections.insert(inspection.id).inserted { inspections.append(inspection.id) }
        }
        guard last != nil || lastInspection != nil else { return nil }
        try writeInspections(inspections, files: &files, seenFiles: &seenFiles, to: writer, checklists: [])
        try writeEvidence(files, to: writer)
        if let last {
            try reader.chainedEvents(after: after, origin: "") { chained in
                if selected(chained.event) { try writer.write(.event(CanonicalEvent(chained.event))) }
                return chained.sequence < last
            }
        }
        return Sent(lastEvent: last, lastInspection: lastInspection)
    }

    /// Writes what a laptop needs to work in `grids`: their areas (with the areas above them
    /// and the police grids linked to them), links, venues, the holiday calendar files imported
    /// into the store, the stored checklists, their
    /// running hazards with every event and the inspections they were found at, and last the
    /// station's plans for them (the laptop has not the inspection history to make its own).
    /// - Parameters:
    ///   - grids: the grids' codes.
    ///   - plans: the station's plans (`SafeGridEngine.plan(_:progress:)`), one per grid and day,
    ///     each of one of `grids`; none to leave them out.
    ///   - personalDataInClear: whether venues' contacts and areas' phones (in the plans too) go
    ///     in clear; by default they go masked (`Venue.withPersonalDataMasked()`), and a masked
    ///     copy merged back never overwrites what it hides.
    ///   - writer: the bundle.
    /// - Throws: `SafeGridError` `not-found` for a code that is not a grid of the store;
    ///   `invalid-input` for a plan that is not of one of `grids`.
    public func writeReference(grids: [String], plans: [InspectionPlan] = [], personalDataInClear: Bool = false, to writer: BundleWriter) throws {
        let directory = try reader.areaDirectory()
        for code in grids where directory.area(.grid, code) == nil { throw SafeGridError.notFound("area", code) }
        for plan in plans where plan.scopeLine != .grid || !grids.contains(plan.scope?.code ?? "") {
            throw SafeGridError.invalidInput(
                "the plan of \(plan.scope?.code ?? "the whole store") is not of a grid of the bundle (\(grids.joined(separator: ", ")))",
                chinese: "\(plan.scope?.code ?? "整个数据存储") 的检查计划不属于数据包的网格（\(grids.joined(separator: "、"))）")
        }
        let wanted = Set(grids)
        let links = directory.links.filter { wanted.contains($0.gridCode) }.sorted { ($0.gridCode, $0.policeGridCode) < ($1.gridCode, $1.policeGridCode) }
        var areas: [String: Area] = [:]
        func climb(_ code: String, _ level: AreaLevel) {
            var current: Area? = directory.area(level, code)
            while let area = current, areas[area.id] == nil {
                areas[area.id] = area
                current = area.parentCode.flatMap { parent in area.level.parentLevel.flatMap { directory.area($0, parent) } }
            }
        }
        for code in grids { climb(code, .grid) }
        for link in links { climb(link.policeGridCode, .policeGrid) }
        // Parents before children, so the receiving store can check each area's parent.
        for area in areas.values.sorted(by: { (Self.depth($0.level), $0.id) < (Self.depth($1.level), $1.id) }) {
            try writer.write(.area(personalDataInClear ? area : area.withPersonalDataMasked()))
        }
        for link in links { try writer.write(.link(link)) }
        for venue in try reader.venues() where wanted.contains(venue.gridCode) {
            try writer.write(.venue(personalDataInClear ? venue : venue.withPersonalDataMasked()))
        }
        // The notices loaded at the station, so laptops count working days the same way.
        for file in try reader.calendarFiles() { try writer.write(.calendar(file)) }

        var hazards: [String] = []
        try reader.hazards(HazardFilter(statuses: [.open, .awaitingReinspection, .deferred])) { state in
            if wanted.contains(state.gridCode) { hazards.append(state.id) }
        }
        var inspections: [String] = [], seenInspections: Set<String> = []
        var files: [SHA256Digest] = [], seenFiles: Set<SHA256Digest> = []
        var histories: [[HazardEvent]] = []
        for id in hazards {
            // The recorded event first, whatever the order of events in the same second.
            let all = try reader.events(hazardID: id)
            let events = all.filter(Self.isRecorded) + all.filter { !Self.isRecorded($0) }
            for event in events {
                if case .recorded(let record) = event.kind, seenInspections.insert(record.inspectionID).inserted {
                    inspections.append(record.inspectionID)
                }
                for hash in event.evidence where seenFiles.insert(hash).inserted { files.append(hash) }
            }
            histories.append(events)
        }
        try writeInspections(inspections, files: &files, seenFiles: &seenFiles, to: writer, checklists: try reader.checklists())
        try writeEvidence(files, to: writer)
        for events in histories {
            for event in events { try writer.write(.event(CanonicalEvent(event))) }
        }
        for plan in plans { try writer.write(.plan(personalDataInClear ? plan : plan.withPersonalDataMasked())) }
    }

    /// Where the events ``writeEvents(_:to:)`` sends start and end in this store's own history
    /// (read in the same read, so that they agree); `nil` when there are none, or they are not
    /// one unbroken run of it (`--since` a time, with events recorded earlier among them).
    public func history(_ selection: EventSelection) throws -> BundleHeader.History? {
        let after: Int64 = selection == .sinceLastExport ? try reader.lastExportedSequence() : 0
        var point = HistoryPoint.start
        var before: HistoryPoint?
        var unbroken = true
        try reader.chainedEvents(after: 0, origin: "") { chained in
            if chained.sequence > after && Self.sends(chained.event, selection) {
                if before == nil { before = point }
            } else if before != nil {
                unbroken = false
            }
            point = point.following(chained.event.canonicalForm)
            return true
        }
        guard let before, unbroken else { return nil }
        return BundleHeader.History(before: before, after: point)
    }

    private static func sends(_ event: HazardEvent, _ selection: EventSelection) -> Bool {
        if case .recordedSince(let time) = selection { return event.recordedAt >= time }
        return true
    }

    private static func isRecorded(_ event: HazardEvent) -> Bool {
        if case .recorded = event.kind { return true }
        return false
    }

    private static func depth(_ level: AreaLevel) -> Int {
        var depth = 0, current = level
        while let parent = current.parentLevel {
            depth += 1
            current = parent
        }
        return depth
    }

    /// The checklists (`first`, then each version an inspection pins), then the inspections;
    /// their evidence files join `files`.
    private func writeInspections(
        _ ids: [String], files: inout [SHA256Digest], seenFiles: inout Set<SHA256Digest>, to writer: BundleWriter, checklists first: [Checklist]
    ) throws {
        var written: Set<SHA256Digest> = []
        for checklist in first where written.insert(checklist.contentHash).inserted { try writer.write(.checklist(checklist)) }
        for id in ids {
            guard let inspection = try reader.inspection(id: id) else { throw SafeGridError.notFound("inspection", id) }
            if !written.contains(inspection.checklistHash),
               let checklist = try reader.checklist(id: inspection.checklistID, version: inspection.checklistVersion),
               written.insert(checklist.contentHash).inserted {
                try writer.write(.checklist(checklist))
            }
            for response in inspection.responses {
                for hash in response.evidence where seenFiles.insert(hash).inserted { files.append(hash) }
            }
        }
        // Read again rather than held: a night's inspections need not fit in memory.
        for id in ids {
            if let inspection = try reader.inspection(id: id) { try writer.write(.inspection(inspection)) }
        }
    }

    /// The evidence files kept here; those not kept (a store from before evidence was kept) are left out.
    private func writeEvidence(_ files: [SHA256Digest], to writer: BundleWriter) throws {
        guard let evidence else { return }
        for hash in files {
            guard let bytes = evidence.contents(of: hash, maxBytes: limits.evidenceBytes), SHA256.hash(bytes) == hash else { continue }
            try writer.write(.evidence(BundleEvidence(hash: hash, bytes: bytes)))
        }
    }
}
