public import Foundation
public import SafeGridCore

/// The built-in "open hazards" rule (docs/DOMAIN.md, "Venue colours"): red for any overdue
/// hazard, any critical hazard not yet fixed, or two failed re-inspections (返工) within 90 days;
/// yellow for any hazard not yet fixed (deferred ones included) or a recurrence (反弹) within 90
/// days; green otherwise. The default rule of every store.
public struct OpenHazardsRule: VenueRiskRule {
    /// How far back reworks and recurrences count.
    public static let window: TimeInterval = 90 * 86_400

    public let name = "open-hazards"
    public var summary: LocalizedText {
        LocalizedText([
            "zh-CN": "有逾期隐患、未整改的重大隐患或 90 天内两次复查不合格为红；有未整改隐患或 90 天内反弹为黄；否则为绿",
            "en": "red: an overdue hazard, an unfixed critical one, or two failed re-inspections within 90 days; yellow: any unfixed hazard or a recurrence within 90 days; green otherwise",
        ])
    }

    /// Reworks and recurrences count within ``window``; no inspection is read.
    public var reach: VenueRiskReach { VenueRiskReach(hazards: Self.window, inspections: 0) }

    /// The rule.
    public init() {}

    public func rate(_ facts: VenueRiskFacts) -> VenueRating {
        let time = facts.time
        var red: [LocalizedText] = []
        var yellow: [LocalizedText] = []
        for hazard in facts.unfixed {
            let deadline = time.day(of: hazard.deadline)
            if hazard.isOverdue(asOf: facts.asOf) {
                red.append(text(
                    "隐患 \(hazard.id) 已逾期（期限 \(deadline)）", "hazard \(hazard.id) is overdue (deadline \(deadline))"))
            } else if hazard.severity == .critical {
                red.append(text("重大隐患 \(hazard.id) 尚未整改", "critical hazard \(hazard.id) is not fixed yet"))
            }
        }
        let reworks = facts.reworks(within: Self.window)
        if reworks.count >= 2 {
            let days = reworks.map { time.day(of: $0.at).description }
            red.append(text(
                "90 天内 \(reworks.count) 次复查不合格（\(days.joined(separator: "、"))）",
                "\(reworks.count) failed re-inspections within 90 days (\(days.joined(separator: ", ")))"))
        }
        let unfixed = facts.unfixed.count
        if unfixed > 0 {
            yellow.append(text("\(unfixed) 条隐患尚未整改", "\(unfixed) hazard\(unfixed == 1 ? "" : "s") not fixed yet"))
        }
        for recurrence in facts.recurrences(within: Self.window) {
            yellow.append(text(
                "隐患 \(recurrence.hazardID) 反弹（\(recurrence.earlierHazardID) 销号后 90 天内同一检查项再次不合格）",
                "hazard \(recurrence.hazardID) is a recurrence (the same item failed within 90 days of closing \(recurrence.earlierHazardID))"))
        }
        if !red.isEmpty { return VenueRating(venueID: facts.venueID, colour: .red, reasons: red + yellow, rule: name) }
        if !yellow.isEmpty { return VenueRating(venueID: facts.venueID, colour: .yellow, reasons: yellow, rule: name) }
        return VenueRating(
            venueID: facts.venueID, colour: .green,
            reasons: [text("没有未整改的隐患，90 天内没有反弹", "no unfixed hazard and no recurrence within 90 days")], rule: name)
    }
}

/// The built-in "score" rule (as in the Jimo 九小场所 practice): the latest inspection's
/// score (`Inspection/score(weights:)`) against two bands: red below the first,
/// green above the second, yellow from one to the other (by default red below 60, yellow 60 to
/// 70, green above 70). A venue never inspected, or whose latest inspection answered no item
/// pass or fail, is yellow: nobody knows.
/// Tuned per store by `risk-score-bands` (`60,70`).
public struct ScoreBandsRule: VenueRiskRule {
    /// Red below this score.
    public var redBelow: Double
    /// Green above this score.
    public var greenAbove: Double

    public let name = "score"
    public var summary: LocalizedText {
        LocalizedText([
            "zh-CN": "按最近一次检查的得分：低于 \(ScoredInspection.display(redBelow)) 分为红，\(ScoredInspection.display(redBelow))–\(ScoredInspection.display(greenAbove)) 分为黄，高于 \(ScoredInspection.display(greenAbove)) 分为绿",
            "en": "by the latest inspection's score: red below \(ScoredInspection.display(redBelow)), yellow \(ScoredInspection.display(redBelow))–\(ScoredInspection.display(greenAbove)), green above \(ScoredInspection.display(greenAbove))",
        ])
    }

    /// The rule with its bands (red below `redBelow`, green above `greenAbove`).
    public init(redBelow: Double = 60, greenAbove: Double = 70) {
        self.redBelow = redBelow
        self.greenAbove = greenAbove
    }

    /// The latest inspection only (and the hazards not fixed yet, always there).
    public var reach: VenueRiskReach { VenueRiskReach(hazards: 0, inspections: 1) }

    public func tuned(by settings: [String: String]) throws -> any VenueRiskRule {
        guard let value = settings[StoreSettingKey.riskScoreBands.rawValue] else { return self }
        let (red, green) = try Self.bands(value)
        return ScoreBandsRule(redBelow: red, greenAbove: green)
    }

    /// Reads `RED,GREEN` (`60,70`): two scores from 0 to 100, the first not above the second.
    /// - Throws: `SafeGridError` `invalid-input` saying what the setting takes.
    static func bands(_ value: String) throws -> (Double, Double) {
        let parts = value.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let red = parts[0], let green = parts[1], (0...100).contains(red), (0...100).contains(green), red <= green
        else {
            throw SafeGridError.invalidInput(
                "risk-score-bands takes two scores from 0 to 100, red below the first and green above the second, as 60,70; not '\(value)'",
                chinese: "risk-score-bands 须为 0 到 100 之间的两个分数，低于前者为红、高于后者为绿，如 60,70；'\(value)' 不符合",
                context: ["key": StoreSettingKey.riskScoreBands.rawValue])
        }
        return (red, green)
    }

    public func rate(_ facts: VenueRiskFacts) -> VenueRating {
        guard let latest = facts.inspections.last else {
            return VenueRating(venueID: facts.venueID, colour: .yellow, reasons: [text("尚未检查过", "never inspected yet")], rule: name)
        }
        guard let score = latest.score else {
            return VenueRating(
                venueID: facts.venueID, colour: .yellow,
                reasons: [text(
                    "最近一次检查 \(latest.inspection.id) 没有计分（无合格或不合格的检查项）",
                    "the latest inspection \(latest.inspection.id) has no score (no item passed or failed)")], rule: name)
        }
        let day = facts.time.day(of: latest.inspection.at)
        let shown = ScoredInspection.display(score)
        let colour: VenueColour = score < redBelow ? .red : score > greenAbove ? .green : .yellow
        let band: LocalizedText = switch colour {
        case .red: text("低于 \(ScoredInspection.display(redBelow)) 分", "below \(ScoredInspection.display(redBelow))")
        case .yellow: text("在 \(ScoredInspection.display(redBelow))–\(ScoredInspection.display(greenAbove)) 分之间", "from \(ScoredInspection.display(redBelow)) to \(ScoredInspection.display(greenAbove))")
        case .green: text("高于 \(ScoredInspection.display(greenAbove)) 分", "above \(ScoredInspection.display(greenAbove))")
        }
        return VenueRating(
            venueID: facts.venueID, colour: colour,
            reasons: [LocalizedText([
                "zh-CN": "\(day) 检查 \(latest.inspection.id) 得分 \(shown)，\(band.resolved(for: .chinese))",
                "en": "inspection \(latest.inspection.id) on \(day) scored \(shown), \(band.resolved(for: .english))",
            ])], rule: name)
    }
}

/// A reason in both languages.
private func text(_ chinese: String, _ english: String) -> LocalizedText {
    LocalizedText(["zh-CN": chinese, "en": english])
}

extension VenueRiskRuleRegistry {
    /// The built-in rules: "open-hazards" (the default) and "score".
    public static var builtin: VenueRiskRuleRegistry {
        var registry = VenueRiskRuleRegistry()
        // Both names are valid and distinct, so neither is refused (a test checks both are there).
        try? registry.register(OpenHazardsRule())
        try? registry.register(ScoreBandsRule())
        return registry
    }
}
