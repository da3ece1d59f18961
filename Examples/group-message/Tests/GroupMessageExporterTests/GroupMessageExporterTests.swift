import GroupMessageExporter
import SafeGridCore
import SafeGridCSV
import SafeGridEngine
import SafeGridJSON
import SafeGridTesting
import Testing

@Suite("A third party's exporter")
struct GroupMessageExporterTests {
    @Test(arguments: ExporterCompatibilitySuite.checks)
    func compatibility(_ check: ExporterCompatibilitySuite.Check) throws {
        try ExporterCompatibilitySuite(GroupMessageExporter()).run(check)
    }

    @Test("registers next to the built-in exporters; a taken name is refused")
    func registers() throws {
        var registry = try ExporterRegistry([JSONExporter(), CSVExporter()])
        try registry.register(GroupMessageExporter())
        #expect(registry.names == ["json", "csv", "group-message"])
        #expect(throws: SafeGridError.self) { try registry.register(GroupMessageExporter(listLength: 5)) }
    }

    @Test("summarises the worked example through the engine")
    func workedExample() throws {
        let engine = try DomainExample.engine()
        let exporter = try ExporterRegistry([GroupMessageExporter()]).exporter(named: "group-message", for: .report)
        var text = ""
        try engine.withReport(ReportRequest(asOf: DomainExample.endOf(6, 15), by: .grid)) { document in
            let output = ExportOutput()
            try exporter.export(document, options: ExportOptions(language: .chinese, stationTime: DomainExample.stationTime), to: output)
            text = String(decoding: try output.finish(), as: UTF8.self)
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "【隐患整改情况统计（按网格）　截至 2026-06-15 23:59】")
        #expect(lines[1].hasPrefix("整改率 50.0%（已销号 3/发现 6），按期整改率 50.0%，逾期 1"))
        #expect(lines.contains("红榜：G1 100.0%"))
        #expect(lines.contains("黑榜：G3 0.0%、G2 50.0%"))
        #expect(lines.contains("· V3：A，逾期 4 天"))
    }

    @Test("sends the worked example's reminders, one message per person, each hazard once")
    func reminders() throws {
        var areas = DomainExample.areas
        areas[5].follower = "赵敏"      // G3
        areas[5].leader = "孙丽"
        areas[10].follower = "张伟"     // P2
        let engine = try DomainExample.engine()
        try engine.importAreas(areas, links: [])
        let exporter = try ExporterRegistry([GroupMessageExporter()]).exporter(named: "group-message", for: .reminders)
        let reminders = try engine.reminders(ReminderRequest(asOf: DomainExample.endOf(6, 18)))
        let output = ExportOutput()
        try exporter.export(reminders, options: ExportOptions(language: .chinese, stationTime: DomainExample.stationTime), to: output)
        let text = String(decoding: try output.finish(), as: UTF8.self)
        // As of Thursday 06-18 H5 (due 06-11) is 5 working days overdue: its grid leader hears too;
        // H7 (due 06-17) is 1 working day overdue. The empty calendar counts weekends only.
        #expect(text.contains("@孙丽 请跟进：\n· 【升级】H-000005 V3：A — 逾期 5 个工作日（期限 2026-06-11）\n\n"), "\(text)")
        #expect(text.contains("@赵敏 请跟进：\n· 【升级】H-000005 V3：A — 逾期 5 个工作日（期限 2026-06-11）\n· H-000007 V3：A — 逾期 1 个工作日（期限 2026-06-17）\n"), "\(text)")
        #expect(text.contains("@张伟 请跟进："), "\(text)")
    }
}
