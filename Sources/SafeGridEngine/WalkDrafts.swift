public import Foundation
public import SafeGridCore

/// An interactive inspection walk in progress: the answers given so far, kept in the store as
/// each is given (``SafeGridEngine/save(_:)``), and recorded with ``SafeGridEngine/record(_:checklist:)``,
/// which removes the draft in the same transaction.
///
/// ```swift
/// var draft = try engine.startWalk(venueID: "V101", checklist: fireExits, inspectors: ["陈晓燕"])
/// for item in fireExits.items { draft.answers[item.id] = .verdict(.pass) }
/// try engine.save(&draft)
/// let outcome = try engine.record(draft, checklist: fireExits)
/// ```
public struct WalkDraft: Sendable, Hashable {
    /// `W-` and ten Crockford base-32 characters.
    public var id: String
    /// The venue inspected.
    public var venueID: String
    /// The checklist walked, and its version.
    public var checklistID: String
    public var checklistVersion: String
    /// The inspectors; the first records the events.
    public var inspectors: [String]
    /// When the inspection happened: fixed when the walk starts, so a walk resumed the next
    /// day counts the same deadlines.
    public var at: Date
    /// The venue's next opening, for `before-opening` deadlines.
    public var opensAt: Date?
    /// How the inspection came about (a routine patrol unless said otherwise), kept with the
    /// draft so that a resumed walk records the same source.
    public var source: InspectionSource = .patrol
    /// The answers given, by item id: the same answers a responses file gives.
    public var answers: [String: AnswerInput]
    /// The index (among the applicable items) of the item the walk stands at.
    public var position: Int
    /// How many items apply to the venue.
    public var total: Int
    /// When the walk started, and when it last changed.
    public var startedAt: Date
    public var updatedAt: Date

    /// What ``SafeGridEngine/recordInspection(_:checklist:)`` records for this draft.
    public var input: InspectionInput {
        InspectionInput(venueID: venueID, inspectors: inspectors, at: at, opensAt: opensAt, responses: answers, source: source)
    }
}


extension SafeGridEngine {
    /// Starts a walk and saves it as a draft.
    /// - Parameters:
    ///   - venueID: the venue inspected.
    ///   - checklist: the checklist walked.
    ///   - inspectors: the inspectors; the first records the events.
    ///   - at: when the inspection happens (default: now).
    ///   - opensAt: the venue's next opening, for `before-opening` deadlines.
    ///   - source: how the inspection came about (checked with `InspectionSource/validated()`).
    /// - Throws: `SafeGridError` `not-found` for an unknown venue; `invalid-input` for a source
    ///   that is not complete (a campaign without its name, a joint check without departments); a store error.
    public func startWalk(
        venueID: String, checklist: Checklist, inspectors: [String], at: Date? = nil, opensAt: Date? = nil,
        source: InspectionSource = .patrol
    ) throws -> WalkDraft {
        let source = try source.validated()
        guard let venue = try store.read({ try $0.venue(id: venueID) }) else { throw SafeGridError.notFound("venue", venueID) }
        let now = clock.now().wholeSeconds
        var draft = WalkDraft(
            id: identifiers.next("W"), venueID: venue.id, checklistID: checklist.id, checklistVersion: checklist.version,
            inspectors: inspectors, at: (at ?? now).wholeSeconds, opensAt: opensAt, answers: [:], position: 0,
            total: checklist.applicableItems(kind: venue.kind, tags: venue.tags).count, startedAt: now, updatedAt: now)
        draft.source = source
        try save(&draft)
        return draft
    }

    /// Saves the draft as it stands (its `updatedAt` becomes now), in a transaction of its own.
    public func save(_ draft: inout WalkDraft) throws {
        draft.updatedAt = clock.now().wholeSeconds
        let record = try WalkDraftCoding.record(draft)
        try store.write { try $0.put(walkDraft: record) }
    }

    /// The open drafts, the most recently changed first.
    public func walkDrafts() throws -> [WalkDraft] {
        try store.read { try $0.walkDrafts() }.map(WalkDraftCoding.draft)
    }

    /// The open draft with this id.
    /// - Throws: `SafeGridError` `not-found` when there is none (recorded, abandoned or never started).
    public func walkDraft(id: String) throws -> WalkDraft {
        guard let record = try store.read({ try $0.walkDraft(id: id) }) else { throw SafeGridError.notFound("walk draft", id) }
        return try WalkDraftCoding.draft(record)
    }

    /// Removes a draft without recording anything.
    public func discardWalk(id: String) throws {
        try store.write { try $0.removeWalkDraft(id: id) }
    }

    /// Records the draft's inspection and removes the draft, in one transaction: either the
    /// inspection is recorded and the draft gone, or nothing changed.
    /// - Throws: what ``recordInspection(_:checklist:)`` throws.
    public func record(_ draft: WalkDraft, checklist: Checklist) throws -> InspectionOutcome {
        try batch { batch in
            let outcome = try batch.recordInspection(draft.input, checklist: checklist)
            try batch.writer.removeWalkDraft(id: draft.id)
            return outcome
        }
    }

    /// What recording `input` would give (the hazards with their severities and deadlines, as
    /// the engine counts them), without recording it: the recording runs and is rolled back.
    /// - Throws: what ``recordInspection(_:checklist:)`` throws for these answers.
    public func previewInspection(_ input: InspectionInput, checklist: Checklist) throws -> InspectionOutcome {
        struct RollBack: Error { var outcome: InspectionOutcome }
        do {
            _ = try batch { batch -> Int in throw RollBack(outcome: try batch.recordInspection(input, checklist: checklist)) }
        } catch let rolledBack as RollBack {
            return rolledBack.outcome
        }
        throw SafeGridError.storeFailure("the preview of the inspection was not rolled back")
    }

    /// Whether `answer` passes, fails or is not applicable for `item` on `day`, exactly as
    /// recording judges it (so the walk can ask for a failure's details at once).
    /// - Throws: `SafeGridError` `invalid-input` for a value of the wrong kind.
    public static func verdict(of answer: AnswerInput, for item: ChecklistItem, on day: CivilDate) throws(SafeGridError)
        -> (outcome: ItemResponse.Outcome, severity: Severity)
    {
        let judged = try EngineBatch.judge(answer, for: item, on: day)
        return (judged.outcome, judged.severity)
    }
}

/// The draft's JSON body (`safegrid-walk/1`), kept apart from the values so they stay plain.
enum WalkDraftCoding {
    struct Body: Codable {
        var format = "safegrid-walk/1"
        var inspectors: [String]
        var at: Int64
        var opensAt: Int64?
        /// Absent for a routine patrol (and in drafts saved before sources were kept).
        var source: InspectionSource?
        var position: Int
        var answers: [String: Answer]
    }

    struct Answer: Codable {
        var result: ItemResponse.Outcome?
        var number: String?
        var string: String?
        var bool: Bool?
        var note: String?
        var fixedOnSpot: Bool
        var severity: Severity?
        var deadline: String?
        var reason: String?
        var evidence: [SHA256Digest]
    }

    static func record(_ draft: WalkDraft) throws -> WalkDraftRecord {
        var answers: [String: Answer] = [:]
        for (item, given) in draft.answers {
            var answer = Answer(
                result: given.result, note: given.note, fixedOnSpot: given.fixedOnSpot, severity: given.severity,
                deadline: given.deadline, reason: given.reason, evidence: given.evidence)
            switch given.value {
            case .number(let value)?: answer.number = value.description
            case .string(let value)?: answer.string = value
            case .bool(let value)?: answer.bool = value
            case nil: break
            }
            answers[item] = answer
        }
        let body = Body(
            inspectors: draft.inspectors, at: draft.at.epochSeconds, opensAt: draft.opensAt?.epochSeconds,
            source: draft.source.isPlainPatrol ? nil : draft.source, position: draft.position, answers: answers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return WalkDraftRecord(
            id: draft.id, venueID: draft.venueID, checklistID: draft.checklistID, checklistVersion: draft.checklistVersion,
            answered: draft.answers.count, total: draft.total, startedAt: draft.startedAt, updatedAt: draft.updatedAt,
            body: String(decoding: try encoder.encode(body), as: UTF8.self))
    }

    static func draft(_ record: WalkDraftRecord) throws -> WalkDraft {
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(record.body.utf8)), body.format == "safegrid-walk/1" else {
            throw SafeGridError.storeFailure("walk draft \(record.id) is not a draft this version of SafeGrid can read")
        }
        var answers: [String: AnswerInput] = [:]
        for (item, stored) in body.answers {
            var value: AnswerValue?
            // Numbers are kept as text, so 0.1 comes back exactly as it was typed.
            if let number = stored.number { value = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")).map(AnswerValue.number) }
            if let string = stored.string { value = .string(string) }
            if let bool = stored.bool { value = .bool(bool) }
            answers[item] = AnswerInput(
                result: stored.result, value: value, note: stored.note, fixedOnSpot: stored.fixedOnSpot, severity: stored.severity,
                deadline: stored.deadline, reason: stored.reason, evidence: stored.evidence)
        }
        var draft = WalkDraft(
            id: record.id, venueID: record.venueID, checklistID: record.checklistID, checklistVersion: record.checklistVersion,
            inspectors: body.inspectors, at: Date(epochSeconds: body.at), opensAt: body.opensAt.map(Date.init(epochSeconds:)),
            answers: answers, position: body.position, total: record.total, startedAt: record.startedAt, updatedAt: record.updatedAt)
        draft.source = body.source ?? .patrol
        return draft
    }
}
