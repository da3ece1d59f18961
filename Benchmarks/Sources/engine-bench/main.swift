// engine-bench: the inspection engine at city scale.
//
//     engine-bench ingest STORE HAZARDS     record HAZARDS hazards (and their follow-up events)
//                                           through the engine's API into a new SQLite store,
//                                           or into an empty PostgreSQL database when STORE is
//                                           a postgres:// URL
//     engine-bench station STORE HAZARDS    the same for one station over two years: 50,000
//                                           venues, 500 grids and 50 police grids with their
//                                           people, nearly every hazard older than a month closed
//                                           (what `safegrid remind` reads; run-remind-bench.sh)
//
// The areas are 5 streets, 50 communities and 5,000 grids; 2 stations, 20 beats and 500 police
// grids; 100,000 venues. BENCH_GRIDS=50000 makes a bigger city: 50,000 grids, 5,000 police
// grids in 20 stations (the PostgreSQL benchmark's). Each inspection fails all five items of a small checklist, so five
// hazards per inspection; follow-ups are drawn from a fixed seed: most rectified and passed,
// some failed and reworked, extended, deferred, cancelled, or left open.
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridPostgres
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
guard arguments.count >= 4 else { fail("usage: engine-bench ingest|station STORE HAZARDS") }

switch arguments[1] {
case "ingest", "station":
    let station = arguments[1] == "station"
    let path = arguments[2]
    guard let wanted = Int(arguments[3]) else { fail("HAZARDS must be a number") }
    let store: any HazardStore
    if path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") {
        store = try PostgresHazardStore(url: path)
    } else {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        store = try SQLiteHazardStore(path: path)
    }
    let now = StationTime.shanghai.endOfDay(CivilDate("2026-06-30")!).addingTimeInterval(-3600)
    let engine = SafeGridEngine(
        store: store, clock: FixedWallClock(now), calendar: .chinaMainland, identifiers: SequentialIdentifiers())
    // A city: 5 streets, 50 communities, 5,000 grids; 2 stations, 20 beats, 500 police grids;
    // 100,000 venues. A station: 5 streets of 10 communities, 500 grids; 5 beats, 50 police
    // grids; 50,000 venues; every area with a follower and a leader.
    let scale = station ? 10 : 1
    let cityGrids = Int(ProcessInfo.processInfo.environment["BENCH_GRIDS"] ?? "") ?? 5000
    let (gridCount, policeGridCount, venueCount) = (cityGrids / scale, cityGrids / 10 / scale, station ? 50_000 : 100_000)
    // Police grids per beat and beats per station: 25 and 10, as in the 5,000-grid city.
    let beatCount = station ? 5 : policeGridCount / 25, stationCount = station ? 1 : max(1, beatCount / 10)
    var areas: [Area] = []
    func people(_ code: String) -> (String?, String?, String?, String?) {
        station ? ("跟进\(code)", String(format: "138%08d", areas.count), "负责\(code)", nil) : (nil, nil, nil, nil)
    }
    func add(_ code: String, _ name: String, _ level: AreaLevel, _ parent: String?) {
        let (follower, phone, leader, leaderPhone) = people(code)
        areas.append(Area(
            code: code, name: name, level: level, parentCode: parent, follower: follower, followerPhone: phone, leader: leader, leaderPhone: leaderPhone))
    }
    for street in 0..<5 { add("S\(street)", "街道\(street)", .street, nil) }
    for community in 0..<50 { add("C\(community)", "社区\(community)", .community, "S\(community / 10)") }
    for grid in 0..<gridCount { add("G\(grid)", "网格\(grid)", .grid, "C\(grid / (gridCount / 50))") }
    for index in 0..<stationCount { add("ST\(index)", "派出所\(index)", .station, nil) }
    for beat in 0..<beatCount { add("B\(beat)", "警务区\(beat)", .beat, "ST\(beat / 10)") }
    for policeGrid in 0..<policeGridCount { add("P\(policeGrid)", "警格\(policeGrid)", .policeGrid, "B\(policeGrid / (station ? 10 : 25))") }
    try engine.importAreas(areas, links: (0..<gridCount).map { GridLink(gridCode: "G\($0)", policeGridCode: "P\($0 / 10)") })
    let venues = (0..<venueCount).map {
        Venue(id: "V\($0)", name: "场所\($0)", kind: "stall", tags: ["kitchen"], gridCode: "G\($0 % gridCount)", policeGridCode: "P\($0 % gridCount / 10)")
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
    let span: TimeInterval = (station ? 730 : 60) * 86_400
    while hazards < wanted {
        try engine.batch { batch in
            // The batch's venues read at once (EngineBatch.lookUpVenues): one query, not one each.
            try batch.lookUpVenues((inspection..<inspection + 2000).map { venues[$0 % venues.count].id })
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
                    // A station keeps up: what was found over a month ago and not deferred or
                    // cancelled is closed, but for one in a thousand; the rest follow the usual mix.
                    var draw = random.next(100)
                    let stillOpen = draw >= 78 || (70..<75).contains(draw)
                    if station && now.timeIntervalSince(at) > 30 * 86_400 && stillOpen && random.next(1000) > 0 { draw = 0 }
                    switch draw {
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
                    case 78..<80: try next(.reassigned(gridCode: "G\(random.next(gridCount))", policeGridCode: nil, reason: "边界"), "所长")
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
