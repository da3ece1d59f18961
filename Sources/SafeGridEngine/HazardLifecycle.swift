public import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// Records something that happened to a hazard, after checking that its state allows it.
    ///
    /// - Parameters:
    ///   - kind: what happened (not `.recorded` or `.fixedOnSpot`, which only an inspection records).
    ///   - hazardID: the hazard.
    ///   - at: when it happened (`nil`: now).
    ///   - actor: who did or recorded it.
    ///   - note: a note.
    ///   - evidence: SHA-256 of each evidence file.
    /// - Returns: the hazard as it is afterwards.
    /// - Throws: `SafeGridError`: `not-found`; `illegal-transition` naming the hazard, its
    ///   state and the action (also a referral to the department already acting);
    ///   `illegal-time` for a time after now, before the hazard was found
    ///   or before its last event; `implausible-time` for a time before ``PlausibleTimes/earliest``
    ///   or a new deadline too many years out (``SafeGridEngine/plausible``); `invalid-input` for a missing reason, an extension that does
    ///   not move the deadline later, an unknown grid or an unknown department; `photo-required` for a rectification
    ///   reported without evidence on an item whose checklist requires a photo. Nothing is
    ///   stored when it throws.
    @discardableResult
    public func update(
        _ hazardID: String, _ kind: HazardEvent.Kind, at: Date? = nil, actor: String, note: String? = nil,
        evidence: [SHA256Digest] = []
    ) throws -> HazardState {
        try batch { try $0.update(hazardID, kind, at: at, actor: actor, note: note, evidence: evidence) }
    }

    /// A hazard as it is now, with its whole history.
    /// - Throws: `SafeGridError` `not-found`.
    public func history(of hazardID: String) throws -> (state: HazardState, events: [HazardEvent]) {
        try store.read { reader in
            let events = try reader.events(hazardID: hazardID)
            guard let state = HazardState.replay(events) else { throw SafeGridError.notFound("hazard", hazardID) }
            return (state, events)
        }
    }

    /// The hazards matching `filter`, as they are now.
    public func hazards(_ filter: HazardFilter) throws -> [HazardState] {
        try store.read { reader in
            var found: [HazardState] = []
            try reader.hazards(filter) { found.append($0) }
            return found
        }
    }
}

extension EngineBatch {
    /// Records a change to a hazard within the batch's transaction; see
    /// ``SafeGridEngine/update(_:_:at:actor:note:evidence:)``.
    /// - Parameters:
    ///   - hazardID: the hazard.
    ///   - kind: what happened.
    ///   - at: when it happened (`nil`: now).
    ///   - actor: who did or recorded it.
    ///   - note: a note.
    ///   - evidence: SHA-256 of each evidence file.
    ///   - recordedAt: when it is recorded (default: the engine's clock now).
    @discardableResult
    public func update(
        _ hazardID: String, _ kind: HazardEvent.Kind, at: Date? = nil, actor: String, note: String? = nil,
        evidence: [SHA256Digest] = [], recordedAt: Date? = nil
    ) throws -> HazardState {
        let stationTime = engine.stationTime
        let now = (recordedAt ?? engine.clock.now()).wholeSeconds
        let at = (at ?? now).wholeSeconds
        let action = kind.action?.rawValue ?? "record"
        switch kind {
        case .recorded, .fixedOnSpot:
            throw SafeGridError.invalidInput(
                "hazards are recorded and fixed on the spot by inspections", chinese: "隐患的登记与当场整改须通过检查记录完成")
        case .conflictResolved:
            throw SafeGridError.invalidInput(
                "conflicts are settled with resolveConflict (safegrid hazard resolve)", chinese: "冲突须通过 safegrid hazard resolve 解决")
        case .deadlineExtended(_, let reason), .deferred(let reason), .cancelled(let reason), .reassigned(_, _, let reason):
            if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw SafeGridError.invalidInput(
                    "\(action) needs a reason", chinese: "此操作须说明理由", context: ["hazard": hazardID, "action": action])
            }
        default: break
        }
        guard let current = try writer.hazard(id: hazardID) else { throw SafeGridError.notFound("hazard", hazardID) }
        guard at <= now else {
                throw SafeGridError(
                    .illegalTime,
                    chinese: "隐患 \(hazardID)（\(current.status.label(.chinese))）：时间 \(stationTime.format(at)) 晚于当前时间",
                    english: "hazard \(hazardID) (\(current.status.label(.english))): \(stationTime.format(at)) is in the future",
                    context: ["hazard": hazardID, "state": current.status.rawValue, "action": action])
        }
        try engine.plausible.checkNotTooEarly(at, what: ("hazard \(hazardID): the time", "隐患 \(hazardID)：时间"), stationTime: stationTime)
        if case .deadlineExtended(let until, _) = kind {
            try engine.plausible.checkDeadline(
                until, setAt: at, what: ("hazard \(hazardID): the new deadline", "隐患 \(hazardID)：新期限"), stationTime: stationTime)
        }
        if case .referred(let department) = kind {
            guard Department.named(department)?.code == department else { throw Department.unknown(department) }
            if current.actingDepartment == department {
                let name = Department.named(department)!
                throw SafeGridError(
                    .illegalTransition,
                    chinese: "隐患 \(hazardID) 已由\(name.chinese)处置，无需再分流给它",
                    english: "hazard \(hazardID) is already with \(name.english): refer it to another department",
                    context: ["hazard": hazardID, "state": current.status.rawValue, "action": action, "department": department])
            }
        }
        if case .reassigned(let grid, let policeGrid, _) = kind {
            if grid == nil && policeGrid == nil {
                throw SafeGridError.invalidInput("name a grid or a police grid to reassign to", chinese: "请指定新的网格或警格")
            }
            if let grid, try area(.grid, grid) == nil { throw SafeGridError.notFound("area", grid) }
            if let policeGrid, try area(.policeGrid, policeGrid) == nil { throw SafeGridError.notFound("area", policeGrid) }
        }
        let event = HazardEvent(
            id: engine.identifiers.eventID(), hazardID: hazardID, kind: kind, at: at, recordedAt: now, actor: actor, note: note,
            evidence: evidence)
        switch Result(catching: { () throws(SafeGridError) in try current.applying(event) }) {
        case .success(let next):
            if case .rectificationReported = kind, evidence.isEmpty, try photoRequired(current.record) {
                throw SafeGridError(
                    .photoRequired,
                    chinese: "隐患 \(hazardID)：检查表 \(current.record.checklistID) 的 \(current.record.itemID) 项要求照片，报告整改须附整改后照片（--evidence 文件）",
                    english: "hazard \(hazardID): item \(current.record.itemID) of \(current.record.checklistID) requires a photo; report it rectified with an after photo (--evidence FILE)",
                    context: ["hazard": hazardID, "item": current.record.itemID, "action": action])
            }
            _ = try writer.append([event])
            return next
        case .failure(var error):
            // The state machine knows no time zone (its messages say UTC): say the times in
            // station time, with the station's offset.
            error.message = LocalizedText([
                "en": stationTime.rewritingUTCTimes(error.message.resolved(for: .english)),
                "zh-CN": stationTime.rewritingUTCTimes(error.message.resolved(for: .chinese)),
            ])
            throw error
        }
    }
}

extension EngineBatch {
    /// Whether the item the hazard was found on needs a photo (its checklist version as stored
    /// by the inspection).
    func photoRequired(_ record: HazardRecord) throws -> Bool {
        try itemsRequiringPhoto(checklistID: record.checklistID, version: record.checklistVersion).contains(record.itemID)
    }
}
