import Foundation
import SafeGridCore
import SafeGridEngine

/// A key as the walk reads it (the terminal decodes bytes into these).
enum WalkKey: Equatable, Sendable {
    case character(Character)
    case enter, backspace, tab, escape
    /// Ctrl-C or Ctrl-D: leave, keeping the draft.
    case interrupt
}

/// What the walk needs from outside, so that it runs without a terminal in tests.
struct WalkServices {
    /// The SHA-256 of each evidence file (the CLI's evidence function, as `--responses` uses it).
    var evidence: ([String]) throws -> [SHA256Digest]
    /// The hazards the answers would create, as the engine counts them.
    var summarize: ([String: AnswerInput]) throws -> [PlannedHazard]
    /// Completes the last path of a line (Tab); returns the line unchanged when nothing fits.
    var complete: (String) -> String = { $0 }
}

/// One line of the summary: a hazard that confirming will record.
struct PlannedHazard: Equatable {
    var itemID: String
    var title: String
    var severity: Severity
    /// The deadline as shown (with the provisional mark where it applies).
    var deadline: String
    var fixedOnSpot: Bool
}

/// The walk through a checklist's applicable items as a state machine: keys in, answers and
/// screens out. It never touches the terminal or the store; ``InspectCommand`` saves the draft
/// whenever ``handle(_:)`` says so.
struct InspectionWalk {
    enum Mode: Equatable {
        /// Waiting for a verdict key, or the first key of a value.
        case item
        /// Typing the item's value (number, date, text).
        case value
        /// A failure's details, asked in this order.
        case note, evidence, fixed, severity, deadline, reason
        case summary
        case confirmAbandon
    }

    /// What the caller does after a key.
    enum Effect: Equatable {
        case none
        /// An answer was given or the position moved: save the draft.
        case save
        case confirm
        case abandon
        case interrupt
    }

    let checklist: Checklist
    let venue: Venue
    /// The items that apply to the venue, in form order.
    let items: [ChecklistItem]
    let language: DisplayLanguage
    let inspectionDay: CivilDate
    var services: WalkServices
    private(set) var draft: WalkDraft
    private(set) var mode: Mode = .item
    /// The line being typed.
    private(set) var line = ""
    /// Shown once under the input: a refusal or a hint.
    private(set) var message: String?
    private(set) var showingHelp = false
    /// The failing answer whose details are being asked.
    private(set) var pending = AnswerInput()
    private(set) var pendingSeverity: Severity = .minor
    private(set) var summary: [PlannedHazard] = []
    private(set) var summaryProblem: String?

    init(checklist: Checklist, venue: Venue, draft: WalkDraft, language: DisplayLanguage, inspectionDay: CivilDate, services: WalkServices) {
        self.checklist = checklist
        self.venue = venue
        self.items = checklist.applicableItems(kind: venue.kind, tags: venue.tags)
        self.draft = draft
        self.language = language
        self.inspectionDay = inspectionDay
        self.services = services
        if draft.position >= items.count { enterSummary() }
    }

    var position: Int { min(draft.position, max(items.count - 1, 0)) }
    var item: ChecklistItem? { items.indices.contains(position) ? items[position] : nil }
    var unanswered: [ChecklistItem] { items.filter { draft.answers[$0.id] == nil } }

    // MARK: - Keys

    @discardableResult
    mutating func handle(_ key: WalkKey) -> Effect {
        if key == .interrupt { return .interrupt }
        message = nil
        if showingHelp {
            showingHelp = false
            return .none
        }
        switch mode {
        case .item: return itemKey(key)
        case .value, .note, .evidence, .deadline, .reason: return lineKey(key)
        case .fixed:
            switch key {
            case .character("y"), .character("Y"): pending.fixedOnSpot = true
            case .character("n"), .character("N"), .enter: pending.fixedOnSpot = false
            case .escape: return cancelDetails()
            default: return .none
            }
            mode = .severity
            return .none
        case .severity:
            switch key {
            case .enter: pending.severity = nil
            case .character("1"): pending.severity = .critical
            case .character("2"): pending.severity = .major
            case .character("3"): pending.severity = .minor
            case .escape: return cancelDetails()
            default: return .none
            }
            if pending.severity == pendingSeverity { pending.severity = nil }
            mode = .deadline
            return .none
        case .summary: return summaryKey(key)
        case .confirmAbandon:
            if key == .character("y") || key == .character("Y") { return .abandon }
            mode = .summary
            return .none
        }
    }

    private mutating func itemKey(_ key: WalkKey) -> Effect {
        guard let item else { return .none }
        guard case .character(let character) = key else {
            if key == .enter, item.response.takesLine { mode = .value }
            return .none
        }
        switch character {
        case "?", "h": showingHelp = true
        case "b":
            guard draft.position > 0 else {
                message = language.pick("已是第一项。", "This is the first item.")
                return .none
            }
            draft.position = min(draft.position, items.count) - 1
            return .save
        case "s", "e":
            draft.position = items.count
            enterSummary()
            return .save
        case "a", "-": return answer(.verdict(.notApplicable))
        case "p": return answer(.verdict(.pass))
        case "f": return answer(.verdict(.fail))
        case "y", "n":
            if case .yesNo = item.response { return answer(AnswerInput(value: .bool(character == "y"))) }
            return answer(.verdict(character == "y" ? .pass : .fail))
        case "t" where item.response.isText: mode = .value
        default:
            if case .choice(let options) = item.response {
                if options.count > Self.singleKeyChoices {
                    // 1 could begin 12: the number is typed and confirmed with Enter.
                    if character.isASCII && character.isNumber {
                        mode = .value
                        line = String(character)
                    }
                } else if let number = character.wholeNumberValue, options.indices.contains(number - 1) {
                    return answer(AnswerInput(value: .string(options[number - 1].id)))
                }
            } else if item.response.takesLine && !item.response.isText && (character.isNumber || character == ".") {
                mode = .value
                line = String(character)
            }
        }
        return .none
    }

    private mutating func lineKey(_ key: WalkKey) -> Effect {
        switch key {
        case .character(let character): line.append(character)
        case .backspace: if !line.isEmpty { line.removeLast() }
        case .tab: if mode == .evidence { line = services.complete(line) }
        case .escape:
            if mode == .value {
                mode = .item
                line = ""
                return .none
            }
            return cancelDetails()
        case .enter: return submitLine()
        case .interrupt: return .interrupt
        }
        return .none
    }

    private mutating func submitLine() -> Effect {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard let item else { return .none }
        switch mode {
        case .value:
            guard !text.isEmpty else {
                mode = .item
                return .none
            }
            guard let value = Self.value(text, for: item.response) else {
                message = language.pick("“\(text)”不是\(item.response.expected(.chinese))。", "'\(text)' is not \(item.response.expected(.english)).")
                return .none
            }
            line = ""
            return answer(AnswerInput(value: value))
        case .note:
            pending.note = text.isEmpty ? nil : text
            mode = .evidence
        case .evidence:
            let paths: [String]
            do {
                paths = try ShellWords.split(line)
            } catch {
                message = error.message(language)
                return .none
            }
            // Refused here rather than at the summary: the checklist wants a photo of this finding.
            if paths.isEmpty && item.photo == .required {
                message = language.pick("此项不合格须附照片：请给出证据文件。", "This checklist requires a photo of this finding: give an evidence file.")
                return .none
            }
            do {
                pending.evidence = paths.isEmpty ? [] : try services.evidence(paths)
            } catch let error as SafeGridError {
                message = error.message.resolved(for: language)
                return .none
            } catch {
                message = "\(error)"
                return .none
            }
            mode = .fixed
        case .deadline:
            if !text.isEmpty {
                let rule = DeadlineRule(code: text)
                let day = CivilDate(text)
                guard rule != nil || (day.map { $0 >= inspectionDay } ?? false) else {
                    message = language.pick(
                        "“\(text)”既不是期限规则（7d、3wd、immediate）也不是检查日当天或之后的日期。",
                        "'\(text)' is neither a rule (7d, 3wd, immediate) nor a date from the inspection day on.")
                    return .none
                }
                pending.deadline = rule?.code == item.deadline.code ? nil : text
            } else {
                pending.deadline = nil
            }
            if pending.severity != nil || pending.deadline != nil {
                mode = .reason
            } else {
                return commit(pending)
            }
        case .reason:
            guard !text.isEmpty || !(pending.note ?? "").isEmpty else {
                message = language.pick("改变等级或期限须说明理由。", "Give a reason for changing the severity or deadline.")
                return .none
            }
            pending.reason = text.isEmpty ? nil : text
            return commit(pending)
        default: break
        }
        line = ""
        return .none
    }

    /// Judges an answer as recording will; a failure asks for its details first.
    private mutating func answer(_ given: AnswerInput) -> Effect {
        guard let item else { return .none }
        do {
            let verdict = try SafeGridEngine.verdict(of: given, for: item, on: inspectionDay)
            guard verdict.outcome == .fail else { return commit(given) }
            pending = given
            pendingSeverity = verdict.severity
            mode = .note
            line = ""
            return .none
        } catch {
            message = error.message.resolved(for: language)
            return .none
        }
    }

    private mutating func commit(_ answer: AnswerInput) -> Effect {
        guard let item else { return .none }
        draft.answers[item.id] = answer
        pending = AnswerInput()
        line = ""
        draft.position = position + 1
        if draft.position >= items.count { enterSummary() } else { mode = .item }
        return .save
    }

    private mutating func cancelDetails() -> Effect {
        pending = AnswerInput()
        line = ""
        mode = .item
        message = language.pick("已取消此项回答。", "The answer to this item was cancelled.")
        return .none
    }

    private mutating func summaryKey(_ key: WalkKey) -> Effect {
        switch key {
        case .enter, .character("c"):
            if let missing = unanswered.first {
                message = language.pick(
                    "还有 \(unanswered.count) 项未回答（首项 \(missing.id)）：按 b 返回。",
                    "\(unanswered.count) items have no answer yet (first: \(missing.id)): press b to go back.")
                return .none
            }
            if let summaryProblem {
                message = summaryProblem
                return .none
            }
            return .confirm
        case .character("b"):
            let target = unanswered.first.flatMap { missing in items.firstIndex { $0.id == missing.id } } ?? items.count - 1
            draft.position = max(target, 0)
            mode = .item
            return .save
        case .character("x"), .character("q"):
            mode = .confirmAbandon
        case .character("?"), .character("h"): showingHelp = true
        default: break
        }
        return .none
    }

    private mutating func enterSummary() {
        mode = .summary
        summaryProblem = nil
        summary = []
        guard unanswered.isEmpty else { return }
        do {
            summary = try services.summarize(draft.answers)
        } catch let error as SafeGridError {
            summaryProblem = error.message.resolved(for: language)
        } catch {
            summaryProblem = "\(error)"
        }
    }

    /// A choice with at most this many options takes its option's number as a single key.
    static let singleKeyChoices = 9

    /// A typed value as the answer model takes it (a choice's: its option's number, from 1).
    static func value(_ text: String, for response: ResponseSpec) -> AnswerValue? {
        switch response {
        case .choice(let options):
            guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), options.indices.contains(number - 1) else {
                return nil
            }
            return .string(options[number - 1].id)
        case .number:
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
                  let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
            else { return nil }
            return .number(number)
        case .date: return CivilDate(text) == nil ? nil : .string(text)
        case .text: return .string(text)
        case .passFail, .yesNo: return nil
        }
    }
}

extension ResponseSpec {
    /// Whether the answer is typed as a line (number, date, text).
    var takesLine: Bool {
        switch self {
        case .number, .date, .text: true
        case .passFail, .yesNo, .choice: false
        }
    }

    var isText: Bool { if case .text = self { true } else { false } }

    /// What a typed value must be, for a refusal.
    func expected(_ language: DisplayLanguage) -> String {
        switch self {
        case .number: language.pick("数字", "a number")
        case .date: language.pick("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)")
        case .choice(let options): language.pick("1 到 \(options.count) 的选项号", "an option number from 1 to \(options.count)")
        default: language.pick("有效回答", "a valid answer")
        }
    }
}
