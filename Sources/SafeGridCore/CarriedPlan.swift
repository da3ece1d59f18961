public import Foundation

/// A station's inspection plan for one grid and day, carried to a laptop in a reference bundle
/// and kept in the laptop's store.
///
/// A laptop holds the grid's venues and running hazards but not their inspection history, so a
/// plan it computed itself would show every venue as never inspected; it shows the one the
/// station made instead (`safegrid plan --grid`, docs/BUNDLE.md, part `plan`).
///
/// ```swift
/// let carried = CarriedPlan(plan: plan, madeBy: "2a15-25ac-2a95-02b2", store: "station.sqlite, 王警官", carriedAt: now)
/// try engine.store.write { try $0.put(carriedPlan: carried) }
/// let kept = try engine.carriedPlan(gridCode: "G1", date: plan.date)
/// ```
public struct CarriedPlan: Sendable, Hashable, Codable {
    /// The plan as the station made it, for one grid (its ``InspectionPlan/scope``), every venue due.
    public var plan: InspectionPlan
    /// The fingerprint of the key that signed the bundle.
    public var madeBy: String
    /// The bundle's note on the station's store (its file name, and who exported), for people.
    public var store: String
    /// When the bundle was written, and so when the plan was made, in whole seconds (as the
    /// bundle's header says it): a plan carried later replaces one carried earlier for the same
    /// grid and day.
    public var carriedAt: Date

    /// Creates a carried plan; `carriedAt` is taken in whole seconds.
    public init(plan: InspectionPlan, madeBy: String, store: String, carriedAt: Date) {
        self.plan = plan
        self.madeBy = madeBy
        self.store = store
        self.carriedAt = carriedAt.wholeSeconds
    }

    /// The grid the plan is for (`""` for a plan without a scope, which no bundle carries).
    public var gridCode: String { plan.scope?.code ?? "" }

    /// Whether it should replace `kept`, the plan kept for the same grid and day: unless `kept`
    /// was carried later (an older bundle merged after a newer one changes nothing).
    public func replaces(_ kept: CarriedPlan?) -> Bool {
        guard let kept else { return true }
        return carriedAt >= kept.carriedAt
    }
}
