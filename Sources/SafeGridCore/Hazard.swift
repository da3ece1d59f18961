public import Foundation

/// What was found, fixed when the hazard is recorded: the venue, the item, the severity and
/// deadline given, and the grid and police grid copied from the venue at that moment (so a
/// later re-drawing of grids does not move old hazards between rows of old reports).
public struct HazardRecord: Sendable, Hashable, Codable {
    /// The venue.
    public var venueID: String
    /// The inspection that found it.
    public var inspectionID: String
    /// The checklist's id.
    public var checklistID: String
    /// The checklist's version.
    public var checklistVersion: String
    /// The checklist item.
    public var itemID: String
    /// The checklist's category (`fire`, `kitchen`, ...).
    public var category: String
    /// The severity in force.
    public var severity: Severity
    /// Why the inspector overrode the item's severity, if they did.
    public var severityReason: String?
    /// The rectification deadline (an instant: the end of a day, or a venue's opening).
    public var deadline: Date
    /// How the deadline was set: the deadline code that gave it (the item's, or the inspector's
    /// override, which ``deadlineReason`` explains), or `override` for a date the inspector gave.
    public var deadlineRule: String
    /// Why the inspector overrode the item's deadline, if they did.
    public var deadlineReason: String?
    /// The grid, from the venue when found.
    public var gridCode: String
    /// The police grid, from the venue when found.
    public var policeGridCode: String
    /// The item's prompt, for lists and notices.
    public var title: LocalizedText
    /// The item's basis (legal clause), if any.
    public var basis: String?
    /// The inspection's source kind, copied when found (a patrol for hazards found before sources).
    public var source: InspectionSource.Kind
    /// The inspection's campaign, copied when found, if it had one.
    public var campaign: String?

    /// Creates a record.
    public init(
        venueID: String, inspectionID: String, checklistID: String, checklistVersion: String, itemID: String,
        category: String, severity: Severity, severityReason: String? = nil, deadline: Date, deadlineRule: String,
        deadlineReason: String? = nil, gridCode: String, policeGridCode: String, title: LocalizedText, basis: String? = nil,
        source: InspectionSource.Kind = .patrol, campaign: String? = nil
    ) {
        self.venueID = venueID
        self.inspectionID = inspectionID
        self.checklistID = checklistID
        self.checklistVersion = checklistVersion
        self.itemID = itemID
        self.category = category
        self.severity = severity
        self.severityReason = severityReason
        self.deadline = deadline
        self.deadlineRule = deadlineRule
        self.deadlineReason = deadlineReason
        self.gridCode = gridCode
        self.policeGridCode = policeGridCode
        self.title = title
        self.basis = basis
        self.source = source
        self.campaign = campaign
    }
}

/// Where a hazard is in its lifecycle. Derived from its events, never edited.
public enum HazardStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Found, rectification ordered, deadline running.
    case open
    /// The venue reports it fixed; a re-inspection is due.
    case awaitingReinspection = "awaiting"
    /// Closed out (销号) after a passed re-inspection, or fixed on the spot.
    case closed
    /// Parked (挂账), with a reason; never overdue.
    case deferred
    /// Recorded in error; counted nowhere.
    case cancelled

    /// The status's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .open: language.pick("整改中", "open")
        case .awaitingReinspection: language.pick("待复查", "awaiting re-inspection")
        case .closed: language.pick("已销号", "closed")
        case .deferred: language.pick("挂账", "deferred")
        case .cancelled: language.pick("已撤销", "cancelled")
        }
    }

    /// The status after `action`, or `nil` where the action is illegal.
    ///
    /// | from \ action | rectify | pass | fail | extend | defer | cancel | reassign | fix on spot |
    /// |---|---|---|---|---|---|---|---|---|
    /// | open | awaiting | closed | open | open | deferred | cancelled | open | closed |
    /// | awaiting | — | closed | open | awaiting | deferred | cancelled | awaiting | — |
    /// | deferred | awaiting | closed | open | open | — | cancelled | deferred | — |
    /// | closed, cancelled | — | — | — | — | — | — | — | — |
    ///
    /// Referring to a department (`refer`) changes no status, like `reassign`.
    public func after(_ action: HazardAction) -> HazardStatus? {
        switch (self, action) {
        case (let status, .resolveConflict): status
        case (.closed, _), (.cancelled, _): nil
        case (.open, .fixOnSpot): .closed
        case (_, .fixOnSpot): nil
        case (.open, .reportRectification), (.deferred, .reportRectification): .awaitingReinspection
        case (.awaitingReinspection, .reportRectification): nil
        case (_, .reinspectPass): .closed
        case (_, .reinspectFail): .open
        case (.awaitingReinspection, .extend): .awaitingReinspection
        case (_, .extend): .open
        case (.deferred, .defer): nil
        case (_, .defer): .deferred
        case (_, .cancel): .cancelled
        case (let status, .reassign): status
        case (let status, .refer): status
        }
    }
}

/// Something done to a hazard after it was recorded.
public enum HazardAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fixed during the visit (当场整改).
    case fixOnSpot = "fix-on-spot"
    /// The venue reports it fixed (整改复函).
    case reportRectification = "rectify"
    /// A re-inspection passed: close-out (销号).
    case reinspectPass = "reinspect-pass"
    /// A re-inspection failed: back to open, rework count + 1.
    case reinspectFail = "reinspect-fail"
    /// The deadline is extended (延期).
    case extend
    /// Parked (挂账).
    case `defer`
    /// Recorded in error.
    case cancel
    /// Moved to another grid or police grid.
    case reassign
    /// Referred to a department (分流处置): still on both lines' books, with that department acting.
    case refer
    /// A conflict between merged events settled by a person (any status: it changes none).
    case resolveConflict = "resolve"

    /// The action's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .fixOnSpot: language.pick("当场整改", "fix on the spot")
        case .reportRectification: language.pick("报告整改完成", "report rectified")
        case .reinspectPass: language.pick("复查合格", "pass a re-inspection")
        case .reinspectFail: language.pick("复查不合格", "fail a re-inspection")
        case .extend: language.pick("延期", "extend")
        case .defer: language.pick("挂账", "defer")
        case .cancel: language.pick("撤销", "cancel")
        case .reassign: language.pick("调整网格/警格", "reassign")
        case .refer: language.pick("分流", "refer")
        case .resolveConflict: language.pick("解决冲突", "resolve a conflict")
        }
    }
}

/// A hazard as its events say it is at some moment: the fold of its events in order.
public struct HazardState: Sendable, Hashable, Codable, Identifiable {
    /// The hazard's id.
    public var id: String
    /// The facts recorded when it was found.
    public var record: HazardRecord
    /// Its status.
    public var status: HazardStatus
    /// When it was found.
    public var foundAt: Date
    /// When its finding was recorded.
    public var foundRecordedAt: Date
    /// The deadline in force.
    public var deadline: Date
    /// The grid in force.
    public var gridCode: String
    /// The police grid in force.
    public var policeGridCode: String
    /// When it was closed out, if it was.
    public var closedAt: Date?
    /// Whether it closed at or before the deadline then in force.
    public var closedOnTime: Bool
    /// When the venue last reported it fixed, if it did.
    public var rectificationReportedAt: Date?
    /// Failed re-inspections so far.
    public var reworkCount: Int
    /// Deadline extensions so far.
    public var extensionCount: Int
    /// The department acting on it, when it was referred to one (a ``Department`` code).
    public var department: String?
    /// Whether it is parked (挂账): deferred and not resumed since. Stays set through a final
    /// close-out or cancellation, so the deferral at any earlier moment can be told.
    public var isParked: Bool
    /// When its last event happened.
    public var lastEventAt: Date
    /// How many events it has.
    public var eventCount: Int

    /// The state right after the hazard was recorded.
    /// - Parameter event: a `.recorded` event.
    /// - Returns: `nil` for any other kind of event.
    public init?(recorded event: HazardEvent) {
        guard case .recorded(let record) = event.kind else { return nil }
        id = event.hazardID
        self.record = record
        status = .open
        foundAt = event.at
        foundRecordedAt = event.recordedAt
        deadline = record.deadline
        gridCode = record.gridCode
        policeGridCode = record.policeGridCode
        closedAt = nil
        closedOnTime = false
        rectificationReportedAt = nil
        reworkCount = 0
        extensionCount = 0
        department = nil
        isParked = false
        lastEventAt = event.at
        eventCount = 1
    }

    /// The state after one more event.
    /// - Throws: ``SafeGridError`` `illegal-transition` when the status does not allow the
    ///   event's action, `illegal-time` when the event is dated before the hazard was found or
    ///   before its last event, `invalid-input` for an extension that does not move the deadline later.
    public func applying(_ event: HazardEvent) throws(SafeGridError) -> HazardState {
        guard let action = event.kind.action else {
            throw SafeGridError(
                .illegalTransition, chinese: "隐患 \(id) 已经登记过", english: "hazard \(id) is already recorded",
                context: ["hazard": id, "state": status.rawValue, "action": "record"])
        }
        guard let next = status.after(action) else {
            throw SafeGridError(
                .illegalTransition,
                chinese: "隐患 \(id) 当前为“\(status.label(.chinese))”，不能\(action.label(.chinese))",
                english: "hazard \(id) is \(status.label(.english)): it cannot \(action.label(.english))",
                context: ["hazard": id, "state": status.rawValue, "action": action.rawValue])
        }
        if event.at < foundAt {
            throw SafeGridError(
                .illegalTime,
                chinese: "时间 \(event.at.iso8601) 早于隐患 \(id) 的发现时间 \(foundAt.iso8601)，不能\(action.label(.chinese))",
                english: "\(event.at.iso8601) is before hazard \(id) was found (\(foundAt.iso8601)): it cannot \(action.label(.english)) then",
                context: ["hazard": id, "state": status.rawValue, "action": action.rawValue])
        }
        if event.at < lastEventAt {
            throw SafeGridError(
                .illegalTime,
                chinese: "时间 \(event.at.iso8601) 早于隐患 \(id) 的上一条记录（\(lastEventAt.iso8601)）；记录须按时间先后登记",
                english: "\(event.at.iso8601) is before the last event of hazard \(id) (\(lastEventAt.iso8601)); record events in order",
                context: ["hazard": id, "state": status.rawValue, "action": action.rawValue])
        }
        var state = self
        state.status = next
        if next == .deferred {
            state.isParked = true
        } else if next != .closed && next != .cancelled {
            state.isParked = false
        }
        state.lastEventAt = event.at
        state.eventCount += 1
        switch event.kind {
        case .recorded: break
        case .fixedOnSpot, .reinspectionPassed:
            state.closedAt = event.at
            state.closedOnTime = event.at <= deadline
        case .rectificationReported:
            state.rectificationReportedAt = event.at
        case .reinspectionFailed:
            state.reworkCount += 1
            state.rectificationReportedAt = nil
        case .deadlineExtended(let until, _):
            guard until > deadline else {
                throw SafeGridError(
                    .invalidInput,
                    chinese: "新期限必须晚于现行期限 \(deadline.iso8601)", english: "the new deadline must be later than the one in force (\(deadline.iso8601))",
                    context: ["hazard": id, "state": status.rawValue, "action": action.rawValue])
            }
            state.deadline = until
            state.extensionCount += 1
        case .deferred, .cancelled, .conflictResolved: break
        case .reassigned(let grid, let policeGrid, _):
            if let grid { state.gridCode = grid }
            if let policeGrid { state.policeGridCode = policeGrid }
        case .referred(let department):
            state.department = department
        }
        return state
    }

    /// The hazard as it stood at `asOf`, counting only events recorded by `asRecordedAt`:
    /// ``HazardFold``'s state.
    ///
    /// - Parameters:
    ///   - events: the hazard's events in time order (as ``HazardStoreReader/events(hazardID:)`` gives them).
    ///   - asOf: only events that happened at or before this count (`nil`: all).
    ///   - asRecordedAt: only events recorded at or before this count (`nil`: all).
    /// - Returns: `nil` if the hazard had not been found (or recorded) by then.
    public static func replay(_ events: [HazardEvent], asOf: Date? = nil, asRecordedAt: Date? = nil) -> HazardState? {
        HazardFold(events, asOf: asOf, asRecordedAt: asRecordedAt).state
    }
}
