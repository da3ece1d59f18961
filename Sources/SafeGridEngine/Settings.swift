import Foundation
public import SafeGridCore

/// A setting a store keeps (`safegrid config set KEY VALUE`); the raw value is its key.
public enum StoreSettingKey: String, CaseIterable, Sendable {
    /// The station's province (ISO 3166-2:CN, e.g. `CN-CQ`): notices cite national law and this
    /// province's regulations, never another's. Given as a code or a name (重庆, Chongqing).
    case province
    /// Who records changes made with this store when no `--actor` or `SAFEGRID_ACTOR` is given:
    /// a person's name, for a laptop one inspector uses.
    case actor
    /// The store's own venue kinds, added to the built-in ones (`VenueVocabulary`):
    /// `CODE=中文名/English name,...`.
    case venueKinds = "venue-kinds"
    /// The store's own venue tags, likewise.
    case venueTags = "venue-tags"
    /// How venues are coloured (三色预警): the name of a registered `VenueRiskRule`
    /// (`open-hazards`, the default, or `score`).
    case riskRule = "risk-rule"
    /// The bands of the `score` rule: red below the first score, green above the second (`60,70`).
    case riskScoreBands = "risk-score-bands"
    /// How often venues are inspected, in days per colour (`red=7,yellow=14,green=30`).
    case inspectionFrequency = "inspection-frequency"

    /// What the setting is, in both languages, for `config list` and errors.
    public var summary: LocalizedText {
        switch self {
        case .province: LocalizedText(["zh-CN": "本所所在省份（通知书只引用国家和本省的依据）", "en": "the station's province (notices cite national and this province's bases only)"])
        case .actor: LocalizedText(["zh-CN": "未给出 --actor 或 SAFEGRID_ACTOR 时记录的操作人", "en": "who records changes when neither --actor nor SAFEGRID_ACTOR is given"])
        case .venueKinds: LocalizedText(["zh-CN": "本存储新增的场所类型：代码=中文名/英文名，逗号分隔", "en": "this store's own venue kinds: CODE=中文名/English name, comma-separated"])
        case .venueTags: LocalizedText(["zh-CN": "本存储新增的场所标签：代码=中文名/英文名，逗号分隔", "en": "this store's own venue tags: CODE=中文名/English name, comma-separated"])
        case .riskRule: LocalizedText(["zh-CN": "场所三色预警的规则：open-hazards（默认，按未整改隐患）或 score（按检查得分）", "en": "how venues are coloured: open-hazards (the default, by unfixed hazards) or score (by inspection score)"])
        case .riskScoreBands: LocalizedText(["zh-CN": "score 规则的分数线：低于前者为红、高于后者为绿，如 60,70", "en": "the score rule's bands: red below the first, green above the second, as 60,70"])
        case .inspectionFrequency: LocalizedText(["zh-CN": "各颜色场所的检查周期（天）：red=7,yellow=14,green=30", "en": "how often venues of each colour are inspected, in days: red=7,yellow=14,green=30"])
        }
    }

    /// The value as stored: checked, and put in its one written form.
    /// - Throws: `SafeGridError` `invalid-input` naming the key and what it takes.
    public func normalized(_ value: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch self {
        case .province:
            guard let province = Province(trimmed) else {
                throw SafeGridError.invalidInput(
                    "province '\(value)' is not a provincial-level division of mainland China; give its name (重庆, Chongqing) or its ISO 3166-2:CN code (CN-CQ)",
                    chinese: "'\(value)' 不是中国大陆的省级行政区；请写名称（重庆、Chongqing）或 ISO 3166-2:CN 代码（CN-CQ）",
                    context: ["key": rawValue])
            }
            return province.code
        case .actor:
            guard !trimmed.isEmpty, trimmed.count <= 64, !trimmed.contains(where: \.isNewline) else {
                throw SafeGridError.invalidInput(
                    "actor must be a person's name of 1 to 64 characters on one line",
                    chinese: "操作人须为 1 到 64 个字符、不换行的人名", context: ["key": rawValue])
            }
            return trimmed
        case .venueKinds, .venueTags:
            let field: VenueVocabulary.Field = self == .venueKinds ? .kind : .tag
            let terms = try VenueVocabulary.parseTerms(trimmed, field)
            // A term the built-in vocabulary has already is refused, naming it.
            _ = try VenueVocabulary.builtin.adding(terms, to: field)
            return VenueVocabulary.format(terms)
        case .riskRule:
            // Which names exist is the engine's to say (``SafeGridEngine/setSetting(_:to:)``).
            return trimmed
        case .riskScoreBands:
            let (red, green) = try ScoreBandsRule.bands(trimmed)
            return "\(ScoredInspection.display(red)),\(ScoredInspection.display(green))"
        case .inspectionFrequency:
            return try InspectionFrequency(parsing: trimmed).text
        }
    }

    /// The key that adds to a vocabulary field.
    static func vocabulary(_ field: VenueVocabulary.Field) -> StoreSettingKey {
        field == .kind ? .venueKinds : .venueTags
    }
}

/// The settings a store keeps, read in one go.
public struct StoreSettings: Sendable, Hashable {
    /// Every setting, by key (keys this SafeGrid does not know included, as a newer one wrote them).
    public var values: [String: String]

    /// Creates settings from their stored values.
    public init(values: [String: String] = [:]) {
        self.values = values
    }

    /// The value of `key`, if set.
    public subscript(_ key: StoreSettingKey) -> String? { values[key.rawValue] }

    /// The station's province, if set.
    public var province: Province? { self[.province].flatMap(Province.init) }

    /// The recording actor, if set.
    public var actor: String? { self[.actor] }

    /// How often venues are inspected: the store's `inspection-frequency`, else the standard.
    public var inspectionFrequency: InspectionFrequency {
        self[.inspectionFrequency].flatMap { try? InspectionFrequency(parsing: $0) } ?? .standard
    }
}

extension SafeGridEngine {
    /// The store's venue risk rule: the one its `risk-rule` setting names among the engine's
    /// ``riskRules`` (the first registered when unset), tuned by the store's settings.
    /// - Throws: `SafeGridError` `invalid-input` when the store names a rule this program does
    ///   not have, or a setting does not fit the rule.
    public func riskRule() throws -> any VenueRiskRule {
        try riskRule(settings: settings().values)
    }

    func riskRule(settings: [String: String]) throws -> any VenueRiskRule {
        // An engine given no rules at all still colours venues, by the default rule.
        let first = riskRules.rules.first ?? OpenHazardsRule()
        let rule = try settings[StoreSettingKey.riskRule.rawValue].map(riskRules.rule(named:)) ?? first
        return try rule.tuned(by: settings)
    }
}

extension SafeGridEngine {
    /// The store's settings.
    public func settings() throws -> StoreSettings {
        try store.read { StoreSettings(values: try $0.settings()) }
    }

    /// Sets `key` to `value` (checked and normalized: a province is kept as its code), or
    /// removes it when `value` is `nil`.
    /// - Returns: the value as stored.
    /// - Throws: `SafeGridError` `invalid-input` when the value is not one the key takes.
    @discardableResult
    public func setSetting(_ key: StoreSettingKey, to value: String?) throws -> String? {
        let stored = try value.map(key.normalized)
        if key == .riskRule, let stored { _ = try riskRules.rule(named: stored) }
        try store.write { try $0.setSetting(key.rawValue, to: stored) }
        return stored
    }
}
