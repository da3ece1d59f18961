import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// Reminders: areas keep their people, and the remindable hazards are exactly those
    /// ``ReminderQuery/matches(_:)`` picks from every hazard folded as of the query's moment.
    static let reminderChecks: [Check] = [
        Check(name: "areas keep their follower, leader and phones; an area without them reads back without them") { suite in
            let (engine, _) = try suite.makeEngine()
            var areas = DomainExample.areas
            areas[3].follower = "陈晓燕"
            areas[3].followerPhone = "13800000001"
            areas[3].leader = "刘芳"
            areas[6].leader = "马涛"
            areas[6].leaderPhone = "0571-8800110"
            try engine.importAreas(areas, links: DomainExample.links)
            let directory = try engine.store.read { try $0.areaDirectory() }
            for area in areas {
                try expect(directory.area(area.level, area.code) == area, "area \(area.id)", directory.area(area.level, area.code) as Any)
            }
        },
        Check(name: "the remindable hazards at every day and bound are those folded as of then that the query matches, by deadline") { suite in
            let (engine, clock) = try suite.makeEngine()
            try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 17))
            try engine.update("H-000007", .deferred(reason: "待商户搬迁"), actor: "所长")
            clock.set(DomainExample.day(6, 30))
            for day in 1...30 {
                for (ahead, reported) in [(0, -1), (3, 0), (10, -3)] {
                    let asOf = DomainExample.endOf(6, day)
                    let query = ReminderQuery(
                        asOf: asOf, deadlineBy: asOf.addingTimeInterval(TimeInterval(ahead * 86_400)),
                        reportedBy: asOf.addingTimeInterval(TimeInterval(reported * 86_400)))
                    var listed: [HazardState] = []
                    try engine.store.read { try $0.remindable(query) { listed.append($0) } }
                    let reference = try engine.store.read { reader in
                        var ids: [String] = []
                        try reader.hazards(HazardFilter()) { ids.append($0.id) }
                        return try ids.compactMap { HazardState.replay(try reader.events(hazardID: $0), asOf: asOf) }
                            .filter(query.matches).sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
                    }
                    try expect(listed == reference, "remindable as of 06-\(day), \(ahead) days ahead", listed.map(\.id))
                }
            }
            // As of 06-08 with three working days ahead: H3 awaits re-inspection, H5 is due.
            let reminders = try engine.reminders(ReminderRequest(asOf: DomainExample.endOf(6, 8), days: 3))
            try expect(reminders.hazardCount == 2 && reminders.horizon == CivilDate("2026-06-11"), "reminders as of 06-08", reminders)
        },
    ]
}
