// engine-bench: the inspection engine at city scale.
//
//     engine-bench ingest STORE HAZARDS     record HAZARDS hazards (and their follow-up events)
//                                           through the engine's API into a new SQLite store
//
// The areas are 5 streets, 50 communities and 5,000 grids; 2 stations, 20 beats and 500 police
// grids; 100,000 venues. Each inspection fails all five items of a small checklist, so five
// hazards per inspection; follow-ups are drawn from a fixed seed: most rectified and passed,
// some failed and reworked, extended, deferred, cancelled, or left open.
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("engine-bench: \(message)\n".utf8))
    exit(2)
}

struct SplitMix {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else { fail("usage: engine-bench ingest STORE HAZARDS") }

switch arguments[1] {
case "ingest":
    let path = arguments[2]
    guard let wanted = Int(arguments[3]) else { fail("HAZARDS must be a number") }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let station = StationTime.shanghai
    let now = station.endOfDay(CivilDate("2026-06-30")!).addingTimeInterval(-3600)
    let engine = SafeGridEngine(
        store: try SQLiteHazardStore(path: path), clock: FixedWallClock(now), calendar: .chinaMainland,
        identifiers: SequentialIdentifiers())
    var areas: [Area] = []
    for street in 0..<5 { areas.append(Area(code: "S\(street)", name: "街道\(street)", level: .street)) }
    for community in 0..<50 { areas.append(Area(code: "C\(community)", name: "社区\(community)", level: .community, parentCode: "S\(community / 10)")) }
    for grid in 0..<5000 { areas.append(Area(code: "G\(grid)", name: "网格\(grid)", level: .grid, parentCode: "C\(grid / 100)")) }
    for station in 0..<2 { areas.append(Area(code: "ST\(station)", name: "派出所\(station)", level: .station)) }
    for beat in 0..<20 { areas.append(Area(code: "B\(beat)", name: "警务区\(beat)", level: .beat, parentCode: "ST\(beat / 10)")) }
    for policeGrid in 0..<500 {
        areas.append(Area(code: "P\(policeGrid)", name: "警格\(policeGrid)", level: .policeGrid, parentCode: "B\(policeGrid / 25)"))
    }
    try engine.importAreas(areas, links: (0..<5000).map { GridLink(gridCode: "G\($0)", policeGridCode: "P\($0 / 10)") })
    let venues = (0..<100_000).map {
        Venue(id: "V\($0)", name: "场所\($0)", kind: "stall", tags: ["kitchen"], gridCode: "G\($0 % 5000)", policeGridCode: "P\($0 % 5000 / 10)")
    }
    try engine.putVenues(venues)
    let checklist = Checklist(
        id: "bench", version: "1.0.0", category: "fire", title: LocalizedText(["zh-CN": "基准", "en": "Bench"]),
        sections: [ChecklistSection(id: "s", title: LocalizedText(["en": "S"]), items: (0..<5).map {
            ChecklistItem(
                id: "B-0\($0)", severity: $0 == 0 ? .critical : .major, deadline: $0 == 0 ? .immediate : .calendarDays(3 + $0),
                prompt: LocalizedText(["zh-CN": "检查项 \($0)：通道畅通", "en": "Item \($0): route clear"]), basis: "GB 35181-2017 §6.5")
        })])
    var random = SplitMix(state: 2026)
    // BENCH_EVIDENCE=1: every rectification report carries the hash of a photo (metadata only;
    // no file is kept), as a laptop's bundle does.
    let withEvidence = ProcessInfo.processInfo.environment["BENCH_EVIDENCE"] == "1"
    let start = Date()
    var hazards = 0
    var events = 0
    var inspection = 0
    let span: TimeInterval = 60 * 86_400
    while hazards < wanted {
        try engine.batch { batch in
            for _ in 0..<2000 where hazards < wanted {
                let venue = venues[inspection % venues.count]
                let at = now.addingTimeInterval(-span + span * Double(inspection) / Double(max(wanted / 5, 1)))
                var answers: [String: AnswerInput] = [:]
                for item in checklist.items { answers[item.id] = AnswerInput(result: .fail) }
                let outcome = try batch.recordInspection(
                    InspectionInput(venueID: venue.id, inspectors: ["民警", "网格员"], at: at, responses: answers),
                    checklist: checklist, recordedAt: at)
                hazards += outcome.hazards.count
                events += outcome.hazards.count
                for hazard in outcome.hazards {
                    let step = max(60, hazard.deadline.timeIntervalSince(at) / 4)
                    var t = at
                    func next(_ kind: HazardEvent.Kind, _ actor: String) throws {
                        t = t.addingTimeInterval(step)
                        guard t < now else { return }
                        let photo = withEvidence && kind == .rectificationReported ? [SHA256.hash(Array("photo \(hazard.id) \(events)".utf8))] : []
                        try batch.update(hazard.id, kind, at: t, actor: actor, evidence: photo, recordedAt: t)
                        events += 1
                    }
                    switch random.next(100) {
                    case 0..<60:
                        try next(.rectificationReported, "商户")
                        try next(.reinspectionPassed, "民警")
                    case 60..<70:
                        try next(.rectificationReported, "商户")
                        try next(.reinspectionFailed, "民警")
                        try next(.rectificationReported, "商户")
                        try next(.reinspectionPassed, "民警")
                    case 70..<75:
                        try next(.deadlineExtended(until: hazard.deadline.addingTimeInterval(7 * 86_400), reason: "配件"), "民警")
                    case 75..<77: try next(.deferred(reason: "停业"), "所长")
                    case 77..<78: try next(.cancelled(reason: "误登记"), "民警")
                    case 78..<80: try next(.reassigned(gridCode: "G\(random.next(5000))", policeGridCode: nil, reason: "边界"), "所长")
                    default: break
                    }
                }
                inspection += 1
            }
        }
    }
    let seconds = Date().timeIntervalSince(start)
    print("hazards=\(hazards) events=\(events) inspections=\(inspection) seconds=\(String(format: "%.3f", seconds)) hazardsPerSecond=\(Int(Double(hazards) / seconds))")

default:
    fail("unknown command \(arguments[1])")
}
