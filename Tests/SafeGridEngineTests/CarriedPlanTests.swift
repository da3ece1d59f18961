import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

/// The engine finds a plan a bundle carried by its grid and day (the example of `CarriedPlan`).
@Suite("Carried plans in the engine")
struct CarriedPlanTests {
    @Test("a plan kept for a grid and day is what the engine finds for them, and only for them")
    func foundByGridAndDay() throws {
        let (engine, clock) = try HazardStoreCompatibilitySuite(makeStore: { InMemoryHazardStore() }).makeEngine()
        try DomainExample.build(engine: engine, clock: clock)
        let now = DomainExample.day(6, 15, hour: 18)
        let plan = try engine.plan(PlanRequest(date: CivilDate(year: 2026, month: 6, day: 15)!, asOf: now, gridCode: "G1"))
        let carried = CarriedPlan(plan: plan, madeBy: "2a15-25ac-2a95-02b2", store: "station.sqlite, 王警官", carriedAt: now)
        try engine.store.write { try $0.put(carriedPlan: carried) }
        let kept = try engine.carriedPlan(gridCode: "G1", date: plan.date)
        #expect(kept?.plan == plan && kept?.madeBy == "2a15-25ac-2a95-02b2" && kept?.carriedAt == now)
        #expect(try engine.carriedPlan(gridCode: "G2", date: plan.date) == nil)
        #expect(try engine.carriedPlan(gridCode: "G1", date: plan.date.adding(days: 1)) == nil)
    }
}
