/// How a checklist item sets the rectification deadline (整改期限) of a hazard it finds.
///
/// Written in checklists as `immediate`, `before-opening`, `7d` (calendar days) or `3wd`
/// (working days, skipping weekends and public holidays, counting make-up working days).
///
/// ```swift
/// let rule = DeadlineRule(code: "3wd") // .workingDays(3)
/// let code = DeadlineRule.calendarDays(7).code // "7d"
/// ```
public enum DeadlineRule: Sendable, Hashable, Codable {
    /// Fix during the visit (当场整改); the deadline is the end of the inspection day.
    case immediate
    /// Must pass before the venue opens or admits the public (stages, events).
    case beforeOpening
    /// N calendar days after the inspection day.
    case calendarDays(Int)
    /// N working days after the inspection day.
    case workingDays(Int)

    /// The largest N accepted in `Nd` and `Nwd`.
    public static let maximumDays = 999

    /// Parses a checklist deadline code.
    /// - Parameter code: `immediate`, `before-opening`, `Nd` or `Nwd` with N from 1 to 999
    ///   and no leading zero.
    /// - Returns: `nil` when the code is not one of these.
    public init?(code: String) {
        switch code {
        case "immediate": self = .immediate
        case "before-opening": self = .beforeOpening
        default:
            let isWorking = code.hasSuffix("wd")
            guard isWorking || code.hasSuffix("d") else { return nil }
            let digits = code.dropLast(isWorking ? 2 : 1)
            guard let first = digits.first, first != "0", digits.count <= 3,
                  digits.allSatisfy({ $0.isASCII && $0.isNumber }), let days = Int(digits)
            else { return nil }
            self = isWorking ? .workingDays(days) : .calendarDays(days)
        }
    }

    /// The checklist code for this rule (`immediate`, `before-opening`, `7d`, `3wd`).
    public var code: String {
        switch self {
        case .immediate: "immediate"
        case .beforeOpening: "before-opening"
        case .calendarDays(let days): "\(days)d"
        case .workingDays(let days): "\(days)wd"
        }
    }

    /// The rule as a person reads it (立即整改, 3 个工作日, within 7 days, ...).
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .immediate: language.pick("立即整改", "immediately")
        case .beforeOpening: language.pick("营业或入场前", "before opening")
        case .calendarDays(let days): language.pick("\(days) 日内", "within \(days) days")
        case .workingDays(let days): language.pick("\(days) 个工作日内", "within \(days) working days")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let rule = DeadlineRule(code: code) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(code)' is not a deadline (immediate, before-opening, Nd, Nwd)")
        }
        self = rule
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
