import Foundation
public import SafeGridCore

/// Records inspections and what happens to every hazard, sets deadlines, and computes the
/// reports stations live by. Talks to storage only through `HazardStore`.
///
/// Everything is injected: the store, the clock, the holiday calendar, the station's time
/// zone and the id source; there is no global state.
///
/// ```swift
/// let engine = SafeGridEngine(store: store, clock: SystemWallClock(), calendar: .chinaMainland)
/// let outcome = try engine.recordInspection(input, checklist: fireExits)
/// try engine.update(outcome.hazards[0].id, .rectificationReported, actor: "陈晓燕")
/// let report = try engine.report(ReportRequest(asOf: Date(), by: .grid))
/// ```
public struct SafeGridEngine: Sendable {
    /// Where everything is stored.
    public let store: any HazardStore
    /// Where "now" comes from.
    public let clock: any WallClock
    /// Holidays and make-up working days, for working-day deadlines.
    public let calendar: HolidayCalendar
    /// The station's time zone.
    public let stationTime: StationTime
    /// Where new ids come from.
    public let identifiers: any IdentifierSource
    /// Where evidence files are kept, for `verify` and `hazard show`; `nil`: hashes only.
    public let evidence: (any EvidenceStore)?
    /// Which times and deadlines are accepted when recording.
    public let plausible: PlausibleTimes
    /// The venue risk rules a store may choose from (`risk-rule`); the first is the default.
    public let riskRules: VenueRiskRuleRegistry

    /// Creates an engine.
    public init(
        store: any HazardStore, clock: any WallClock = SystemWallClock(), calendar: HolidayCalendar,
        stationTime: StationTime = .shanghai, identifiers: any IdentifierSource = RandomIdentifiers(),
        evidence: (any EvidenceStore)? = nil, plausible: PlausibleTimes = .standard, riskRules: VenueRiskRuleRegistry = .builtin
    ) {
        self.riskRules = riskRules
        self.evidence = evidence
        self.plausible = plausible
        self.store = store
        self.clock = clock
        self.calendar = calendar
        self.stationTime = stationTime
        self.identifiers = identifiers
    }

    // MARK: - Areas and venues

    /// Stores areas of both lines and the links between grids and police grids.
    /// - Throws: `SafeGridError` `invalid-input` when a parent is missing or of the wrong
    ///   level, or a link names an unknown grid or police grid.
    public func importAreas(_ areas: [Area], links: [GridLink]) throws {
        try store.write { writer in
            let existing = try writer.areaDirectory()
            let directory = AreaDirectory(areas: Array(existing.areas.values) + areas, links: Array(existing.links) + links)
            for area in areas {
                if let parentLevel = area.level.parentLevel {
                    guard let parent = area.parentCode, directory.area(parentLevel, parent) != nil else {
                        throw SafeGridError.invalidInput(
                            "\(area.level.rawValue) \(area.code) needs a parent \(parentLevel.rawValue); '\(area.parentCode ?? "")' is not one",
                            chinese: "\(area.level.label(.chinese)) \(area.code) 的上级\(parentLevel.label(.chinese)) '\(area.parentCode ?? "")' 不存在")
                    }
                }
            }
            for link in links {
                guard directory.area(.grid, link.gridCode) != nil, directory.area(.policeGrid, link.policeGridCode) != nil else {
                    throw SafeGridError.invalidInput(
                        "the link \(link.gridCode)–\(link.policeGridCode) names an unknown grid or police grid",
                        chinese: "关联 \(link.gridCode)–\(link.policeGridCode) 中的网格或警格不存在")
                }
            }
            try writer.put(areas: areas, links: links)
        }
    }

    /// Stores venues (adding new ones, replacing those with the same id), each kind and tag as
    /// its code in the store's vocabulary (``venueVocabulary()``: `摊位` is stored as `stall`).
    /// - Parameters:
    ///   - venues: the venues.
    ///   - progress: told the venues stored and the venues given, every 10,000.
    /// - Throws: `SafeGridError` `invalid-input` when a venue names an unknown grid or police
    ///   grid, or a kind or tag outside the vocabulary (with the closest terms).
    public func putVenues(_ venues: [Venue], progress: (_ stored: Int, _ total: Int) -> Void = { _, _ in }) throws {
        let vocabulary = try venueVocabulary()
        let venues = try venues.map { venue in
            do throws(SafeGridError) {
                return try vocabulary.normalized(venue)
            } catch {
                throw SafeGridError.invalidInput(
                    "venue \(venue.id): " + error.message.resolved(for: .english),
                    chinese: "场所 \(venue.id)：" + error.message.resolved(for: .chinese), context: error.context.merging(["venue": venue.id]) { $1 })
            }
        }
        try store.write { writer in
            let directory = try writer.areaDirectory()
            for venue in venues {
                guard directory.area(.grid, venue.gridCode) != nil else {
                    throw SafeGridError.invalidInput(
                        "venue \(venue.id): no grid '\(venue.gridCode)'; import areas first",
                        chinese: "场所 \(venue.id)：网格 '\(venue.gridCode)' 不存在，请先导入区域", context: ["venue": venue.id])
                }
                guard directory.area(.policeGrid, venue.policeGridCode) != nil else {
                    throw SafeGridError.invalidInput(
                        "venue \(venue.id): no police grid '\(venue.policeGridCode)'; import areas first",
                        chinese: "场所 \(venue.id)：警格 '\(venue.policeGridCode)' 不存在，请先导入区域", context: ["venue": venue.id])
                }
            }
            // A slice at a time, in the one transaction, so a long import can show its progress.
            for start in stride(from: 0, to: venues.count, by: 10_000) {
                let end = min(start + 10_000, venues.count)
                try writer.put(venues: Array(venues[start..<end]))
                progress(end, venues.count)
            }
        }
    }
}
