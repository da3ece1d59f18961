import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// The overdue list, which a store may read from where each hazard stands now: exactly the
    /// fold of each hazard's events to the cut-off, for hazards that changed after it.
    static let overdueChecks: [Check] = [
        Check(name: "the overdue list of a report as of past dates and as recorded at is each hazard's events folded to the cut-off") { suite in
            let (engine, _) = try exampleWithLaterFollowUps(suite, reworked: true)
            let names = Dictionary(uniqueKeysWithValues: DomainExample.venues.map { ($0.id, $0.name) })
            for day in [11, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 30] {
                for recorded in [nil, DomainExample.endOf(6, day), DomainExample.endOf(6, min(day + 2, 30))] {
                    let when = "as of 06-\(day) recorded \(recorded.map { "\($0)" } ?? "now")"
                    let query = CountQuery(asOf: DomainExample.endOf(6, day), asRecordedAt: recorded, dimension: .grid)
                    var listed: [OverdueHazard] = []
                    try engine.store.read { try $0.overdue(query) { listed.append($0) } }
                    let reference = try engine.store.read { reader in try referenceOverdue(reader, query) }
                    try expect(listed == reference, "overdue hazards \(when)", listed)
                    // The report's list: each entry as the folded hazard says.
                    var entries: [OverdueEntry] = []
                    try engine.withReport(ReportRequest(asOf: query.asOf, asRecordedAt: recorded, by: .grid)) { entries = try $0.overdue.prefix(100) }
                    let expected = reference.map { hazard in
                        OverdueEntry(
                            hazardID: hazard.id, venueID: hazard.venueID, venueName: names[hazard.venueID]!, title: hazard.title,
                            category: hazard.category, severity: hazard.severity, status: hazard.status, foundAt: hazard.foundAt,
                            deadline: hazard.deadline, daysOverdue: hazard.daysOverdue(asOf: query.asOf), extensions: hazard.extensionCount,
                            grid: AreaReference(code: hazard.gridCode, name: hazard.gridCode),
                            policeGrid: AreaReference(code: hazard.policeGridCode, name: hazard.policeGridCode))
                    }
                    try expect(entries == expected, "the report's overdue list \(when)", entries.map { ($0.hazardID, $0.status, $0.grid.code) })
                }
            }
            // Open at the cut-off though awaiting re-inspection now; awaiting though open again now.
            func overdue(_ day: Int) throws -> [String] {
                var listed: [String] = []
                try engine.store.read { reader in
                    try reader.overdue(CountQuery(asOf: DomainExample.endOf(6, day), dimension: .grid)) { hazard in
                        listed.append("\(hazard.id) \(hazard.status.rawValue) \(hazard.gridCode) \(hazard.extensionCount)")
                    }
                }
                return listed
            }
            try expect(try overdue(16) == ["H-000005 open G3 0"], "overdue on 06-16", try overdue(16))
            try expect(
                try overdue(24) == ["H-000005 awaiting G3 0", "H-000004 awaiting G2 1", "H-000008 awaiting G1 0"], "overdue on 06-24",
                try overdue(24))
        },
    ]

    /// The worked example, then hazards reported fixed, failed, extended, reassigned and
    /// deferred after earlier cut-offs, some recorded days later; `reworked`: two of them
    /// reported fixed or failed once more. The clock is left at 30 June.
    static func exampleWithLaterFollowUps(
        _ suite: HazardStoreCompatibilitySuite, reworked: Bool
    ) throws -> (SafeGridEngine, ManualWallClock) {
        let (engine, clock) = try suite.makeEngine()
        try DomainExample.build(engine: engine, clock: clock)
        func at(_ day: Int, recorded: Int? = nil, _ id: String, _ kind: HazardEvent.Kind) throws {
            clock.set(DomainExample.day(6, recorded ?? day, hour: 18))
            try engine.update(id, kind, at: DomainExample.day(6, day, hour: 15), actor: "民警甲")
        }
        try at(17, "H-000005", .rectificationReported)
        try at(19, "H-000005", .reinspectionFailed)
        if reworked { try at(21, recorded: 23, "H-000005", .rectificationReported) }
        try at(19, recorded: 20, "H-000007", .deadlineExtended(until: DomainExample.endOf(6, 25), reason: "等待配件"))
        try at(22, "H-000007", .reassigned(gridCode: "G1", policeGridCode: "P1", reason: "边界调整"))
        if reworked {
            try at(22, "H-000004", .rectificationReported)
            try at(26, "H-000004", .reinspectionFailed)
        }
        try at(24, recorded: 27, "H-000008", .rectificationReported)
        try at(27, "H-000008", .deferred(reason: "待商户搬迁"))
        clock.set(DomainExample.day(6, 30))
        return (engine, clock)
    }
}
