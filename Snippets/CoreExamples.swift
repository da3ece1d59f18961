// The examples of SafeGridCore's documentation comments, each exactly as the comment shows it
// (DocumentationTests checks that), run by scripts/test with the claims in their comments checked.
import Foundation
import SafeGridCore
import SafeGridCSV
import SafeGridEngine
import SafeGridJSON
import SafeGridTesting

/// Ends the run with the line of the claim that did not hold.
func expect(_ holds: Bool, _ claim: String, line: Int = #line) {
    guard !holds else { return }
    FileHandle.standardError.write(Data("Snippets/CoreExamples.swift:\(line): \(claim)\n".utf8))
    exit(1)
}

let now = DomainExample.endOf(6, 15)
let report = try DomainExample.engine().report(ReportRequest(asOf: now, by: .grid))

// Applicability
do {
    let kitchens = Applicability(tags: ["kitchen"])
    let applies = kitchens.applies(toKind: "stall", tags: ["kitchen", "outdoor"]) // true
    expect(applies, "a kitchen stall is covered")
}

// AreaScope
do {
    let directory = AreaDirectory(areas: DomainExample.areas, links: DomainExample.links)
    let scope = directory.scope(covering: [directory.area(.community, "C1")!])
    let inside = scope.includes(gridCode: "G1", policeGridCode: "P9") // true: G1 is in C1
    expect(inside && scope.grids == ["G1", "G2"] && scope.policeGrids.isEmpty, "C1 holds G1 and G2")
}

// CivilDate
do {
    let day = CivilDate(year: 2026, month: 9, day: 30)!
    let tenDaysLater = day.adding(days: 10).description // "2026-10-10"
    let weekday = day.weekday // .wednesday
    expect(tenDaysLater == "2026-10-10" && weekday == .wednesday, "2026-09-30 is a Wednesday, ten days before 2026-10-10")
}

// DeadlineRule
do {
    let rule = DeadlineRule(code: "3wd") // .workingDays(3)
    let code = DeadlineRule.calendarDays(7).code // "7d"
    expect(rule == .workingDays(3) && code == "7d", "deadline codes")
}

// HolidayCalendar
do {
    let days = (1...7).map { "2026-10-0\($0) holiday 国庆节" } + ["2026-10-10 workday 国庆节"]
    let text = (["year 2026 国务院办公厅关于2026年部分节假日安排的通知"] + days).joined(separator: "\n") + "\n"
    var calendar = HolidayCalendar(followsStatute: true)
    try calendar.merge(parsing: text, source: "cn.txt")
    let due = calendar.workingDays(3, after: CivilDate("2026-09-30")!) // (2026-10-10, provisional: false)
    expect(due.day == CivilDate("2026-10-10")! && !due.provisional, "3 working days after 2026-09-30")
}

// LocalizedText and DisplayLanguage
do {
    let language = DisplayLanguage(locale: ProcessInfo.processInfo.environment["LANG"])
    let title = LocalizedText(["zh-CN": "安全出口", "en": "Fire exits"])
    let english = title.resolved(for: .english) // "Fire exits"
    expect(english == "Fire exits" && !title.resolved(for: language).isEmpty, "a title in each language")
}

// ProvisionalDates
do {
    let marked = "2027-01-04" + ProvisionalDates.mark(.chinese) // "2027-01-04（暂定）"
    let hint = ProvisionalDates.hint(years: [2027], .english)
    // "Dates marked provisional fall in 2027, whose State Council holiday notice is not loaded: …"
    expect(marked == "2027-01-04（暂定）", "the mark")
    expect(hint.hasPrefix("Dates marked provisional fall in 2027, whose State Council holiday notice is not loaded"), "the hint")
}

// SHA256
do {
    var hasher = SHA256()
    hasher.update(Array("abc".utf8))
    let hex = hasher.finalize().hex // "ba7816bf…"
    expect(hex.hasPrefix("ba7816bf"), "SHA-256 of abc (FIPS 180-2)")
}

// SafeGridError
do {
    let engine = try DomainExample.engine()
    let hazardID = try engine.hazards(HazardFilter(statuses: [.closed]))[0].id
    let later = DomainExample.endOf(6, 30)
    let eventsBefore = try engine.history(of: hazardID).events.count
    do {
        try engine.update(hazardID, .deadlineExtended(until: later, reason: "等待配件"), actor: "马涛")
    } catch let error as SafeGridError where error.code == .illegalTransition {
        print(error.message.resolved(for: .english)) // hazard H-… is closed: …
    }
    expect(try engine.history(of: hazardID).events.count == eventsBefore, "a closed hazard cannot be extended")
}

// ExportOutput
do {
    let document = ReportDocument(report: report, generatedAt: now)
    let exporter = JSONExporter()
    let output = ExportOutput()            // collects in memory
    try exporter.export(document, options: ExportOptions(), to: output)
    let bytes = try output.finish()
    expect(bytes.first == UInt8(ascii: "{"), "a JSON object")
}

// ExporterRegistry
do {
    var registry = ExporterRegistry()
    try registry.register(JSONExporter())
    try registry.register(CSVExporter())             // a name already taken throws
    let exporter = try registry.exporter(named: "csv") // an unknown name throws, listing the names
    expect(exporter.name == "csv" && (try? registry.register(CSVExporter())) == nil, "a taken name is refused")
}

// HazardPhotos and HazardPhotoLookup
do {
    let png = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!)
    let photo = NoticePhoto(hash: SHA256.hash(png), bytes: png)!
    let lookup = HazardPhotoLookup { id in id == "H-1" ? HazardPhotos(before: [photo]) : HazardPhotos() }
    let document = ReportDocument(report: report, generatedAt: now, photos: lookup)
    let hazardID = "H-1"
    var html = ""
    let photos = try document.photos.photos(ofHazard: hazardID)
    for photo in photos.before { html += "<img src=\"\(photo.dataURL)\">" }
    expect(html.hasPrefix("<img src=\"data:image/png;base64,"), "the photo inside the page")
}

// ReportTable.withNotes
do {
    let list = OverdueList([])
    let stationTime = StationTime.shanghai
    let table = ReportTable.withNotes(name: "overdue", title: "逾期清单", columns: ["隐患", "期限"], rowCount: list.count) { row in
        var years = Set<Int>()
        try list.forEach { entry in
            if entry.deadlineProvisional { years.insert(stationTime.day(of: entry.deadline).components.year) }
            try row([.text(entry.hazardID), .time(entry.deadline)])
        }
        return years.isEmpty ? [] : [ProvisionalDates.hint(years: years, .chinese)]
    }
    expect(table.rowCount == 0, "an empty list")
}
// HazardCategory
do {
    let fire = HazardCategory.label("fire", .chinese)       // "消防"
    let kitchen = HazardCategory.label("kitchen", .english) // "Kitchen"
    let boats = HazardCategory.label("boats", .chinese)     // "boats": no name, the code
    expect(fire == "消防" && kitchen == "Kitchen" && boats == "boats", "category names, and a code without one")
}

// VenueVocabulary
do {
    let vocabulary = VenueVocabulary.builtin
    let kind = try vocabulary.kind("摊位")          // "stall"
    let tags = try vocabulary.tags(["厨房", "Gas"])  // ["gas", "kitchen"]
    // vocabulary.kind("bbq") throws invalid-input: … closest: bar (酒吧) …
    var refused = false
    do { _ = try vocabulary.kind("bbq") } catch { refused = error.message.resolved(for: .english).contains("closest: bar (酒吧)") }
    expect(kind == "stall" && tags == ["gas", "kitchen"] && refused, "names read as codes; an unknown kind refused with the closest")
}

// VenueVocabulary.parseTerms
do {
    let terms = try VenueVocabulary.parseTerms("kiosk=报刊亭/newsstand, boat=游船", .kind)
    expect(terms.map(\.code) == ["kiosk", "boat"], "a store's own kinds")
}
print("CoreExamples: every claim holds")
