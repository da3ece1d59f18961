import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// Plans carried by reference bundles: kept exactly, one per grid and day, the one carried
    /// latest winning whatever the order they arrive in, and nothing kept by a write that fails.
    static let carriedPlanChecks: [Check] = [
        Check(name: "carried plans: kept as given per grid and day; a later one replaces, an earlier one does not; a failed write keeps none") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 30))
            let june15 = CivilDate(year: 2026, month: 6, day: 15)!
            let g1 = try engine.plan(PlanRequest(date: june15, asOf: DomainExample.endOf(6, 15), gridCode: "G1"))
            let g2 = try engine.plan(PlanRequest(date: june15, asOf: DomainExample.endOf(6, 15), gridCode: "G2"))
            let g1Later = try engine.plan(PlanRequest(date: june15, asOf: DomainExample.day(6, 15, hour: 18), gridCode: "G1", limit: 0))
            func carried(_ plan: InspectionPlan, hour: Int, by signer: String) -> CarriedPlan {
                CarriedPlan(plan: plan, madeBy: signer, store: "station.sqlite, 王警官", carriedAt: DomainExample.day(6, 15, hour: hour))
            }
            func kept(_ grid: String, _ day: CivilDate) throws -> CarriedPlan? { try engine.carriedPlan(gridCode: grid, date: day) }
            func put(_ plan: CarriedPlan) throws { try engine.store.write { try $0.put(carriedPlan: plan) } }

            try expect(try kept("G1", june15) == nil, "none before any is carried", "")
            let first = carried(g1, hour: 10, by: "aaaa-aaaa-aaaa-aaaa")
            try put(first)
            try put(carried(g2, hour: 10, by: "aaaa-aaaa-aaaa-aaaa"))
            try expect(try kept("G1", june15) == first, "the plan of G1 kept exactly", try kept("G1", june15) as Any)
            try expect(try kept("G2", june15)?.plan == g2, "G2 kept beside it", try kept("G2", june15)?.gridCode as Any)
            try expect(try kept("G1", june15.adding(days: 1)) == nil && (try kept("G3", june15)) == nil, "no plan of another day or grid", "")

            // An older bundle merged after a newer one changes nothing; a newer one replaces.
            try put(carried(g1Later, hour: 9, by: "bbbb-bbbb-bbbb-bbbb"))
            try expect(try kept("G1", june15) == first, "a plan carried earlier does not replace", try kept("G1", june15)?.madeBy as Any)
            let newer = carried(g1Later, hour: 18, by: "bbbb-bbbb-bbbb-bbbb")
            try put(newer)
            try expect(try kept("G1", june15) == newer, "a plan carried later replaces", try kept("G1", june15)?.madeBy as Any)
            try put(first)
            try expect(try kept("G1", june15) == newer, "the older one again changes nothing", try kept("G1", june15)?.madeBy as Any)
            try put(newer)
            try expect(try kept("G1", june15) == newer, "the same one again: still kept", "")

            // In a merge, through the engine's merger, and rolled back with the write that fails.
            let merged = try engine.merge(origin: "cccc-cccc-cccc-cccc") { try $0.add(carriedPlan: carried(g1, hour: 20, by: "cccc-cccc-cccc-cccc")) }
            try expect(merged.summary.plans == 1 && (try kept("G1", june15))?.madeBy == "cccc-cccc-cccc-cccc", "kept by a merge", merged.summary)
            struct Refused: Error {}
            do {
                try engine.store.write { writer in
                    try writer.put(carriedPlan: carried(g2, hour: 21, by: "dddd-dddd-dddd-dddd"))
                    throw Refused()
                }
            } catch is Refused {}
            try expect(try kept("G2", june15)?.madeBy == "aaaa-aaaa-aaaa-aaaa", "a write that fails keeps nothing", try kept("G2", june15)?.madeBy as Any)
        },
    ]
}
