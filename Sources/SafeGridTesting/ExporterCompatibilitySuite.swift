import Foundation
public import SafeGridCore
import SafeGridEngine

/// The rules every exporter (SafeGrid's own and third parties') must keep, as checks a test
/// target runs one by one:
///
/// ```swift
/// @Test(arguments: ExporterCompatibilitySuite.checks)
/// func compatibility(_ check: ExporterCompatibilitySuite.Check) throws {
///     try ExporterCompatibilitySuite(GroupMessageExporter()).run(check)
/// }
/// ```
///
/// An exporter must name itself validly, render the worked example (docs/DOMAIN.md) in both
/// languages to the same bytes every time, render an empty report and hostile names without
/// failing, walk the overdue list as a stream, refuse what it does not render with
/// `unsupported-document` and an unknown table with `invalid-input` (when asked its media type
/// too), and pass on a failing output instead of swallowing it.
public struct ExporterCompatibilitySuite: Sendable {
    /// One named check.
    public struct Check: Sendable, CustomStringConvertible {
        /// What it checks.
        public let name: String
        let body: @Sendable (ExporterCompatibilitySuite) throws -> Void
        public var description: String { name }
    }

    /// The exporter under test.
    public let exporter: any ReportExporter

    /// A suite for one exporter.
    public init(_ exporter: any ReportExporter) { self.exporter = exporter }

    /// Runs one check; throws ``CompatibilityFailure`` when it does not hold.
    public func run(_ check: Check) throws { try check.body(self) }

    /// Runs every check.
    public func runAll() throws {
        for check in Self.checks { try run(check) }
    }

    /// Renders a report to bytes, with the given options (one call per table for exporters
    /// with tables, concatenated).
    public func render(_ document: ReportDocument, _ options: ExportOptions = ExportOptions()) throws -> [UInt8] {
        let output = ExportOutput()
        try exporter.export(document, options: options, to: output)
        return try output.finish()
    }

    /// Renders a re-inspection record to bytes.
    public func render(_ record: ReinspectionRecord, _ options: ExportOptions = ExportOptions()) throws -> [UInt8] {
        let output = ExportOutput()
        try exporter.export(record, options: options, to: output)
        return try output.finish()
    }

    /// Renders a notice to bytes.
    public func render(_ notice: RectificationNotice, _ options: ExportOptions = ExportOptions()) throws -> [UInt8] {
        let output = ExportOutput()
        try exporter.export(notice, options: options, to: output)
        return try output.finish()
    }

    /// Renders reminders to bytes.
    public func render(_ reminders: ReminderList, _ options: ExportOptions = ExportOptions()) throws -> [UInt8] {
        let output = ExportOutput()
        try exporter.export(reminders, options: options, to: output)
        return try output.finish()
    }

    /// Renders an inspection plan to bytes.
    public func render(_ plan: InspectionPlan, _ options: ExportOptions = ExportOptions()) throws -> [UInt8] {
        let output = ExportOutput()
        try exporter.export(plan, options: options, to: output)
        return try output.finish()
    }

    /// Renders a venue file to bytes.
    public func render(_ file: VenueFile, _ options: ExportOptions = ExportOptions()) throws -> [UInt8] {
        let output = ExportOutput()
        try exporter.export(file, options: options, to: output)
        return try output.finish()
    }

    /// The option sets a document is rendered with: each language, and each table.
    func optionSets() -> [ExportOptions] {
        DisplayLanguage.allCases.flatMap { language in
            (exporter.tables.isEmpty ? [nil] : exporter.tables.map(Optional.some)).map { table in
                ExportOptions(language: language, stationTime: DomainExample.stationTime, table: table)
            }
        }
    }

    /// Every check.
    public static let checks: [Check] = [
        Check(name: "names itself validly and registers") { suite in
            let exporter = suite.exporter
            try expect(ExporterRegistry.isValidName(exporter.name), "name", exporter.name)
            try expect(exporter.mediaType.contains("/"), "media type", exporter.mediaType)
            try expect(
                !exporter.fileExtension.isEmpty && exporter.fileExtension.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) },
                "file extension", exporter.fileExtension)
            try expect(exporter.summary["zh-CN"] != nil && exporter.summary["en"] != nil, "summary in zh-CN and en", exporter.summary)
            try expect(!exporter.kinds.isEmpty, "renders something", exporter.kinds)
            for options in suite.optionSets() {
                let what = options.table.map { " for table \($0)" } ?? ""
                let mediaType = try exporter.mediaType(for: options)
                try expect(mediaType.contains("/"), "media type\(what)", mediaType)
                let fileExtension = try exporter.fileExtension(for: options)
                try expect(!fileExtension.isEmpty && fileExtension.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "file extension\(what)", fileExtension)
            }
            let registry = try ExporterRegistry([exporter])
            try expect(try registry.exporter(named: exporter.name).name == exporter.name, "found by name", registry.names)
        },
        Check(name: "renders the worked example in zh-CN and en, the same bytes every time") { suite in
            let engine = try DomainExample.engine()
            if suite.exporter.kinds.contains(.report) {
                for by in [ReportGrouping.grid, .policeGrid, .category] {
                    for options in suite.optionSets() {
                        try engine.withReport(ReportRequest(asOf: DomainExample.endOf(6, 15), by: by)) { document in
                            let first = try suite.render(document, options)
                            let second = try suite.render(document, options)
                            let what = "\(by.rawValue) report in \(options.language.rawValue)\(options.table.map { ", table \($0)" } ?? "")"
                            try expect(!first.isEmpty, what, "nothing written")
                            try expect(first == second, "\(what) renders the same bytes twice", "different bytes")
                        }
                    }
                }
            }
            if suite.exporter.kinds.contains(.report) {
                // A report within areas (`within`) renders too, every table in every language.
                let directory = try engine.store.read { try $0.areaDirectory() }
                var request = ReportRequest(asOf: DomainExample.endOf(6, 15), by: .grid)
                request.restrict(to: [directory.area(.community, "C1")!, directory.area(.policeGrid, "P2")!], in: directory)
                for options in suite.optionSets() {
                    try engine.withReport(request) { document in
                        let first = try suite.render(document, options)
                        let what = "report within C1 and P2 in \(options.language.rawValue)\(options.table.map { ", table \($0)" } ?? "")"
                        try expect(!first.isEmpty && first == (try suite.render(document, options)), what, "empty or unstable")
                    }
                }
            }
            if suite.exporter.kinds.contains(.notice) {
                let notice = try engine.issueNotice(venueID: "V3")
                for language in DisplayLanguage.allCases {
                    let options = ExportOptions(language: language, stationTime: DomainExample.stationTime)
                    let first = try suite.render(notice, options)
                    try expect(!first.isEmpty && first == (try suite.render(notice, options)), "notice in \(language.rawValue)", "empty or unstable")
                }
            }
            if suite.exporter.kinds.contains(.reinspection) {
                let record = try engine.reinspectionRecord(hazardID: "H-000003")
                for language in DisplayLanguage.allCases {
                    let options = ExportOptions(language: language, stationTime: DomainExample.stationTime)
                    let first = try suite.render(record, options)
                    try expect(!first.isEmpty && first == (try suite.render(record, options)), "re-inspection record in \(language.rawValue)", "empty or unstable")
                }
            }
            if suite.exporter.kinds.contains(.venue) {
                for venue in DomainExample.venues {
                    let file = try engine.venueFile(venueID: venue.id, asOf: DomainExample.endOf(6, 15))
                    for language in DisplayLanguage.allCases {
                        let options = ExportOptions(language: language, stationTime: DomainExample.stationTime)
                        let first = try suite.render(file, options)
                        try expect(!first.isEmpty && first == (try suite.render(file, options)), "venue file of \(venue.id) in \(language.rawValue)", "empty or unstable")
                    }
                }
            }
            if suite.exporter.kinds.contains(.plan) {
                let plan = try engine.plan(PlanRequest(date: CivilDate("2026-06-30")!, asOf: DomainExample.endOf(6, 30)))
                for language in DisplayLanguage.allCases {
                    let options = ExportOptions(language: language, stationTime: DomainExample.stationTime)
                    let first = try suite.render(plan, options)
                    try expect(!first.isEmpty && first == (try suite.render(plan, options)), "plan in \(language.rawValue)", "empty or unstable")
                }
            }
            if suite.exporter.kinds.contains(.reminders) {
                let reminders = try engine.reminders(ReminderRequest(asOf: DomainExample.endOf(6, 15)))
                for language in DisplayLanguage.allCases {
                    let options = ExportOptions(language: language, stationTime: DomainExample.stationTime)
                    let first = try suite.render(reminders, options)
                    try expect(!first.isEmpty && first == (try suite.render(reminders, options)), "reminders in \(language.rawValue)", "empty or unstable")
                }
            }
        },
        Check(name: "refuses what it does not render with unsupported-document") { suite in
            let engine = try DomainExample.engine()
            if !suite.exporter.kinds.contains(.report) {
                try engine.withReport(ReportRequest(asOf: DomainExample.endOf(6, 15))) { document in
                    try expectError(.unsupportedDocument, "a report") { _ = try suite.render(document) }
                }
            }
            if !suite.exporter.kinds.contains(.notice) {
                let notice = try engine.issueNotice(venueID: "V3")
                try expectError(.unsupportedDocument, "a notice") { _ = try suite.render(notice) }
            }
            if !suite.exporter.kinds.contains(.reinspection) {
                let record = try engine.reinspectionRecord(hazardID: "H-000003")
                try expectError(.unsupportedDocument, "a re-inspection record") { _ = try suite.render(record) }
            }
            if !suite.exporter.kinds.contains(.reminders) {
                let reminders = try engine.reminders(ReminderRequest(asOf: DomainExample.endOf(6, 15)))
                try expectError(.unsupportedDocument, "reminders") { _ = try suite.render(reminders) }
            }
            if !suite.exporter.kinds.contains(.plan) {
                let plan = try engine.plan(PlanRequest(date: CivilDate("2026-06-30")!, asOf: DomainExample.endOf(6, 30)))
                try expectError(.unsupportedDocument, "a plan") { _ = try suite.render(plan) }
            }
            if !suite.exporter.kinds.contains(.venue) {
                let file = try engine.venueFile(venueID: "V3", asOf: DomainExample.endOf(6, 15))
                try expectError(.unsupportedDocument, "a venue file") { _ = try suite.render(file) }
            }
        },
        Check(name: "renders an empty report: no hazards, no rates") { suite in
            guard suite.exporter.kinds.contains(.report) else { return }
            let empty = ReportDocument(
                report: RectificationReport(asOf: DomainExample.endOf(6, 15), by: .grid, total: HazardCounts(), groups: [
                    RectificationReport.Group(key: "G1", name: "G1", counts: HazardCounts()),
                ]),
                generatedAt: DomainExample.day(6, 16))
            let none = ReportDocument(
                report: RectificationReport(asOf: DomainExample.endOf(6, 15), by: .venue, total: HazardCounts(), groups: []),
                generatedAt: DomainExample.day(6, 16))
            for options in suite.optionSets() {
                try expect(!(try suite.render(empty, options)).isEmpty, "empty report", "nothing written")
                try expect(!(try suite.render(none, options)).isEmpty, "report with no groups", "nothing written")
            }
        },
        Check(name: "renders hostile names without failing") { suite in
            let hostile = ["<script>alert(1)</script>", "=HYPERLINK(\"http://x\",\"y\")", "\"quoted\", 'single'", "line\nbreak\r\n",
                           "nul\u{0}bell\u{7}", "\u{202E}reversed", "🔥 emoji", "a|b\\c*_`#[x](y)"]
            let groups = hostile.enumerated().map { index, name in
                RectificationReport.Group(
                    key: name, name: name, parent: name,
                    counts: HazardCounts(found: index + 1, closed: index, due: index + 1, onTime: index / 2, overdue: 1, deferred: 0))
            }
            var total = HazardCounts()
            for group in groups { total += group.counts }
            let entries = hostile.map { name in
                OverdueEntry(
                    hazardID: name, venueID: name, venueName: name, title: LocalizedText(["zh-CN": name, "en": name]), category: name,
                    severity: .major, status: .open, foundAt: DomainExample.day(6, 1), deadline: DomainExample.endOf(6, 2), daysOverdue: 13,
                    extensions: 0, grid: AreaReference(code: name, name: name, follower: name),
                    policeGrid: AreaReference(code: name, name: name, follower: name))
            }
            let document = ReportDocument(
                report: RectificationReport(asOf: DomainExample.endOf(6, 15), by: .grid, total: total, groups: groups),
                rollUps: [RollUp(level: .community, groups: groups)],
                trend: [TrendPoint(weekStart: CivilDate(year: 2026, month: 6, day: 8)!, asOf: DomainExample.endOf(6, 14), counts: total)],
                overdue: OverdueList(entries), generatedAt: DomainExample.day(6, 16))
            if suite.exporter.kinds.contains(.report) {
                for var options in suite.optionSets() {
                    options.title = hostile[0]
                    try expect(!(try suite.render(document, options)).isEmpty, "hostile report", "nothing written")
                }
            }
            if suite.exporter.kinds.contains(.notice) {
                var notice = try DomainExample.engine().issueNotice(venueID: "V3")
                notice.venue.name = hostile[0]
                notice.venue.address = hostile[3]
                notice.venue.contact = hostile[1]
                notice.items[0].note = hostile[4]
                notice.items[0].basis = hostile[7]
                try expect(!(try suite.render(notice)).isEmpty, "hostile notice", "nothing written")
            }
            if suite.exporter.kinds.contains(.plan) {
                var plan = try DomainExample.engine().plan(PlanRequest(date: CivilDate("2026-06-30")!, asOf: DomainExample.endOf(6, 30)))
                try expect(plan.entries.count == 3, "every venue of the example is due by 06-30", plan.entries.map(\.venue.id))
                plan.entries[0].venue.name = hostile[0]
                plan.entries[0].venue.address = hostile[3]
                plan.entries[0].checks.append(InspectionPlan.Check(
                    hazardID: hostile[2], checklistID: hostile[1], itemID: hostile[7], title: LocalizedText(["zh-CN": hostile[4], "en": hostile[5]]),
                    severity: .minor, status: .open, deadline: DomainExample.endOf(6, 15), overdue: false, reinspectionDue: nil))
                try expect(!(try suite.render(plan)).isEmpty, "hostile plan", "nothing written")
            }
            if suite.exporter.kinds.contains(.venue) {
                var file = try DomainExample.engine().venueFile(venueID: "V3", asOf: DomainExample.endOf(6, 15))
                file.venue.name = hostile[0]
                file.venue.address = hostile[3]
                file.venue.contact = hostile[1]
                file.grid?.follower = hostile[4]
                file.rating.reasons.append(LocalizedText(["zh-CN": hostile[7], "en": hostile[6]]))
                try expect(!(try suite.render(file)).isEmpty, "hostile venue file", "nothing written")
            }
            if suite.exporter.kinds.contains(.reinspection) {
                var record = try DomainExample.engine().reinspectionRecord(hazardID: "H-000003")
                record.venue.name = hostile[0]
                record.venue.address = hostile[3]
                record.items[0].note = hostile[4]
                record.items[0].inspector = hostile[1]
                record.inspectors = [hostile[7]]
                try expect(!(try suite.render(record)).isEmpty, "hostile re-inspection record", "nothing written")
            }
        },
        Check(name: "walks the overdue list as a stream, at most twice") { suite in
            guard suite.exporter.kinds.contains(.report) else { return }
            let size = 20_000
            let walks = Counter()
            let overdue = OverdueList(count: size) { emit in
                walks.add()
                for index in 0..<size {
                    try emit(OverdueEntry(
                        hazardID: "H-\(index)", venueID: "V-\(index % 300)", venueName: "商户\(index % 300)",
                        title: LocalizedText(["zh-CN": "疏散通道堵塞", "en": "Exit blocked"]), category: "fire", severity: .major, status: .open,
                        foundAt: DomainExample.day(5, 1), deadline: DomainExample.endOf(5, 8), daysOverdue: 38, extensions: 0,
                        grid: AreaReference(code: "G1", name: "G1"), policeGrid: AreaReference(code: "P1", name: "P1")))
                }
            }
            let counts = HazardCounts(found: size, closed: 0, due: size, onTime: 0, overdue: size, deferred: 0)
            let document = ReportDocument(
                report: RectificationReport(asOf: DomainExample.endOf(6, 15), by: .grid, total: counts, groups: [
                    RectificationReport.Group(key: "G1", name: "G1", counts: counts),
                ]),
                overdue: overdue, generatedAt: DomainExample.day(6, 16))
            for options in suite.optionSets() {
                walks.reset()
                _ = try suite.render(document, options)
                try expect(walks.value <= 2, "overdue list walks\(options.table.map { " for table \($0)" } ?? "")", walks.value)
            }
        },
        Check(name: "refuses an unknown table with invalid-input") { suite in
            guard suite.exporter.kinds.contains(.report), !suite.exporter.tables.isEmpty else { return }
            try DomainExample.engine().withReport(ReportRequest(asOf: DomainExample.endOf(6, 15))) { document in
                try expectError(.invalidInput, "an unknown table") {
                    _ = try suite.render(document, ExportOptions(table: "no-such-table"))
                }
                try expectError(.invalidInput, "an unknown table, asked its media type") {
                    _ = try suite.exporter.mediaType(for: ExportOptions(table: "no-such-table"))
                }
            }
        },
        Check(name: "passes on a failing output instead of swallowing it") { suite in
            struct DiskFull: Error {}
            let failing = ExportOutput(bufferSize: 16) { _ in throw DiskFull() }
            let engine = try DomainExample.engine()
            var threw = false
            do {
                if suite.exporter.kinds.contains(.report) {
                    try engine.withReport(ReportRequest(asOf: DomainExample.endOf(6, 15))) { document in
                        try suite.exporter.export(document, options: ExportOptions(), to: failing)
                        try failing.finish()
                    }
                } else {
                    try suite.exporter.export(try engine.issueNotice(venueID: "V3"), options: ExportOptions(), to: failing)
                    try failing.finish()
                }
            } catch is DiskFull {
                threw = true
            }
            try expect(threw, "the output's error reaches the caller", "swallowed")
        },
    ]
}

/// Counts walks of a list from inside a non-escaping closure.
private final class Counter {
    private(set) var value = 0
    func add() { value += 1 }
    func reset() { value = 0 }
}

func expectError(_ code: SafeGridError.Code, _ what: String, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SafeGridError {
        try expect(error.code == code, "\(what) is refused with \(code)", error.code)
        return
    }
    try expect(false, "\(what) is refused with \(code)", "no error")
}
