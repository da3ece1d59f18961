public import Foundation

/// Everything an exporter renders for one report: the ranked rows, the roll-up subtotals, the
/// weekly trend and the overdue list, with every count already computed by the engine.
///
/// Exporters only render: they never count, rank or roll up themselves, so every format shows
/// the same figures. The overdue list is streamed from the store: a document made by
/// `SafeGridEngine.withReport(_:_:)` is valid only inside that call.
public struct ReportDocument {
    /// The counts: total and one row per group, in rank order.
    public var report: RectificationReport
    /// For area groupings, the levels above the grouped one (a grid report's communities, then
    /// its streets), each a list of subtotal rows in code order; empty for other groupings.
    public var rollUps: [RollUp]
    /// The total counts at the end of each of the last weeks, oldest first; the last point is
    /// the report's own cut-off. Counted when first read (a format that does not show the trend
    /// never counts it), then kept; in a document made by `SafeGridEngine.withReport(_:_:)`,
    /// read from the store like the overdue list.
    public var trend: [TrendPoint] {
        get throws { try trendPoints.value() }
    }
    private let trendPoints: LazyTrend
    /// The hazards overdue at the cut-off, most overdue first.
    public var overdue: OverdueList
    /// When the document was made.
    public var generatedAt: Date
    /// Events merged from laptops that their hazards' lifecycles refuse and nobody has settled
    /// yet (`safegrid hazard conflicts`): counted nowhere, so the report says how many there are.
    public var unresolvedConflicts: Int
    /// The kept before/after photos of a hazard, looked up on demand (an exporter that shows
    /// none never reads them); ``HazardPhotoLookup/none`` when the document has no evidence.
    public var photos: HazardPhotoLookup
    /// The joint checks in the report's scope, per department that took part (not a grouping:
    /// a joint check counts under each of its departments, so these rows do not add up to the total).
    public var jointChecks: [JointCheckRow]
    /// The venues' colours by the report's area level, when asked for (`report --colours`).
    public var colours: VenueColourReport?

    /// Creates a document.
    public init(
        report: RectificationReport, rollUps: [RollUp] = [], trend: [TrendPoint] = [], overdue: OverdueList = OverdueList([]),
        generatedAt: Date, unresolvedConflicts: Int = 0, jointChecks: [JointCheckRow] = [], colours: VenueColourReport? = nil,
        photos: HazardPhotoLookup = .none
    ) {
        self.init(
            report: report, rollUps: rollUps, trend: { trend }, overdue: overdue, generatedAt: generatedAt,
            unresolvedConflicts: unresolvedConflicts, jointChecks: jointChecks, colours: colours, photos: photos)
    }

    /// Creates a document whose trend `trend` counts when ``trend`` is first read.
    public init(
        report: RectificationReport, rollUps: [RollUp] = [], trend: @escaping () throws -> [TrendPoint], overdue: OverdueList = OverdueList([]),
        generatedAt: Date, unresolvedConflicts: Int = 0, jointChecks: [JointCheckRow] = [], colours: VenueColourReport? = nil,
        photos: HazardPhotoLookup = .none
    ) {
        self.jointChecks = jointChecks
        self.colours = colours
        self.report = report
        self.rollUps = rollUps
        self.trendPoints = LazyTrend(trend)
        self.overdue = overdue
        self.generatedAt = generatedAt
        self.unresolvedConflicts = unresolvedConflicts
        self.photos = photos
    }

    /// The line a report shows when conflicts are unsettled, `nil` when none are.
    public func conflictsNote(_ language: DisplayLanguage) -> String? {
        Self.conflictsNote(unresolvedConflicts, language)
    }

    /// The line for `count` unsettled conflicts, `nil` for none: one wording everywhere.
    public static func conflictsNote(_ count: Int, _ language: DisplayLanguage) -> String? {
        guard count > 0 else { return nil }
        return language.pick(
            "另有 \(count) 处合并冲突未解决，相关事件未计入统计（safegrid hazard conflicts）。",
            "\(count) merge conflicts are unresolved; their events are not counted (safegrid hazard conflicts).")
    }
}

/// A document's trend, counted once, when first read: copies of the document share it.
private final class LazyTrend {
    private var count: (() throws -> [TrendPoint])?
    private var points: [TrendPoint]?

    init(_ count: @escaping () throws -> [TrendPoint]) { self.count = count }

    func value() throws -> [TrendPoint] {
        if let points { return points }
        let counted = try count?() ?? []
        (points, count) = (counted, nil)
        return counted
    }
}

/// Subtotals at one area level above a report's grouping (R1: grids, then 社区, then 街道).
public struct RollUp: Sendable, Hashable, Codable {
    /// The level of the subtotal rows.
    public var level: AreaLevel
    /// One row per area of that level, in code order; `parent` names the level above.
    public var groups: [RectificationReport.Group]

    /// Creates a roll-up.
    public init(level: AreaLevel, groups: [RectificationReport.Group]) {
        self.level = level
        self.groups = groups
    }
}

/// The total counts at one point of the weekly trend.
public struct TrendPoint: Sendable, Hashable, Codable {
    /// The Monday the week starts on (station time).
    public var weekStart: CivilDate
    /// The cut-off of this point: the end of the week's Sunday, or the report's cut-off for
    /// the week it falls in.
    public var asOf: Date
    /// The total counts as of that cut-off (same scope as the report).
    public var counts: HazardCounts

    /// Creates a point.
    public init(weekStart: CivilDate, asOf: Date, counts: HazardCounts) {
        self.weekStart = weekStart
        self.asOf = asOf
        self.counts = counts
    }
}

/// An area named on a report line, with who follows hazards there.
public struct AreaReference: Sendable, Hashable, Codable {
    /// The area code.
    public var code: String
    /// Its name (the code when the directory does not know it).
    public var name: String
    /// The grid worker or police officer who follows it, if recorded.
    public var follower: String?

    /// Creates a reference.
    public init(code: String, name: String, follower: String? = nil) {
        self.code = code
        self.name = name
        self.follower = follower
    }
}

/// One line of the overdue list (逾期清单): a hazard past its deadline at the cut-off, with who
/// follows it on each line.
public struct OverdueEntry: Sendable, Hashable, Codable {
    /// The hazard.
    public var hazardID: String
    /// The venue.
    public var venueID: String
    /// The venue's name.
    public var venueName: String
    /// The hazard's title (the checklist item's prompt).
    public var title: LocalizedText
    /// The checklist category.
    public var category: String
    /// The severity.
    public var severity: Severity
    /// Open or awaiting re-inspection, at the cut-off.
    public var status: HazardStatus
    /// When it was found.
    public var foundAt: Date
    /// The deadline in force at the cut-off.
    public var deadline: Date
    /// Whether the deadline was counted in working days through a year whose holiday notice is
    /// not loaded (``HolidayCalendar/isProvisional(year:)``): show it marked, with ``ProvisionalDates``.
    public var deadlineProvisional: Bool
    /// Whole days past the deadline (1 on the first day after it).
    public var daysOverdue: Int
    /// How many times the deadline was extended.
    public var extensions: Int
    /// The grid in force at the cut-off.
    public var grid: AreaReference
    /// The police grid in force at the cut-off.
    public var policeGrid: AreaReference

    /// Creates an entry.
    public init(
        hazardID: String, venueID: String, venueName: String, title: LocalizedText, category: String, severity: Severity,
        status: HazardStatus, foundAt: Date, deadline: Date, daysOverdue: Int, extensions: Int, grid: AreaReference,
        policeGrid: AreaReference, deadlineProvisional: Bool = false
    ) {
        self.hazardID = hazardID
        self.venueID = venueID
        self.venueName = venueName
        self.title = title
        self.category = category
        self.severity = severity
        self.status = status
        self.foundAt = foundAt
        self.deadline = deadline
        self.deadlineProvisional = deadlineProvisional
        self.daysOverdue = daysOverdue
        self.extensions = extensions
        self.grid = grid
        self.policeGrid = policeGrid
    }

    /// An overdue hazard's time light is always red.
    public var timeLight: TimeLight { .red }

    private enum CodingKeys: String, CodingKey {
        case hazardID, venueID, venueName, title, category, severity, status, foundAt, deadline, deadlineProvisional
        case daysOverdue, extensions, grid, policeGrid
    }

    /// Decodes an entry; one encoded before deadlines could be provisional (no
    /// `deadlineProvisional`) decodes with `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hazardID = try container.decode(String.self, forKey: .hazardID)
        venueID = try container.decode(String.self, forKey: .venueID)
        venueName = try container.decode(String.self, forKey: .venueName)
        title = try container.decode(LocalizedText.self, forKey: .title)
        category = try container.decode(String.self, forKey: .category)
        severity = try container.decode(Severity.self, forKey: .severity)
        status = try container.decode(HazardStatus.self, forKey: .status)
        foundAt = try container.decode(Date.self, forKey: .foundAt)
        deadline = try container.decode(Date.self, forKey: .deadline)
        deadlineProvisional = try container.decodeIfPresent(Bool.self, forKey: .deadlineProvisional) ?? false
        daysOverdue = try container.decode(Int.self, forKey: .daysOverdue)
        extensions = try container.decode(Int.self, forKey: .extensions)
        grid = try container.decode(AreaReference.self, forKey: .grid)
        policeGrid = try container.decode(AreaReference.self, forKey: .policeGrid)
    }
}

/// The overdue list of a report, read from the store while it is rendered, so that a city's
/// list never has to fit in memory.
///
/// `count` is known before the first entry (it is the report's total `overdue`). The list can
/// be walked more than once (an exporter that writes a summary and then a sheet may).
public struct OverdueList {
    /// How many entries the list has.
    public let count: Int
    private let produce: ((OverdueEntry) throws -> Void) throws -> Void

    /// A list read on demand: `produce` calls its argument once per entry, in order.
    public init(count: Int, produce: @escaping ((OverdueEntry) throws -> Void) throws -> Void) {
        self.count = count
        self.produce = produce
    }

    /// A list held in memory.
    public init(_ entries: [OverdueEntry]) {
        self.count = entries.count
        self.produce = { body in for entry in entries { try body(entry) } }
    }

    /// Calls `body` with each entry, most overdue first.
    public func forEach(_ body: (OverdueEntry) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in try produce(body) }
    }

    /// The first `limit` entries (for previews and tests).
    public func prefix(_ limit: Int) throws -> [OverdueEntry] {
        var entries: [OverdueEntry] = []
        struct Enough: Error {}
        do {
            try forEach { entry in
                guard entries.count < limit else { throw Enough() }
                entries.append(entry)
            }
        } catch is Enough {}
        return entries
    }
}

// MARK: - The words every exporter uses

/// The count columns of a report table, with their headings in both languages, so every
/// format labels them alike.
public enum CountColumn: String, Sendable, Hashable, CaseIterable {
    case found, closed, rate, due, onTime, onTimeRate, overdue, deferred

    /// The heading.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .found: language.pick("发现隐患", "Found")
        case .closed: language.pick("已销号", "Closed")
        case .rate: language.pick("整改率", "Rate")
        case .due: language.pick("应整改", "Due")
        case .onTime: language.pick("按期整改", "On time")
        case .onTimeRate: language.pick("按期整改率", "On-time rate")
        case .overdue: language.pick("逾期", "Overdue")
        case .deferred: language.pick("挂账", "Deferred")
        }
    }

    /// Whether the column is a rate (a fraction from 0 to 1, or none).
    public var isRate: Bool { self == .rate || self == .onTimeRate }

    /// The column's whole-number value (`nil` for rates).
    public func count(_ counts: HazardCounts) -> Int? {
        switch self {
        case .found: counts.found
        case .closed: counts.closed
        case .due: counts.due
        case .onTime: counts.onTime
        case .overdue: counts.overdue
        case .deferred: counts.deferred
        case .rate, .onTimeRate: nil
        }
    }

    /// The column's rate (`nil` for counts and where the denominator is 0).
    public func rate(_ counts: HazardCounts) -> Double? {
        switch self {
        case .rate: counts.rate
        case .onTimeRate: counts.onTimeRate
        default: nil
        }
    }

    /// The cell as text: a number, or a rate as a percentage with one decimal (`—` when none).
    public func text(_ counts: HazardCounts) -> String {
        if let count = count(counts) { return String(count) }
        return HazardCounts.percentText(rate(counts))
    }
}

extension HazardCounts {
    /// A rate for people: `66.7%`, or `—` where there is no denominator (never shown as 100%).
    /// A rate that is not a finite fraction of a sane size (from a document built by hand)
    /// is shown as `—` too.
    public static func percentText(_ rate: Double?) -> String {
        guard let rate, rate.isFinite, abs(rate) < 1e12 else { return "—" }
        let tenths = (rate * 1000).rounded()
        if tenths < 0 { return "-" + percentText(-rate) }
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)%"
    }
}

/// Where a report row stands on the published lists (红榜 / 黑榜).
public enum RateStanding: String, Sendable, Hashable, Codable {
    /// 红榜: rate at or above the honour threshold.
    case honour
    /// 黑榜: rate below the warning threshold.
    case warning

    /// The list's name.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .honour: language.pick("红榜", "Honour roll")
        case .warning: language.pick("黑榜", "Warning list")
        }
    }
}

/// The thresholds of the red and black lists: 整改率 ≥ 90% on the 红榜, below 85% on the 黑榜,
/// in between on neither (grid-model §4 R3). Stations may set their own.
public struct RateThresholds: Sendable, Hashable, Codable {
    /// The lowest rate on the honour roll (红榜).
    public var honour: Double
    /// Rates below this go on the warning list (黑榜).
    public var warning: Double

    /// The usual thresholds: 90% and 85%.
    public static let standard = RateThresholds(honour: 0.9, warning: 0.85)

    /// Creates thresholds; `warning` must not be above `honour`.
    public init(honour: Double, warning: Double) {
        self.honour = honour
        self.warning = warning
    }

    /// Where a rate stands; groups with no hazards (no rate) stand on neither list.
    public func standing(of rate: Double?) -> RateStanding? {
        guard let rate else { return nil }
        if rate >= honour { return .honour }
        if rate < warning { return .warning }
        return nil
    }
}

extension ReportGrouping {
    /// The grouping's name for people (`网格`, `category`).
    public func label(_ language: DisplayLanguage) -> String {
        if let level = areaLevel { return level.label(language) }
        switch self {
        case .category: return language.pick("类别", "category")
        case .severity: return language.pick("等级", "severity")
        case .source: return language.pick("来源", "source")
        case .campaign: return language.pick("专项", "campaign")
        case .department: return language.pick("处置部门", "department")
        default: return language.pick("场所", "venue")
        }
    }
}

extension RectificationReport.Group {
    /// The row's name in a language: severities and categories (``HazardCategory``) are
    /// translated; other names are data.
    public func displayName(by grouping: ReportGrouping, _ language: DisplayLanguage) -> String {
        switch grouping {
        case .severity: Severity(rawValue: key)?.label(language) ?? name
        case .category: HazardCategory.names[key]?.resolved(for: language) ?? name
        case .source: InspectionSource.Kind(rawValue: key)?.label(language) ?? name
        case .department: Department.named(key)?.label(language) ?? name
        case .campaign: key.isEmpty ? Self.noCampaign(language) : name
        default: name
        }
    }

    /// The name of the group of hazards found outside any campaign.
    public static func noCampaign(_ language: DisplayLanguage) -> String { language.pick("（非专项）", "(no campaign)") }
}

extension RectificationReport {
    /// What the report is restricted to (`范围：社区 C1` / `within: community C1`), or `nil` for
    /// a report of every area.
    /// - Parameter language: The language of the line.
    public func withinLine(_ language: DisplayLanguage) -> String? {
        guard let within else { return nil }
        let areas = within.map { $0.label(language) }
        return language.pick("范围：" + areas.joined(separator: "、"), "within: " + areas.joined(separator: ", "))
    }

    /// The report's title: `隐患整改情况统计（按网格）　截至 2026-06-15` /
    /// `Hazard rectification by grid, as of 2026-06-15`, with the frozen cut-off, the
    /// discovery period, the campaign and the areas it is restricted to when set.
    public func title(_ language: DisplayLanguage, _ time: StationTime) -> String {
        let level = by.label(language)
        var title = language.pick("隐患整改情况统计（按\(level)）　截至 \(time.show(asOf))", "Hazard rectification by \(level), as of \(time.show(asOf))")
        if let recorded = asRecordedAt {
            title += language.pick("　登记截至 \(time.show(recorded))", ", as recorded at \(time.show(recorded))")
        }
        if from != nil || to != nil {
            let first = from?.description ?? "…"
            let last = to?.description ?? "…"
            title += language.pick("　发现日期 \(first) 至 \(last)", ", found \(first) to \(last)")
        }
        if let campaign { title += language.pick("　专项：\(campaign)", ", campaign: \(campaign)") }
        if let line = withinLine(language) { title += language.pick("　", ", ") + line }
        return title
    }
}
