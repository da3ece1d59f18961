// The examples of the documentation comments of SafeGridEngine, SafeGridXML, SafeGridSQLite and
// SafeGridSync, each exactly as the comment shows it (DocumentationTests checks that), run by
// scripts/test in a temporary folder with the claims in their comments checked.
import Foundation
import SafeGridCore
import SafeGridCSV
import SafeGridEngine
import SafeGridJSON
import SafeGridSQLite
import SafeGridSync
import SafeGridXML

/// Ends the run with the line of the claim that did not hold.
func expect(_ holds: Bool, _ claim: String, line: Int = #line) {
    guard !holds else { return }
    FileHandle.standardError.write(Data("Snippets/EngineExamples.swift:\(line): \(claim)\n".utf8))
    exit(1)
}

// Everything happens in a new temporary folder: the examples name files relative to it.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-examples-\(UUID())").path
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }
expect(FileManager.default.changeCurrentDirectoryPath(folder), "work in \(folder)")
try Data("after".utf8).write(to: URL(fileURLWithPath: "after.jpg"))

/// A store with one grid, one police grid and the stall V101.
func stallStore(_ name: String) throws -> SQLiteHazardStore {
    let store = try SQLiteHazardStore(path: name)
    let engine = SafeGridEngine(store: store, calendar: .chinaMainland)
    try engine.importAreas([
        Area(code: "S1", name: "东湖街道", level: .street), Area(code: "C1", name: "夜市社区", level: .community, parentCode: "S1"),
        Area(code: "G1", name: "夜市一网格", level: .grid, parentCode: "C1"), Area(code: "ST1", name: "东湖派出所", level: .station),
        Area(code: "B1", name: "第一警务区", level: .beat, parentCode: "ST1"), Area(code: "P1", name: "夜市警格", level: .policeGrid, parentCode: "B1"),
    ], links: [GridLink(gridCode: "G1", policeGridCode: "P1")])
    try engine.putVenues([Venue(id: "V101", name: "老王烧烤", kind: "stall", gridCode: "G1", policeGridCode: "P1")])
    return store
}
let fireExits = try ChecklistImporter().builtinChecklist(id: "fire-exits")!
let checklist = fireExits
/// Every item passed but the fire patrol log (FE-13, no photo required).
var answers = Dictionary(uniqueKeysWithValues: fireExits.items.map { ($0.id, AnswerInput.verdict(.pass)) })
answers["FE-13"] = AnswerInput(result: .fail, note: "巡查记录缺三天")
let input = InspectionInput(venueID: "V101", inspectors: ["陈晓燕"], responses: answers)
let calendar = HolidayCalendar.chinaMainland

// SQLiteHazardStore (SafeGridSQLite)
do {
    let store = try SQLiteHazardStore(path: "safegrid.sqlite")
    let engine = SafeGridEngine(store: store, calendar: calendar)
    expect(try engine.report(ReportRequest(asOf: Date())).total.found == 0, "a new store is empty")
}

// SafeGridEngine
do {
    let store = try stallStore("station.sqlite")
    let engine = SafeGridEngine(store: store, clock: SystemWallClock(), calendar: .chinaMainland)
    let outcome = try engine.recordInspection(input, checklist: fireExits)
    try engine.update(outcome.hazards[0].id, .rectificationReported, actor: "陈晓燕")
    let report = try engine.report(ReportRequest(asOf: Date(), by: .grid))
    expect(report.total.found == 1 && report.total.closed == 0, "one hazard found, reported fixed, not yet closed")

    // EvidenceStore (SafeGridCore) and FolderEvidenceStore
    let evidence = FolderEvidenceStore(folder: store.evidenceFolder)
    let id = try engine.hazards(HazardFilter())[0].id
    try engine.update(id, .reinspectionFailed, actor: "陈晓燕")
    let hash = try evidence.keep(fileAt: "after.jpg")   // copied before the event is recorded
    try engine.update(id, .rectificationReported, actor: "张三", evidence: [hash])
    let kept = evidence.location(of: hash)                // ".../station.sqlite.evidence/3f/3fa9..."
    expect(kept.hasPrefix(store.evidenceFolder + "/" + hash.hex.prefix(2)), "kept under its hash")
}
do {
    let evidence = FolderEvidenceStore(folder: "station.sqlite.evidence")
    let hash = try evidence.keep(fileAt: "after.jpg")
    expect(evidence.status(of: hash) == .intact, "kept intact")
}

// SafeGridEngine.reinspectionRecord
do {
    let store = try stallStore("recheck.sqlite")
    let engine = SafeGridEngine(store: store, calendar: .chinaMainland)
    let id = try engine.recordInspection(input, checklist: fireExits).hazards[0].id
    try engine.update(id, .reinspectionFailed, actor: "陈晓燕", note: "通道仍有堆物")
    let record = try engine.reinspectionRecord(hazardID: id)   // its latest re-inspection
    // record.number: 东湖派出所复查字〔2026〕第001号, this year's first
    // record.items[0].result: .notRectified, with the deadline it must now meet
    let year = engine.stationTime.day(of: Date()).components.year
    expect(record.number == "东湖派出所复查字〔\(year)〕第001号", "this year's first record: \(record.number)")
    expect(record.items[0].result == .notRectified && record.items[0].nextDeadline != nil, "not rectified, with a deadline")
    expect(try engine.reinspectionRecord(hazardID: id) == record, "asked again, the same record")
}

// SafeGridEngine.batch
do {
    let engine = SafeGridEngine(store: try stallStore("batch.sqlite"), calendar: calendar)
    let inputs = [input, input]
    try engine.batch { batch in
        for input in inputs { _ = try batch.recordInspection(input, checklist: checklist) }
    }
    expect(try engine.hazards(HazardFilter()).count == 2, "two inspections, two hazards")

    // SafeGridEngine.withReport
    let now = Date()
    let exporter = JSONExporter()
    let output = ExportOutput()
    try engine.withReport(ReportRequest(asOf: now, by: .grid)) { document in
        try exporter.export(document, options: ExportOptions(language: .english), to: output)
    }
    let json = try JSONSerialization.jsonObject(with: Data(try output.finish())) as? [String: Any]
    expect((json?["total"] as? [String: Any])?["found"] as? Int == 2, "the JSON report counts both")

    // WalkDraft
    var draft = try engine.startWalk(venueID: "V101", checklist: fireExits, inspectors: ["陈晓燕"])
    for item in fireExits.items { draft.answers[item.id] = .verdict(.pass) }
    try engine.save(&draft)
    let outcome = try engine.record(draft, checklist: fireExits)
    expect(outcome.hazards.isEmpty, "a walk with every item passed finds nothing")
}

// PlausibleTimes
do {
    let store = try stallStore("plausible.sqlite")
    let at = Date()
    let engine = SafeGridEngine(store: store, calendar: calendar, plausible: PlausibleTimes(deadlineYears: 10))
    try engine.plausible.check(at, what: ("--at", "--at"), now: engine.clock.now(), stationTime: engine.stationTime)
    let century = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
    expect((try? engine.plausible.check(century, what: ("--at", "--at"), now: at, stationTime: engine.stationTime)) == nil, "1900 is refused")
}

// ChecklistImporter (SafeGridXML)
do {
    try Data("<!DOCTYPE checklist>\n<checklist/>\n".utf8).write(to: URL(fileURLWithPath: "stage.xml"))
    let importer = try ChecklistImporter()
    do {
        let checklist = try importer.importChecklist(contentsOf: URL(fileURLWithPath: "stage.xml"))
        print(checklist.id, checklist.items.count, checklist.contentHash.short)
    } catch {
        for diagnostic in error.diagnostics { print(diagnostic) } // stage.xml:12:5: error: ...
    }
    let refused = (try? importer.importChecklist(contentsOf: URL(fileURLWithPath: "stage.xml"))) == nil
    expect(refused, "a DOCTYPE is refused")
}

// SigningKey, BundleWriter, BundleMerge (SafeGridSync): a laptop's night merged at the station.
do {
    let dataDirectory = folder
    let laptop = SafeGridEngine(store: try stallStore("laptop.sqlite"), calendar: calendar)
    _ = try laptop.recordInspection(input, checklist: fireExits)
    let engine = SafeGridEngine(store: try stallStore("merged.sqlite"), calendar: calendar)  // the station
    let limits = BundleLimits(evidenceBytes: 1 << 20)

    let key = try SigningKey.create(at: dataDirectory + "/key.ed25519")
    print(key.publicKeyBase64, key.fingerprint)

    let counts = try laptop.store.read { reader in
        let contents = BundleContents(reader: reader, evidence: nil, limits: limits)
        let header = BundleHeader(kind: .events, createdAt: Date(), signer: key, store: "laptop-1", history: try contents.history(.all))
        let writer = try BundleWriter(path: "night.sgb", key: key, header: header)
        _ = try contents.writeEvents(.all, to: writer)
        return try writer.finish()
    }
    expect(counts.events == 1 && counts.inspections == 1, "one inspection and its hazard's event")

    let paths = ["night.sgb"]
    let trustedKeys = [TrustedKey(publicKey: key.publicKey, name: "laptop-1", trustedAt: Date(), trustedBy: "马涛")]
    let reader = BundleReader(limits: limits)
    let bundles = try paths.map { try reader.verify($0, trusted: trustedKeys) }
    let merged = try BundleMerge(reader: reader, engine: engine).merge(bundles)
    let stationHazards = try engine.hazards(HazardFilter())
    expect(merged[0].summary.events == 1 && stationHazards.count == 1, "the station has the laptop's hazard")
}
print("EngineExamples: every claim holds")

// The hazard ledger (SafeGridEngine.withLedger, HazardLedger): community C1's open hazards as CSV.
do {
    let store = try stallStore("ledger.sqlite")
    let engine = SafeGridEngine(store: store, calendar: .chinaMainland)
    let hazard = try engine.recordInspection(input, checklist: fireExits).hazards[0]
    let exporter = CSVExporter()
    let output = ExportOutput()
    try engine.withLedger(LedgerRequest(scope: .grid("C1"), statuses: [.open])) { ledger in
        try exporter.export(ledger, options: ExportOptions(), to: output)
    }
    let lines = String(decoding: try output.finish(), as: UTF8.self).split(separator: "\r\n")
    expect(lines.count == 2 && lines[0].hasPrefix("\u{FEFF}编号,发现时间,发现人,") && lines[1].hasPrefix(hazard.id + ","), "a heading and the one open hazard")
}
