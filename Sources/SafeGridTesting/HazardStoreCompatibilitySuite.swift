import Foundation
public import SafeGridCore
public import SafeGridEngine

/// The checks every `HazardStore` must pass: run them from your tests with a factory of
/// empty stores.
///
/// ```swift
/// @Test(arguments: HazardStoreCompatibilitySuite.checks)
/// func compatibility(_ check: HazardStoreCompatibilitySuite.Check) throws {
///     try HazardStoreCompatibilitySuite(makeStore: { try SQLiteHazardStore(path: try temporaryStorePath()) }).run(check)
/// }
/// ```
///
/// The suite needs no test framework: a failed check throws ``CompatibilityFailure``.
public struct HazardStoreCompatibilitySuite: Sendable {
    /// One named check.
    public struct Check: Sendable, CustomStringConvertible {
        /// What it checks.
        public let name: String
        let body: @Sendable (HazardStoreCompatibilitySuite) throws -> Void
        public var description: String { name }
    }

    /// Makes a new, empty store.
    public let makeStore: @Sendable () throws -> any HazardStore

    /// A suite over stores from `makeStore`.
    public init(makeStore: @escaping @Sendable () throws -> any HazardStore) {
        self.makeStore = makeStore
    }

    /// Runs one check.
    public func run(_ check: Check) throws { try check.body(self) }

    /// Runs every check.
    public func runAll() throws {
        for check in Self.checks { try run(check) }
    }

    /// An engine over a new store, with a manual clock and sequential ids.
    public func makeEngine(calendar: HolidayCalendar = HolidayCalendar()) throws -> (SafeGridEngine, ManualWallClock) {
        let clock = ManualWallClock(DomainExample.day(5, 31))
        let engine = SafeGridEngine(
            store: try makeStore(), clock: clock, calendar: calendar, stationTime: DomainExample.stationTime,
            identifiers: SequentialIdentifiers())
        return (engine, clock)
    }

    /// Every check.
    public static let checks: [Check] = [
        Check(name: "the worked example as of 2026-06-15, by grid, police grid and community") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            for (grouping, expected) in DomainExample.asOfJune15 {
                let by: ReportGrouping = grouping == .policeGrid ? .policeGrid : grouping
                let report = try engine.report(ReportRequest(asOf: DomainExample.endOf(6, 15), by: by))
                try expect(report.total == DomainExample.totalJune15, "total by \(by.rawValue)", report.total)
                for (key, counts) in expected {
                    let row = report.groups.first { $0.key == key }
                    try expect(row?.counts == counts, "\(key) by \(by.rawValue)", row?.counts as Any)
                }
            }
            let byGrid = try engine.report(ReportRequest(asOf: DomainExample.endOf(6, 15), by: .grid))
            try expect(byGrid.groups.map(\.key) == ["G1", "G2", "G3"], "rank by grid", byGrid.groups.map(\.key))
        },
        Check(name: "the worked example as recorded at 2026-06-15 (frozen)") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            let report = try engine.report(ReportRequest(
                asOf: DomainExample.endOf(6, 15), asRecordedAt: DomainExample.endOf(6, 15), by: .grid))
            try expect(report.total == DomainExample.frozenTotal, "frozen total", report.total)
            let g2 = report.groups.first { $0.key == "G2" }?.counts
            try expect(g2 == DomainExample.frozenG2, "frozen G2", g2 as Any)
        },
        Check(name: "counts at every day agree with folding each hazard's events") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 16, hour: 21))
            try engine.update(
                "H-000005", .reassigned(gridCode: "G1", policeGridCode: "P1", reason: "边界调整"), at: DomainExample.day(6, 16, hour: 20),
                actor: "所长")
            clock.set(DomainExample.day(6, 17))
            try engine.update("H-000007", .deferred(reason: "待商户搬迁"), actor: "所长")
            clock.set(DomainExample.day(6, 30))
            for day in 1...30 {
                for recorded in [nil, DomainExample.endOf(6, day)] {
                    for dimension in CountDimension.allCases {
                        let query = CountQuery(asOf: DomainExample.endOf(6, day), asRecordedAt: recorded, dimension: dimension)
                        let stored = try engine.store.read { try $0.counts(query) }
                        let reference = try engine.store.read { reader in try referenceCounts(reader, query) }
                        try expect(stored == reference, "counts \(dimension.rawValue) as of 06-\(day) recorded \(recorded.map { "\($0)" } ?? "now")", stored)
                    }
                }
            }
            let period = CountQuery(
                asOf: DomainExample.endOf(6, 30), discoveredIn: DomainExample.day(6, 2, hour: 0)...DomainExample.endOf(6, 4), dimension: .grid)
            let inPeriod = try engine.store.read { try $0.counts(period) }
            try expect(inPeriod == (try engine.store.read { try referenceCounts($0, period) }), "counts in a period", inPeriod)
        },
        Check(name: "the overdue list holds exactly the hazards the overdue count counts, most overdue first") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 17))
            try engine.update("H-000007", .deferred(reason: "待商户搬迁"), actor: "所长")
            clock.set(DomainExample.day(6, 30))
            for day in 1...30 {
                for recorded in [nil, DomainExample.endOf(6, day)] {
                    let query = CountQuery(asOf: DomainExample.endOf(6, day), asRecordedAt: recorded, dimension: .grid)
                    var listed: [OverdueHazard] = []
                    try engine.store.read { try $0.overdue(query) { listed.append($0) } }
                    let reference = try engine.store.read { reader in try referenceOverdue(reader, query) }
                    let when = "06-\(day) recorded \(recorded.map { "\($0)" } ?? "now")"
                    try expect(listed == reference, "overdue list as of \(when)", listed.map(\.id))
                    let counted = try engine.store.read { try $0.counts(query) }.values.reduce(0) { $0 + $1.overdue }
                    try expect(listed.count == counted, "overdue list length = overdue count as of \(when)", listed.count)
                }
            }
            var document: [OverdueEntry] = []
            try engine.withReport(ReportRequest(asOf: DomainExample.endOf(6, 15), by: .grid)) { document = try $0.overdue.prefix(10) }
            try expect(document.map(\.hazardID) == ["H-000005"], "overdue list of the report as of 06-15", document.map(\.hazardID))
            try expect(document.first?.daysOverdue == 4 && document.first?.venueName == "V3", "days overdue of H5", document.first as Any)
        },
        Check(name: "calendar files are kept in import order, a repeat import adds nothing, a refused one changes nothing") { suite in
            let (engine, _) = try suite.makeEngine()
            let notice = "year 2027 测试\n2027-01-04 holiday 元旦\n"
            try expect(try engine.importCalendar(notice, name: "2027.txt", actor: "所长").added, "first import adds", false)
            try expect(!(try engine.importCalendar(notice, name: "2027.txt", actor: "所长").added), "a repeat adds nothing", true)
            try engine.importCalendar("2027-05-06 holiday 本地\n", name: "local.txt", actor: "所长")
            do {
                try engine.importCalendar("year 2027\n2027-01-05 workday 调休\n", name: "bad.txt", actor: "所长")
                try expect(false, "a make-up Tuesday is refused", "accepted")
            } catch let error as SafeGridError where error.code == .invalidCalendar {}
            let files = try engine.store.read { try $0.calendarFiles() }
            try expect(files.map(\.name) == ["2027.txt", "local.txt"] && files[0].text == notice && files[0].importedBy == "所长",
                       "stored files", files.map(\.name))
            let calendar = try HolidayCalendar(followsStatute: true).merging(filesIn: engine.store)
            try expect(!calendar.isProvisional(year: 2027) && !calendar.isWorkingDay(CivilDate("2027-01-04")!)
                       && !calendar.isWorkingDay(CivilDate("2027-05-06")!), "the stored files count", calendar.entries(in: 2027).map(\.date))
        },
        Check(name: "notices are numbered per station and year, and a reprint keeps its number") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            let v3 = try engine.issueNotice(venueID: "V3")
            try expect(v3.sequence == 1 && v3.issuer.code == "ST1" && v3.number == "ST1整改字〔2026〕第001号", "first notice", v3.number)
            try expect(v3.items.map(\.hazardID) == ["H-000005", "H-000007"], "V3's open hazards by deadline", v3.items.map(\.hazardID))
            clock.set(DomainExample.day(6, 17))
            let again = try engine.issueNotice(venueID: "V3")
            try expect(again == v3, "a reprint is the same notice", again.number)
            let v2 = try engine.issueNotice(venueID: "V2")
            try expect(v2.sequence == 2 && v2.items.map(\.hazardID) == ["H-000004"], "second notice", v2.number)
            let one = try engine.issueNotice(venueID: "V3", inspectionID: "I-000005")
            try expect(one.sequence == 3 && one.items.map(\.hazardID) == ["H-000007"], "a notice for one inspection", one.items.map(\.hazardID))
            for (venue, inspection, code) in [("V9", nil, SafeGridError.Code.notFound), ("V1", "I-000002", .invalidInput), ("V3", "I-000099", .notFound)] {
                do {
                    _ = try engine.issueNotice(venueID: venue, inspectionID: inspection)
                    try expect(false, "notice for \(venue) \(inspection ?? "")", "issued")
                } catch let error as SafeGridError {
                    try expect(error.code == code, "notice for \(venue) \(inspection ?? "")", error.code)
                }
            }
        },
        Check(name: "events are numbered, chained and read back as appended") { suite in
            let (engine, clock) = try suite.makeEngine()
            let ids = try DomainExample.build(engine: engine, clock: clock)
            var sequence: Int64 = 0
            var previous = ChainedEvent.genesis
            try engine.store.read { reader in
                try reader.chainedEvents(after: 0) { chained in
                    sequence += 1
                    try expect(chained.sequence == sequence, "sequence", chained.sequence)
                    try expect(chained.previousHash == previous, "previous hash of #\(sequence)", chained.previousHash)
                    try expect(ChainedEvent.hash(of: chained.event, after: previous) == chained.hash, "hash of #\(sequence)", chained.hash)
                    previous = chained.hash
                    return true
                }
            }
            try expect(sequence == 16, "event count", sequence)
            let h3 = try engine.store.read { try $0.events(hazardID: ids["H3"]!) }
            try expect(h3.map(\.kind.name) == ["recorded", "rectify", "reinspect-fail", "rectify", "reinspect-pass"], "H3 history", h3.map(\.kind.name))
            try expect(h3.last?.recordedAt == DomainExample.day(6, 16, hour: 18), "H3 recorded late", h3.last?.recordedAt as Any)
            let extended = try engine.store.read { try $0.events(hazardID: ids["H4"]!) }.last
            try expect(extended?.kind == .deadlineExtended(until: DomainExample.endOf(6, 20), reason: "等待配件"), "H4 extension kept", extended as Any)
            try expect(try engine.verify().isIntact, "verify", "broken")
        },
        Check(name: "a write that throws stores nothing") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            let before = try engine.store.read { reader in try reader.events(hazardID: "H-000005").count }
            struct Abort: Error {}
            do {
                try engine.store.write { writer in
                    _ = try writer.append([HazardEvent(
                        hazardID: "H-000005", kind: .rectificationReported, at: DomainExample.day(6, 20),
                        recordedAt: DomainExample.day(6, 20), actor: "x")])
                    try writer.put(venues: [Venue(id: "V9", name: "V9", kind: "stall", gridCode: "G1", policeGridCode: "P1")])
                    throw Abort()
                }
            } catch is Abort {}
            let after = try engine.store.read { reader in try reader.events(hazardID: "H-000005").count }
            try expect(after == before, "events after an aborted write", after)
            try expect(try engine.store.read { try $0.venue(id: "V9") } == nil, "venue after an aborted write", "present")
            try expect(try engine.verify().isIntact, "verify after an aborted write", "broken")
        },
        Check(name: "hazard lists filter by status, overdue, grid, police grid and venue") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            func ids(_ filter: HazardFilter) throws -> [String] { try engine.hazards(filter).map(\.id) }
            try expect(try ids(HazardFilter()).count == 8, "all", try ids(HazardFilter()))
            try expect(try ids(HazardFilter(statuses: [.closed])) == ["H-000001", "H-000002", "H-000003"], "closed", try ids(HazardFilter(statuses: [.closed])))
            try expect(try ids(HazardFilter(statuses: [.cancelled])) == ["H-000006"], "cancelled", "")
            let overdue = HazardFilter(overdueAt: DomainExample.endOf(6, 18))
            try expect(try ids(overdue) == ["H-000005", "H-000007"], "overdue on 06-18", try ids(overdue))
            try expect(try ids(HazardFilter(gridCode: "G2")) == ["H-000003", "H-000004"], "grid G2", try ids(HazardFilter(gridCode: "G2")))
            try expect(try ids(HazardFilter(policeGridCode: "P2")).count == 3, "police grid P2", "")
            try expect(try ids(HazardFilter(venueID: "V1")) == ["H-000001", "H-000002", "H-000008"], "venue V1", try ids(HazardFilter(venueID: "V1")))
        },
        Check(name: "areas, venues, checklists and inspections read back") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            try engine.store.read { reader in
                let directory = try reader.areaDirectory()
                try expect(directory.areas.count == DomainExample.areas.count, "areas", directory.areas.count)
                try expect(directory.links == Set(DomainExample.links), "links", directory.links)
                try expect(directory.ancestor(of: "G2", at: .grid, up: .street) == "S1", "roll-up", "")
                try expect(try reader.venues() == DomainExample.venues, "venues", try reader.venues())
                try expect(try reader.checklist(id: "example", version: nil) == DomainExample.checklist, "checklist", "")
                try expect(try reader.checklists().map(\.id) == ["example"], "checklists", "")
                let inspection = try reader.inspection(id: "I-000001")
                try expect(inspection?.responses.count == 4 && inspection?.checklistHash == DomainExample.checklist.contentHash, "inspection", inspection as Any)
            }
        },
        Check(name: "hazard and inspection ids by prefix, in any case") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            let hazards = try engine.store.read { try $0.hazardIDs(startingWith: "H-", limit: 100) }
            try expect(hazards.count > 2 && hazards == hazards.sorted() && hazards.first == "H-000001", "every hazard id, in order", hazards)
            let limited = try engine.store.read { try $0.hazardIDs(startingWith: "H-00000", limit: 2) }
            try expect(limited == ["H-000001", "H-000002"], "at most the limit", limited)
            let none = try engine.store.read { try $0.hazardIDs(startingWith: "H-9", limit: 10) }
            try expect(none.isEmpty, "no hazard starts with H-9", none)
            try expect(try engine.hazardID(matching: "h-000002") == "H-000002", "lower case", "")
            try expect(try engine.hazardID(matching: "000002") == "H-000002", "without H-", "")
            try expect(try engine.hazardID(matching: "h-ooooo2") == "H-000002", "O read as 0", "")
            try expectError(.ambiguousID, "a prefix of several hazards") { _ = try engine.hazardID(matching: "h-0000") }
            try expectError(.notFound, "a prefix of none") { _ = try engine.hazardID(matching: "H-9") }
            let inspections = try engine.store.read { try $0.inspectionIDs(startingWith: "I-", limit: 100) }
            try expect(inspections.first == "I-000001" && inspections == inspections.sorted(), "inspection ids", inspections)
            try expect(try engine.inspectionID(matching: "i-000001") == "I-000001", "an inspection in lower case", "")
        },
    ] + mergeChecks + noticeChecks + reminderChecks + sourceChecks + reinspectionChecks + ledgerChecks + venueChecks + scopeChecks
        + carriedPlanChecks + overdueChecks + totalsChecks

    /// The overdue list by folding every hazard's events.
    static func referenceOverdue(_ reader: any HazardStoreReader, _ query: CountQuery) throws -> [OverdueHazard] {
        var ids: [String] = []
        try reader.hazards(HazardFilter()) { ids.append($0.id) }
        return try ids.compactMap { id in
            guard let state = HazardState.replay(try reader.events(hazardID: id), asOf: query.asOf, asRecordedAt: query.asRecordedAt),
                  query.includes(state), state.isOverdue(asOf: query.asOf)
            else { return nil }
            return OverdueHazard(state)
        }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
    }

    /// The counts by folding every hazard's events: the definition a store must agree with.
    /// - Parameters:
    ///   - reader: the store, inside a read.
    ///   - query: what to count.
    /// - Returns: the counts by the query's dimension, as a store's `counts(_:)` must give them.
    public static func referenceCounts(_ reader: any HazardStoreReader, _ query: CountQuery) throws -> [String: HazardCounts] {
        var result: [String: HazardCounts] = [:]
        var ids: [String] = []
        try reader.hazards(HazardFilter()) { ids.append($0.id) }
        for id in ids {
            guard let state = HazardState.replay(try reader.events(hazardID: id), asOf: query.asOf, asRecordedAt: query.asRecordedAt),
                  state.status != .cancelled, query.includes(state)
            else { continue }
            result[query.key(of: state), default: HazardCounts()] += state.counts(asOf: query.asOf)
        }
        return result
    }
}

/// A compatibility check that did not hold.
public struct CompatibilityFailure: Error, CustomStringConvertible {
    /// What was checked.
    public var what: String
    /// What the store gave.
    public var got: String
    public var description: String { "\(what): got \(got)" }
}

func expect(_ condition: Bool, _ what: String, _ got: Any) throws {
    if !condition { throw CompatibilityFailure(what: what, got: String(describing: got)) }
}
