import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

/// Every (state, action) pair: legal ones work, the others are refused with the documented
/// error and store nothing.
@Suite("Hazard lifecycle")
struct LifecycleTests {
    /// Brings a fresh hazard to `state` and returns the engine, clock and hazard id.
    static func hazard(in state: HazardStatus) throws -> (SafeGridEngine, ManualWallClock, String) {
        let (engine, clock) = try HazardStoreCompatibilitySuite(makeStore: { InMemoryHazardStore() }).makeEngine()
        clock.set(DomainExample.day(5, 31))
        try engine.importAreas(DomainExample.areas, links: DomainExample.links)
        try engine.putVenues(DomainExample.venues)
        clock.set(DomainExample.day(6, 1))
        var responses: [String: AnswerInput] = ["A": AnswerInput(result: .fail), "B": .verdict(.pass), "C": .verdict(.pass), "D": .verdict(.pass)]
        if state == .closed { responses["A"] = AnswerInput(result: .fail, fixedOnSpot: true) }
        let outcome = try engine.recordInspection(
            InspectionInput(venueID: "V1", inspectors: ["甲"], responses: responses), checklist: DomainExample.checklist)
        let id = outcome.hazards[0].id
        clock.set(DomainExample.day(6, 2))
        switch state {
        case .open, .closed: break
        case .awaitingReinspection: try engine.update(id, .rectificationReported, actor: "商户")
        case .deferred: try engine.update(id, .deferred(reason: "待搬迁"), actor: "所长")
        case .cancelled: try engine.update(id, .cancelled(reason: "误登记"), actor: "所长")
        }
        #expect(try engine.history(of: id).state.status == state)
        clock.set(DomainExample.day(6, 3))
        return (engine, clock, id)
    }

    static let actions: [HazardEvent.Kind] = [
        .rectificationReported, .reinspectionPassed, .reinspectionFailed,
        .deadlineExtended(until: DomainExample.endOf(7, 1), reason: "配件"), .deferred(reason: "挂账"),
        .cancelled(reason: "误登记"), .reassigned(gridCode: "G2", policeGridCode: nil, reason: "边界"),
    ]

    static let pairs: [(HazardStatus, Int)] = HazardStatus.allCases.flatMap { state in actions.indices.map { (state, $0) } }

    @Test("every state × action", arguments: pairs)
    func transition(state: HazardStatus, actionIndex: Int) throws {
        let kind = Self.actions[actionIndex]
        let (engine, _, id) = try Self.hazard(in: state)
        let expected = state.after(kind.action!)
        let eventsBefore = try engine.history(of: id).events
        if let expected {
            let after = try engine.update(id, kind, actor: "民警")
            #expect(after.status == expected)
            #expect(try engine.history(of: id).events.count == eventsBefore.count + 1)
        } else {
            do {
                try engine.update(id, kind, actor: "民警")
                Issue.record("\(state) × \(kind.name) should be refused")
            } catch let error as SafeGridError {
                #expect(error.code == .illegalTransition)
                #expect(error.context["hazard"] == id)
                #expect(error.context["state"] == state.rawValue)
                #expect(error.context["action"] == kind.action!.rawValue)
            }
            #expect(try engine.history(of: id).events == eventsBefore, "nothing stored")
        }
        #expect(try engine.verify().isIntact)
    }

    @Test("the legal table is the documented one")
    func table() {
        #expect(HazardStatus.open.after(.reportRectification) == .awaitingReinspection)
        #expect(HazardStatus.awaitingReinspection.after(.reportRectification) == nil)
        #expect(HazardStatus.awaitingReinspection.after(.reinspectFail) == .open)
        #expect(HazardStatus.deferred.after(.defer) == nil)
        #expect(HazardStatus.deferred.after(.extend) == .open)
        for action in HazardAction.allCases where action != .resolveConflict {
            #expect(HazardStatus.closed.after(action) == nil)
            #expect(HazardStatus.cancelled.after(action) == nil)
        }
        // Settling a conflict between merged events changes no status, so any status allows it.
        for status in HazardStatus.allCases { #expect(status.after(.resolveConflict) == status) }
    }

    @Test("events dated before the hazard was found, before its last event, or after now are refused")
    func illegalTimes() throws {
        let (engine, clock, id) = try Self.hazard(in: .open)
        for at in [DomainExample.day(5, 30), DomainExample.day(6, 4)] {
            #expect(throws: SafeGridError.self) { try engine.update(id, .rectificationReported, at: at, actor: "商户") }
        }
        try engine.update(id, .rectificationReported, at: DomainExample.day(6, 2, hour: 12), actor: "商户")
        #expect(throws: SafeGridError.self) { try engine.update(id, .reinspectionPassed, at: DomainExample.day(6, 2, hour: 11), actor: "民警") }
        clock.set(DomainExample.day(6, 3))
        let pass = try engine.update(id, .reinspectionPassed, at: DomainExample.day(6, 2, hour: 13), actor: "民警")
        #expect(pass.status == .closed)
    }

    @Test("an extension must move the deadline later and give a reason")
    func extensions() throws {
        let (engine, _, id) = try Self.hazard(in: .open)
        #expect(throws: SafeGridError.self) { try engine.update(id, .deadlineExtended(until: DomainExample.endOf(6, 5), reason: "x"), actor: "民警") }
        #expect(throws: SafeGridError.self) { try engine.update(id, .deadlineExtended(until: DomainExample.endOf(6, 30), reason: " "), actor: "民警") }
        let extended = try engine.update(id, .deadlineExtended(until: DomainExample.endOf(6, 30), reason: "配件"), actor: "民警")
        #expect(extended.deadline == DomainExample.endOf(6, 30))
        #expect(extended.record.deadline == DomainExample.endOf(6, 8), "the original deadline is kept")
    }

    @Test("inspection answers are judged by the item's response type")
    func judging() throws {
        let (engine, clock) = try HazardStoreCompatibilitySuite(makeStore: { InMemoryHazardStore() }).makeEngine()
        try engine.importAreas(DomainExample.areas, links: DomainExample.links)
        try engine.putVenues([Venue(id: "K1", name: "烧烤", kind: "stall", tags: ["kitchen"], gridCode: "G1", policeGridCode: "P1")])
        clock.set(DomainExample.day(6, 10))
        let checklist = Checklist(
            id: "typed", version: "1.0.0", category: "kitchen", title: LocalizedText(["en": "Typed"]),
            sections: [ChecklistSection(id: "s", title: LocalizedText(["en": "S"]), items: [
                ChecklistItem(id: "N", severity: .major, deadline: .calendarDays(3), prompt: LocalizedText(["en": "lux"]),
                              response: .number(unit: "lx", min: 1, max: nil)),
                ChecklistItem(id: "D", severity: .major, deadline: .calendarDays(7), prompt: LocalizedText(["en": "duct"]),
                              response: .date(maxAgeDays: 90)),
                ChecklistItem(id: "Y", severity: .minor, deadline: .calendarDays(15), prompt: LocalizedText(["en": "log"]),
                              response: .yesNo(failOn: false)),
                ChecklistItem(id: "C", severity: .major, deadline: .immediate, prompt: LocalizedText(["en": "route"]),
                              response: .choice([
                                  ChoiceOption(id: "clear", label: LocalizedText(["en": "clear"])),
                                  ChoiceOption(id: "blocked", label: LocalizedText(["en": "blocked"]), fails: true, severity: .critical),
                              ])),
                ChecklistItem(id: "S", severity: .major, deadline: .immediate, prompt: LocalizedText(["en": "stage"]),
                              appliesTo: Applicability(venueKinds: ["stage"])),
            ])])
        let outcome = try engine.recordInspection(InspectionInput(venueID: "K1", inspectors: ["甲"], responses: [
            "N": AnswerInput(value: .number(0.5)), "D": AnswerInput(value: .string("2026-02-01")),
            "Y": AnswerInput(value: .bool(true)), "C": AnswerInput(value: .string("blocked")),
        ]), checklist: checklist)
        #expect(outcome.hazards.map(\.record.itemID) == ["N", "D", "C"])
        #expect(outcome.hazards.last?.record.severity == .critical)
        #expect(outcome.inspection.responses.first { $0.itemID == "S" }?.outcome == .notApplicable)
        #expect(throws: SafeGridError.self) {
            try engine.recordInspection(InspectionInput(venueID: "K1", inspectors: ["甲"], responses: [
                "N": AnswerInput(value: .string("bright")), "D": .verdict(.pass), "Y": .verdict(.pass), "C": .verdict(.pass),
            ]), checklist: checklist)
        }
        #expect(throws: SafeGridError.self) {
            try engine.recordInspection(InspectionInput(venueID: "K1", inspectors: ["甲"], responses: ["N": .verdict(.pass)]), checklist: checklist)
        }
    }
}
