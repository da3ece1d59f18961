import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import Testing

/// On the demo store: reports by source, by campaign and by department, and with a campaign
/// filter, add up to the ungrouped totals for every count; joint checks count per department
/// that took part; a store made before `v15-sources` migrates to the same figures, intact.
@Suite("Sources, campaigns and departments on the demo store")
struct DemoSourcesTests {
    /// The moments compared: now, and a past cut-off, where referrals made after it are folded back.
    static let moments = [SQLiteDemoCountTests.now, StationTime.shanghai.endOfDay(CivilDate("2026-06-10")!)]

    /// Every figure of a report: the total, and each group's counts by key.
    static func figures(_ engine: SafeGridEngine, _ request: ReportRequest) throws -> (total: HazardCounts, groups: [String: HazardCounts]) {
        let report = try engine.report(request)
        return (report.total, Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key, $0.counts) }))
    }

    static func sum(_ groups: [String: HazardCounts]) -> HazardCounts {
        var total = HazardCounts()
        for counts in groups.values { total += counts }
        return total
    }

    @Test("by source, by department and by campaign, and a campaign's reports: the groups add up to the totals, for every count")
    func groupsAddUp() throws {
        let engine = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: try temporaryStorePath()), buildDemo: true)
        for asOf in Self.moments {
            let ungrouped = try engine.report(ReportRequest(asOf: asOf, by: .grid)).total
            #expect(ungrouped.found > 0)
            var bySource: [String: HazardCounts] = [:]
            for grouping in [ReportGrouping.source, .department, .campaign] {
                let (total, groups) = try Self.figures(engine, ReportRequest(asOf: asOf, by: grouping))
                #expect(total == ungrouped, "\(grouping) as of \(asOf)")
                #expect(Self.sum(groups) == ungrouped, "\(grouping) groups as of \(asOf): \(groups)")
                if grouping == .source { bySource = groups }
            }
            // The demo has every source, more than one department acting, and both campaigns.
            #expect(InspectionSource.Kind.allCases.allSatisfy { (bySource[$0.rawValue]?.found ?? 0) > 0 }, "\(bySource)")
            let byCampaign = try Self.figures(engine, ReportRequest(asOf: asOf, by: .campaign)).groups
            for campaign in [DemoScenario.gasCampaign, DemoScenario.fireCampaign] {
                let request = { (grouping: ReportGrouping) in ReportRequest(asOf: asOf, by: grouping, campaign: campaign) }
                let campaignTotal = try #require(byCampaign[campaign], "\(campaign) as of \(asOf)")
                #expect(campaignTotal.found > 0)
                for grouping in [ReportGrouping.grid, .policeGrid, .station, .source, .department, .severity] {
                    let (total, groups) = try Self.figures(engine, request(grouping))
                    #expect(total == campaignTotal, "\(campaign) by \(grouping) as of \(asOf)")
                    #expect(Self.sum(groups) == campaignTotal, "\(campaign) by \(grouping) groups as of \(asOf)")
                }
            }
        }
        let departments = try Self.figures(engine, ReportRequest(asOf: SQLiteDemoCountTests.now, by: .department)).groups
        #expect(departments.count >= 3 && departments[Department.stationCode] != nil, "\(departments)")
    }

    @Test("joint checks count per department that took part, as the inspections and hazards say")
    func jointChecks() throws {
        let engine = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: try temporaryStorePath()), buildDemo: true)
        let reference = try SQLiteDemoCountTests.engine(InMemoryHazardStore(), buildDemo: true)
        for asOf in Self.moments {
            for campaign in [nil, DemoScenario.fireCampaign] {
                let request = ReportRequest(asOf: asOf, campaign: campaign)
                let rows = try engine.jointChecks(request)
                #expect(rows == (try reference.jointChecks(request)), "as of \(asOf), campaign \(campaign ?? "none")")
                if campaign == nil { #expect(!rows.isEmpty) }
                // Each department at most the joint checks there were; together more than the hazards found in them.
                let found = try engine.report(ReportRequest(asOf: asOf, by: .source, campaign: campaign)).groups
                    .first { $0.key == InspectionSource.Kind.jointCheck.rawValue }?.counts.found ?? 0
                #expect(rows.allSatisfy { $0.hazardsFound <= found }, "\(rows) against \(found)")
                if found > 0 { #expect(rows.reduce(0) { $0 + $1.hazardsFound } > found, "joint checks have several departments: \(rows)") }
            }
        }
        let rows = try engine.jointChecks(ReportRequest(asOf: SQLiteDemoCountTests.now))
        let inDocument = try engine.withReport(ReportRequest(asOf: SQLiteDemoCountTests.now, by: .department)) { $0.jointChecks }
        #expect(inDocument == rows)
    }

    @Test("a store made before v15-sources migrates: sources, campaigns, departments and joint checks from its events, intact")
    func migrationV15() throws {
        let path = try temporaryStorePath()
        let requests = Self.moments.flatMap { asOf in
            [ReportGrouping.source, .campaign, .department].map { ReportRequest(asOf: asOf, by: $0) }
        }
        let expected = try {
            let engine = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: path), buildDemo: true)
            return try requests.map { try engine.report($0) }
        }()
        let expectedJoint = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: path), buildDemo: false)
            .jointChecks(ReportRequest(asOf: SQLiteDemoCountTests.now))
        // Back to the schema before v15-sources, as an earlier SafeGrid has it.
        let downgrade = Process()
        downgrade.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        downgrade.arguments = [path, """
            DROP INDEX hazard_by_source; DROP INDEX hazard_by_campaign; DROP INDEX hazard_by_department; DROP INDEX hazard_by_joint_check;
            ALTER TABLE hazard DROP COLUMN source; ALTER TABLE hazard DROP COLUMN campaign;
            ALTER TABLE hazard DROP COLUMN department; ALTER TABLE hazard DROP COLUMN joint_check;
            DROP TABLE joint_check;
            DELETE FROM grdb_migrations WHERE identifier = 'v15-sources';
            """]
        try downgrade.run()
        downgrade.waitUntilExit()
        #expect(downgrade.terminationStatus == 0)

        let engine = try SQLiteDemoCountTests.engine(try SQLiteHazardStore(path: path), buildDemo: false)
        #expect(try requests.map { try engine.report($0) } == expected)
        #expect(try engine.jointChecks(ReportRequest(asOf: SQLiteDemoCountTests.now)) == expectedJoint)
        let verification = try engine.verify()
        #expect(verification.isIntact, "\(verification.integrityProblems)")
    }
}
