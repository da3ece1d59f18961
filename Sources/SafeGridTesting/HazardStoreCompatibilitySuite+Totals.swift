import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// The totals of many cut-offs (a report's weekly trend), which a store may count in one
    /// pass: each the sum of that query's own counts.
    static let totalsChecks: [Check] = [
        Check(name: "the totals of many cut-offs are each query's counts added up, as of past dates, in a period and as recorded at") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            // Hazards reported fixed, failed, extended, reassigned and deferred after earlier cut-offs.
            func at(_ day: Int, recorded: Int? = nil, _ id: String, _ kind: HazardEvent.Kind) throws {
                clock.set(DomainExample.day(6, recorded ?? day, hour: 18))
                try engine.update(id, kind, at: DomainExample.day(6, day, hour: 15), actor: "民警甲")
            }
            try at(17, "H-000005", .rectificationReported)
            try at(19, "H-000005", .reinspectionFailed)
            try at(19, recorded: 20, "H-000007", .deadlineExtended(until: DomainExample.endOf(6, 25), reason: "等待配件"))
            try at(22, "H-000007", .reassigned(gridCode: "G1", policeGridCode: "P1", reason: "边界调整"))
            try at(24, recorded: 27, "H-000008", .rectificationReported)
            try at(27, "H-000008", .deferred(reason: "待商户搬迁"))
            clock.set(DomainExample.day(6, 30))
            let days = [1, 9, 11, 14, 15, 17, 19, 20, 22, 24, 26, 28, 30]
            let period = DomainExample.day(6, 10)...DomainExample.endOf(6, 20)
            let sets: [(String, [CountQuery])] = [
                ("as of past dates", days.map { CountQuery(asOf: DomainExample.endOf(6, $0), dimension: .grid) }),
                ("in a period", days.map { CountQuery(asOf: DomainExample.endOf(6, $0), discoveredIn: period, dimension: .grid) }),
                ("as recorded at", days.map { CountQuery(asOf: DomainExample.endOf(6, $0), asRecordedAt: DomainExample.endOf(6, 21), dimension: .grid) }),
                ("mixed", [CountQuery(asOf: DomainExample.endOf(6, 14), dimension: .grid),
                           CountQuery(asOf: DomainExample.endOf(6, 18), discoveredIn: period, dimension: .grid),
                           CountQuery(asOf: DomainExample.endOf(6, 22), dimension: .policeGrid),
                           CountQuery(asOf: DomainExample.endOf(6, 30), dimension: .grid)]),
            ]
            for (name, queries) in sets {
                let (totals, expected) = try engine.store.read { reader in
                    (try reader.totals(queries), try queries.map { query in
                        var total = HazardCounts()
                        for value in try reader.counts(query).values { total += value }
                        return total
                    })
                }
                try expect(totals == expected, "totals \(name)", totals)
            }
        },
    ]
}
