public import Foundation

/// What a report groups hazards by.
public enum ReportGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    case grid, community, street
    case policeGrid = "police-grid"
    case beat, station, category, severity, venue
    /// The source of the inspection that found the hazard (日常巡查, 夜查, ...).
    case source
    /// The campaign the hazard was found in (hazards found outside any campaign form one group, keyed `""`).
    case campaign
    /// The department acting on the hazard at the cut-off (the station for those never referred).
    case department

    /// The finest dimension hazards are counted by, before any roll-up.
    public var dimension: CountDimension {
        switch self {
        case .grid, .community, .street: .grid
        case .policeGrid, .beat, .station: .policeGrid
        case .category: .category
        case .severity: .severity
        case .venue: .venue
        case .source: .source
        case .campaign: .campaign
        case .department: .department
        }
    }

    /// The area level of the grouping, for area groupings.
    public var areaLevel: AreaLevel? {
        switch self {
        case .grid: .grid
        case .community: .community
        case .street: .street
        case .policeGrid: .policeGrid
        case .beat: .beat
        case .station: .station
        case .category, .severity, .venue, .source, .campaign, .department: nil
        }
    }
}

/// The hazard attribute a store counts by.
public enum CountDimension: String, Sendable, Hashable, Codable, CaseIterable {
    /// The grid in force at the cut-off.
    case grid
    /// The police grid in force at the cut-off.
    case policeGrid = "police-grid"
    /// The checklist category.
    case category
    /// The severity.
    case severity
    /// The venue.
    case venue
    /// The source kind of the inspection that found it.
    case source
    /// Its campaign (`""` when none).
    case campaign
    /// The department acting at the cut-off (``HazardState/actingDepartment``).
    case department
}

/// Which hazards a count covers and at what moment.
public struct CountQuery: Sendable, Hashable {
    /// The cut-off T: events after it do not count.
    public var asOf: Date
    /// If set, only events recorded at or before it count (a frozen report).
    public var asRecordedAt: Date?
    /// If set, only hazards discovered in this range of instants count.
    public var discoveredIn: ClosedRange<Date>?
    /// What to count by.
    public var dimension: CountDimension
    /// If set, only hazards found in this campaign count (and only its joint checks).
    public var campaign: String?
    /// If set, only hazards inside these areas count (``AreaScope``: by the grid and police grid
    /// in force at the cut-off), and only the joint checks of venues inside them (where the
    /// venues are now); `nil`: every area.
    public var scope: AreaScope?

    /// Creates a query.
    public init(
        asOf: Date, asRecordedAt: Date? = nil, discoveredIn: ClosedRange<Date>? = nil, dimension: CountDimension, campaign: String? = nil,
        scope: AreaScope? = nil
    ) {
        self.asOf = asOf
        self.asRecordedAt = asRecordedAt
        self.discoveredIn = discoveredIn
        self.dimension = dimension
        self.campaign = campaign
        self.scope = scope
    }

    /// Whether a hazard (as it stood at the cut-off) is in the query's scope.
    public func includes(_ state: HazardState) -> Bool {
        if let campaign, state.record.campaign != campaign { return false }
        if let scope, !scope.includes(state) { return false }
        return discoveredIn.map { $0.contains(state.foundAt) } ?? true
    }

    /// The key a hazard counts under.
    public func key(of state: HazardState) -> String {
        switch dimension {
        case .grid: state.gridCode
        case .policeGrid: state.policeGridCode
        case .category: state.record.category
        case .severity: state.record.severity.rawValue
        case .venue: state.record.venueID
        case .source: state.record.source.rawValue
        case .campaign: state.record.campaign ?? ""
        case .department: state.actingDepartment
        }
    }
}

/// A rectification-rate report: the counts for each group and in total, as of a moment.
///
/// Encoded as the report JSON of the command-line contract:
/// `{"asOf", "asRecordedAt", "by", "total": COUNTS, "groups": [{"key", "name", ...COUNTS}]}`.
public struct RectificationReport: Sendable, Hashable, Codable {
    /// One row.
    public struct Group: Sendable, Hashable, Codable {
        /// The group's key (an area code, a category, a severity, a venue id).
        public var key: String
        /// Its name for people.
        public var name: String
        /// The key of the group it rolls up into (a grid's community), if any.
        public var parent: String?
        /// Its counts.
        public var counts: HazardCounts

        /// Creates a row.
        public init(key: String, name: String, parent: String? = nil, counts: HazardCounts) {
            self.key = key
            self.name = name
            self.parent = parent
            self.counts = counts
        }

        private enum CodingKeys: String, CodingKey { case key, name, parent }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            name = try container.decode(String.self, forKey: .name)
            parent = try container.decodeIfPresent(String.self, forKey: .parent)
            counts = try HazardCounts(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(name, forKey: .name)
            try container.encodeIfPresent(parent, forKey: .parent)
            try counts.encode(to: encoder)
        }
    }

    /// One area a report is restricted to, as the report names it.
    public struct ScopeArea: Sendable, Hashable, Codable {
        /// The area's level.
        public var level: AreaLevel
        /// Its code.
        public var code: String
        /// Its name.
        public var name: String

        /// Names an area.
        /// - Parameters:
        ///   - level: The area's level.
        ///   - code: Its code.
        ///   - name: Its name.
        public init(level: AreaLevel, code: String, name: String) {
            self.level = level
            self.code = code
            self.name = name
        }

        /// Names an area of the directory.
        /// - Parameter area: The area.
        public init(_ area: Area) {
            self.init(level: area.level, code: area.code, name: area.name)
        }

        /// The area for people: its level, name and code (`网格 夜市一网格（G01）`, `grid G1`
        /// when the name is the code).
        /// - Parameter language: The language of the level's name.
        public func label(_ language: DisplayLanguage) -> String {
            let level = level.label(language)
            return name == code ? "\(level) \(code)" : language.pick("\(level) \(name)（\(code)）", "\(level) \(name) (\(code))")
        }
    }

    /// The cut-off.
    public var asOf: Date
    /// The recording cut-off of a frozen report, if any.
    public var asRecordedAt: Date?
    /// The grouping.
    public var by: ReportGrouping
    /// The discovery period, if any.
    public var from: CivilDate?
    /// The discovery period's last day, if any.
    public var to: CivilDate?
    /// The campaign the report is limited to, if any (`--campaign`).
    public var campaign: String?
    /// The areas the report is restricted to (`--within`), if any: only hazards inside them
    /// count (``AreaScope``). `nil` for a report of every area, and then absent from the JSON.
    public var within: [ScopeArea]?
    /// The sum of every hazard in scope.
    public var total: HazardCounts
    /// The rows in rank order: rate descending, then fewer overdue, then key; empty groups last.
    public var groups: [Group]

    /// Creates a report.
    public init(
        asOf: Date, asRecordedAt: Date? = nil, by: ReportGrouping, from: CivilDate? = nil, to: CivilDate? = nil,
        total: HazardCounts, groups: [Group], campaign: String? = nil, within: [ScopeArea]? = nil
    ) {
        self.within = within
        self.asOf = asOf
        self.asRecordedAt = asRecordedAt
        self.by = by
        self.from = from
        self.to = to
        self.campaign = campaign
        self.total = total
        self.groups = groups
    }

    /// Orders rows by rank (DOMAIN.md): rate descending, then fewer overdue, then the key;
    /// groups with no hazards last.
    public static func ranked(_ groups: [Group]) -> [Group] {
        groups.sorted { a, b in
            switch (a.counts.rate, b.counts.rate) {
            case (nil, nil): return a.key < b.key
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                if x != y { return x > y }
                if a.counts.overdue != b.counts.overdue { return a.counts.overdue < b.counts.overdue }
                return a.key < b.key
            }
        }
    }
}
