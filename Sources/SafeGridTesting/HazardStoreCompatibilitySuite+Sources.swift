import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// Sources, campaigns, joint checks and referrals: counts by source, campaign and the
    /// department acting at the cut-off, a campaign's scope, the list filters and the joint
    /// checks per department, against the definitions folded from the events.
    static let sourceChecks: [Check] = [
        Check(name: "sources, campaigns and referrals: counts by source, campaign and department at any cut-off, list filters, joint checks per department") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            func inspect(_ venue: String, _ source: InspectionSource, failing: [String], day: Int) throws -> [String] {
                clock.set(DomainExample.day(6, day, hour: 20))
                var responses: [String: AnswerInput] = [:]
                for item in ["A", "B", "C", "D"] { responses[item] = .verdict(failing.contains(item) ? .fail : .pass) }
                return try engine.recordInspection(
                    InspectionInput(venueID: venue, inspectors: ["民警甲"], at: DomainExample.day(6, day), responses: responses, source: source),
                    checklist: DomainExample.checklist
                ).hazards.map(\.id)
            }
            let joint = InspectionSource(kind: .jointCheck, campaign: "夏季专项", departments: ["market-supervision", "fire-rescue"])
            let jointHazards = try inspect("V2", joint, failing: ["A", "C"], day: 17)
            let night = try inspect("V3", InspectionSource(kind: .nightCheck), failing: ["A"], day: 18)
            let campaign = try inspect("V1", InspectionSource(kind: .campaign, campaign: "夏季专项"), failing: ["D"], day: 18)
            clock.set(DomainExample.day(6, 21, hour: 20))
            try engine.update(jointHazards[0], .referred(department: "market-supervision"), at: DomainExample.day(6, 19), actor: "民警甲")
            try engine.update(night[0], .referred(department: "fire-rescue"), at: DomainExample.day(6, 19), actor: "民警甲")
            try engine.update(jointHazards[0], .referred(department: Department.stationCode), at: DomainExample.day(6, 20), actor: "民警甲")
            do {
                try engine.update(night[0], .referred(department: "fire-rescue"), actor: "民警甲")
                throw CompatibilityFailure(what: "referring to the department already acting is refused", got: "accepted")
            } catch let error as SafeGridError {
                try expect(error.code == .illegalTransition, "the refusal's code", error.code)
            }
            try engine.store.read { reader in
                // The list filters, as the hazards say now.
                var all: [HazardState] = []
                try reader.hazards(HazardFilter()) { all.append($0) }
                for filter in [
                    HazardFilter(source: .jointCheck), HazardFilter(source: .patrol), HazardFilter(campaign: "夏季专项"),
                    HazardFilter(department: "fire-rescue"), HazardFilter(department: Department.stationCode),
                ] {
                    var listed: [String] = []
                    try reader.hazards(filter) { listed.append($0.id) }
                    try expect(listed == all.filter(filter.matches).map(\.id), "the list filtered by \(filter)", listed)
                }
                try expect(all.filter { $0.actingDepartment == "fire-rescue" }.map(\.id) == [night[0]], "the department acting now", all.map(\.actingDepartment))
                try expect(all.filter { $0.record.campaign == "夏季专项" }.count == 3, "the campaign's hazards", campaign)
                // Counts by each new dimension, with and without the campaign, at cut-offs between the referrals.
                for day in [16, 18, 19, 21] {
                    for dimension in [CountDimension.source, .campaign, .department, .grid] {
                        for name in [nil, "夏季专项"] {
                            let query = CountQuery(asOf: DomainExample.endOf(6, day), dimension: dimension, campaign: name)
                            let counts = try reader.counts(query)
                            try expect(counts == (try referenceCounts(reader, query)), "\(dimension.rawValue) as of 06-\(day), campaign \(name ?? "none")", counts)
                        }
                    }
                }
                let on19 = try reader.counts(CountQuery(asOf: DomainExample.endOf(6, 19), dimension: .department))
                try expect(on19["market-supervision"]?.found == 1 && on19["fire-rescue"]?.found == 1, "departments acting on 06-19", on19)
                // Joint checks: one inspection with two departments, two hazards found, counted under each.
                let none = try reader.jointChecks(CountQuery(asOf: DomainExample.endOf(6, 16), dimension: .grid))
                try expect(none.isEmpty, "no joint check before 06-17", none)
                let rows = try reader.jointChecks(CountQuery(asOf: DomainExample.endOf(6, 21), dimension: .grid, campaign: "夏季专项"))
                try expect(rows == [
                    JointCheckRow(department: "market-supervision", inspections: 1, hazardsFound: 2),
                    JointCheckRow(department: "fire-rescue", inspections: 1, hazardsFound: 2),
                ], "the joint checks per department", rows)
                let other = try reader.jointChecks(CountQuery(asOf: DomainExample.endOf(6, 21), dimension: .grid, campaign: "别的专项"))
                try expect(other.isEmpty, "another campaign's joint checks", other)
            }
            // A cancelled hazard of a joint check is no longer found there.
            try engine.update(jointHazards[1], .cancelled(reason: "误登记"), at: DomainExample.day(6, 21, hour: 9), actor: "民警甲")
            let after = try engine.store.read { try $0.jointChecks(CountQuery(asOf: DomainExample.endOf(6, 21), dimension: .grid)) }
            try expect(after.map(\.hazardsFound) == [1, 1], "a cancelled hazard counts nowhere", after)
        },
    ]
}
