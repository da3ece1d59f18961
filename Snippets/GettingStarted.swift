// Getting started: a store, a checklist, one venue, one inspection with a failed item, a report.
// The DocC article "Getting started" (SafeGridEngine) shows this file; scripts/test runs it.
// snippet.hide
import Foundation
// snippet.show
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridXML

// An engine on a new SQLite store (a temporary file here; a station keeps one for years).
let path = FileManager.default.temporaryDirectory.appendingPathComponent("getting-started-\(UUID()).sqlite").path
let engine = SafeGridEngine(store: try SQLiteHazardStore(path: path), calendar: .chinaMainland)

// The areas: a grid on the community line, a police grid on the police line, and their link.
try engine.importAreas([
    Area(code: "S1", name: "东湖街道", level: .street),
    Area(code: "C1", name: "夜市社区", level: .community, parentCode: "S1"),
    Area(code: "G1", name: "夜市一网格", level: .grid, parentCode: "C1", follower: "网格员 陈晓燕"),
    Area(code: "ST1", name: "东湖派出所", level: .station),
    Area(code: "B1", name: "第一警务区", level: .beat, parentCode: "ST1"),
    Area(code: "P1", name: "夜市警格", level: .policeGrid, parentCode: "B1", follower: "民警 马涛"),
], links: [GridLink(gridCode: "G1", policeGridCode: "P1")])
try engine.putVenues([Venue(id: "V101", name: "老王烧烤", kind: "stall", gridCode: "G1", policeGridCode: "P1")])

// A built-in checklist, validated like any file. Every item passes except the fire patrol log.
let fireExits = try ChecklistImporter().builtinChecklist(id: "fire-exits")!
var answers = Dictionary(uniqueKeysWithValues: fireExits.items.map { ($0.id, AnswerInput.verdict(.pass)) })
answers["FE-13"] = AnswerInput(result: .fail, note: "巡查记录缺三天")
let outcome = try engine.recordInspection(
    InspectionInput(venueID: "V101", inspectors: ["陈晓燕"], responses: answers), checklist: fireExits)
let hazard = outcome.hazards[0]
print("\(hazard.id) \(hazard.record.itemID) due \(engine.stationTime.format(hazard.deadline))")

// The rectification rate (整改率) by grid, as of now.
let report = try engine.report(ReportRequest(asOf: Date(), by: .grid))
for group in report.groups + [RectificationReport.Group(key: "", name: "total", counts: report.total)] {
    let counts = group.counts
    print("\(group.key)\t\(group.name)\tfound \(counts.found)\tclosed \(counts.closed)\trate \(HazardCounts.percentText(counts.rate))")
}
// snippet.hide
try? FileManager.default.removeItem(atPath: path)
