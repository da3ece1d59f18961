import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// What a rectification notice lists and cites: only open hazards, by default those of the
    /// latest inspection, each with its own found date and inspectors; bases national or of the
    /// store's province only.
    static let noticeChecks: [Check] = [
        Check(name: "a notice lists open hazards only: the latest inspection's by default, all with allOpen, each with its found date and inspectors") { suite in
            let (engine, clock) = try suite.makeEngine()
            let ids = try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 16, hour: 19))
            let latest = try engine.issueNotice(venueID: "V3", scope: .latestInspection)
            try expect(latest.items.map(\.hazardID) == [ids["H7"]!], "the latest inspection's hazards", latest.items.map(\.hazardID))
            try expect(latest.inspectionID == "I-000005", "the notice names its inspection", latest.inspectionID ?? "none")
            let all = try engine.issueNotice(venueID: "V3", scope: .allOpen)
            try expect(all.items.map(\.hazardID) == [ids["H5"]!, ids["H7"]!], "every open hazard", all.items.map(\.hazardID))
            try expect(all.items.map(\.foundAt) == [DomainExample.day(6, 4), DomainExample.day(6, 10)], "each found date", all.items.map(\.foundAt))
            try expect(all.items.allSatisfy { $0.inspectors == ["民警甲", "网格员乙"] }, "each item's inspectors", all.items.map(\.inspectors))
            // Reported fixed: awaiting re-inspection, the station's move, so off the notice.
            try engine.update(ids["H5"]!, .rectificationReported, at: DomainExample.day(6, 16, hour: 18), actor: "商户")
            let after = try engine.issueNotice(venueID: "V3", scope: .allOpen)
            try expect(after.items.map(\.hazardID) == [ids["H7"]!], "an awaiting hazard is left out", after.items.map(\.hazardID))
        },
        Check(name: "a notice cites national bases and the store's province's; never a reference, another province or an untagged citation") { suite in
            let (engine, clock) = try suite.makeEngine()
            try engine.importAreas(DomainExample.areas, links: DomainExample.links)
            try engine.putVenues(DomainExample.venues)
            func checklist(_ version: String, _ a: [Basis]) -> Checklist {
                Checklist(
                    id: "bases", version: version, category: "fire", title: LocalizedText(["en": "Bases"]),
                    sections: [ChecklistSection(id: "s", title: LocalizedText(["en": "S"]), items: [
                        ChecklistItem(id: "A", severity: .major, deadline: .calendarDays(7), prompt: LocalizedText(["en": "A"]), bases: a),
                        ChecklistItem(id: "B", severity: .minor, deadline: .calendarDays(7), prompt: LocalizedText(["en": "B"]), bases: [.practice]),
                    ])])
            }
            func inspect(_ venue: String, _ list: Checklist, on day: Int) throws {
                clock.set(DomainExample.day(6, day))
                _ = try engine.recordInspection(
                    InspectionInput(venueID: venue, inspectors: ["民警甲"], at: DomainExample.day(6, day), responses: ["A": .verdict(.fail), "B": .verdict(.fail)]),
                    checklist: list)
            }
            // The format's first form: one untagged text, its jurisdiction unknown.
            try inspect("V3", checklist("1.0.0", [Basis("消防法 (2021) §28; OSHA 29 CFR 1910.36(d)")]), on: 1)
            var notice = try engine.issueNotice(venueID: "V3", scope: .allOpen)
            try expect(notice.items.map(\.bases) == [[], [.practice]], "untagged citations are not printed", notice.items.map(\.bases))

            // A later version of the same checklist tags them: a first-form hazard takes its bases.
            let tagged = [
                Basis("消防法 (2021) §28", jurisdiction: .national), Basis("北京市消防条例 (2025) §97", jurisdiction: .province("CN-BJ")),
                Basis("广东省实施《消防法》办法 (2022) §49", jurisdiction: .province("CN-GD")), Basis("NFPA 101 7.2.1", jurisdiction: .reference),
            ]
            try inspect("V1", checklist("1.1.0", tagged), on: 2)
            notice = try engine.issueNotice(venueID: "V3", scope: .allOpen)
            try expect(notice.items.first?.bases == [tagged[0]], "national only without a province", notice.items.first?.bases ?? [])
            _ = try engine.setSetting(.province, to: "北京")
            notice = try engine.issueNotice(venueID: "V3", scope: .allOpen)
            try expect(notice.items.first?.bases == [tagged[0], tagged[1]], "national and Beijing's for a Beijing store", notice.items.first?.bases ?? [])
            _ = try engine.setSetting(.province, to: "广东")
            notice = try engine.issueNotice(venueID: "V1", scope: .allOpen)
            try expect(notice.items.first?.bases == [tagged[0], tagged[2]], "national and Guangdong's for a Guangdong store", notice.items.first?.bases ?? [])
        },
    ]
}
