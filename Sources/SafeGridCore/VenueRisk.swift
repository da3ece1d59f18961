public import Foundation

/// A venue's colour in the three-colour warning (三色预警): how closely it must be watched.
/// Ordered by urgency: red first.
public enum VenueColour: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    /// Watch closely: inspected most often.
    case red
    /// Watch.
    case yellow
    /// In order.
    case green

    /// The word a person reads: 红/黄/绿 or red/yellow/green.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .red: language.pick("红", "red")
        case .yellow: language.pick("黄", "yellow")
        case .green: language.pick("绿", "green")
        }
    }

    public static func < (lhs: VenueColour, rhs: VenueColour) -> Bool {
        lhs.rank < rhs.rank
    }

    /// Red 0, yellow 1, green 2.
    private var rank: Int {
        switch self {
        case .red: 0
        case .yellow: 1
        case .green: 2
        }
    }
}

/// A re-inspection a venue failed (返工): the hazard and when.
public struct VenueRework: Sendable, Hashable, Codable {
    /// The hazard re-inspected.
    public var hazardID: String
    /// When the re-inspection failed.
    public var at: Date

    /// Creates a rework.
    public init(hazardID: String, at: Date) {
        self.hazardID = hazardID
        self.at = at
    }
}

/// A recurrence (反弹): a hazard found for the same checklist item at the same venue within
/// ``window`` of an earlier hazard's close-out.
public struct VenueRecurrence: Sendable, Hashable, Codable {
    /// How long after a close-out the same item failing again counts as a recurrence.
    public static let window: TimeInterval = 90 * 86_400

    /// The hazard found again.
    public var hazardID: String
    /// The checklist item that failed again.
    public var itemID: String
    /// When it was found.
    public var foundAt: Date
    /// The earlier hazard, closed out.
    public var earlierHazardID: String
    /// When the earlier hazard was closed out.
    public var earlierClosedAt: Date

    /// Creates a recurrence.
    public init(hazardID: String, itemID: String, foundAt: Date, earlierHazardID: String, earlierClosedAt: Date) {
        self.hazardID = hazardID
        self.itemID = itemID
        self.foundAt = foundAt
        self.earlierHazardID = earlierHazardID
        self.earlierClosedAt = earlierClosedAt
    }
}

/// An inspection of a venue with its score.
public struct ScoredInspection: Sendable, Hashable, Codable {
    /// The inspection.
    public var inspection: Inspection
    /// Its weighted score out of 100 (``Inspection/score(weights:)``), `nil` when no item applied
    /// or its checklist version is not stored.
    public var score: Double?

    /// Creates a scored inspection.
    public init(inspection: Inspection, score: Double?) {
        self.inspection = inspection
        self.score = score
    }

    /// A score as people write it, to one decimal where it has one: `85`, `66.7`.
    public static func display(_ score: Double) -> String {
        let tenths = Int((score * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}

/// What a ``VenueRiskRule`` looks at: one venue's record as it stood at a moment, as far back as
/// the rule's ``VenueRiskRule/reach`` asks. Computed from the events and inspections each time
/// (no stored colour to drift).
public struct VenueRiskFacts: Sendable, Hashable {
    /// The venue.
    public var venueID: String
    /// The moment the facts are for.
    public var asOf: Date
    /// The venue's hazards found by then, each as it stood then, in the order found: every one
    /// not fixed yet, and the others within the rule's reach.
    public var hazards: [VenueHazard]
    /// The re-inspections failed by then (within the reach), in time order.
    public var reworks: [VenueRework]
    /// The recurrences found by then (within the reach), in time order.
    public var recurrences: [VenueRecurrence]
    /// The inspections by then (the latest ones, as many as the reach asks), in time order
    /// (the latest last), with their scores.
    public var inspections: [ScoredInspection]
    /// When the venue was last inspected by then (`nil`: never), whatever the reach.
    public var lastInspectedAt: Date?
    /// The station's time zone, for the days a reason names.
    public var time: StationTime

    /// Creates the facts.
    public init(
        venueID: String, asOf: Date, hazards: [VenueHazard], reworks: [VenueRework], recurrences: [VenueRecurrence],
        inspections: [ScoredInspection], lastInspectedAt: Date?, time: StationTime
    ) {
        self.time = time
        self.venueID = venueID
        self.asOf = asOf
        self.hazards = hazards
        self.reworks = reworks
        self.recurrences = recurrences
        self.inspections = inspections
        self.lastInspectedAt = lastInspectedAt
    }

    /// The hazards still to be fixed then: open, awaiting re-inspection or deferred (挂账).
    public var unfixed: [VenueHazard] { hazards.filter(\.isUnfixed) }

    /// The reworks within `interval` before the moment.
    public func reworks(within interval: TimeInterval) -> [VenueRework] {
        reworks.filter { asOf.timeIntervalSince($0.at) <= interval }
    }

    /// The recurrences found within `interval` before the moment.
    public func recurrences(within interval: TimeInterval) -> [VenueRecurrence] {
        recurrences.filter { asOf.timeIntervalSince($0.foundAt) <= interval }
    }

    /// The recurrences among `hazards` (oldest first; cancelled ones are left out): each hazard
    /// found for an item within ``VenueRecurrence/window`` of the close-out of an earlier hazard
    /// of the same item (the latest such close-out before it was found).
    public static func recurrences(among hazards: [VenueHazard]) -> [VenueRecurrence] {
        let counted = hazards.filter { $0.status != .cancelled }
        var found: [VenueRecurrence] = []
        for hazard in counted {
            let earlier = counted.compactMap { other -> (String, Date)? in
                guard other.id != hazard.id, other.itemID == hazard.itemID, let closed = other.closedAt,
                      closed <= hazard.foundAt, hazard.foundAt.timeIntervalSince(closed) <= VenueRecurrence.window
                else { return nil }
                return (other.id, closed)
            }.max { ($0.1, $0.0) < ($1.1, $1.0) }
            if let (id, closed) = earlier {
                found.append(VenueRecurrence(
                    hazardID: hazard.id, itemID: hazard.itemID, foundAt: hazard.foundAt, earlierHazardID: id, earlierClosedAt: closed))
            }
        }
        return found.sorted { ($0.foundAt, $0.hazardID) < ($1.foundAt, $1.hazardID) }
    }
}

/// A venue's colour and why: each reason a sentence a person reads, the weightiest first.
public struct VenueRating: Sendable, Hashable, Codable {
    /// The venue.
    public var venueID: String
    /// Its colour.
    public var colour: VenueColour
    /// Why, the weightiest reason first (a green venue may give one too).
    public var reasons: [LocalizedText]
    /// The rule that rated it (``VenueRiskRule/name``).
    public var rule: String

    /// Creates a rating.
    public init(venueID: String, colour: VenueColour, reasons: [LocalizedText], rule: String) {
        self.venueID = venueID
        self.colour = colour
        self.reasons = reasons
        self.rule = rule
    }
}

/// How a venue's colour is decided: a seam, so a station can follow its own practice. The
/// built-in rules (SafeGridEngine's `OpenHazardsRule` and `ScoreBandsRule`) are registered
/// exactly as a third party registers its own, and a store chooses one by name
/// (`safegrid config set risk-rule NAME`).
///
/// A rule is a pure function of the facts: the same facts always give the same colour, so a
/// colour as of any moment can be computed again and never drifts.
public protocol VenueRiskRule: Sendable {
    /// The name a store chooses the rule by: lower case, digits and hyphens.
    var name: String { get }
    /// What the rule does, in a sentence, for `config list` and the venue file.
    var summary: LocalizedText { get }
    /// The rule as tuned by a store's settings (by key, as `safegrid config` keeps them); the
    /// rule itself when it takes none.
    /// - Throws: `SafeGridError` `invalid-input` naming the setting that does not fit.
    func tuned(by settings: [String: String]) throws -> any VenueRiskRule
    /// How much of a venue's record the rule reads (``VenueRiskReach/everything`` unless it says
    /// less): the facts it is given hold at least that.
    var reach: VenueRiskReach { get }
    /// The venue's colour and why.
    func rate(_ facts: VenueRiskFacts) -> VenueRating
}

extension VenueRiskRule {
    public func tuned(by settings: [String: String]) throws -> any VenueRiskRule { self }
    public var reach: VenueRiskReach { .everything }
}

/// The venue risk rules a program knows, by name, in the order registered.
///
/// ```swift
/// var rules = VenueRiskRuleRegistry()
/// try rules.register(OpenHazardsRule())
/// try rules.register(ScoreBandsRule())   // a name already taken throws
/// ```
public struct VenueRiskRuleRegistry: Sendable {
    /// The rules in the order they were registered; the first is the default.
    public private(set) var rules: [any VenueRiskRule] = []

    /// An empty registry.
    public init() {}

    /// The registered names, in registration order.
    public var names: [String] { rules.map(\.name) }

    /// Adds a rule.
    /// - Throws: `SafeGridError` `invalid-input` when the name is taken or not lower case,
    ///   digits and hyphens.
    public mutating func register(_ rule: any VenueRiskRule) throws {
        let name = rule.name
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw SafeGridError.invalidInput(
                "a venue risk rule's name must be lower case letters, digits and hyphens, not '\(name)'",
                chinese: "场所风险规则的名称只能由小写字母、数字和连字符组成，'\(name)' 不符合", context: ["rule": name])
        }
        guard !names.contains(name) else {
            throw SafeGridError.invalidInput(
                "a venue risk rule named '\(name)' is already registered", chinese: "已有名为 '\(name)' 的场所风险规则",
                context: ["rule": name])
        }
        rules.append(rule)
    }

    /// The rule named `name`.
    /// - Throws: `SafeGridError` `invalid-input` listing the names there are.
    public func rule(named name: String) throws -> any VenueRiskRule {
        guard let rule = rules.first(where: { $0.name == name }) else {
            throw SafeGridError.invalidInput(
                "there is no venue risk rule named '\(name)'; there are: \(names.joined(separator: ", "))",
                chinese: "没有名为 '\(name)' 的场所风险规则；可选：\(names.joined(separator: "、"))", context: ["rule": name])
        }
        return rule
    }
}

extension Inspection {
    /// The inspection's score out of 100: the weighted share of the items answered that passed
    /// (items not applicable left out), each item weighing its checklist weight (1 when the
    /// checklist gives none). `nil` when no item was answered pass or fail.
    public func score(weights: [String: Double]) -> Double? {
        var passed = 0.0
        var answered = 0.0
        for response in responses where response.outcome != .notApplicable {
            let weight = weights[response.itemID] ?? 1
            answered += weight
            if response.outcome == .pass { passed += weight }
        }
        return answered > 0 ? 100 * passed / answered : nil
    }
}
