public import Foundation
public import SafeGridCore

/// What an inspector answered, before the engine evaluates it against the checklist.
public struct InspectionInput: Sendable, Hashable {
    /// The venue inspected.
    public var venueID: String
    /// The inspectors; the first is the actor of the events recorded.
    public var inspectors: [String]
    /// When the inspection happened (`nil`: now).
    public var at: Date?
    /// The venue's next opening, for `before-opening` deadlines.
    public var opensAt: Date?
    /// The answers, by item id. Items that do not apply to the venue need none.
    public var responses: [String: AnswerInput]
    /// How the inspection came about (a routine patrol unless said otherwise); checked with
    /// `InspectionSource/validated()` when recorded, and copied to every hazard found.
    public var source: InspectionSource

    /// Creates an input.
    public init(
        venueID: String, inspectors: [String], at: Date? = nil, opensAt: Date? = nil, responses: [String: AnswerInput],
        source: InspectionSource = .patrol
    ) {
        self.venueID = venueID
        self.inspectors = inspectors
        self.at = at
        self.opensAt = opensAt
        self.responses = responses
        self.source = source
    }
}

/// One answer as given (`"pass"`, `"fail"`, `"na"`, or an object with a value, note, ...).
public struct AnswerInput: Sendable, Hashable {
    /// An explicit verdict; `nil` means: judge the value.
    public var result: ItemResponse.Outcome?
    /// The value given, interpreted by the item's response type.
    public var value: AnswerValue?
    /// A note (also the reason for an override when no reason is given).
    public var note: String?
    /// Fixed during the visit: the hazard is closed at once.
    public var fixedOnSpot: Bool
    /// A severity replacing the item's.
    public var severity: Severity?
    /// A deadline replacing the item's: a rule code (`3d`) or a date (`2026-06-20`).
    public var deadline: String?
    /// Why the severity or deadline was overridden.
    public var reason: String?
    /// SHA-256 of each evidence file.
    public var evidence: [SHA256Digest]

    /// Creates an answer.
    public init(
        result: ItemResponse.Outcome? = nil, value: AnswerValue? = nil, note: String? = nil, fixedOnSpot: Bool = false,
        severity: Severity? = nil, deadline: String? = nil, reason: String? = nil, evidence: [SHA256Digest] = []
    ) {
        self.result = result
        self.value = value
        self.note = note
        self.fixedOnSpot = fixedOnSpot
        self.severity = severity
        self.deadline = deadline
        self.reason = reason
        self.evidence = evidence
    }

    /// `"pass"`, `"fail"` or `"na"`.
    public static func verdict(_ outcome: ItemResponse.Outcome) -> AnswerInput { AnswerInput(result: outcome) }
}

/// A raw answer value, as JSON gives it.
public enum AnswerValue: Sendable, Hashable {
    /// A string: a date, an option id, yes/no, a note.
    case string(String)
    /// A number, exactly as given.
    case number(Decimal)
    /// true or false, for yes-no items.
    case bool(Bool)
}

/// A recorded inspection and the hazards it found.
public struct InspectionOutcome: Sendable, Hashable {
    /// The inspection as stored.
    public var inspection: Inspection
    /// The hazards recorded, in checklist order, as they are after the inspection.
    public var hazards: [HazardState]
}

extension SafeGridEngine {
    /// Records an inspection: every applicable item answered, failing answers become hazards
    /// (fixed-on-the-spot ones closed at once), all in one transaction.
    ///
    /// - Parameters:
    ///   - input: the answers.
    ///   - checklist: the checklist used; its version is stored and pinned by the inspection.
    /// - Returns: the inspection and its hazards.
    /// - Throws: `SafeGridError`: `not-found` for an unknown venue, `invalid-input` for an
    ///   unknown item, a missing answer, a value of the wrong type, or an override without a
    ///   reason, or a failed item whose checklist requires a photo given without evidence;
    ///   `illegal-time` for an inspection dated in the future; `implausible-time` for one dated
    ///   before ``PlausibleTimes/earliest``, or an opening or deadline too many years out.
    public func recordInspection(_ input: InspectionInput, checklist: Checklist) throws -> InspectionOutcome {
        try batch { try $0.recordInspection(input, checklist: checklist) }
    }
}

extension EngineBatch {
    /// Records an inspection within the batch's transaction; see
    /// ``SafeGridEngine/recordInspection(_:checklist:)``.
    /// - Parameters:
    ///   - input: the answers.
    ///   - checklist: the checklist used.
    ///   - recordedAt: when it is recorded (default: the engine's clock now). A bulk import of
    ///     an old ledger gives the original recording time.
    public func recordInspection(_ input: InspectionInput, checklist: Checklist, recordedAt: Date? = nil) throws -> InspectionOutcome {
        let engine = self.engine
        let stationTime = engine.stationTime
        let identifiers = engine.identifiers
        let now = (recordedAt ?? engine.clock.now()).wholeSeconds
        let at = (input.at ?? now).wholeSeconds
        guard at <= now else {
            throw SafeGridError(
                .illegalTime, chinese: "检查时间 \(stationTime.format(at)) 晚于当前时间", english: "the inspection time \(stationTime.format(at)) is in the future")
        }
        try engine.plausible.checkNotTooEarly(at, what: ("the inspection time", "检查时间"), stationTime: stationTime)
        if let opensAt = input.opensAt {
            try engine.plausible.checkDeadline(opensAt, setAt: at, what: ("the venue's next opening", "场所下次开放时间"), stationTime: stationTime)
        }
        guard !input.inspectors.isEmpty else {
            throw SafeGridError.invalidInput("name at least one inspector", chinese: "请至少填写一名检查人员")
        }
        let source = try input.source.validated()
        do {
            guard let venue = try venue(id: input.venueID) else { throw SafeGridError.notFound("venue", input.venueID) }
            let inspectionDay = stationTime.day(of: at)
            var responses: [ItemResponse] = []
            var events: [HazardEvent] = []
            var hazardIDs: [String] = []
            // Each problem in both languages: the message is shown in the reader's.
            var problems: [(english: String, chinese: String)] = []
            let known = Set(checklist.items.map(\.id))
            for itemID in input.responses.keys.sorted() where !known.contains(itemID) {
                problems.append(("'\(itemID)' is not an item of \(checklist.id)", "'\(itemID)' 不是 \(checklist.id) 的检查项"))
            }
            let inspectionID = identifiers.next("I")
            for section in checklist.sections {
                for item in section.items {
                    guard checklist.applies(item, in: section, toKind: venue.kind, tags: venue.tags) else {
                        responses.append(ItemResponse(itemID: item.id, outcome: .notApplicable))
                        continue
                    }
                    guard let answer = input.responses[item.id] else {
                        problems.append(("\(item.id) has no answer", "\(item.id) 没有回答"))
                        continue
                    }
                    let verdict = Result { () throws(SafeGridError) in try EngineBatch.judge(answer, for: item, on: inspectionDay) }
                    guard case .success(let judged) = verdict else {
                        if case .failure(let error) = verdict {
                            problems.append((error.message.resolved(for: .english), error.message.resolved(for: .chinese)))
                        }
                        continue
                    }
                    responses.append(ItemResponse(
                        itemID: item.id, outcome: judged.outcome, value: judged.value, note: answer.note, evidence: answer.evidence))
                    guard judged.outcome == .fail else { continue }
                    // Fixed on the spot too: the photo shows what was found, the fix was seen.
                    if item.photo == .required && answer.evidence.isEmpty {
                        problems.append((
                            "\(item.id): the checklist requires a photo of this finding; give one (\"evidence\": [\"photo.jpg\"])",
                            "\(item.id)：检查表要求此项不合格须附照片，请给出（\"evidence\": [\"photo.jpg\"]）"))
                    }
                    let hazardID = identifiers.next("H")
                    let severity = answer.severity ?? judged.severity
                    let overrideReason = answer.reason ?? answer.note
                    if answer.severity != nil && answer.severity != judged.severity && (overrideReason ?? "").isEmpty {
                        problems.append((
                            "\(item.id): give a reason (or a note) for changing the severity", "\(item.id)：更改严重程度须说明理由（reason 或 note）"))
                    }
                    var deadlineRule = item.deadline.code
                    var deadline = engine.deadline(for: item.deadline, foundAt: at, opensAt: input.opensAt)
                    if let override = answer.deadline {
                        if (overrideReason ?? "").isEmpty {
                            problems.append(("\(item.id): give a reason (or a note) for changing the deadline", "\(item.id)：更改期限须说明理由（reason 或 note）"))
                        }
                        // A rule keeps its code, so that a working-day deadline can be told
                        // provisional and recounted; a date is recorded as `override`.
                        if let rule = DeadlineRule(code: override) {
                            deadline = engine.deadline(for: rule, foundAt: at, opensAt: input.opensAt)
                            deadlineRule = rule.code
                        } else if let day = CivilDate(override), day >= inspectionDay {
                            deadline = stationTime.endOfDay(day)
                            deadlineRule = "override"
                        } else {
                            problems.append((
                                "\(item.id): deadline '\(override)' is neither a rule (7d, 3wd, immediate) nor a date from the inspection day on",
                                "\(item.id)：期限 '\(override)' 既不是规则（7d、3wd、immediate），也不是检查当天或之后的日期"))
                        }
                    }
                    try engine.plausible.checkDeadline(
                        deadline, setAt: at, what: ("item \(item.id): the deadline", "\(item.id) 项的整改期限"), stationTime: stationTime)
                    let record = HazardRecord(
                        venueID: venue.id, inspectionID: inspectionID, checklistID: checklist.id,
                        checklistVersion: checklist.version, itemID: item.id, category: checklist.category, severity: severity,
                        severityReason: answer.severity != nil && answer.severity != judged.severity ? overrideReason : nil,
                        deadline: deadline, deadlineRule: deadlineRule, deadlineReason: answer.deadline != nil ? overrideReason : nil,
                        gridCode: venue.gridCode, policeGridCode: venue.policeGridCode, title: item.prompt, basis: item.basis,
                        source: source.kind, campaign: source.campaign)
                    let actor = input.inspectors[0]
                    events.append(HazardEvent(
                        id: identifiers.eventID(), hazardID: hazardID, kind: .recorded(record), at: at, recordedAt: now,
                        actor: actor, note: answer.note, evidence: answer.evidence))
                    if answer.fixedOnSpot {
                        events.append(HazardEvent(
                            id: identifiers.eventID(), hazardID: hazardID, kind: .fixedOnSpot, at: at, recordedAt: now, actor: actor))
                    }
                    hazardIDs.append(hazardID)
                }
            }
            if !problems.isEmpty {
                throw SafeGridError.invalidInput(
                    "the responses for \(checklist.id) at venue \(venue.id) are not usable: " + problems.map(\.english).joined(separator: "; "),
                    chinese: "场所 \(venue.id) 的 \(checklist.id) 检查回答有误：" + problems.map(\.chinese).joined(separator: "；"),
                    context: ["venue": venue.id, "checklist": checklist.id])
            }
            let inspection = Inspection(
                id: inspectionID, venueID: venue.id, checklistID: checklist.id, checklistVersion: checklist.version,
                checklistHash: try storedHash(of: checklist), inspectors: input.inspectors, at: at, recordedAt: now,
                opensAt: input.opensAt, responses: responses, source: source)
            try writer.insert(inspection, origin: "")
            _ = try writer.append(events)
            let hazards = hazardIDs.compactMap { id in HazardState.replay(events.filter { $0.hazardID == id }) }
            return InspectionOutcome(inspection: inspection, hazards: hazards)
        }
    }

    struct Judgement {
        var outcome: ItemResponse.Outcome
        var value: ResponseValue?
        var severity: Severity
    }

    /// Evaluates one answer against its item.
    static func judge(_ answer: AnswerInput, for item: ChecklistItem, on day: CivilDate) throws(SafeGridError) -> Judgement {
        func wrong(_ expected: String, _ chinese: String) -> SafeGridError {
            SafeGridError.invalidInput(
                "\(item.id): the value must be \(expected)", chinese: "\(item.id)：回答值应为\(chinese)", context: ["item": item.id])
        }
        var value: ResponseValue?
        var fails: Bool?
        var severity = item.severity
        if let given = answer.value {
            switch (item.response, given) {
            case (.yesNo(let failOn), .bool(let yes)):
                value = .yesNo(yes)
                fails = yes == failOn
            case (.yesNo(let failOn), .string(let text)) where ["yes", "no"].contains(text):
                value = .yesNo(text == "yes")
                fails = (text == "yes") == failOn
            case (.yesNo, _): throw wrong("yes or no", " yes 或 no")
            case (.number(_, let min, let max), .number(let number)):
                value = .number(number)
                fails = (min.map { number < $0 } ?? false) || (max.map { number > $0 } ?? false)
            case (.number, _): throw wrong("a number", "数字")
            case (.date(let maxAge), .string(let text)):
                guard let date = CivilDate(text) else { throw wrong("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）") }
                value = .date(date)
                fails = date > day || (maxAge.map { day.daysSinceEpoch - date.daysSinceEpoch > $0 } ?? false)
            case (.date, _): throw wrong("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）")
            case (.choice(let options), .string(let id)):
                guard let option = options.first(where: { $0.id == id }) else {
                    throw wrong("one of " + options.map(\.id).joined(separator: ", "), "以下之一：" + options.map(\.id).joined(separator: "、"))
                }
                value = .choice(id)
                fails = option.fails
                if option.fails, let raised = option.severity { severity = max(severity, raised) }
            case (.choice(let options), _):
                throw wrong("one of " + options.map(\.id).joined(separator: ", "), "以下之一：" + options.map(\.id).joined(separator: "、"))
            case (.text, .string(let text)):
                value = .text(text)
                fails = false
            case (.text, _): throw wrong("text", "文字")
            case (.passFail, _): throw wrong("given as \"pass\" or \"fail\", not as a value", " \"pass\" 或 \"fail\"，而不是 value")
            }
        }
        let outcome: ItemResponse.Outcome
        if let result = answer.result {
            outcome = result
        } else if let fails {
            outcome = fails ? .fail : .pass
        } else {
            throw SafeGridError.invalidInput(
                "\(item.id): answer \"pass\", \"fail\" or \"na\", or give a value",
                chinese: "\(item.id)：请回答 \"pass\"、\"fail\" 或 \"na\"，或给出回答值", context: ["item": item.id])
        }
        return Judgement(outcome: outcome, value: value, severity: severity)
    }
}
