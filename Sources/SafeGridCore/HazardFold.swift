public import Foundation

/// A hazard's events folded in time order: where it stands, and the events its lifecycle
/// refused where they fall in time (conflicts).
///
/// Events recorded on one machine are always legal in order, since the engine refuses an illegal
/// one before storing it. Events merged from laptops that acted on the same hazard offline may not
/// be: two re-inspections of one hazard, one passed and one failed. The later one is then kept
/// but not applied, a **conflict**, until a person settles it with a
/// ``HazardEvent/Kind/conflictResolved(kept:dismissed:)`` event: the dismissed events are left
/// out of the fold (from that resolution on, and in every report as of a moment after it), and
/// the kept one applies where it falls in time. A refused event is never counted.
public struct HazardFold: Sendable {
    /// Where the hazard stands; `nil` if it had not been recorded by the cut-offs.
    public private(set) var state: HazardState?
    /// Events refused where they fall in time and not dismissed by a resolution, in time order.
    public private(set) var conflicts: [HazardEvent] = []
    /// For each conflict (by event id), the event applied just before it: the one it conflicts with.
    public private(set) var rivals: [String: HazardEvent] = [:]
    /// The event that closed the hazard, if it is closed.
    public private(set) var closing: HazardEvent?
    /// The event that cancelled the hazard, if it is cancelled.
    public private(set) var cancelling: HazardEvent?
    /// The last event that changed the deadline, the grid, the police grid, the deferral or the
    /// department acting.
    public private(set) var lastHistoryChange: HazardEvent?
    /// Events dismissed by resolutions within the cut-offs.
    public private(set) var dismissed: Set<String> = []

    /// Folds `events` (in time order: by `at`, then origin, then the order stored).
    /// - Parameters:
    ///   - events: the hazard's events, in the order stored.
    ///   - asOf: only events that happened at or before this count (`nil`: all).
    ///   - asRecordedAt: only events recorded at or before this count (`nil`: all).
    public init(_ events: [HazardEvent], asOf: Date? = nil, asRecordedAt: Date? = nil) {
        func counts(_ event: HazardEvent) -> Bool {
            (asOf.map { event.at <= $0 } ?? true) && (asRecordedAt.map { event.recordedAt <= $0 } ?? true)
        }
        for event in events where counts(event) {
            if case .conflictResolved(_, let ids) = event.kind { dismissed.formUnion(ids) }
        }
        var lastApplied: HazardEvent?
        for event in events {
            if let asOf, event.at > asOf { break }
            guard counts(event), !dismissed.contains(event.id) else { continue }
            guard let current = state else {
                state = HazardState(recorded: event)
                if state == nil { return }
                lastApplied = event
                continue
            }
            guard let next = try? current.applying(event) else {
                conflicts.append(event)
                rivals[event.id] = lastApplied
                continue
            }
            if next.closedAt != nil && current.closedAt == nil { closing = event }
            if next.status == .cancelled && current.status != .cancelled { cancelling = event }
            if next.deadline != current.deadline || next.gridCode != current.gridCode || next.policeGridCode != current.policeGridCode
                || next.isParked != current.isParked || next.department != current.department {
                lastHistoryChange = event
            }
            state = next
            lastApplied = event
        }
    }
}
