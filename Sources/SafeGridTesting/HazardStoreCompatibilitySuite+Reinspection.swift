import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// What a re-inspection record (复查意见书) says and how it is numbered: per station and
    /// year, kept so that asking again gives the same record.
    static let reinspectionChecks: [Check] = [
        Check(name: "re-inspection records follow their notice, report each hazard of the visit, and are numbered per station and year") { suite in
            let (engine, clock) = try suite.makeEngine()
            let ids = try DomainExample.build(engine: engine, clock: clock)
            let (h1, h3, h4, h5, h7) = (ids["H1"]!, ids["H3"]!, ids["H4"]!, ids["H5"]!, ids["H7"]!)
            clock.set(DomainExample.day(6, 17, hour: 12))
            let notice = try engine.issueNotice(venueID: "V3", scope: .allOpen)
            try expect(notice.number == "ST1整改字〔2026〕第001号" && notice.items.map(\.hazardID) == [h5, h7], "the notice of V3", notice.number)
            for hazard in [h5, h7] { try engine.update(hazard, .rectificationReported, at: DomainExample.day(6, 17, hour: 11), actor: "商户") }
            clock.set(DomainExample.day(6, 18, hour: 18))
            try engine.update(h5, .reinspectionFailed, at: DomainExample.day(6, 18, hour: 10), actor: "民警甲", note: "仍未整改")
            try engine.update(h7, .reinspectionPassed, at: DomainExample.day(6, 18, hour: 11), actor: "网格员乙")

            let first = try engine.reinspectionRecord(hazardID: h5)
            try expect(first.number == "ST1复查字〔2026〕第001号" && first.sequence == 1 && first.issuer.code == "ST1", "the first record", first.number)
            try expect(first.notice?.number == notice.number && first.notice?.issuedAt == notice.issuedAt, "it follows the notice", first.notice as Any)
            try expect(first.items.map(\.hazardID) == [h5, h7], "both hazards of the visit", first.items.map(\.hazardID))
            try expect(first.items.map(\.result) == [.notRectified, .rectified], "each result", first.items.map(\.result))
            try expect(first.items[0].note == "仍未整改" && first.items[0].nextDeadline == DomainExample.endOf(6, 11), "what follows the failure",
                       first.items[0])
            try expect(first.items[1].nextDeadline == nil && first.inspectors == ["民警甲", "网格员乙"], "the pass and the inspectors", first.inspectors)
            try expect(first.reinspectedAt == DomainExample.day(6, 18) && !first.allRectified, "the visit", first.reinspectedAt)

            clock.set(DomainExample.day(6, 19))
            let again = try engine.reinspectionRecord(hazardID: h7)
            try expect(again == first, "the other hazard of the visit gives the same record", again.number)

            let latest = try engine.reinspectionRecord(hazardID: h3)
            try expect(latest.number == "ST1复查字〔2026〕第002号" && latest.notice == nil, "a record without a notice", latest.number)
            try expect(latest.items.map(\.hazardID) == [h3] && latest.items[0].result == .rectified && latest.allRectified,
                       "the latest re-inspection of H3 passed", latest.items.map(\.result))
            let failure = try engine.history(of: h3).events.first { $0.kind == .reinspectionFailed }!
            let earlier = try engine.reinspectionRecord(hazardID: h3, eventID: failure.id)
            try expect(earlier.number == "ST1复查字〔2026〕第003号" && earlier.items.map(\.result) == [.notRectified], "the earlier failure", earlier.number)
            try expect(earlier.items[0].nextDeadline == DomainExample.endOf(6, 9), "its deadline", earlier.items[0].nextDeadline as Any)
            try expect(try engine.reinspectionRecord(hazardID: h3) == latest, "asked twice, the same number", "")

            clock.set(DomainExample.stationTime.startOfDay(CivilDate(year: 2027, month: 1, day: 5)!))
            let nextYear = try engine.reinspectionRecord(hazardID: h1)
            try expect(nextYear.number == "ST1复查字〔2027〕第001号" && nextYear.year == 2027, "a new year starts at 001", nextYear.number)

            try expectError(.invalidInput, "a hazard never re-inspected") { _ = try engine.reinspectionRecord(hazardID: h4) }
            try expectError(.notFound, "an unknown hazard") { _ = try engine.reinspectionRecord(hazardID: "H-999999") }
            let found = try engine.history(of: h3).events[0]
            try expectError(.invalidInput, "an event that is not a re-inspection") { _ = try engine.reinspectionRecord(hazardID: h3, eventID: found.id) }
            try expectError(.notFound, "an event of another hazard") { _ = try engine.reinspectionRecord(hazardID: h3, eventID: first.items[0].eventID) }
            let numbers = try engine.store.read { reader in try ["V1", "V2", "V3"].flatMap { try reader.reinspectionRecords(venueID: $0) } }
            try expect(numbers.map { "\($0.year)/\($0.sequence)" }.sorted() == ["2026/1", "2026/2", "2026/3", "2027/1"], "four records kept",
                       numbers.map { "\($0.year)/\($0.sequence)" })
        },
    ]
}
