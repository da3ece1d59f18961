public import Foundation
public import SafeGridCore

/// Copies what one store holds into another: a station's SQLite file into the city's PostgreSQL
/// database (`safegrid store copy`), through the seam alone.
///
/// Resumable: every row is copied only if the target lacks it (events and inspections by id,
/// notices and re-inspection records by their numbers, the rest by key), in transactions of
/// `batch` events, so a copy cut off (the server stopped, the process killed) is completed by
/// running it again, and a copy run twice changes nothing. Events keep their bytes and their
/// origin; the target chains them its own way (the PostgreSQL store, a chain per station).
/// Carried plans and the laptop's export marks are not copied: they belong to the laptop a
/// store was, not to the records.
///
/// ```swift
/// let copied = try StoreCopy(from: station, to: city).run { print($0.stage, $0.done) }
/// ```
public struct StoreCopy {
    /// How far a copy has got, for a progress line.
    public struct Progress: Sendable, Hashable {
        /// What is being copied: `areas`, `inspections`, `events`, …
        public var stage: String
        /// How many of the stage's rows have been looked at.
        public var done: Int
        /// How many there are, when known.
        public var total: Int?
    }

    /// What a run copied (rows the target already had are not counted).
    public struct Summary: Sendable, Hashable {
        /// Rows copied, by stage.
        public var copied: [String: Int] = [:]
        /// Evidence files copied.
        public var evidenceFiles = 0

        mutating func add(_ stage: String, _ count: Int) {
            if count > 0 { copied[stage, default: 0] += count }
        }
    }

    let source: any HazardStore
    let target: any HazardStore
    let batch: Int

    /// A copy from `source` into `target`.
    /// - Parameters:
    ///   - source: the store read (never written).
    ///   - target: the store written.
    ///   - batch: how many events (or inspections) go in one transaction of the target.
    public init(from source: any HazardStore, to target: any HazardStore, batch: Int = 5_000) {
        self.source = source
        self.target = target
        self.batch = max(1, batch)
    }

    /// Copies everything the target lacks, reporting progress as it goes.
    /// - Parameter progress: called after each batch and at the end of each stage.
    /// - Returns: what was copied.
    /// - Throws: the stores' errors; what was committed before stays, and a new run goes on from there.
    public func run(progress: (Progress) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        try source.read { reader in
            try copyDirectory(reader, &summary, progress)
            try copyInspections(reader, &summary, progress)
            try copyEvents(reader, &summary, progress)
            try copyNumbered(reader, &summary, progress)
        }
        return summary
    }

    /// Areas, venues, checklists (every version an inspection names), settings, calendar
    /// files, keys, history segments and walk drafts: small, copied in one transaction.
    private func copyDirectory(_ reader: any HazardStoreReader, _ summary: inout Summary, _ progress: (Progress) -> Void) throws {
        let directory = try reader.areaDirectory()
        let venues = try reader.venues()
        var checklists: [String: Checklist] = [:]
        for checklist in try reader.checklists() { checklists["\(checklist.id)@\(checklist.version)"] = checklist }
        try reader.inspections { _, inspection in
            let key = "\(inspection.checklistID)@\(inspection.checklistVersion)"
            if checklists[key] == nil, let checklist = try reader.checklist(id: inspection.checklistID, version: inspection.checklistVersion) {
                checklists[key] = checklist
            }
        }
        let settings = try reader.settings()
        let calendars = try reader.calendarFiles()
        let keys = try reader.trustedKeys()
        let segments = try reader.historySegments(signer: nil)
        let drafts = try reader.walkDrafts()
        try target.write { writer in
            let known = try writer.areaDirectory()
            let areas = directory.areas.values.filter { known.area($0.level, $0.code) != $0 }.sorted { $0.id < $1.id }
            let links = directory.links.filter { !known.links.contains($0) }.sorted { ($0.gridCode, $0.policeGridCode) < ($1.gridCode, $1.policeGridCode) }
            if !areas.isEmpty || !links.isEmpty { try writer.put(areas: areas, links: links) }
            summary.add("areas", areas.count + links.count)
            let stored = Dictionary(uniqueKeysWithValues: try writer.venues().map { ($0.id, $0) })
            let newVenues = venues.filter { stored[$0.id] != $0 }
            if !newVenues.isEmpty { try writer.put(venues: newVenues) }
            summary.add("venues", newVenues.count)
            for (_, checklist) in checklists.sorted(by: { $0.key < $1.key })
            where try writer.checklist(id: checklist.id, version: checklist.version)?.contentHash != checklist.contentHash {
                try writer.put(checklist: checklist)
                summary.add("checklists", 1)
            }
            let storedSettings = try writer.settings()
            for (key, value) in settings.sorted(by: { $0.key < $1.key }) where storedSettings[key] != value {
                try writer.setSetting(key, to: value)
                summary.add("settings", 1)
            }
            let storedCalendars = try writer.calendarFiles()
            for file in calendars where !storedCalendars.contains(file) {
                try writer.add(calendarFile: file)
                summary.add("calendar files", 1)
            }
            let storedKeys = try writer.trustedKeys()
            for key in keys where !storedKeys.contains(key) {
                try writer.put(trustedKey: key)
                summary.add("keys", 1)
            }
            let storedSegments = try writer.historySegments(signer: nil)
            for segment in segments where !storedSegments.contains(segment) {
                try writer.put(historySegment: segment)
                summary.add("history segments", 1)
            }
            for draft in drafts where try writer.walkDraft(id: draft.id) != draft {
                try writer.put(walkDraft: draft)
                summary.add("walk drafts", 1)
            }
        }
        progress(Progress(stage: "areas, venues, checklists", done: directory.areas.count + venues.count + checklists.count, total: nil))
    }

    /// Inspections in the order stored, each with its origin (recorded in the source, or merged
    /// from a bundle), a batch per transaction; those the target has are skipped.
    private func copyInspections(_ reader: any HazardStoreReader, _ summary: inout Summary, _ progress: (Progress) -> Void) throws {
        var local: Set<String> = []
        try reader.localInspections(after: 0) { _, inspection in local.insert(inspection.id) }
        var pending: [Inspection] = []
        var done = 0
        func flush() throws {
            let copied = try target.write { writer in
                var copied = 0
                for inspection in pending where try writer.inspection(id: inspection.id) == nil {
                    // A merged inspection's bundle is not known here; any non-empty origin keeps
                    // the target's own bundles from sending it back.
                    try writer.insert(inspection, origin: local.contains(inspection.id) ? "" : "copied")
                    copied += 1
                }
                return copied
            }
            summary.add("inspections", copied)
            done += pending.count
            pending.removeAll(keepingCapacity: true)
            progress(Progress(stage: "inspections", done: done, total: nil))
        }
        try reader.inspections { _, inspection in
            pending.append(inspection)
            if pending.count == batch { try flush() }
        }
        if !pending.isEmpty { try flush() }
    }

    /// Every event in the source's order, with its bytes and origin; the target skips those it
    /// has (by id) and folds the hazards they touch.
    private func copyEvents(_ reader: any HazardStoreReader, _ summary: inout Summary, _ progress: (Progress) -> Void) throws {
        let total = try reader.chainHeads().values.reduce(0) { $0 + Int($1.sequence) }
        var pending: [HazardEvent] = []
        var done = 0
        var origins: [String: [String: String]] = [:]
        func flush() throws {
            for id in Set(pending.map(\.hazardID)) where origins[id] == nil { origins[id] = try reader.eventOrigins(hazardID: id) }
            // Runs of events of one origin, in order.
            var runs: [(origin: String, events: [CanonicalEvent])] = []
            for event in pending {
                let origin = origins[event.hazardID]?[event.id] ?? ""
                if runs.last?.origin == origin { runs[runs.count - 1].events.append(CanonicalEvent(event)) } else {
                    runs.append((origin, [CanonicalEvent(event)]))
                }
            }
            let copied = try target.write { writer in
                try writer.startMerge()
                return try runs.reduce(0) { $0 + (try writer.merge($1.events, origin: $1.origin)).count }
            }
            summary.add("events", copied)
            done += pending.count
            pending.removeAll(keepingCapacity: true)
            origins.removeAll(keepingCapacity: true)
            progress(Progress(stage: "events", done: done, total: total))
        }
        try reader.chainedEvents(after: Int64.min) { chained in
            pending.append(chained.event)
            if pending.count == batch { try flush() }
            return true
        }
        if !pending.isEmpty { try flush() }
    }

    /// Notices and re-inspection records under the numbers they were issued with: each
    /// issuer's year in number order, so that the target numbers them the same.
    private func copyNumbered(_ reader: any HazardStoreReader, _ summary: inout Summary, _ progress: (Progress) -> Void) throws {
        var notices: [NoticeRecord] = []
        var records: [StoredReinspectionRecord] = []
        for venue in try reader.venues() {
            notices += try reader.notices(venueID: venue.id)
            records += try reader.reinspectionRecords(venueID: venue.id)
        }
        notices.sort { ($0.issuer, $0.year, $0.sequence) < ($1.issuer, $1.year, $1.sequence) }
        records.sort { ($0.issuer, $0.year, $0.sequence) < ($1.issuer, $1.year, $1.sequence) }
        try target.write { writer in
            var storedNotices: Set<String> = []
            var storedRecords: Set<String> = []
            for venue in Set(notices.map(\.venueID)).union(records.map(\.venueID)) {
                for notice in try writer.notices(venueID: venue) { storedNotices.insert("\(notice.issuer)/\(notice.year)/\(notice.sequence)") }
                for record in try writer.reinspectionRecords(venueID: venue) {
                    storedRecords.insert("\(record.issuer)/\(record.year)/\(record.sequence)")
                }
            }
            for notice in notices where !storedNotices.contains("\(notice.issuer)/\(notice.year)/\(notice.sequence)") {
                let issued = try writer.issue(notice)
                guard issued.sequence == notice.sequence else { throw Self.renumbered("notice", notice.issuer, notice.year, notice.sequence) }
                summary.add("notices", 1)
            }
            for record in records where !storedRecords.contains("\(record.issuer)/\(record.year)/\(record.sequence)") {
                let issued = try writer.issue(record)
                guard issued.sequence == record.sequence else {
                    throw Self.renumbered("re-inspection record", record.issuer, record.year, record.sequence)
                }
                summary.add("re-inspection records", 1)
            }
        }
        progress(Progress(stage: "notices", done: notices.count + records.count, total: nil))
    }

    private static func renumbered(_ what: String, _ issuer: String, _ year: Int, _ sequence: Int) -> SafeGridError {
        SafeGridError.invalidInput(
            "\(what) \(issuer) \(year) No. \(sequence) cannot keep its number in the target store: it has other numbers of that issuer and year",
            chinese: "\(what == "notice" ? "整改通知书" : "复查记录") \(issuer) \(year) 第 \(sequence) 号无法在目标数据存储中保持原编号：目标中已有该单位该年度的其他编号")
    }
}
