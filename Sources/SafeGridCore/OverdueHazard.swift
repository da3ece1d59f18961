public import Foundation

/// A hazard on the overdue list (``HazardStoreReader/overdue(_:_:)``) as it stood at the
/// query's cut-off: what an ``OverdueEntry`` shows of it, and no more, so that a store can
/// answer from its index of running hazards instead of folding every hazard's events.
///
/// The facts recorded when it was found (``venueID`` to ``deadlineRule``) never change; the
/// others are those in force at the cut-off, as ``HazardState/replay(_:asOf:asRecordedAt:)``
/// gives them.
public struct OverdueHazard: Sendable, Hashable {
    /// The hazard's id.
    public var id: String
    /// The venue (``HazardRecord/venueID``).
    public var venueID: String
    /// The item's prompt (``HazardRecord/title``).
    public var title: LocalizedText
    /// The checklist category (``HazardRecord/category``).
    public var category: String
    /// The severity (``HazardRecord/severity``).
    public var severity: Severity
    /// How the first deadline was set (``HazardRecord/deadlineRule``).
    public var deadlineRule: String
    /// Open or awaiting re-inspection, at the cut-off.
    public var status: HazardStatus
    /// When it was found.
    public var foundAt: Date
    /// The deadline in force at the cut-off.
    public var deadline: Date
    /// Deadline extensions by the cut-off.
    public var extensionCount: Int
    /// The grid in force at the cut-off.
    public var gridCode: String
    /// The police grid in force at the cut-off.
    public var policeGridCode: String

    /// Creates a hazard of the list from its record and what was in force at the cut-off.
    /// - Parameters:
    ///   - id: The hazard's id.
    ///   - record: The facts recorded when it was found.
    ///   - status: Its status at the cut-off.
    ///   - foundAt: When it was found.
    ///   - deadline: The deadline in force at the cut-off.
    ///   - extensionCount: Deadline extensions by the cut-off.
    ///   - gridCode: The grid in force at the cut-off.
    ///   - policeGridCode: The police grid in force at the cut-off.
    public init(
        id: String, record: HazardRecord, status: HazardStatus, foundAt: Date, deadline: Date, extensionCount: Int, gridCode: String,
        policeGridCode: String
    ) {
        self.id = id
        self.venueID = record.venueID
        self.title = record.title
        self.category = record.category
        self.severity = record.severity
        self.deadlineRule = record.deadlineRule
        self.status = status
        self.foundAt = foundAt
        self.deadline = deadline
        self.extensionCount = extensionCount
        self.gridCode = gridCode
        self.policeGridCode = policeGridCode
    }

    /// The hazard of the list that a hazard folded to the cut-off is.
    /// - Parameter state: The hazard as it stood at the cut-off.
    public init(_ state: HazardState) {
        self.init(
            id: state.id, record: state.record, status: state.status, foundAt: state.foundAt, deadline: state.deadline,
            extensionCount: state.extensionCount, gridCode: state.gridCode, policeGridCode: state.policeGridCode)
    }

    /// Days past the deadline at `asOf`, as ``HazardState/daysOverdue(asOf:)`` counts them
    /// (0 when not overdue).
    /// - Parameter asOf: The cut-off.
    public func daysOverdue(asOf: Date) -> Int {
        guard (status == .open || status == .awaitingReinspection) && asOf > deadline else { return 0 }
        return HazardState.daysPast(deadline, asOf: asOf)
    }
}
