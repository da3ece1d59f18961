public import Foundation

// What a store hands a venue risk rule (``HazardStoreReader/venueRecords(_:_:)``): each venue's
// hazards as a colour reads them, as far back as the rule's reach.

/// A hazard as a venue's colour reads it, as it stood at the facts' moment: what a store keeps
/// of every hazard beside its events, so that a station's venues are rated without folding the
/// history of each of its hazards.
public struct VenueHazard: Sendable, Hashable, Codable {
    /// The hazard.
    public var id: String
    /// The checklist it was found with.
    public var checklistID: String
    /// That checklist's version.
    public var checklistVersion: String
    /// The item that failed.
    public var itemID: String
    /// Its category (``HazardCategory``).
    public var category: String
    /// How serious.
    public var severity: Severity
    /// Where it stands.
    public var status: HazardStatus
    /// When it was found.
    public var foundAt: Date
    /// The deadline in force.
    public var deadline: Date
    /// When it was closed out (re-inspection passed or fixed on the spot), if it was.
    public var closedAt: Date?
    /// When the venue last reported it rectified, if it did.
    public var rectificationReportedAt: Date?
    /// How many re-inspections it failed.
    public var reworkCount: Int

    /// Creates a hazard as a colour reads it.
    public init(
        id: String, checklistID: String, checklistVersion: String, itemID: String, category: String, severity: Severity,
        status: HazardStatus, foundAt: Date, deadline: Date, closedAt: Date?, rectificationReportedAt: Date?, reworkCount: Int
    ) {
        self.id = id
        self.checklistID = checklistID
        self.checklistVersion = checklistVersion
        self.itemID = itemID
        self.category = category
        self.severity = severity
        self.status = status
        self.foundAt = foundAt
        self.deadline = deadline
        self.closedAt = closedAt
        self.rectificationReportedAt = rectificationReportedAt
        self.reworkCount = reworkCount
    }

    /// The hazard as a folded state leaves it.
    public init(_ state: HazardState) {
        self.init(
            id: state.id, checklistID: state.record.checklistID, checklistVersion: state.record.checklistVersion,
            itemID: state.record.itemID, category: state.record.category, severity: state.record.severity, status: state.status,
            foundAt: state.foundAt, deadline: state.deadline, closedAt: state.closedAt,
            rectificationReportedAt: state.rectificationReportedAt, reworkCount: state.reworkCount)
    }

    /// Not fixed yet: open, awaiting re-inspection or deferred (挂账).
    public var isUnfixed: Bool { status == .open || status == .awaitingReinspection || status == .deferred }

    /// Whether it is overdue at `asOf` (as ``HazardState/isOverdue(asOf:)``).
    public func isOverdue(asOf: Date) -> Bool {
        (status == .open || status == .awaitingReinspection) && asOf > deadline
    }
}

/// How much of a venue's record a rule reads. A station rates every venue each night: a store
/// hands a rule no more than this, so that the night's plan stays quick however long the
/// station's history grows.
public struct VenueRiskReach: Sendable, Hashable {
    /// How far back before the moment hazards, reworks and recurrences are read, besides every
    /// hazard not yet fixed (always there); `nil`: the whole record.
    public var hazards: TimeInterval?
    /// How many of the latest inspections are read, with their scores; `nil`: every one.
    public var inspections: Int?

    /// A reach.
    public init(hazards: TimeInterval?, inspections: Int?) {
        self.hazards = hazards
        self.inspections = inspections
    }

    /// The whole record: every hazard, rework, recurrence and inspection.
    public static let everything = VenueRiskReach(hazards: nil, inspections: nil)
}

/// What a store hands over of one venue's record as of a moment (``HazardStoreReader/venueRecords(_:_:)``).
public struct VenueRecord: Sendable, Hashable {
    /// The venue.
    public var venue: Venue
    /// Its hazards found by then, each as it stood then, in the order found (found time, then
    /// id): those the query holds (``VenueRecordQuery/holds(_:lastEventAt:itemsFoundInReach:)``).
    public var hazards: [VenueHazard]
    /// The re-inspections failed within the reach by then, in time order.
    public var reworks: [VenueRework]
    /// The latest inspections by then, as many as the reach asks, in time order (the latest last).
    public var inspections: [Inspection]
    /// When it was last inspected by then (`nil`: never).
    public var lastInspectedAt: Date?

    /// Creates a record; the hazards are put in the order found and the reworks in time order.
    public init(venue: Venue, hazards: [VenueHazard], reworks: [VenueRework], inspections: [Inspection], lastInspectedAt: Date?) {
        self.venue = venue
        self.hazards = hazards.sorted { ($0.foundAt, $0.id) < ($1.foundAt, $1.id) }
        self.reworks = reworks.sorted { ($0.at, $0.hazardID) < ($1.at, $1.hazardID) }
        self.inspections = inspections
        self.lastInspectedAt = lastInspectedAt
    }

    /// The venue's id.
    public var venueID: String { venue.id }
}

/// Which venues' records to read, as of when, and how far back
/// (``HazardStoreReader/venueRecords(_:_:)``).
public struct VenueRecordQuery: Sendable, Hashable {
    /// The moment.
    public var asOf: Date
    /// Only this venue.
    public var venueID: String?
    /// Only the venues of this grid (the venue's own grid).
    public var gridCode: String?
    /// Only the venues of this police grid.
    public var policeGridCode: String?
    /// How much of each record.
    public var reach: VenueRiskReach

    /// Creates a query.
    public init(asOf: Date, venueID: String? = nil, gridCode: String? = nil, policeGridCode: String? = nil, reach: VenueRiskReach = .everything) {
        self.asOf = asOf
        self.venueID = venueID
        self.gridCode = gridCode
        self.policeGridCode = policeGridCode
        self.reach = reach
    }

    /// Whether a venue is in the query's scope.
    public func covers(_ venue: Venue) -> Bool {
        (venueID == nil || venue.id == venueID) && (gridCode == nil || venue.gridCode == gridCode)
            && (policeGridCode == nil || venue.policeGridCode == policeGridCode)
    }

    /// Where the reach begins (`nil`: the whole record): reworks count from here.
    public var reachFrom: Date? {
        reach.hazards.map { asOf.addingTimeInterval(-$0) }
    }

    /// How far back close-outs are held: one ``VenueRecurrence/window`` before the reach, so
    /// that a recurrence found within the reach finds the hazard it follows.
    public var closeOutsFrom: Date? {
        reachFrom.map { $0.addingTimeInterval(-VenueRecurrence.window) }
    }

    /// Whether a venue's record holds one of its hazards as it stood at the moment: every hazard
    /// not fixed then; every one whose last event by then lies within the reach; and every one
    /// closed out within the window before the reach when the venue has a hazard of the same
    /// item found within the reach. The whole record holds them all.
    /// - Parameters:
    ///   - hazard: the hazard as it stood at the moment.
    ///   - lastEventAt: its last event by the moment.
    ///   - itemsFoundInReach: the items of the venue's hazards found within the reach.
    public func holds(_ hazard: VenueHazard, lastEventAt: Date, itemsFoundInReach: Set<String>) -> Bool {
        guard let from = reachFrom, let closeOutsFrom else { return true }
        if hazard.isUnfixed || lastEventAt >= from { return true }
        guard hazard.status == .closed, let closed = hazard.closedAt, closed >= closeOutsFrom else { return false }
        return itemsFoundInReach.contains(hazard.itemID)
    }
}
