public import Foundation

/// The engine's only way to persist: a seam with an embedded SQLite implementation
/// (`SafeGridSQLite`, the reference), an in-memory one for tests (`SafeGridTesting`, the
/// simplest), and room for others (PostgreSQL at city scale).
///
/// ## What an implementation must guarantee
/// - `read` sees **one consistent snapshot** of the store, whatever is written meanwhile.
/// - `write` runs its body as **one transaction**: all of it is stored, or none of it, even
///   if the process dies half-way; concurrent writers (other threads or processes) are
///   serialized, never lost, and never see each other's half-done work.
/// - Events are **append-only**: never updated or deleted; `append` numbers them from 1 in
///   the store and chains them (``ChainedEvent``) after the last one stored.
/// - A hazard is the fold of its events (``HazardState/replay(_:asOf:asRecordedAt:)``), and
///   `counts` follows the definitions of ``HazardCounts`` exactly, for any cut-off, recording
///   cut-off and discovery period, without loading every hazard into memory at once.
/// - Bad input never corrupts the store.
///
/// <doc:ImplementingAStore> says all of it at length. `SafeGridTesting.HazardStoreCompatibilitySuite`
/// checks it; every store must pass it.
public protocol HazardStore: Sendable {
    /// Runs `body` with a consistent view of the store.
    func read<T>(_ body: (any HazardStoreReader) throws -> T) throws -> T
    /// Runs `body` as one transaction.
    func write<T>(_ body: (any HazardStoreWriter) throws -> T) throws -> T
}

/// Reading the store (inside ``HazardStore/read(_:)`` or ``HazardStore/write(_:)``).
public protocol HazardStoreReader {
    /// Every area and grid link.
    func areaDirectory() throws -> AreaDirectory
    /// The areas with these ids (``Area/id``) that exist, in any order: a check of a few codes
    /// without reading a city's whole directory. The default takes them from ``areaDirectory()``.
    func areas(ids: [String]) throws -> [Area]
    /// The venue with this id.
    func venue(id: String) throws -> Venue?
    /// The venues with these ids that exist, in any order: a batch of inspections looks its
    /// venues up at once. The default asks ``venue(id:)`` for each.
    func venues(ids: [String]) throws -> [Venue]
    /// Every venue, by id.
    func venues() throws -> [Venue]
    /// Every venue's name by its id: what a long overdue list shows, in one read. The default
    /// takes them from ``venues()``.
    func venueNames() throws -> [String: String]
    /// A stored checklist version: the given version, or the latest imported when `nil`.
    func checklist(id: String, version: String?) throws -> Checklist?
    /// The latest version of every stored checklist.
    func checklists() throws -> [Checklist]
    /// The inspection with this id.
    func inspection(id: String) throws -> Inspection?
    /// A hazard's events in time order: by `at`, then origin, then the order stored (empty if
    /// there is no such hazard).
    func events(hazardID: String) throws -> [HazardEvent]
    /// A hazard as its events leave it now (the fold of ``events(hazardID:)``), or `nil`.
    func hazard(id: String) throws -> HazardState?
    /// The hazards matching `filter`, as they are now, in the order they were found.
    func hazards(_ filter: HazardFilter, _ body: (HazardState) throws -> Void) throws
    /// Each hazard in the ledger query's scope, as its events in time order (as
    /// ``events(hazardID:)`` gives them), in the order found (found time, then the order recorded). Streams: a
    /// city's ledger need not fit in memory (the default reads every hazard: right for a small store).
    func ledgerHistories(_ query: LedgerQuery, _ body: ([HazardEvent]) throws -> Void) throws
    /// The counts per key of `query.dimension`, for the hazards in the query's scope.
    func counts(_ query: CountQuery) throws -> [String: HazardCounts]
    /// The total counts (every group added up) of each query, in their order: the points of a
    /// report's weekly trend, which differ only in their cut-off. An indexed store may count
    /// them all in one pass over its hazards; the default adds up ``counts(_:)`` of each.
    func totals(_ queries: [CountQuery]) throws -> [HazardCounts]
    /// The hazards in the query's scope that are overdue at its cut-off, each as it stood
    /// then (``OverdueHazard/init(_:)`` of its events folded to the cut-off), most overdue
    /// first (earliest deadline, then id). Streams: a city's list need not fit in memory. An
    /// indexed store reads each from where it stands now, folding only those that changed after
    /// the cut-off: a report as of now lists hundreds of thousands.
    func overdue(_ query: CountQuery, _ body: (OverdueHazard) throws -> Void) throws
    /// The hazards a reminder is about (``ReminderQuery``), each as it stood at the query's
    /// moment, by deadline in force, then id. A store answers from an index: the hazards due
    /// are few beside those closed.
    func remindable(_ query: ReminderQuery, _ body: (HazardState) throws -> Void) throws
    /// The notice already issued by `issuer` to `venueID` for exactly these hazards, if any.
    func notice(issuer: String, venueID: String, hazardIDs: [String]) throws -> NoticeRecord?
    /// Every notice issued to a venue, in the order issued.
    func notices(venueID: String) throws -> [NoticeRecord]
    /// Every re-inspection record issued to a venue, in the order issued.
    func reinspectionRecords(venueID: String) throws -> [StoredReinspectionRecord]
    /// The holiday calendar files imported into the store, in the order they were imported.
    func calendarFiles() throws -> [StoredCalendarFile]
    /// Where each of a hazard's merged events came from (event id → the fingerprint of the key
    /// that signed its bundle); events recorded in this store are not listed.
    func eventOrigins(hazardID: String) throws -> [String: String]
    /// The hazards with unsettled conflicts (``HazardFold/conflicts``), in the order they were found.
    func conflictedHazards() throws -> [String]
    /// The stored events with their chain links, in sequence order from `sequence` + 1;
    /// stops when `body` returns `false`. A store with several chains gives each chain in turn
    /// (by name), each in its sequence order.
    func chainedEvents(after sequence: Int64, _ body: (ChainedEvent) throws -> Bool) throws
    /// What the storage's own integrity check reports (empty when intact).
    func integrityProblems() throws -> [String]
    /// The last event the store appended, kept apart from the events, so that removing the
    /// newest events is detected; `nil` before the first.
    func chainHead() throws -> (sequence: Int64, eventID: String, hash: SHA256Digest)?
    /// The last event of each chain, by chain name (``ChainedEvent/chain``), kept apart from
    /// the events like ``chainHead()``; a store with one chain gives it under "".
    func chainHeads() throws -> [String: (sequence: Int64, eventID: String, hash: SHA256Digest)]
    /// The last signed ``Checkpoint``, or `nil` when the store has none (never written with a
    /// signer, or a store that does not sign).
    func latestCheckpoint() throws -> Checkpoint?
    /// The sequence and hash of the last entry of the store's ledger of other rows, as the
    /// entries themselves say (0 and ``ChainedEvent/genesis`` when there are none).
    func ledgerTail() throws -> (sequence: Int64, hash: SHA256Digest)
    /// The parts of other stores' own histories their merged bundles carried, of one signer
    /// or (`nil`) of every signer, in the order kept.
    func historySegments(signer: String?) throws -> [HistorySegment]
    /// The open walk drafts, the most recently changed first.
    func walkDrafts() throws -> [WalkDraftRecord]
    /// The walk draft with this id, if it is still open.
    func walkDraft(id: String) throws -> WalkDraftRecord?
    /// Every stored inspection with its position (the order stored, from 1), for `verify`.
    func inspections(_ body: (_ position: Int64, Inspection) throws -> Void) throws
    /// A venue's inspections, in time order (then id): its safety file and its colour.
    func inspections(venueID: String) throws -> [Inspection]
    /// The record of every venue in the query's scope as of its moment, as far back as its
    /// reach, one venue at a time in id order: what a ``VenueRiskRule`` rates. A station's plan
    /// rates every venue each night, so an indexed store reads only the hazards the reach needs
    /// (the default folds every hazard of each venue: right for a small store).
    func venueRecords(_ query: VenueRecordQuery, _ body: (VenueRecord) throws -> Void) throws
    /// The first event and inspection whose evidence files are kept (``EvidenceKeptFrom/always``
    /// for a store created since SafeGrid keeps them); fixed once, when the store learns it.
    func evidenceKeptFrom() throws -> EvidenceKeptFrom
    /// The stored events recorded with `origin` ('' for those recorded in this store, else the
    /// fingerprint of the bundle's signer), in sequence order from `sequence` + 1; stops when
    /// `body` returns `false`. Bundles send a laptop's own events, never those merged into it.
    func chainedEvents(after sequence: Int64, origin: String, _ body: (ChainedEvent) throws -> Bool) throws
    /// Every key trusted (and revoked) here, in the order trusted.
    func trustedKeys() throws -> [TrustedKey]
    /// The sequence of the last event sent in a bundle by `bundle export` (0 before the first).
    func lastExportedSequence() throws -> Int64
    /// The position of the last inspection an events bundle sent (0 before the first).
    func lastExportedInspection() throws -> Int64
    /// The inspections recorded in this store (not merged from a bundle) after `position`, in
    /// the order stored, with their positions.
    func localInspections(after position: Int64, _ body: (_ position: Int64, Inspection) throws -> Void) throws
    /// The ids of hazards that start with `prefix` (compared as stored: ids are upper case), in
    /// id order, at most `limit`: how `H-7K2M` finds `H-7K2M9Q4TXA`.
    func hazardIDs(startingWith prefix: String, limit: Int) throws -> [String]
    /// The ids of inspections that start with `prefix`, in id order, at most `limit`.
    func inspectionIDs(startingWith prefix: String, limit: Int) throws -> [String]
    /// The store's settings (`safegrid config`), by key: the station's province, the recording
    /// actor, and any the engine's `StoreSettingKey` names. Kept in the store, under the ledger.
    func settings() throws -> [String: String]
    /// The joint checks in the query's scope, one row per department that took part, in the
    /// order of ``Department/all`` (see ``JointCheckRow``).
    func jointChecks(_ query: CountQuery) throws -> [JointCheckRow]
    /// The plan a reference bundle carried for a grid and day (``CarriedPlan``), if one is kept.
    func carriedPlan(gridCode: String, date: CivilDate) throws -> CarriedPlan?
}

extension HazardStoreReader {
    /// Taken from the whole directory.
    public func areas(ids: [String]) throws -> [Area] {
        let directory = try areaDirectory()
        return ids.compactMap { directory.areas[$0] }
    }

    /// One ``venue(id:)`` at a time.
    public func venues(ids: [String]) throws -> [Venue] {
        try ids.compactMap { try venue(id: $0) }
    }

    /// The names of ``venues()``.
    public func venueNames() throws -> [String: String] {
        Dictionary(try venues().map { ($0.id, $0.name) }) { first, _ in first }
    }

    /// Each query counted on its own and its groups added up.
    public func totals(_ queries: [CountQuery]) throws -> [HazardCounts] {
        try queries.map { query in
            var total = HazardCounts()
            for value in try counts(query).values { total += value }
            return total
        }
    }

    /// One chain: the head ``chainHead()`` gives, under "".
    public func chainHeads() throws -> [String: (sequence: Int64, eventID: String, hash: SHA256Digest)] {
        try chainHead().map { ["": $0] } ?? [:]
    }

    /// A store without checkpoints.
    public func latestCheckpoint() throws -> Checkpoint? { nil }
    /// A store without a ledger.
    public func ledgerTail() throws -> (sequence: Int64, hash: SHA256Digest) { (0, ChainedEvent.genesis) }

    /// Every hazard read, folded again where it changed after the query's moment, and
    /// filtered: right for a small store; an indexed store does better.
    public func remindable(_ query: ReminderQuery, _ body: (HazardState) throws -> Void) throws {
        var found: [HazardState] = []
        try hazards(HazardFilter()) { now in
            let state = now.lastEventAt > query.asOf ? HazardState.replay(try events(hazardID: now.id), asOf: query.asOf) : now
            if let state, query.matches(state) { found.append(state) }
        }
        for state in found.sorted(by: { ($0.deadline, $0.id) < ($1.deadline, $1.id) }) { try body(state) }
    }

    /// Every hazard read and filtered: right for a small store; an indexed store does better.
    public func hazardIDs(startingWith prefix: String, limit: Int) throws -> [String] {
        var ids: [String] = []
        try hazards(HazardFilter()) { if $0.id.hasPrefix(prefix) { ids.append($0.id) } }
        return Array(ids.sorted().prefix(limit))
    }

    /// Every inspection read and filtered: right for a small store; an indexed store does better.
    public func inspections(venueID: String) throws -> [Inspection] {
        var found: [Inspection] = []
        try inspections { _, inspection in if inspection.venueID == venueID { found.append(inspection) } }
        return found.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }

    /// Every hazard of each venue folded: right for a small store; an indexed store does better.
    public func venueRecords(_ query: VenueRecordQuery, _ body: (VenueRecord) throws -> Void) throws {
        try foldedVenueRecords(query, body)
    }

    /// The venue records of ``venueRecords(_:_:)`` by their definition: every hazard of each
    /// venue in scope folded as of the moment and kept when the query holds it
    /// (``VenueRecordQuery/holds(_:lastEventAt:itemsFoundInReach:)``). What an indexed store's
    /// answer must equal (a test compares them).
    public func foldedVenueRecords(_ query: VenueRecordQuery, _ body: (VenueRecord) throws -> Void) throws {
        for venue in try venues() where query.covers(venue) {
            var folded: [(hazard: VenueHazard, lastEventAt: Date, events: [HazardEvent])] = []
            var stored: [HazardState] = []
            try self.hazards(HazardFilter(venueID: venue.id)) { stored.append($0) }
            for now in stored where now.foundAt <= query.asOf {
                let events = try events(hazardID: now.id)
                guard let state = HazardState.replay(events, asOf: query.asOf) else { continue }
                folded.append((VenueHazard(state), state.lastEventAt, events))
            }
            let itemsFoundInReach = Set(folded.filter { $0.hazard.foundAt >= query.reachFrom ?? .distantPast }.map(\.hazard.itemID))
            var hazards: [VenueHazard] = []
            var reworks: [VenueRework] = []
            for entry in folded where query.holds(entry.hazard, lastEventAt: entry.lastEventAt, itemsFoundInReach: itemsFoundInReach) {
                hazards.append(entry.hazard)
                for event in entry.events where event.at <= query.asOf && event.at >= (query.reachFrom ?? .distantPast) {
                    if case .reinspectionFailed = event.kind { reworks.append(VenueRework(hazardID: entry.hazard.id, at: event.at)) }
                }
            }
            let inspections = try self.inspections(venueID: venue.id).filter { $0.at <= query.asOf }
            try body(VenueRecord(
                venue: venue, hazards: hazards, reworks: reworks, inspections: query.reach.inspections.map { Array(inspections.suffix($0)) } ?? inspections,
                lastInspectedAt: inspections.last?.at))
        }
    }

    /// Every inspection read and filtered: right for a small store; an indexed store does better.
    public func inspectionIDs(startingWith prefix: String, limit: Int) throws -> [String] {
        var ids: [String] = []
        try inspections { _, inspection in if inspection.id.hasPrefix(prefix) { ids.append(inspection.id) } }
        return Array(ids.sorted().prefix(limit))
    }
}

/// Writing the store (inside ``HazardStore/write(_:)``).
public protocol HazardStoreWriter: HazardStoreReader {
    /// Adds or replaces areas and adds grid links.
    func put(areas: [Area], links: [GridLink]) throws
    /// Adds or replaces venues.
    func put(venues: [Venue]) throws
    /// Stores a checklist version (a no-op if that version and content are stored already).
    func put(checklist: Checklist) throws
    /// Stores an inspection recorded here (`origin` empty) or in another store (the
    /// fingerprint of its bundle's signer, so that this store's bundles do not send it back).
    func insert(_ inspection: Inspection, origin: String) throws
    /// Appends events after the last stored one and returns them chained.
    func append(_ events: [HazardEvent]) throws -> [ChainedEvent]
    /// Records a notice under the next number of its issuer and year (1 for the first) and
    /// returns it with that number.
    func issue(_ notice: NoticeRecord) throws -> NoticeRecord
    /// Records a re-inspection record under the next number of its issuer and year (1 for the
    /// first) and returns it with that number. Kept like notices: under the store's ledger.
    func issue(_ record: StoredReinspectionRecord) throws -> StoredReinspectionRecord
    /// Adds a holiday calendar file after those imported before it.
    func add(calendarFile: StoredCalendarFile) throws
    /// Adds or replaces a walk draft (by id).
    func put(walkDraft: WalkDraftRecord) throws
    /// Removes a walk draft; removing one that is not there does nothing.
    func removeWalkDraft(id: String) throws
    /// Adds events recorded in another store (a laptop's bundle) after the last one stored,
    /// chained like any other, noting `origin` (the fingerprint of the key that signed the
    /// bundle) on each. Events already stored (by id) are skipped. Every hazard they touch is
    /// folded again from all its events in time order, so the order bundles arrive in never
    /// changes the result; an event the lifecycle refuses there is kept as a conflict.
    /// Each event's bytes are chained and kept as given (they are its canonical form).
    /// - Returns: the events added (those not stored before), chained.
    func merge(_ events: [CanonicalEvent], origin: String) throws -> [ChainedEvent]
    /// Keeps a part of another store's own history that a merged bundle carried (nothing when
    /// it is kept already).
    func put(historySegment: HistorySegment) throws
    /// Adds a trusted key, or replaces the one with the same public key (to revoke it).
    func put(trustedKey: TrustedKey) throws
    /// Notes the sequence of the last event sent in a bundle.
    func setLastExportedSequence(_ sequence: Int64) throws
    /// Notes the position of the last inspection an events bundle sent.
    func setLastExportedInspection(_ position: Int64) throws
    /// Readies the transaction for merging a bundle (a store may size its caches for it).
    func startMerge() throws
    /// Sets a setting, or removes it when `value` is `nil`.
    func setSetting(_ key: String, to value: String?) throws
    /// Keeps a plan a reference bundle carried, one per grid and day: it replaces the one kept
    /// for its grid and day unless that one was carried later (``CarriedPlan/replaces(_:)``), so
    /// bundles merged in any order leave the newest. Kept under the store's ledger, if it has one.
    func put(carriedPlan: CarriedPlan) throws
}

extension HazardStoreWriter {
    /// Nothing to ready.
    public func startMerge() throws {}
}

/// A holiday calendar file kept in the store (`safegrid calendar import`), so that every laptop
/// and every report of the store counts working days with the same notices.
public struct StoredCalendarFile: Sendable, Hashable {
    /// The file's name when it was imported (`2027.txt`), for messages and `calendar show`.
    public var name: String
    /// The file's text, as checked by ``HolidayCalendarFile``.
    public var text: String
    /// When it was imported.
    public var importedAt: Date
    /// Who imported it.
    public var importedBy: String

    /// Creates a record of an imported file.
    public init(name: String, text: String, importedAt: Date, importedBy: String) {
        self.name = name
        self.text = text
        self.importedAt = importedAt
        self.importedBy = importedBy
    }

    /// The source name its days are shown with: `store:NAME`.
    public var source: String { "store:\(name)" }
}

/// A rectification notice as the store keeps it: enough to print it again with the same number.
public struct NoticeRecord: Sendable, Hashable, Codable {
    /// The issuing station's code.
    public var issuer: String
    /// The year of its number.
    public var year: Int
    /// Its place in the issuer's sequence for that year (set by the store).
    public var sequence: Int
    /// The venue.
    public var venueID: String
    /// The inspection it is for, if one.
    public var inspectionID: String?
    /// The hazards on it, sorted.
    public var hazardIDs: [String]
    /// When it was issued.
    public var issuedAt: Date

    /// Creates a record; `hazardIDs` are sorted.
    public init(issuer: String, year: Int, sequence: Int = 0, venueID: String, inspectionID: String?, hazardIDs: [String], issuedAt: Date) {
        self.issuer = issuer
        self.year = year
        self.sequence = sequence
        self.venueID = venueID
        self.inspectionID = inspectionID
        self.hazardIDs = hazardIDs.sorted()
        self.issuedAt = issuedAt
    }
}

/// A re-inspection record (复查意见书) as the store keeps it: its number, the notice it follows
/// up and the re-inspection events it reports, enough to print it again with the same number.
public struct StoredReinspectionRecord: Sendable, Hashable, Codable {
    /// One hazard's re-inspection on the record.
    public struct Entry: Sendable, Hashable, Codable, Comparable {
        /// The hazard.
        public var hazardID: String
        /// Its re-inspection event.
        public var eventID: String

        /// Creates an entry.
        public init(hazardID: String, eventID: String) {
            self.hazardID = hazardID
            self.eventID = eventID
        }

        public static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.hazardID, lhs.eventID) < (rhs.hazardID, rhs.eventID) }
    }

    /// The issuing station's code.
    public var issuer: String
    /// The year of its number.
    public var year: Int
    /// Its place in the issuer's sequence of re-inspection records for that year (set by the store).
    public var sequence: Int
    /// The venue.
    public var venueID: String
    /// The notice it follows up (its issuer, year and sequence), if one.
    public var notice: (issuer: String, year: Int, sequence: Int)? {
        get { noticeIssuer.flatMap { issuer in noticeYear.flatMap { year in noticeSequence.map { (issuer, year, $0) } } } }
        set {
            noticeIssuer = newValue?.issuer
            noticeYear = newValue?.year
            noticeSequence = newValue?.sequence
        }
    }
    /// The issuer of the notice it follows up.
    public var noticeIssuer: String?
    /// The year of the notice it follows up.
    public var noticeYear: Int?
    /// The sequence of the notice it follows up.
    public var noticeSequence: Int?
    /// The re-inspections on it, sorted by hazard.
    public var entries: [Entry]
    /// When it was first issued.
    public var issuedAt: Date

    /// Creates a record; `entries` are sorted.
    public init(
        issuer: String, year: Int, sequence: Int = 0, venueID: String, notice: (issuer: String, year: Int, sequence: Int)?,
        entries: [Entry], issuedAt: Date
    ) {
        self.issuer = issuer
        self.year = year
        self.sequence = sequence
        self.venueID = venueID
        self.noticeIssuer = notice?.issuer
        self.noticeYear = notice?.year
        self.noticeSequence = notice?.sequence
        self.entries = entries.sorted()
        self.issuedAt = issuedAt
    }
}

/// Which hazards a list shows.
public struct HazardFilter: Sendable, Hashable {
    /// Only these statuses (`nil`: any).
    public var statuses: Set<HazardStatus>?
    /// Only hazards overdue at this moment.
    public var overdueAt: Date?
    /// Only this grid (in force now).
    public var gridCode: String?
    /// Only this police grid (in force now).
    public var policeGridCode: String?
    /// Only this venue.
    public var venueID: String?
    /// Only hazards found by inspections of this source kind.
    public var source: InspectionSource.Kind?
    /// Only hazards found in this campaign.
    public var campaign: String?
    /// Only hazards this department acts on now (``HazardState/actingDepartment``: the station's
    /// own code for those never referred).
    public var department: String?

    /// A filter; every criterion is optional.
    public init(
        statuses: Set<HazardStatus>? = nil, overdueAt: Date? = nil, gridCode: String? = nil,
        policeGridCode: String? = nil, venueID: String? = nil, source: InspectionSource.Kind? = nil, campaign: String? = nil,
        department: String? = nil
    ) {
        self.statuses = statuses
        self.overdueAt = overdueAt
        self.gridCode = gridCode
        self.policeGridCode = policeGridCode
        self.venueID = venueID
        self.source = source
        self.campaign = campaign
        self.department = department
    }

    /// Whether a hazard (as it is now) matches.
    public func matches(_ state: HazardState) -> Bool {
        if let statuses, !statuses.contains(state.status) { return false }
        if let overdueAt, !state.isOverdue(asOf: overdueAt) { return false }
        if let gridCode, state.gridCode != gridCode { return false }
        if let policeGridCode, state.policeGridCode != policeGridCode { return false }
        if let venueID, state.record.venueID != venueID { return false }
        if let source, state.record.source != source { return false }
        if let campaign, state.record.campaign != campaign { return false }
        if let department, state.actingDepartment != department { return false }
        return true
    }
}

/// Which hazards a reminder is about (``HazardStoreReader/remindable(_:_:)``): those open or
/// awaiting re-inspection at ``asOf`` (as their events up to then leave them) whose deadline in
/// force then is at or before ``deadlineBy``, or that await re-inspection after a report of
/// the venue at or before ``reportedBy``.
///
/// The engine sets both bounds from the holiday calendar (`SafeGridEngine.reminders(_:)`); the
/// store only compares instants.
public struct ReminderQuery: Sendable, Hashable {
    /// The moment the reminders are for.
    public var asOf: Date
    /// The latest deadline in force that is due (the end of the reminder's last working day).
    public var deadlineBy: Date
    /// The latest report of the venue whose re-inspection is due by then.
    public var reportedBy: Date

    /// A query.
    public init(asOf: Date, deadlineBy: Date, reportedBy: Date) {
        self.asOf = asOf
        self.deadlineBy = deadlineBy
        self.reportedBy = reportedBy
    }

    /// Whether a hazard, as it stood at ``asOf``, is one the query asks for.
    public func matches(_ state: HazardState) -> Bool {
        guard state.foundAt <= asOf, state.status == .open || state.status == .awaitingReinspection else { return false }
        if state.deadline <= deadlineBy { return true }
        guard state.status == .awaitingReinspection, let reported = state.rectificationReportedAt else { return false }
        return reported <= reportedBy
    }
}

/// Where "now" comes from: injected, so deadlines, overdue and reports are deterministic in tests.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's clock.
public struct SystemWallClock: WallClock {
    /// The system clock.
    public init() {}
    /// The current instant, in whole seconds.
    public func now() -> Date { Date().wholeSeconds }
}

/// A clock stopped at one instant (`SAFEGRID_NOW`).
public struct FixedWallClock: WallClock {
    /// The instant it shows.
    public let instant: Date
    /// A clock stopped at `instant`.
    public init(_ instant: Date) { self.instant = instant.wholeSeconds }
    /// Always `instant`.
    public func now() -> Date { instant }
}

/// Where new ids come from: random by default, seeded for reproducible demos and tests.
public protocol IdentifierSource: Sendable {
    /// A new id starting with `prefix` (`H` for hazards, `I` for inspections).
    func next(_ prefix: String) -> String
    /// A new event id.
    func eventID() -> String
}

/// Random ids: `H-` and ten Crockford base-32 characters (50 bits), and UUIDs for events.
public struct RandomIdentifiers: IdentifierSource {
    /// A random source.
    public init() {}

    public func next(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return RandomIdentifiers.format(prefix, generator.next())
    }

    public func eventID() -> String { UUID().uuidString.lowercased() }

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func format(_ prefix: String, _ bits: UInt64) -> String {
        var value = bits
        var characters: [Character] = []
        for _ in 0..<10 {
            characters.append(alphabet[Int(value & 31)])
            value >>= 5
        }
        return "\(prefix)-\(String(characters))"
    }
}

/// Ids from a counter: `H-000001`, `I-000001`, and event ids `e-000001`. Reproducible: for
/// tests and the demo; a store shared by several laptops needs ``RandomIdentifiers``.
public final class SequentialIdentifiers: IdentifierSource, @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [String: Int] = [:]

    /// Counting from 1 for every prefix.
    public init() {}

    public func next(_ prefix: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        counters[prefix, default: 0] += 1
        let number = String(counters[prefix]!)
        return "\(prefix)-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
    }

    public func eventID() -> String { next("e") }
}
