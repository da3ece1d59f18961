import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// The totals of many cut-offs (a report's weekly trend), which a store may count in one
    /// pass: each the sum of that query's own counts.
    static let totalsChecks: [Check] = [
        Check(name: "the totals of many cut-offs are each query's counts added up, as of past dates, in a period and as recorded at") { suite in
            let (engine, _) = try exampleWithLaterFollowUps(suite, reworked: false)
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
