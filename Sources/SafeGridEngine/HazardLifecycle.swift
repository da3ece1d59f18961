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
    /// - Throws: ``SafeGridError``: `not-found`; `illegal-transition` naming the hazard, its
    ///   state and the action; `illegal-time` for a time after now, before the hazard was found
    ///   or before its last event; `implausible-time` for a time before ``PlausibleTimes/earliest``
    ///   or a new deadline too many years out (``SafeGridEngine/plausible``); `invalid-input` for a missing reason, an extension that does
    ///   not move the deadline later, or an unknown grid; `photo-required` for a rectification
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
    /// - Throws: ``SafeGridError`` `not-found`.
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
    /// - Parameter recordedAt: when it is recorded (default: the engine's clock now).
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
        if case .reassigned(let grid, let policeGrid, _) = kind {
            let directory = try writer.areaDirectory()
            if grid == nil && policeGrid == nil {
                throw SafeGridError.invalidInput("name a grid or a police grid to reassign to", chinese: "请指定新的网格或警格")
            }
            if let grid, directory.area(.grid, grid) == nil { throw SafeGridError.notFound("area", grid) }
            if let policeGrid, directory.area(.policeGrid, policeGrid) == nil { throw SafeGridError.notFound("area", policeGrid) }
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
            if error.code == .illegalTime {
                // The state machine knows no time zone; say the times in station time.
                error.message = LocalizedText([
                    "en": stationTime.rewritingUTCTimes(error.message.resolved(for: .english)),
                    "zh-CN": stationTime.rewritingUTCTimes(error.message.resolved(for: .chinese)),
                ])
            }
            throw error
        }
    }
}

extension EngineBatch {
    /// Whether the item the hazard was found on needs a photo (its checklist version as stored
    /// by the inspection).
    func photoRequired(_ record: HazardRecord) throws -> Bool {
        let checklist = try writer.checklist(id: record.checklistID, version: record.checklistVersion)
        return checklist?.items.first { $0.id == record.itemID }?.photo == .required
    }
}

/// What `verify` found.
public struct ChainVerification: Sendable, Hashable {
    /// The first event that breaks the chain.
    public struct Problem: Sendable, Hashable {
        /// The event's position in the store.
        public var sequence: Int64
        /// The event's id.
        public var eventID: String
        /// The hazard it belongs to.
        public var hazardID: String
        /// What is wrong with it.
        public var message: LocalizedText
    }

    /// Events checked.
    public var eventCount: Int
    /// The first broken link, if any.
    public var problem: Problem?
    /// What the database's own integrity check reported (empty when intact).
    public var integrityProblems: [String]
    /// Evidence files that are missing or no longer have their hash (empty when the engine
    /// has no evidence store).
    public var evidenceProblems: [EvidenceCheck] = []
    /// Evidence recorded before the store kept files (hash only): reported, not a failure.
    public var evidenceNotKept: [EvidenceCheck] = []
    /// Distinct evidence files checked and found intact.
    public var evidenceIntact = 0

    /// Whether the store is intact.
    public var isIntact: Bool { problem == nil && integrityProblems.isEmpty && evidenceProblems.isEmpty }
}

/// One reference to an evidence file and what `verify` found at it.
public struct EvidenceCheck: Sendable, Hashable {
    /// Who references it: an event of a hazard, or (when no event does) an inspection's answer.
    public enum Referrer: Sendable, Hashable {
        /// The event (its sequence and id) of a hazard.
        case event(sequence: Int64, id: String, hazardID: String)
        /// An item's answer in an inspection.
        case response(inspectionID: String, itemID: String)
    }

    /// The file's SHA-256.
    public var hash: SHA256Digest
    /// Where it is (or should be) kept.
    public var location: String
    /// What references it.
    public var referrer: Referrer
    /// What was found.
    public var status: EvidenceFileStatus
    /// Recorded before the store kept evidence files: a missing file is "not kept", not an error.
    public var recordedBeforeKept = false

    /// One line for people: what, where, and who references it.
    public func message(_ language: DisplayLanguage) -> String {
        let referrerText: String
        switch referrer {
        case .event(let sequence, let id, let hazardID):
            referrerText = language == .chinese ? "第 \(sequence) 号事件 \(id)，隐患 \(hazardID)" : "event #\(sequence) \(id), hazard \(hazardID)"
        case .response(let inspection, let item):
            referrerText = language == .chinese ? "检查记录 \(inspection) 的 \(item) 项" : "inspection \(inspection), item \(item)"
        }
        switch status {
        case .intact:
            return language == .chinese ? "证据文件 \(location) 完好（\(referrerText)）" : "evidence file \(location) is intact (\(referrerText))"
        case .missing where recordedBeforeKept:
            return language == .chinese
                ? "证据 \(hash.hex) 未保存文件（登记于开始保存证据文件之前；\(referrerText)）"
                : "evidence \(hash.hex) not kept (recorded before evidence was kept; \(referrerText))"
        case .missing:
            return language == .chinese ? "证据文件 \(location) 缺失（\(referrerText)）" : "evidence file \(location) is missing (\(referrerText))"
        case .altered(let actual):
            let now = actual.map { language == .chinese ? "，现哈希为 \($0.short)" : "; it now hashes to \($0.short)" }
                ?? (language == .chinese ? "，无法读取" : "; it cannot be read")
            return language == .chinese
                ? "证据文件 \(location) 已被改动\(now)（\(referrerText)）"
                : "evidence file \(location) was altered\(now) (\(referrerText))"
        }
    }
}

extension SafeGridEngine {
    /// Walks the event hash chain from the first event: an edited, inserted or deleted event
    /// breaks it, and the first event where it breaks is named.
    public func verify() throws -> ChainVerification {
        try store.read { reader in
            var expectedPrevious = ChainedEvent.genesis
            var expectedSequence: Int64 = 1
            var count = 0
            var problem: ChainVerification.Problem?
            var evidence = EvidenceVerifier(store: self.evidence, keptFrom: try reader.evidenceKeptFrom())
            try reader.chainedEvents(after: Int64.min) { chained in
                count += 1
                let event = chained.event
                evidence.check(chained)
                func fail(_ english: String, _ chinese: String) -> Bool {
                    problem = ChainVerification.Problem(
                        sequence: chained.sequence, eventID: event.id, hazardID: event.hazardID,
                        message: LocalizedText(["en": english, "zh-CN": chinese]))
                    return false
                }
                if chained.sequence != expectedSequence {
                    return fail(
                        "event #\(expectedSequence) is missing: the chain jumps to #\(chained.sequence) (event \(event.id), hazard \(event.hazardID))",
                        "第 \(expectedSequence) 号事件缺失：链直接跳到第 \(chained.sequence) 号（事件 \(event.id)，隐患 \(event.hazardID)）")
                }
                if chained.previousHash != expectedPrevious {
                    return fail(
                        "event #\(chained.sequence) (\(event.id), hazard \(event.hazardID)) does not follow the event before it: an event was removed or inserted",
                        "第 \(chained.sequence) 号事件（\(event.id)，隐患 \(event.hazardID)）与前一事件不衔接：有事件被删除或插入")
                }
                if ChainedEvent.hash(of: event, after: chained.previousHash) != chained.hash {
                    return fail(
                        "event #\(chained.sequence) (\(event.id), hazard \(event.hazardID)) was changed after it was recorded",
                        "第 \(chained.sequence) 号事件（\(event.id)，隐患 \(event.hazardID)）登记后被改动")
                }
                expectedPrevious = chained.hash
                expectedSequence += 1
                return true
            }
            if problem == nil, let head = try reader.chainHead(), head.sequence != expectedSequence - 1 || head.hash != expectedPrevious {
                let english = head.sequence > expectedSequence - 1
                    ? "event #\(head.sequence) (\(head.eventID)) is missing: the store's last event was #\(head.sequence), the chain ends at #\(expectedSequence - 1)"
                    : "the chain goes past the store's last event #\(head.sequence) (\(head.eventID)): events were added outside SafeGrid"
                let chinese = head.sequence > expectedSequence - 1
                    ? "第 \(head.sequence) 号事件（\(head.eventID)）缺失：存储记录的最后一条为第 \(head.sequence) 号，事件链只到第 \(expectedSequence - 1) 号"
                    : "事件链超出了存储记录的最后一条事件（第 \(head.sequence) 号，\(head.eventID)）：有事件被绕过 SafeGrid 添加"
                problem = ChainVerification.Problem(
                    sequence: head.sequence, eventID: head.eventID, hazardID: "", message: LocalizedText(["en": english, "zh-CN": chinese]))
            }
            try reader.inspections { position, inspection in evidence.check(inspection, position: position) }
            var result = ChainVerification(eventCount: count, problem: problem, integrityProblems: try reader.integrityProblems())
            result.evidenceProblems = evidence.problems
            result.evidenceNotKept = evidence.notKept
            result.evidenceIntact = evidence.intact
            return result
        }
    }
}
