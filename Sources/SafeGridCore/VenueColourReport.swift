public import Foundation

/// How many venues are of each colour.
public struct VenueColourCounts: Sendable, Hashable, Codable {
    /// Red venues.
    public var red: Int
    /// Yellow venues.
    public var yellow: Int
    /// Green venues.
    public var green: Int

    /// Counts (none by default).
    public init(red: Int = 0, yellow: Int = 0, green: Int = 0) {
        self.red = red
        self.yellow = yellow
        self.green = green
    }

    /// Every venue counted.
    public var venues: Int { red + yellow + green }

    /// The venues of one colour.
    public subscript(colour: VenueColour) -> Int {
        get {
            switch colour {
            case .red: red
            case .yellow: yellow
            case .green: green
            }
        }
        set {
            switch colour {
            case .red: red = newValue
            case .yellow: yellow = newValue
            case .green: green = newValue
            }
        }
    }

    /// Adds the counts of `other`.
    public static func += (lhs: inout VenueColourCounts, rhs: VenueColourCounts) {
        lhs.red += rhs.red
        lhs.yellow += rhs.yellow
        lhs.green += rhs.green
    }
}

/// The three-colour warning by area (`safegrid report --colours`): every venue rated as of a
/// moment under the store's rule, counted in the area of the report's level its own grid or
/// police grid lies in. A count of venues, not of hazards: a period or a campaign does not
/// narrow it.
public struct VenueColourReport: Sendable, Hashable, Codable {
    /// One area's venues by colour.
    public struct Group: Sendable, Hashable, Codable {
        /// The area's code.
        public var key: String
        /// Its name.
        public var name: String
        /// The code of the area above it, if any.
        public var parent: String?
        /// Its venues by colour.
        public var counts: VenueColourCounts

        /// Creates a group.
        public init(key: String, name: String, parent: String?, counts: VenueColourCounts) {
            self.key = key
            self.name = name
            self.parent = parent
            self.counts = counts
        }
    }

    /// The moment the colours are for.
    public var asOf: Date
    /// The area level counted by.
    public var level: AreaLevel
    /// The rule that rated the venues (``VenueRiskRule/name``).
    public var rule: String
    /// Every area of the level, in code order (one with no venue counts zero).
    public var groups: [Group]
    /// Every venue of the store.
    public var total: VenueColourCounts

    /// Creates a colour report.
    public init(asOf: Date, level: AreaLevel, rule: String, groups: [Group], total: VenueColourCounts) {
        self.asOf = asOf
        self.level = level
        self.rule = rule
        self.groups = groups
        self.total = total
    }

    /// The table's title: 场所三色分布 / Venue colours, with the rule.
    public func title(_ l: DisplayLanguage) -> String {
        l.pick("场所三色分布（规则 \(rule)）", "Venue colours (rule \(rule))")
    }

    /// The line under the table: what the counts are.
    public func ruleNote(_ l: DisplayLanguage) -> String {
        l.pick(
            "每个场所按规则 \(rule) 定颜色，计入其所在的\(level.label(l))；数的是场所，不是隐患。",
            "Each venue is rated by the rule \(rule) and counted in its \(level.label(l)); these count venues, not hazards.")
    }
}
