import Foundation
public import SafeGridCore

/// What a merge added: records made in another store (a laptop) and carried here in a bundle.
public struct MergeSummary: Sendable, Hashable, Codable {
    /// Events added (not stored before).
    public var events = 0
    /// Events skipped because the store had them already (a bundle merged twice).
    public var knownEvents = 0
    /// Inspections added.
    public var inspections = 0
    /// Checklist versions added or already stored.
    public var checklists = 0
    /// Venues added or replaced.
    public var venues = 0
    /// Areas added or replaced.
    public var areas = 0
    /// Holiday calendar files added (a station's loaded notices, in a reference bundle).
    public var calendarFiles = 0
    /// Plans carried (a station's, in a reference bundle), kept or older than one kept.
    public var plans = 0

    public init() {}

    /// What was added after `earlier` (the same merge's summary at an earlier moment).
    public func since(_ earlier: MergeSummary) -> MergeSummary {
        var added = MergeSummary()
        added.events = events - earlier.events
        added.knownEvents = knownEvents - earlier.knownEvents
        added.inspections = inspections - earlier.inspections
        added.checklists = checklists - earlier.checklists
        added.venues = venues - earlier.venues
        added.areas = areas - earlier.areas
        added.calendarFiles = calendarFiles - earlier.calendarFiles
        added.plans = plans - earlier.plans
        return added
    }
}

/// Adds another store's records within one merge transaction; see ``SafeGridEngine/merge(origin:_:)``.
///
/// Parts may come in any amount and order a bundle streams them in, except that an event's
/// hazard must be recorded (by an earlier event of the same merge, or in the store) and an
/// inspection's checklist version must be known.
public final class Merger {
    let writer: any HazardStoreWriter
    /// Where the parts being added come from: the fingerprint of the key that signed their
    /// bundle. Several bundles may be merged in one transaction, each with its own.
    public var origin: String
    /// What has been added so far.
    public private(set) var summary = MergeSummary()
    /// Hazards recorded by this merge's events so far, so later events may name them.
    private var recordedHere: Set<String> = []

    init(writer: any HazardStoreWriter, origin: String) {
        self.writer = writer
        self.origin = origin
    }

    /// Stores a checklist version (nothing if that version and content are stored already).
    public func add(_ checklist: Checklist) throws {
        try writer.put(checklist: checklist)
        summary.checklists += 1
    }

    /// Stores areas and grid links (adding or replacing them).
    public func add(areas: [Area], links: [GridLink]) throws {
        // A masked phone (a reference bundle made without --show-personal) never replaces the number it hides.
        let stored = areas.isEmpty ? [:] : Dictionary(try writer.areas(ids: areas.map(\.id)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let areas = areas.map { area in stored[area.id].map(area.keepingPersonalData) ?? area }
        try writer.put(areas: areas, links: links)
        summary.areas += areas.count
    }

    /// Stores venues (adding or replacing them); a masked contact does not replace the one it hides.
    public func add(venues: [Venue]) throws {
        let stored = Dictionary(try writer.venues(ids: venues.map(\.id)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let venues = venues.map { venue in stored[venue.id].map(venue.keepingPersonalData) ?? venue }
        try writer.put(venues: venues)
        summary.venues += venues.count
    }

    /// Keeps a holiday calendar file the other store had imported (a notice loaded at the
    /// station reaches every laptop), after checking it as `calendar import` does; nothing if
    /// a file of that name and text is kept already.
    /// - Throws: `SafeGridError` `invalid-calendar` naming the file and line.
    public func add(calendarFile file: StoredCalendarFile) throws {
        _ = try HolidayCalendarFile(parsing: file.text, source: file.name)
        if try writer.calendarFiles().contains(where: { $0.name == file.name && $0.text == file.text }) { return }
        try writer.add(calendarFile: file)
        summary.calendarFiles += 1
    }

    /// Keeps a plan a station made and a reference bundle carried (`CarriedPlan`), unless
    /// the store keeps one for the same grid and day carried later.
    public func add(carriedPlan: CarriedPlan) throws {
        try writer.put(carriedPlan: carriedPlan)
        summary.plans += 1
    }

    /// Stores an inspection unless one with its id is stored already.
    /// - Throws: `SafeGridError` `invalid-input` when the store has a different inspection under that id.
    public func add(_ inspection: Inspection) throws {
        if let stored = try writer.inspection(id: inspection.id) {
            guard stored == inspection else {
                throw SafeGridError.invalidInput(
                    "inspection \(inspection.id) is stored already with other contents",
                    chinese: "检查记录 \(inspection.id) 已存在且内容不同", context: ["inspection": inspection.id])
            }
            return
        }
        try writer.insert(inspection, origin: origin)
        summary.inspections += 1
    }

    /// Keeps the part of its signer's own history a bundle carried, once its events were seen
    /// to fold from `before` to `after` (`HistorySegment`).
    /// - Throws: `SafeGridError` `invalid-bundle` when it disagrees with a part kept before
    ///   from the same signer: that store rewrote events it had already sent.
    public func add(_ segment: HistorySegment) throws {
        let kept = try writer.historySegments(signer: segment.signer)
        if let fork = HistorySegment.fork(in: kept + [segment]) {
            throw SafeGridError(
                .invalidBundle,
                chinese: "数据包改写了 \(segment.signer) 已发送过的历史：其自身第 \(fork.events) 条事件处，本存储记为 \(fork.hashes[0].short)，数据包为 \(fork.hashes[1].short)",
                english: "the bundle rewrites history \(segment.signer) had already sent: after its own event \(fork.events) this store has \(fork.hashes[0].short), the bundle \(fork.hashes[1].short)",
                context: ["key": segment.signer, "events": String(fork.events)])
        }
        try writer.put(historySegment: segment)
    }

    /// Adds events recorded elsewhere; those already stored are skipped.
    /// - Throws: `SafeGridError` `invalid-input` for an event of a hazard that was never recorded.
    public func add(_ events: [HazardEvent]) throws {
        try add(events.map(CanonicalEvent.init))
    }

    /// Adds events recorded elsewhere as read from their canonical form (a bundle's), keeping
    /// those bytes; events already stored are skipped.
    /// - Throws: `SafeGridError` `invalid-input` for an event of a hazard that was never recorded.
    public func add(_ events: [CanonicalEvent]) throws {
        for event in events.map(\.event) {
            if case .recorded = event.kind {
                recordedHere.insert(event.hazardID)
            } else if !recordedHere.contains(event.hazardID), try writer.hazard(id: event.hazardID) == nil {
                throw SafeGridError.invalidInput(
                    "event \(event.id) is for hazard \(event.hazardID), which neither the bundle nor the store records",
                    chinese: "事件 \(event.id) 所属的隐患 \(event.hazardID) 在数据包和本存储中都没有登记", context: ["hazard": event.hazardID])
            }
        }
        let added = try writer.merge(events, origin: origin)
        summary.events += added.count
        summary.knownEvents += events.count - added.count
    }
}

extension SafeGridEngine {
    /// Merges records made in another store, all in one transaction: all of it is stored, or
    /// none. Merging the same records twice changes nothing, and records from several stores
    /// give the same result in any order.
    /// - Parameters:
    ///   - origin: where they come from: the fingerprint of the key that signed the bundle.
    ///   - body: adds the parts with the ``Merger``.
    public func merge<T>(origin: String, _ body: (Merger) throws -> T) throws -> (result: T, summary: MergeSummary) {
        try store.write { writer in
            try writer.startMerge()
            let merger = Merger(writer: writer, origin: origin)
            let result = try body(merger)
            return (result, merger.summary)
        }
    }
}
