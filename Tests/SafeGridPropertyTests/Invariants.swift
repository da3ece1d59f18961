import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

/// The invariants of the counts (docs/DOMAIN.md), checked on an engine after a script.
enum Invariants {
    /// A report as bytes: two reports are the same when these are.
    static func bytes(_ report: RectificationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(report)
    }

    /// Every report of every grouping as of `end`, as bytes, by grouping: what two stores, or a
    /// store and its replay, must give alike.
    static func reports(_ engine: SafeGridEngine, asOf end: Date) throws -> [ReportGrouping: Data] {
        var reports: [ReportGrouping: Data] = [:]
        for grouping in Script.groupings { reports[grouping] = try bytes(try engine.report(ReportRequest(asOf: end, by: grouping))) }
        return reports
    }

    /// Each report's own invariants, and how reports of the levels relate, as of `moment`.
    static func checkReports(_ engine: SafeGridEngine, asOf moment: Date, recordedAt: Date? = nil) throws {
        var byGrouping: [ReportGrouping: RectificationReport] = [:]
        for grouping in Script.groupings {
            let report = try engine.report(ReportRequest(asOf: moment, asRecordedAt: recordedAt, by: grouping))
            byGrouping[grouping] = report
            for counts in [report.total] + report.groups.map(\.counts) {
                #expect(counts.closed <= counts.found, "closed ≤ found by \(grouping.rawValue): \(counts)")
                #expect(counts.onTime <= counts.due && counts.closed <= counts.due && counts.due <= counts.found, "on time, closed ≤ due ≤ found: \(counts)")
                #expect(counts.closed + counts.overdue + counts.deferred <= counts.found, "closed, overdue and deferred are apart: \(counts)")
                for rate in [counts.rate, counts.onTimeRate] {
                    if let rate { #expect((0...1).contains(rate), "a rate in [0, 1] by \(grouping.rawValue): \(counts)") }
                }
                #expect((counts.rate == nil) == (counts.found == 0), "the rate is absent exactly when nothing was found")
            }
            var sum = HazardCounts()
            for group in report.groups { sum += group.counts }
            #expect(sum == report.total, "the groups by \(grouping.rawValue) add up to the total")
        }
        for (children, parents) in Script.rollUps {
            guard let lower = byGrouping[children], let upper = byGrouping[parents] else { continue }
            for parent in upper.groups {
                var sum = HazardCounts()
                for child in lower.groups where child.parent == parent.key { sum += child.counts }
                #expect(sum == parent.counts, "\(parents.rawValue) \(parent.key) is the sum of its \(children.rawValue)s")
            }
        }
    }

    /// The store's counts as of `moment` against folding every hazard's events, in every dimension.
    static func checkCountsAgainstFold(_ engine: SafeGridEngine, asOf moment: Date, recordedAt: Date? = nil) throws {
        for dimension in CountDimension.allCases {
            let query = CountQuery(asOf: moment, asRecordedAt: recordedAt, dimension: dimension)
            let stored = try engine.store.read { try $0.counts(query) }
            let folded = try engine.store.read { try HazardStoreCompatibilitySuite.referenceCounts($0, query) }
            #expect(stored.filter { $0.value != HazardCounts() } == folded.filter { $0.value != HazardCounts() },
                    "counts by \(dimension.rawValue) as of \(moment) recorded \(recordedAt.map { "\($0)" } ?? "now") = the fold")
        }
    }

    /// The cut-offs to check a store at: the end, each snapshot's moment and the end of its day
    /// (what a bare date means), and each hazard's deadline in force to the second, where
    /// "due" and "overdue" turn.
    static func cutOffs(_ engine: SafeGridEngine, _ played: Script.Played) throws -> [(asOf: Date, recordedAt: Date?)] {
        let time = DomainExample.stationTime
        var moments = Set([played.end])
        for snapshot in played.snapshots { moments.formUnion([snapshot.at, time.endOfDay(time.day(of: snapshot.at))]) }
        for state in try engine.hazards(HazardFilter()).prefix(4) { moments.insert(state.deadline) }
        // As recorded at each snapshot too: a frozen report's counts are the fold of what was known then.
        return moments.sorted().map { ($0, nil) } + played.snapshots.map { ($0.at, $0.at) }
    }

    /// Everything checked on one engine after a script: each snapshot's report, as recorded at
    /// its moment, unchanged by what came later; the invariants and the counts against the fold
    /// at every cut-off.
    static func check(_ engine: SafeGridEngine, _ played: Script.Played) throws {
        for snapshot in played.snapshots {
            for (grouping, then) in snapshot.reports {
                let frozen = try engine.report(ReportRequest(asOf: snapshot.at, asRecordedAt: snapshot.at, by: grouping))
                #expect(frozen.total == then.total && frozen.groups == then.groups,
                        "the report by \(grouping.rawValue) as recorded at \(snapshot.at) is the one made then")
            }
        }
        for cutOff in try cutOffs(engine, played) {
            try checkReports(engine, asOf: cutOff.asOf, recordedAt: cutOff.recordedAt)
            try checkCountsAgainstFold(engine, asOf: cutOff.asOf, recordedAt: cutOff.recordedAt)
        }
    }

    /// The event log replayed into an empty store (``StoreCopy``) gives the same reports, byte for byte.
    static func checkReplay(_ engine: SafeGridEngine, into empty: any HazardStore, asOf end: Date) throws {
        _ = try StoreCopy(from: engine.store, to: empty).run()
        let (replayed, clock) = try HazardStoreCompatibilitySuite(makeStore: { empty }).makeEngine()
        clock.set(engine.clock.now())
        let original = try reports(engine, asOf: end), copy = try reports(replayed, asOf: end)
        for grouping in Script.groupings {
            #expect(copy[grouping] == original[grouping], "the replayed store's report by \(grouping.rawValue) is byte-identical")
        }
    }
}
