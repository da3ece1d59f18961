import Foundation
public import SafeGridCore

/// A `HazardStore` in memory: the reference implementation of the seam, for tests and for
/// embedding where nothing needs to survive the process.
///
/// Its counts fold every hazard's events in Swift (the definition itself), which is exactly
/// what a database store must agree with. A write that throws leaves nothing behind.
public final class InMemoryHazardStore: HazardStore, @unchecked Sendable {
    private let lock = NSLock()
    private var contents = Contents()

    /// An empty store.
    public init() {}

    public func read<T>(_ body: (any HazardStoreReader) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(Session(contents: contents))
    }

    public func write<T>(_ body: (any HazardStoreWriter) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let session = Session(contents: contents)
        let result = try body(session)
        contents = session.contents
        return result
    }

    struct Contents {
        var areas: [String: Area] = [:]
        var links: Set<GridLink> = []
        var venues: [String: Venue] = [:]
        var checklists: [Checklist] = []
        var inspections: [String: Inspection] = [:]
        var inspectionOrder: [String] = []
        var events: [ChainedEvent] = []
        var eventsByHazard: [String: [Int]] = [:]
        var hazardOrder: [String] = []
        var notices: [NoticeRecord] = []
        var reinspectionRecords: [StoredReinspectionRecord] = []
        var calendarFiles: [StoredCalendarFile] = []
        var walkDrafts: [String: WalkDraftRecord] = [:]
        /// Where each merged event came from, by event id (events recorded here have none).
        var origins: [String: String] = [:]
        var eventIDs: Set<String> = []
        var trustedKeys: [TrustedKey] = []
        var settings: [String: String] = [:]
        var historySegments: [HistorySegment] = []
        /// Plans carried by reference bundles, by grid and day (`G1/2026-06-15`).
        var carriedPlans: [String: CarriedPlan] = [:]
        var lastExportedSequence: Int64 = 0
        var lastExportedInspection: Int64 = 0
        /// Inspections merged from bundles, with their origin.
        var mergedInspections: [String: String] = [:]

    }

    /// A transaction's working copy; committed by replacing the store's contents.
    final class Session: HazardStoreWriter {
        var contents: Contents

        init(contents: Contents) { self.contents = contents }

        func areaDirectory() throws -> AreaDirectory {
            AreaDirectory(areas: Array(contents.areas.values), links: Array(contents.links))
        }

        func venue(id: String) throws -> Venue? { contents.venues[id] }

        func venues() throws -> [Venue] { contents.venues.values.sorted { $0.id < $1.id } }

        func checklist(id: String, version: String?) throws -> Checklist? {
            contents.checklists.last { $0.id == id && (version == nil || $0.version == version) }
        }

        func checklists() throws -> [Checklist] {
            var latest: [String: Checklist] = [:]
            for checklist in contents.checklists { latest[checklist.id] = checklist }
            return latest.values.sorted { $0.id < $1.id }
        }

        func inspection(id: String) throws -> Inspection? { contents.inspections[id] }

        /// In time order, as every store folds them: by `at`, then origin, then the order stored.
        func events(hazardID: String) throws -> [HazardEvent] {
            (contents.eventsByHazard[hazardID] ?? []).map { index in
                (event: contents.events[index].event, origin: contents.origins[contents.events[index].event.id] ?? "", index: index)
            }
            .sorted { ($0.event.at, $0.origin, $0.index) < ($1.event.at, $1.origin, $1.index) }
            .map(\.event)
        }

        func eventOrigins(hazardID: String) throws -> [String: String] {
            let ids = Set((contents.eventsByHazard[hazardID] ?? []).map { contents.events[$0].event.id })
            return contents.origins.filter { ids.contains($0.key) && !$0.value.isEmpty }
        }

        func conflictedHazards() throws -> [String] {
            try contents.hazardOrder.filter { !HazardFold(try events(hazardID: $0)).conflicts.isEmpty }
        }

        func hazard(id: String) throws -> HazardState? { HazardState.replay(try events(hazardID: id)) }

        func hazards(_ filter: HazardFilter, _ body: (HazardState) throws -> Void) throws {
            for id in contents.hazardOrder {
                if let state = HazardState.replay(try events(hazardID: id)), filter.matches(state) { try body(state) }
            }
        }

        func counts(_ query: CountQuery) throws -> [String: HazardCounts] {
            var result: [String: HazardCounts] = [:]
            for id in contents.hazardOrder {
                guard let state = HazardState.replay(try events(hazardID: id), asOf: query.asOf, asRecordedAt: query.asRecordedAt),
                      state.status != .cancelled, query.includes(state)
                else { continue }
                result[query.key(of: state), default: HazardCounts()] += state.counts(asOf: query.asOf)
            }
            return result
        }

        func overdue(_ query: CountQuery, _ body: (OverdueHazard) throws -> Void) throws {
            var overdue: [HazardState] = []
            for id in contents.hazardOrder {
                guard let state = HazardState.replay(try events(hazardID: id), asOf: query.asOf, asRecordedAt: query.asRecordedAt),
                      query.includes(state), state.isOverdue(asOf: query.asOf)
                else { continue }
                overdue.append(state)
            }
            for state in overdue.sorted(by: { ($0.deadline, $0.id) < ($1.deadline, $1.id) }) { try body(OverdueHazard(state)) }
        }

        func remindable(_ query: ReminderQuery, _ body: (HazardState) throws -> Void) throws {
            var found: [HazardState] = []
            for id in contents.hazardOrder {
                guard let state = HazardState.replay(try events(hazardID: id), asOf: query.asOf), query.matches(state) else { continue }
                found.append(state)
            }
            for state in found.sorted(by: { ($0.deadline, $0.id) < ($1.deadline, $1.id) }) { try body(state) }
        }

        func notice(issuer: String, venueID: String, hazardIDs: [String]) throws -> NoticeRecord? {
            let hazards = hazardIDs.sorted()
            return contents.notices.first { $0.issuer == issuer && $0.venueID == venueID && $0.hazardIDs == hazards }
        }

        func issue(_ notice: NoticeRecord) throws -> NoticeRecord {
            var issued = notice
            issued.sequence = (contents.notices.filter { $0.issuer == notice.issuer && $0.year == notice.year }.map(\.sequence).max() ?? 0) + 1
            contents.notices.append(issued)
            return issued
        }

        func notices(venueID: String) throws -> [NoticeRecord] { contents.notices.filter { $0.venueID == venueID } }

        func reinspectionRecords(venueID: String) throws -> [StoredReinspectionRecord] {
            contents.reinspectionRecords.filter { $0.venueID == venueID }
        }

        func issue(_ record: StoredReinspectionRecord) throws -> StoredReinspectionRecord {
            var issued = record
            issued.sequence = (contents.reinspectionRecords.filter { $0.issuer == record.issuer && $0.year == record.year }
                .map(\.sequence).max() ?? 0) + 1
            contents.reinspectionRecords.append(issued)
            return issued
        }

        func calendarFiles() throws -> [StoredCalendarFile] { contents.calendarFiles }

        func add(calendarFile: StoredCalendarFile) throws { contents.calendarFiles.append(calendarFile) }

        func chainedEvents(after sequence: Int64, _ body: (ChainedEvent) throws -> Bool) throws {
            for chained in contents.events where chained.sequence > sequence {
                if try !body(chained) { return }
            }
        }

        func integrityProblems() throws -> [String] { [] }

        func walkDrafts() throws -> [WalkDraftRecord] {
            contents.walkDrafts.values.sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
        }

        func walkDraft(id: String) throws -> WalkDraftRecord? { contents.walkDrafts[id] }

        func put(walkDraft: WalkDraftRecord) throws { contents.walkDrafts[walkDraft.id] = walkDraft }

        func removeWalkDraft(id: String) throws { contents.walkDrafts[id] = nil }

        func chainedEvents(after sequence: Int64, origin: String, _ body: (ChainedEvent) throws -> Bool) throws {
            for chained in contents.events where chained.sequence > sequence && (contents.origins[chained.event.id] ?? "") == origin {
                if try !body(chained) { return }
            }
        }

        func trustedKeys() throws -> [TrustedKey] { contents.trustedKeys }
        func settings() throws -> [String: String] { contents.settings }
        func setSetting(_ key: String, to value: String?) throws { contents.settings[key] = value }

        func historySegments(signer: String?) throws -> [HistorySegment] {
            contents.historySegments.filter { signer == nil || $0.signer == signer }
        }

        func put(historySegment: HistorySegment) throws {
            let key = { (segment: HistorySegment) in [segment.signer, "\(segment.before.events)", "\(segment.after.events)"] }
            if !contents.historySegments.contains(where: { key($0) == key(historySegment) }) { contents.historySegments.append(historySegment) }
        }

        func carriedPlan(gridCode: String, date: CivilDate) throws -> CarriedPlan? { contents.carriedPlans["\(gridCode)/\(date)"] }

        func put(carriedPlan: CarriedPlan) throws {
            let key = "\(carriedPlan.gridCode)/\(carriedPlan.plan.date)"
            if carriedPlan.replaces(contents.carriedPlans[key]) { contents.carriedPlans[key] = carriedPlan }
        }

        func put(trustedKey: TrustedKey) throws {
            if let index = contents.trustedKeys.firstIndex(where: { $0.publicKey == trustedKey.publicKey }) {
                contents.trustedKeys[index] = trustedKey
            } else {
                contents.trustedKeys.append(trustedKey)
            }
        }

        func lastExportedSequence() throws -> Int64 { contents.lastExportedSequence }

        func setLastExportedSequence(_ sequence: Int64) throws { contents.lastExportedSequence = sequence }

        func lastExportedInspection() throws -> Int64 { contents.lastExportedInspection }

        func setLastExportedInspection(_ position: Int64) throws { contents.lastExportedInspection = position }

        func localInspections(after position: Int64, _ body: (Int64, Inspection) throws -> Void) throws {
            for (index, id) in contents.inspectionOrder.enumerated() where Int64(index + 1) > position && contents.mergedInspections[id] == nil {
                if let inspection = contents.inspections[id] { try body(Int64(index + 1), inspection) }
            }
        }


        func inspections(_ body: (Int64, Inspection) throws -> Void) throws {
            for (index, id) in contents.inspectionOrder.enumerated() { try body(Int64(index + 1), contents.inspections[id]!) }
        }

        // Born keeping evidence: it has no records from before.
        func evidenceKeptFrom() throws -> EvidenceKeptFrom { .always }

        func chainHead() throws -> (sequence: Int64, eventID: String, hash: SHA256Digest)? {
            contents.events.last.map { ($0.sequence, $0.event.id, $0.hash) }
        }

        func put(areas: [Area], links: [GridLink]) throws {
            for area in areas { contents.areas[area.id] = area }
            contents.links.formUnion(links)
        }

        func put(venues: [Venue]) throws {
            for venue in venues { contents.venues[venue.id] = venue }
        }

        func put(checklist: Checklist) throws {
            let hash = checklist.contentHash
            if contents.checklists.contains(where: { $0.id == checklist.id && $0.version == checklist.version && $0.contentHash == hash }) {
                return
            }
            contents.checklists.append(checklist)
        }

        func insert(_ inspection: Inspection, origin: String) throws {
            guard contents.inspections[inspection.id] == nil else {
                throw SafeGridError.storeFailure("inspection \(inspection.id) exists already")
            }
            if !origin.isEmpty { contents.mergedInspections[inspection.id] = origin }
            contents.inspections[inspection.id] = inspection
            contents.inspectionOrder.append(inspection.id)
        }

        func append(_ events: [HazardEvent]) throws -> [ChainedEvent] {
            var chained: [ChainedEvent] = []
            for event in events {
                let previous = contents.events.last
                let link = ChainedEvent(
                    sequence: (previous?.sequence ?? 0) + 1, event: event, previousHash: previous?.hash ?? ChainedEvent.genesis)
                if contents.eventsByHazard[event.hazardID] == nil { contents.hazardOrder.append(event.hazardID) }
                contents.eventsByHazard[event.hazardID, default: []].append(contents.events.count)
                contents.events.append(link)
                contents.eventIDs.insert(event.id)
                chained.append(link)
            }
            return chained
        }

        func merge(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent] {
            var fresh: [HazardEvent] = []
            var seen = contents.eventIDs
            for event in events.map(\.event) where seen.insert(event.id).inserted {
                fresh.append(event)
                contents.origins[event.id] = origin
            }
            return try append(fresh)
        }
    }
}
