import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

/// A random script of inspections and hazard actions, played on several engines in lockstep.
///
/// The generator gives each step five numbers (0...999), read here as what happens: the clock
/// moves on by 1 to 30 hours, then an inspection of a random venue failing random items, or an
/// action on a random hazard found so far: report rectified, re-inspect (pass or fail), extend,
/// defer, cancel or reassign to a random grid, sometimes backdated by up to two days. Whether an
/// action is legal is left to chance: the engine refuses the illegal ones, and a refusal must
/// change nothing. Numbers shrink towards simpler steps, so a failing script shrinks to a short one.
struct Script: CustomStringConvertible {
    let steps: [[Int]]

    var description: String { "\(steps.count) steps: \(steps)" }

    /// The areas, links, venues and checklist of the worked example (docs/DOMAIN-EXAMPLE.md).
    static let start = DomainExample.day(6, 1, hour: 8)
    static let groupings: [ReportGrouping] = [.grid, .community, .street, .policeGrid, .beat, .station, .category, .severity, .venue, .source]
    /// The groupings whose groups are areas one level below another grouping's.
    static let rollUps: [(children: ReportGrouping, parents: ReportGrouping)] = [
        (.grid, .community), (.community, .street), (.policeGrid, .beat), (.beat, .station),
    ]

    /// A report of each grouping, as of a moment, as the engines made it at that moment.
    struct Snapshot {
        let at: Date
        let reports: [ReportGrouping: RectificationReport]
    }

    /// What playing the script gave.
    struct Played {
        var snapshots: [Snapshot] = []
        var end = Script.start
    }

    /// An engine with the example's directory, its clock at ``start``.
    static func engine(_ store: any HazardStore) throws -> (SafeGridEngine, ManualWallClock) {
        let (engine, clock) = try HazardStoreCompatibilitySuite(makeStore: { store }).makeEngine()
        try engine.importAreas(DomainExample.areas, links: DomainExample.links)
        try engine.putVenues(DomainExample.venues)
        clock.set(start)
        return (engine, clock)
    }

    /// Plays the script on every engine, step by step, each step at the same moment on all.
    /// Records an issue when the engines disagree on whether a step is legal, or when a refused
    /// step changed a store.
    func play(on engines: [(engine: SafeGridEngine, clock: ManualWallClock)]) throws -> Played {
        var played = Played()
        var now = Self.start
        var hazards: [String] = []
        for numbers in steps {
            let n = numbers + Array(repeating: 0, count: max(0, 5 - numbers.count))
            now = now.addingTimeInterval(Double(n[0] % 30 + 1) * 3600)
            for (_, clock) in engines { clock.set(now) }
            let kind = n[1] % 10
            if kind < 3 {
                let failing = Set(["A", "B", "C", "D"].enumerated().filter { n[3] & (1 << $0.offset) != 0 }.map(\.element))
                var responses: [String: AnswerInput] = [:]
                for item in ["A", "B", "C", "D"] { responses[item] = failing.contains(item) ? AnswerInput(result: .fail) : .verdict(.pass) }
                if let first = failing.sorted().first, n[4] % 4 == 0 { responses[first] = AnswerInput(result: .fail, fixedOnSpot: true) }
                let input = InspectionInput(venueID: "V\(n[2] % 3 + 1)", inspectors: ["网格员"], responses: responses)
                var found: [String]?
                for (engine, _) in engines {
                    let ids = try engine.recordInspection(input, checklist: DomainExample.checklist).hazards.map(\.id)
                    if let found { #expect(ids == found, "every store gives the same hazard ids") } else { found = ids }
                }
                hazards += found ?? []
            } else if !hazards.isEmpty {
                let hazard = hazards[n[2] % hazards.count]
                let action = Self.action(kind, n[3], now: now)
                let at: Date? = n[4] % 5 == 0 ? now.addingTimeInterval(-Double(n[4] % 48) * 3600) : nil
                var outcomes: [Bool] = []
                for (engine, _) in engines {
                    let before = try Self.fingerprint(engine)
                    do {
                        try engine.update(hazard, action, at: at, actor: "民警")
                        outcomes.append(true)
                    } catch let error as SafeGridError {
                        outcomes.append(false)
                        let after = try Self.fingerprint(engine)
                        #expect(after == before, "refused (\(error.code.rawValue)): \(hazard) \(action.name) changed the store")
                    }
                }
                #expect(Set(outcomes).count == 1, "the stores disagree on \(hazard) \(action.name) at \(now): \(outcomes)")
            }
            if n[0] % 5 == 0 {
                // As the report is now: later, the same report as recorded at this moment must match.
                var reports: [ReportGrouping: RectificationReport] = [:]
                for grouping in [ReportGrouping.grid, .policeGrid, .severity] {
                    reports[grouping] = try engines[0].engine.report(ReportRequest(asOf: now, by: grouping))
                }
                played.snapshots.append(Snapshot(at: now, reports: reports))
            }
        }
        played.end = now
        return played
    }

    /// The action a step's kind names.
    static func action(_ kind: Int, _ parameter: Int, now: Date) -> HazardEvent.Kind {
        switch kind {
        case 3: .rectificationReported
        case 4: .reinspectionPassed
        case 5: .reinspectionFailed
        case 6: .deadlineExtended(until: DomainExample.stationTime.endOfDay(DomainExample.stationTime.day(of: now).adding(days: parameter % 20 + 1)), reason: "配件未到")
        case 7: .deferred(reason: "待商户搬迁")
        case 8: parameter % 4 == 0 ? .cancelled(reason: "误登记") : .rectificationReported
        default: .reassigned(gridCode: "G\(parameter % 3 + 1)", policeGridCode: nil, reason: "边界调整")
        }
    }

    /// What a refused action must leave as it was: every hazard's state and event count.
    static func fingerprint(_ engine: SafeGridEngine) throws -> [String] {
        try engine.hazards(HazardFilter()).map { state in
            "\(state.id) \(state.status.rawValue) \(state.gridCode) \(state.policeGridCode) \(state.deadline) \(try engine.history(of: state.id).events.count)"
        }
    }
}
