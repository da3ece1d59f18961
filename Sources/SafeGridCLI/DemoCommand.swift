import ArgumentParser
import Foundation
import SafeGridCSV
import SafeGridCore
import SafeGridEngine
import SafeGridWeb
import SafeGridSQLite
import SafeGridTesting
import SafeGridXML

/// `safegrid demo`: a demonstration store and its reports.
struct DemoCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: .zh("生成演示数据存储（一个夜市和一个商圈）并写出其报表。", en: "Build a demonstration store (a night market and a shopping district) and write its reports (演示)."),
        discussion: .zh("""
            几秒钟内生成：一个街道（3 个社区、12 个网格）、一个派出所（3 个警务区、6 个警格）、约 300 个场所，以及用四张内置检查表做的六周检查；然后把报表写入输出文件夹，并输出按网格统计的报表。SAFEGRID_NOW 相同，演示数据就相同。

            示例：
              safegrid demo
              safegrid demo --output /tmp/demo --lang en
              SAFEGRID_STORE=safegrid-demo/demo.sqlite safegrid hazard list --overdue
            """, en: """
            Builds, in a few seconds, a street with 3 communities and 12 grids, a police station with 3 beats and 6 police grids, ~300 venues and six weeks of inspections with the four built-in checklists, then writes the reports into the output folder and prints the report by grid. The same SAFEGRID_NOW gives the same demo.

            Examples:
              safegrid demo
              safegrid demo --output /tmp/demo --lang en
              SAFEGRID_STORE=safegrid-demo/demo.sqlite safegrid hazard list --overdue
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh("演示数据存储和报表放在哪个文件夹。", en: "Where to put the demo store and reports.")) var output: String = "safegrid-demo"

    func run() throws {
        let started = Date()
        let folder = URL(fileURLWithPath: output)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storeURL = folder.appendingPathComponent("demo.sqlite")
        for suffix in ["", "-wal", "-shm", ".evidence"] { try? FileManager.default.removeItem(atPath: storeURL.path + suffix) }
        let environment = ProcessInfo.processInfo.environment
        let stationTime = try Context.stationTime(environment)
        let store = try SQLiteHazardStore(path: storeURL.path)
        let engine = SafeGridEngine(
            store: store, clock: try Context.clock(environment, stationTime),
            calendar: try Context.calendar(environment, store: store), stationTime: stationTime, identifiers: SequentialIdentifiers(),
            evidence: FolderEvidenceStore(folder: store.evidenceFolder))
        let context = Context(engine: engine, language: global.language, stationTime: stationTime)
        let l = context.language
        Output.error(l.pick("正在生成演示数据……", "Building the demo store..."))
        let summary = try DemoScenario.build(engine: engine, checklists: try ChecklistImporter().builtinChecklists())
        Output.error(l.pick(
            // Found as the reports count it: a hazard cancelled as recorded in error was never found.
            "已生成：\(summary.venues) 个场所，\(summary.inspections) 次检查，发现 \(summary.hazards - summary.cancelled) 处隐患（另有 \(summary.cancelled) 处误登记已撤销），\(summary.followUps) 条后续记录（用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒）。",
            "Built \(summary.venues) venues, \(summary.inspections) inspections, \(summary.hazards - summary.cancelled) hazards found (and \(summary.cancelled) cancelled as recorded in error), \(summary.followUps) follow-ups in \(String(format: "%.1f", Date().timeIntervalSince(started))) s."))

        var written: [String] = []
        func path(_ name: String) -> String {
            let path = folder.appendingPathComponent(name).path
            written.append(path)
            return path
        }
        let now = engine.clock.now()
        var gridText = ""
        for grouping in ReportGrouping.allCases where grouping != .venue {
            // The area reports carry the venues by colour (三色预警), as `report --colours` does.
            let request = ReportRequest(asOf: now, by: grouping, colours: grouping.areaLevel != nil)
            var text = ReportText.render(try engine.report(request), context)
            if grouping == .grid { gridText = text }
            if let joint = ReportText.jointChecks(try engine.jointChecks(request), context) { text += "\n\n" + joint }
            if request.colours { text += "\n\n" + ReportText.colours(try engine.venueColours(request), context) }
            try ExportFile.write(to: path("report-by-\(grouping.rawValue).txt")) { try $0.write(text + "\n") }
        }
        // The grid report in every format as a station gets it with `--output`, the CSV tables
        // all in one ZIP too (`--table all`), and the notice of the venue with most open hazards.
        let registry = try Exporters.registry()
        let options = ExportOptions(language: l, stationTime: stationTime)
        var reports = registry.exporters.filter { $0.kinds.contains(.report) }.map { (exporter: $0, options: options, name: "report-by-grid") }
        var allTables = options
        allTables.table = CSVExporter.allTables
        reports.append((try registry.exporter(named: "csv"), allTables, "report-by-grid-tables"))
        try engine.withReport(ReportRequest(asOf: now, by: .grid, colours: true)) { document in
            for report in reports {
                let name = report.name + ".\(try report.exporter.fileExtension(for: report.options))"
                try ExportFile.write(to: path(name)) { try report.exporter.export(document, options: report.options, to: $0) }
            }
        }
        var openByVenue: [String: Int] = [:]
        // A notice lists open hazards only (not those awaiting re-inspection).
        for hazard in try engine.hazards(HazardFilter(statuses: [.open])) { openByVenue[hazard.record.venueID, default: 0] += 1 }
        if let venue = openByVenue.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key {
            let notice = try engine.issueNotice(venueID: venue)
            for exporter in registry.exporters where exporter.kinds.contains(.notice) {
                let name = "notice-\(venue)" + (exporter.name == "notice" ? "" : "-\(exporter.name)") + ".\(exporter.fileExtension)"
                try ExportFile.write(to: path(name)) { try exporter.export(notice, options: options, to: $0) }
            }
            try Self.writeReinspectionRecord(venue: venue, engine: engine, registry: registry, options: options, path: path)
        }
        // Reminders as of now: per responsible person, with escalation (`safegrid remind`).
        // Phones masked, as `remind` and `venue show` print them without --show-personal.
        let reminders = try engine.reminders(ReminderRequest(asOf: now)).withPersonalDataMasked()
        try ExportFile.write(to: path("reminders.txt")) { try $0.write(reminders.plainText(l, stationTime)) }
        for exporter in registry.exporters where exporter.kinds.contains(.reminders) {
            try ExportFile.write(to: path("reminders.\(exporter.fileExtension)")) { try exporter.export(reminders, options: options, to: $0) }
        }
        // The hazard ledger (隐患台账) in every format that renders one: ledger.csv, .xlsx, .html.
        try engine.withLedger(LedgerRequest()) { ledger in
            for exporter in registry.exporters where exporter.kinds.contains(.ledger) {
                try ExportFile.write(to: path("ledger.\(exporter.fileExtension)")) { try exporter.export(ledger, options: options, to: $0) }
            }
        }
        // Tonight's plan for the first grid, and the safety file of the first venue on it (the
        // most urgent), in every format that renders them.
        let firstGrid = try engine.store.read { try $0.areaDirectory() }.areas(at: .grid).first?.code
        let plan = try engine.plan(PlanRequest(date: stationTime.day(of: now), asOf: now, gridCode: firstGrid))
        try ExportFile.write(to: path("plan.txt")) { try $0.write(PlanCommand.render(plan, context) + "\n") }
        for exporter in registry.exporters where exporter.kinds.contains(.plan) {
            try ExportFile.write(to: path("plan.\(exporter.fileExtension)")) { try exporter.export(plan, options: options, to: $0) }
        }
        if let venue = plan.entries.first?.venue.id {
            let file = try engine.venueFile(venueID: venue, asOf: now).withPersonalDataMasked()
            try ExportFile.write(to: path("venue-\(venue).txt")) { try $0.write(VenueCommand.Show.render(file, context) + "\n") }
            for exporter in registry.exporters where exporter.kinds.contains(.venue) {
                try ExportFile.write(to: path("venue-\(venue).\(exporter.fileExtension)")) { try exporter.export(file, options: options, to: $0) }
            }
        }

        // Two accounts for the web app, so `safegrid serve` shows the demo at once: demo data, a
        // published password.
        let accounts = try context.accounts()
        try accounts.add(name: Self.webAdmin, role: .admin, scopes: [], password: Self.webPassword)
        if let firstGrid { try accounts.add(name: Self.webGridWorker, role: .gridWorker, scopes: [firstGrid], password: Self.webPassword) }

        Output.line(gridText)
        Output.line()
        Output.line(l.pick("演示数据库：", "Demo store: ") + storeURL.path)
        Output.line(l.pick("报表：", "Reports: ") + folder.path + "/")
        for path in written { Output.line("  " + path) }
        Output.line(l.pick(
            "继续探索：SAFEGRID_STORE=\(storeURL.path) \(Self.invocation) hazard list --overdue",
            "Explore: SAFEGRID_STORE=\(storeURL.path) \(Self.invocation) hazard list --overdue"))
        Output.line(l.pick(
            "网页端：SAFEGRID_STORE=\(storeURL.path) \(Self.invocation) serve，用 \(Self.webAdmin)（管理员）或 \(Self.webGridWorker)（\(firstGrid ?? "") 网格员）登录，密码 \(Self.webPassword)",
            "Web app: SAFEGRID_STORE=\(storeURL.path) \(Self.invocation) serve, then log in as \(Self.webAdmin) (administrator) or \(Self.webGridWorker) (grid worker of \(firstGrid ?? "")), password \(Self.webPassword)"))
    }

    /// The demo's web accounts and their (published) password.
    static let webAdmin = "admin"
    static let webGridWorker = "wang"
    static let webPassword = "safegrid-demo"

    /// Writes next to the notice the re-inspection record (复查意见书) of one of the venue's
    /// hazards, as HTML and Markdown: one whose re-inspection failed if there is one (it shows
    /// what follows), else the first re-inspected; none when the venue has had no re-inspection.
    static func writeReinspectionRecord(
        venue: String, engine: SafeGridEngine, registry: ExporterRegistry, options: ExportOptions, path: (String) -> String
    ) throws {
        var chosen: String?
        for hazard in try engine.hazards(HazardFilter(venueID: venue)) {
            let kinds = try engine.history(of: hazard.id).events.map(\.kind)
            if kinds.contains(.reinspectionFailed) { chosen = hazard.id; break }
            if chosen == nil && kinds.contains(.reinspectionPassed) { chosen = hazard.id }
        }
        guard let hazardID = chosen else { return }
        let record = try engine.reinspectionRecord(hazardID: hazardID)
        for name in ["notice", "md"] {
            let exporter = try registry.exporter(named: name, for: .reinspection)
            let file = "reinspection-\(hazardID)" + (name == "notice" ? "" : "-\(name)") + ".\(exporter.fileExtension)"
            try ExportFile.write(to: path(file)) { try exporter.export(record, options: options, to: $0) }
        }
    }

    /// How to run this safegrid again: `safegrid` when it was run by that name (found on PATH),
    /// else the path it was run by (`scripts/demo` runs `.build/debug/safegrid`), made absolute.
    static var invocation: String {
        let program = CommandLine.arguments.first ?? "safegrid"
        guard program.contains("/") else { return program }
        return URL(fileURLWithPath: program).standardizedFileURL.path
    }
}
