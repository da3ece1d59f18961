import Foundation
public import SafeGridCore

/// An event merged from a laptop that the hazard's lifecycle refuses where it falls in time:
/// kept, never counted, until a person settles it (``SafeGridEngine/resolveConflict(hazardID:keep:actor:note:)``).
public struct HazardConflict: Sendable, Hashable {
    /// The hazard as it stands (without the refused event).
    public var hazard: HazardState
    /// The refused event.
    public var event: HazardEvent
    /// The event applied just before it, which it conflicts with (two re-inspections, say).
    public var rival: HazardEvent?
}

extension SafeGridEngine {
    /// Every unsettled conflict, hazard by hazard in the order they were found.
    public func conflicts() throws -> [HazardConflict] {
        try store.read { reader in
            try reader.conflictedHazards().flatMap { id -> [HazardConflict] in
                let fold = HazardFold(try reader.events(hazardID: id))
                guard let state = fold.state else { return [] }
                return fold.conflicts.map { HazardConflict(hazard: state, event: $0, rival: fold.rivals[$0.id]) }
            }
        }
    }

    /// How many conflicts are unsettled: reports say so.
    public func unresolvedConflictCount() throws -> Int {
        try store.read { try unresolvedConflicts($0) }
    }

    func unresolvedConflicts(_ reader: any HazardStoreReader) throws -> Int {
        try reader.conflictedHazards().reduce(0) { $0 + HazardFold(try reader.events(hazardID: $1)).conflicts.count }
    }

    /// Settles a hazard's conflict by keeping `eventID`: a refused event (its rival is then
    /// dismissed, and it applies where it falls in time), or the rival of refused events (they
    /// are dismissed). The resolution is itself an event, so the history says who settled it.
    /// - Returns: the hazard as it stands afterwards.
    /// - Throws: `SafeGridError` `not-found` for an unknown hazard, `invalid-input` when the
    ///   event is not part of one of its conflicts.
    @discardableResult
    public func resolveConflict(hazardID: String, keep eventID: String, actor: String, note: String? = nil) throws -> HazardState {
        try store.write { writer in
            let events = try writer.events(hazardID: hazardID)
            let fold = HazardFold(events)
            guard fold.state != nil else { throw SafeGridError.notFound("hazard", hazardID) }
            var dismissed: [String]
            if fold.conflicts.contains(where: { $0.id == eventID }) {
                dismissed = fold.rivals[eventID].map { [$0.id] } ?? []
            } else {
                dismissed = fold.conflicts.filter { fold.rivals[$0.id]?.id == eventID }.map(\.id)
            }
            guard !dismissed.isEmpty else {
                throw SafeGridError.invalidInput(
                    "event \(eventID) is not part of a conflict of hazard \(hazardID); see `safegrid hazard conflicts`",
                    chinese: "事件 \(eventID) 不属于隐患 \(hazardID) 的任何冲突；请查看 safegrid hazard conflicts",
                    context: ["hazard": hazardID, "event": eventID])
            }
            dismissed.sort()
            let now = clock.now()
            let resolution = HazardEvent(
                id: identifiers.eventID(), hazardID: hazardID, kind: .conflictResolved(kept: eventID, dismissed: dismissed),
                at: max(now, events.map(\.at).max() ?? now), recordedAt: now, actor: actor, note: note)
            _ = try writer.append([resolution])
            guard let state = try writer.hazard(id: hazardID) else { throw SafeGridError.notFound("hazard", hazardID) }
            return state
        }
    }
}
